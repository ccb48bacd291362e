/*
 * server/api/template_create.c - a new program made from a template in
 * one transaction (ApplyTemplate with create_program).
 */
#include "api/template_create.h"
#include "api/program_fields.h"
#include "api/validate.h"
#include "model/programs.h"
#include "model/projects.h"
#include "model/risks.h"

#include <stdio.h>
#include <string.h>

#define TEMPLATE_PROJECT_KEY_MAX 32

bool template_program_create(rpc_call *call,
                             const Pmo__V1__ApplyTemplateRequest *in,
                             program_access *prog, Pmo__V1__Program **made)
{
    Pmo__V1__Program p = *in->create_program;
    bool ok = program_new_valid(call, "create_program", &p);
    ok &= validate_slug(call, "project", in->project, 1,
                        TEMPLATE_PROJECT_KEY_MAX);
    if (in->program[0] && strcmp(in->program, p.key) != 0) {
        rpc_violation(call, "program",
                      "is %.32s, but create_program makes %.32s; leave it "
                      "empty",
                      in->program, p.key);
        ok = false;
    }
    if (!ok || programs_create(call, &p, made) != 0)
        return false;
    memset(prog, 0, sizeof(*prog));
    prog->id = (*made)->id;
    snprintf(prog->key, sizeof(prog->key), "%s", (*made)->key);
    prog->role = ACCESS_OWNER;
    Pmo__V1__Project project = PMO__V1__PROJECT__INIT;
    project.program = prog->key;
    project.key = in->project;
    project.name = in->template_;
    Pmo__V1__Project *out;
    return projects_create(call, prog, &project, &out) == 0;
}

/* A template's low, medium or high as the 1 to 5 scale's 2, 3 and 4. */
static uint32_t template_risk_level(const char *word)
{
    return strcmp(word, "high") == 0  ? 4
           : strcmp(word, "low") == 0 ? 2
                                      : 3;
}

/* A template's category word, one the template check admits, as the
 * register's category. */
static Pmo__V1__RiskCategory template_risk_category(const char *word)
{
    static const struct {
        const char *word;
        Pmo__V1__RiskCategory category;
    } categories[] = {
        {"technical", PMO__V1__RISK_CATEGORY__RISK_TECHNICAL},
        {"schedule", PMO__V1__RISK_CATEGORY__RISK_SCHEDULE},
        {"budget", PMO__V1__RISK_CATEGORY__RISK_BUDGET},
        {"resource", PMO__V1__RISK_CATEGORY__RISK_RESOURCE},
        {"vendor", PMO__V1__RISK_CATEGORY__RISK_VENDOR},
        {"security", PMO__V1__RISK_CATEGORY__RISK_SECURITY},
        {"compliance", PMO__V1__RISK_CATEGORY__RISK_COMPLIANCE},
        {"other", PMO__V1__RISK_CATEGORY__RISK_OTHER},
    };
    for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
        if (strcmp(word, categories[i].word) == 0)
            return categories[i].category;
    return PMO__V1__RISK_CATEGORY__RISK_TECHNICAL;
}

bool template_risks_add(rpc_call *call, const program_access *prog,
                        const Pmo__V1__ApplyTemplateResponse *out)
{
    for (size_t i = 0; i < out->n_risks; i++) {
        const Pmo__V1__TemplateRisk *t = out->risks[i];
        Pmo__V1__Risk r = PMO__V1__RISK__INIT;
        r.program = (char *)prog->key;
        r.title = t->title;
        r.description = t->description;
        r.mitigation = t->mitigation;
        r.probability = template_risk_level(t->probability);
        r.impact = template_risk_level(t->impact);
        r.category = template_risk_category(t->category);
        r.response = PMO__V1__RISK_RESPONSE__RISK_MITIGATE;
        r.status = PMO__V1__RISK_STATUS__RISK_OPEN;
        Pmo__V1__Risk *made;
        if (risks_create(call, prog, &r, "from the program template", &made) !=
            0)
            return false;
    }
    return true;
}
