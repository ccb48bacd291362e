"""tests/integration/test_python_client.py - the Python client against a
real server, as a service would use it: an admin makes a service account
and a token for it; the service connects with the token alone, creates
work, reads the critical path, pages through a list, and sees refusals
as PmoError with the status and the field named. Run by
test_python_client.sh with the server's address, CA and admin password.
"""
import sys

import pmoclient
from pmo.v1 import (admin_pb2, program_pb2, project_pb2, schedule_pb2,
                    team_pb2, token_pb2, work_pb2)

url, ca, password = sys.argv[1:4]
failures = 0


def check(what, ok, detail=""):
    global failures
    print(("ok - " if ok else "FAIL - ") + what + ("" if ok else ": " + detail))
    failures += 0 if ok else 1


def refused(fn):
    try:
        fn()
    except pmoclient.PmoError as e:
        return e
    return None


with pmoclient.Client(url, ca_file=ca) as admin:
    admin.login("admin", password)
    admin.call("pmo.v1.ProgramService/CreateProgram",
               program_pb2.CreateProgramRequest(
                   program=program_pb2.Program(key="PY", name="From Python")))
    admin.call("pmo.v1.TeamService/CreateTeam",
               team_pb2.CreateTeamRequest(team=team_pb2.Team(key="py",
                                                             name="Py")))
    admin.call("pmo.v1.ProjectService/CreateProject",
               project_pb2.CreateProjectRequest(project=project_pb2.Project(
                   program="PY", key="svc", name="Service", team="py")))
    admin.call("pmo.v1.AdminService/CreateServiceAccount",
               admin_pb2.CreateServiceAccountRequest(username="py-bot"))
    admin.call("pmo.v1.ProgramService/SetMemberRole",
               program_pb2.SetMemberRoleRequest(program="PY",
                                                username="py-bot",
                                                role=program_pb2.ROLE_MANAGER))
    made = admin.call("pmo.v1.TokenService/CreateToken",
                      token_pb2.CreateTokenRequest(name="py", username="py-bot",
                                                   programs=["PY"]))
    secret = made.secret
check("an admin made a token for a service account", len(secret) > 20)

with pmoclient.Client(url, ca_file=ca, token=secret) as bot:
    refs = []
    for i, title in enumerate(["Design", "Build", "Ship"]):
        item = bot.call("pmo.v1.WorkService/CreateWorkItem",
                        work_pb2.CreateWorkItemRequest(item=work_pb2.WorkItem(
                            program="PY", project="svc", title=title,
                            optimistic_days=1 + i, likely_days=2 + i,
                            pessimistic_days=4 + i)),
                        retries=2)
        refs.append(item.ref)
    check("the service created work with its token", refs[0] == "PY-1",
          repr(refs))
    for pred, succ in zip(refs, refs[1:]):
        bot.call("pmo.v1.WorkService/AddDependency",
                 work_pb2.AddDependencyRequest(
                     dependency=work_pb2.Dependency(predecessor=pred,
                                                    successor=succ)))
    cp = bot.call("pmo.v1.ScheduleService/CriticalPath",
                  schedule_pb2.ScheduleRequest(program="PY"))
    chain = [r for c in cp.critical_path for r in c.refs]
    check("the critical path runs through the three items",
          chain == refs, repr(chain))
    listed = [i.ref for i in bot.pages(
        "pmo.v1.WorkService/ListWorkItems",
        work_pb2.ListWorkItemsRequest(program="PY"), "items", page_size=2)]
    check("pages of two add up to the whole list", listed == refs,
          repr(listed))
    e = refused(lambda: bot.call(
        "pmo.v1.WorkService/CreateWorkItem",
        work_pb2.CreateWorkItemRequest(item=work_pb2.WorkItem(
            program="PY", project="svc", title="  "))))
    check("a blank title is INVALID_ARGUMENT naming item.title",
          e is not None and e.code == "INVALID_ARGUMENT" and
          e.violations and e.violations[0][0] == "item.title", repr(e))
    e = refused(lambda: bot.call("pmo.v1.ProgramService/GetProgram",
                                 program_pb2.GetProgramRequest(key="NOPE")))
    check("an unknown program is NOT_FOUND",
          e is not None and e.code == "NOT_FOUND", repr(e))
    item = work_pb2.CreateWorkItemRequest(item=work_pb2.WorkItem(
        program="PY", project="svc", title="Once"))
    a = bot.call("pmo.v1.WorkService/CreateWorkItem", item,
                 idempotency_key="py-once")
    b = bot.call("pmo.v1.WorkService/CreateWorkItem", item,
                 idempotency_key="py-once")
    check("a retried write with its key is applied once", a.id == b.id)

try:
    pmoclient.Client(url, ca_file=ca, server_name="not-this-server")
    named = None
except Exception as e:  # the handshake fails: the name is checked
    named = e
check("a server name the certificate does not hold is refused",
      named is not None)
sys.exit(1 if failures else 0)
