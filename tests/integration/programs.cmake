# tests/integration/programs.cmake - ProgramService, TeamService and
# ProjectService against a real server (included by CMakeLists.txt).
pmo_it_c_test(test_programs)
pmo_it_c_test(test_teams)
pmo_it_c_test(test_projects)
# Every method of the program-scoped services against every role.
pmo_it_c_test(test_program_roles)
