/*
 * tests/unit/test_mspdi.c - the MSPDI reader and writer: the files MS
 * Project 2003 and 2019 saved (PMO_MSPDI_DIR), each task, outline and
 * link checked against the XML itself with XPath; refusals of bad input
 * by element; entities never expanded; and a write read back unchanged.
 */
#include "common/daynum.h"
#include "interop/mspdi.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *const mspdi_files[] = {
    "sample.xml",
    "task-links-project2019-mspdi.xml",
    "calendar-calendars-project2019-mspdi.xml",
    "task-costs-project2019-mspdi.xml",
    "assignment-assignments-project2019-mspdi.xml",
    "mspdirelations.xml",
};

/* ---------------------------------------------------- files and XPath */

static char *file_load(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", PMO_MSPDI_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

typedef struct xpath_doc {
    xmlDoc *doc;
    xmlXPathContext *ctx;
} xpath_doc;

static void xpath_open(xpath_doc *x, const char *xml, size_t len)
{
    x->doc = xmlReadMemory(xml, (int)len, "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(x->doc);
    x->ctx = xmlXPathNewContext(x->doc);
    xmlXPathRegisterNs(x->ctx, (const xmlChar *)"p",
                       (const xmlChar *)MSPDI_NAMESPACE);
}

static void xpath_close(xpath_doc *x)
{
    xmlXPathFreeContext(x->ctx);
    xmlFreeDoc(x->doc);
}

static xmlXPathObject *xpath_eval(xpath_doc *x, const char *fmt, va_list ap)
{
    char expr[512];
    vsnprintf(expr, sizeof(expr), fmt, ap);
    xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, x->ctx);
    assert_non_null(o);
    return o;
}

static double xpath_number(xpath_doc *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static double xpath_number(xpath_doc *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xmlXPathObject *o = xpath_eval(x, fmt, ap);
    va_end(ap);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return v;
}

/* The expression's value as text; xmlFree it. */
static char *xpath_string(xpath_doc *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *xpath_string(xpath_doc *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xmlXPathObject *o = xpath_eval(x, fmt, ap);
    va_end(ap);
    char *s = (char *)xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    return s;
}

static int task_of_uid(const mspdi_plan *p, int64_t uid)
{
    for (int i = 0; i < p->n_tasks; i++)
        if (p->tasks[i].uid == uid)
            return i;
    return -1;
}

static bool has_warning(const mspdi_plan *p, const char *part)
{
    for (int i = 0; i < p->n_warnings; i++)
        if (strstr(p->warnings[i], part))
            return true;
    return false;
}

/* ----------------------------------------------------- the real files */

#define TASKS                                                                  \
    "/p:Project/p:Tasks/p:Task[p:OutlineLevel > 0 and not(p:IsNull = 1)]"

static void check_tasks(xpath_doc *x, const mspdi_plan *p)
{
    assert_int_equal(p->n_tasks, (int)xpath_number(x, "count(" TASKS ")"));
    for (int i = 0; i < p->n_tasks; i++) {
        const mspdi_task *t = &p->tasks[i];
        long long uid = (long long)t->uid;
        char *number =
            xpath_string(x, TASKS "[p:UID = %lld]/p:OutlineNumber", uid);
        assert_int_equal(
            t->outline_level,
            (int)xpath_number(x, TASKS "[p:UID = %lld]/p:OutlineLevel", uid));
        if (t->parent < 0) {
            assert_int_equal(t->outline_level, 1);
        } else {
            /* The parent's outline number is the child's, one step up. */
            char *up = xpath_string(x, TASKS "[p:UID = %lld]/p:OutlineNumber",
                                    (long long)p->tasks[t->parent].uid);
            assert_true(strncmp(number, up, strlen(up)) == 0);
            assert_int_equal(number[strlen(up)], '.');
            assert_null(strchr(number + strlen(up) + 1, '.'));
            xmlFree(up);
            assert_true(p->tasks[t->parent].summary);
        }
        xmlFree(number);
        bool milestone =
            xpath_number(x, TASKS "[p:UID = %lld]/p:Milestone", uid) == 1;
        assert_int_equal(t->milestone, milestone && !t->summary);
        char *name = xpath_string(x, TASKS "[p:UID = %lld]/p:Name", uid);
        assert_string_equal(t->name, name);
        xmlFree(name);
    }
}

/* Every PredecessorLink, by the XML, is a link of the plan with its type. */
static void check_links(xpath_doc *x, const mspdi_plan *p)
{
    int n = (int)xpath_number(x, "count(" TASKS "/p:PredecessorLink)");
    assert_int_equal(p->n_links, n);
    double per_day = xpath_number(x, "/p:Project/p:MinutesPerDay");
    if (isnan(per_day))
        per_day = 480;
    for (int k = 1; k <= n; k++) {
        char link[200];
        snprintf(link, sizeof(link), "(" TASKS "/p:PredecessorLink)[%d]", k);
        int64_t succ_uid = (int64_t)xpath_number(x, "%s/../p:UID", link);
        int64_t pred_uid =
            (int64_t)xpath_number(x, "%s/p:PredecessorUID", link);
        int type = (int)xpath_number(x, "%s/p:Type", link);
        double lag = xpath_number(x, "%s/p:LinkLag", link);
        int format = (int)xpath_number(x, "%s/p:LagFormat", link);
        assert_true(format == 7 || format == 9 || format == 5 || format == 3);
        int succ = task_of_uid(p, succ_uid), pred = task_of_uid(p, pred_uid);
        assert_true(succ >= 0 && pred >= 0);
        bool found = false;
        for (int j = 0; j < p->n_links; j++) {
            const mspdi_link *l = &p->links[j];
            if (l->succ != succ || l->pred != pred)
                continue;
            found = true;
            assert_int_equal(l->type, type);
            assert_true(fabs(l->lag_days - lag / 10 / per_day) < 1e-9);
        }
        assert_true(found);
    }
}

static void check_calendar(xpath_doc *x, const mspdi_plan *p)
{
    int uid = (int)xpath_number(x, "/p:Project/p:CalendarUID");
    for (int type = 1; type <= 7; type++) {
        int iso = type == 1 ? 7 : type - 1;
        double working = xpath_number(
            x,
            "/p:Project/p:Calendars/p:Calendar[p:UID = %d]/p:WeekDays/"
            "p:WeekDay[p:DayType = %d]/p:DayWorking",
            uid, type);
        assert_int_equal((p->calendar.weekdays >> (iso - 1)) & 1, working == 1);
    }
    assert_int_equal(p->calendar.minutes_per_day,
                     (int)xpath_number(x, "/p:Project/p:MinutesPerDay"));
}

/* Runs check on each file found; skips when none is. */
static void each_file(void (*check)(const char *file, const char *xml,
                                    size_t len, arena *a))
{
    int read = 0;
    for (size_t f = 0; f < sizeof(mspdi_files) / sizeof(mspdi_files[0]); f++) {
        size_t len;
        char *xml = file_load(mspdi_files[f], &len);
        if (xml == NULL)
            continue;
        read++;
        arena a;
        arena_init(&a);
        check(mspdi_files[f], xml, len, &a);
        arena_fini(&a);
        free(xml);
    }
    if (read == 0)
        skip();
}

static void check_file(const char *file, const char *xml, size_t len, arena *a)
{
    mspdi_plan p;
    mspdi_error err;
    if (mspdi_read(a, xml, len, &p, &err) != 0)
        fail_msg("%s: %s: %s", file, err.element, err.message);
    xpath_doc x;
    xpath_open(&x, xml, len);
    check_tasks(&x, &p);
    check_links(&x, &p);
    check_calendar(&x, &p);
    xpath_close(&x);
}

static void test_files(void **state)
{
    each_file(check_file);
}

/* Known values of two files, as MS Project shows them. */
static void test_file_values(void **state)
{
    size_t len;
    char *xml = file_load("task-links-project2019-mspdi.xml", &len);
    if (xml == NULL)
        skip();
    arena a;
    arena_init(&a);
    mspdi_plan p;
    mspdi_error err;
    assert_int_equal(mspdi_read(&a, xml, len, &p, &err), 0);
    int t4 = task_of_uid(&p, 4), t8 = task_of_uid(&p, 8);
    bool one_day = false, one_week = false;
    for (int k = 0; k < p.n_links; k++) {
        one_day |=
            p.links[k].succ == t4 && fabs(p.links[k].lag_days - 1) < 1e-9;
        one_week |=
            p.links[k].succ == t8 && fabs(p.links[k].lag_days - 5) < 1e-9;
    }
    assert_true(one_day);  /* LinkLag 4800: 480 minutes */
    assert_true(one_week); /* LinkLag 24000, LagFormat 9 (weeks) */
    assert_true(fabs(p.tasks[task_of_uid(&p, 1)].duration_days - 1) < 1e-9);
    assert_true(has_warning(&p, "Task UID 1 Manual 1"));
    assert_int_equal(p.calendar.weekdays, 0x1f);
    free(xml);
    arena_reset(&a);

    xml = file_load("sample.xml", &len);
    assert_non_null(xml);
    assert_int_equal(mspdi_read(&a, xml, len, &p, &err), 0);
    bool lead = false;
    for (int k = 0; k < p.n_links; k++)
        lead |= fabs(p.links[k].lag_days + 1) < 1e-9;
    assert_true(lead); /* LinkLag -4800 */
    bool snet = false;
    for (int i = 0; i < p.n_tasks; i++)
        snet |= p.tasks[i].start_no_earlier != MSPDI_NO_DAY;
    assert_true(snet); /* ConstraintType 4 */
    assert_true(has_warning(&p, "Assignment: resource"));
    free(xml);
    arena_fini(&a);
}

/* ------------------------------------------------------ inline plans */

#define HEAD "<?xml version=\"1.0\"?>\n"
#define NS   "<Project xmlns=\"http://schemas.microsoft.com/project\">"
#define CAL                                                                    \
    "<CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>"           \
    "<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"                   \
    "<IsBaseCalendar>1</IsBaseCalendar><WeekDays>"                             \
    "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"        \
    "<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"        \
    "%s</WeekDays>%s</Calendar></Calendars>"
#define TASK(uid, level, extra)                                                \
    "<Task><UID>" #uid "</UID><Name>T" #uid "</Name><OutlineLevel>" #level     \
    "</OutlineLevel><Duration>PT16H0M0S</Duration>" extra "</Task>"
#define LINK(pred, type, lag)                                                  \
    "<PredecessorLink><PredecessorUID>" #pred "</PredecessorUID><Type>" #type  \
    "</Type><LinkLag>" #lag "</LinkLag><LagFormat>7</LagFormat>"               \
    "</PredecessorLink>"

typedef struct bad_case {
    const char *name;
    const char *xml;
    const char *element; /* what err.element starts with */
    const char *message; /* a part of err.message */
} bad_case;

static const bad_case bad_cases[] = {
    {"not xml", "this is not xml", "document", "not well-formed"},
    {"cut short", HEAD NS "<Tasks><Task>", "document", "not well-formed"},
    {"another namespace",
     HEAD "<Project xmlns=\"urn:other\"><Tasks/></Project>", "Project",
     "namespace"},
    {"no namespace", HEAD "<Project><Tasks/></Project>", "Project",
     "namespace"},
    {"another root",
     HEAD "<Plan xmlns=\"http://schemas.microsoft.com/project\"/>", "Plan",
     "root element"},
    {"a link to a missing task",
     HEAD NS "<Tasks>" TASK(1, 1, "")
         TASK(2, 1, LINK(9, 1, 0)) "</Tasks></Project>",
     "Tasks/Task[UID=2]/PredecessorLink[1]/PredecessorUID", "UID 9"},
    {"a cycle",
     HEAD NS "<Tasks>" TASK(1, 1, LINK(3, 1, 0)) TASK(2, 1, LINK(1, 1, 0))
         TASK(3, 1, LINK(2, 1, 0)) "</Tasks></Project>",
     "Tasks/Task[UID=1]/PredecessorLink",
     "the links make a cycle: task UIDs 1 -> 2 -> 3 -> 1"},
    /* Task 3 comes after the cycle: it is not named in it. */
    {"a cycle with a task after it",
     HEAD NS "<Tasks>" TASK(3, 1, LINK(2, 1, 0)) TASK(1, 1, LINK(2, 1, 0))
         TASK(2, 1, LINK(1, 1, 0)) "</Tasks></Project>",
     "Tasks/Task[UID=2]/PredecessorLink",
     "the links make a cycle: task UIDs 2 -> 1 -> 2"},
    {"a task on itself",
     HEAD NS "<Tasks>" TASK(1, 1, LINK(1, 1, 0)) "</Tasks></Project>",
     "Tasks/Task[UID=1]/PredecessorLink[1]", "itself"},
    {"a link type out of range",
     HEAD NS "<Tasks>" TASK(1, 1, "")
         TASK(2, 1, LINK(1, 7, 0)) "</Tasks></Project>",
     "Tasks/Task[UID=2]/PredecessorLink[1]/Type", "0 (FF)"},
    {"two tasks, one UID",
     HEAD NS "<Tasks>" TASK(1, 1, "") TASK(1, 1, "") "</Tasks></Project>",
     "Tasks/Task[UID=1]/UID", "two tasks"},
    {"an outline that skips a level",
     HEAD NS "<Tasks>" TASK(1, 1, "") TASK(2, 3, "") "</Tasks></Project>",
     "Tasks/Task[UID=2]/OutlineLevel", "one level below"},
    {"a bad duration",
     HEAD NS "<Tasks><Task><UID>1</UID><OutlineLevel>1</OutlineLevel>"
             "<Duration>eight hours</Duration></Task></Tasks></Project>",
     "Tasks/Task[UID=1]", "Duration"},
    {"a bad percent",
     HEAD NS "<Tasks>" TASK(
         1, 1, "<PercentComplete>140</PercentComplete>") "</Tasks></Project>",
     "Tasks/Task[UID=1]/PercentComplete", "0 to 100"},
    {"a calendar with no working day",
     HEAD NS "<CalendarUID>1</CalendarUID><Calendars><Calendar><UID>1</UID>"
             "<WeekDays>"
             "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>3</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>4</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>5</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>"
             "<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"
             "</WeekDays></Calendar></Calendars></Project>",
     "Calendars/Calendar[UID=1]", "no working day"},
    {"a project calendar that is not there",
     HEAD NS "<CalendarUID>5</CalendarUID></Project>", "Project/CalendarUID",
     "UID 5"},
    /* An external entity would read the file; it must not even parse. A
     * billion laughs libxml2 stops itself, as a loop of references. */
    {"an external entity",
     HEAD "<!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" NS
          "<Name>&x;</Name></Project>",
     "DOCTYPE", "not allowed"},
    {"billion laughs",
     HEAD "<!DOCTYPE Project [<!ENTITY a \"ha\">"
          "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
          "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
          "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
          "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
          "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
          "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
          "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
          "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>" NS
          "<Name>&i;</Name></Project>",
     "document", "entity"},
    /* Refused for its DOCTYPE even when the parser would let it through. */
    {"an internal entity",
     HEAD "<!DOCTYPE Project [<!ENTITY a \"ha\">]>" NS "<Name>&a;</Name>"
          "</Project>",
     "DOCTYPE", "not allowed"},
    {"an undeclared entity", HEAD NS "<Name>&x;</Name></Project>", "document",
     "not well-formed"},
};

static void test_bad_input(void **state)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const bad_case *c = &bad_cases[i];
        arena a;
        arena_init(&a);
        mspdi_plan p = {.n_tasks = -7};
        mspdi_error err;
        memset(&err, 0, sizeof(err));
        int rc = mspdi_read(&a, c->xml, strlen(c->xml), &p, &err);
        if (rc == 0)
            fail_msg("%s: read", c->name);
        if (strncmp(err.element, c->element, strlen(c->element)) != 0 ||
            strstr(err.message, c->message) == NULL)
            fail_msg("%s: got %s: %s", c->name, err.element, err.message);
        assert_int_equal(p.n_tasks, -7); /* untouched */
        arena_fini(&a);
    }
}

/* Every attempt libxml2 makes to load an external entity or DTD. */
static int entity_loads;

static xmlParserInput *entity_loader_count(const char *url, const char *id,
                                           xmlParserCtxt *ctxt)
{
    entity_loads++;
    return NULL;
}

/*
 * External general and parameter entities, and an external DTD: refused,
 * and libxml2 was never even asked to load one.
 */
static void test_no_external_loads(void **state)
{
    static const char *const docs[] = {
        HEAD "<!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" NS
             "<Name>&x;</Name></Project>",
        HEAD "<!DOCTYPE Project [<!ENTITY % p SYSTEM \"file:///etc/passwd\">"
             "%p;]>" NS "<Name>x</Name></Project>",
        HEAD "<!DOCTYPE Project SYSTEM \"http://127.0.0.1:9/mspdi.dtd\">" NS
             "<Name>x</Name></Project>",
        HEAD
        "<!DOCTYPE Project [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>" NS
        "<Name>&x;</Name></Project>",
    };
    xmlExternalEntityLoader before = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(entity_loader_count);
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        arena a;
        arena_init(&a);
        mspdi_plan p;
        mspdi_error err;
        entity_loads = 0;
        assert_int_not_equal(mspdi_read(&a, docs[i], strlen(docs[i]), &p, &err),
                             0);
        if (entity_loads)
            fail_msg("document %zu: %d external loads", i, entity_loads);
        assert_null(strstr(err.message, "root:"));
        arena_fini(&a);
    }
    xmlSetExternalEntityLoader(before);
}

static mspdi_plan read_ok(arena *a, const char *xml)
{
    mspdi_plan p;
    mspdi_error err;
    if (mspdi_read(a, xml, strlen(xml), &p, &err) != 0)
        fail_msg("%s: %s", err.element, err.message);
    return p;
}

/* A predefined entity is ordinary text, not an expansion. */
static void test_predefined_entities(void **state)
{
    arena a;
    arena_init(&a);
    mspdi_plan p =
        read_ok(&a, HEAD NS "<Tasks><Task><UID>1</UID><Name>R&amp;D "
                            "&lt;1&gt;</Name><OutlineLevel>1</OutlineLevel>"
                            "</Task></Tasks></Project>");
    assert_string_equal(p.tasks[0].name, "R&D <1>");
    arena_fini(&a);
}

/* The four link types, lags and leads, and a breakdown with a summary. */
static void test_links_and_tree(void **state)
{
    static char xml[4096];
    snprintf(
        xml, sizeof(xml),
        HEAD NS CAL
        "<Tasks>"
        "<Task><UID>0</UID><OutlineLevel>0</OutlineLevel></Task>" TASK(
            10, 1, "<Summary>1</Summary>") TASK(11, 2, "")
            TASK(12, 2, LINK(11, 0, 4800)) TASK(13, 1, LINK(12, 2, -2400))
                TASK(14, 1, LINK(13, 3, 0) LINK(10, 1, 9600))
                    TASK(15, 1,
                         "<Milestone>1</Milestone><Duration>PT0H0M0S</"
                         "Duration>") "</Tasks></Project>",
        "<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>",
        "");
    arena a;
    arena_init(&a);
    mspdi_plan p = read_ok(&a, xml);
    assert_int_equal(p.n_tasks, 6);
    assert_true(p.tasks[0].summary);
    assert_int_equal(p.tasks[1].parent, 0);
    assert_int_equal(p.tasks[2].parent, 0);
    assert_int_equal(p.tasks[3].parent, -1);
    assert_true(p.tasks[5].milestone);
    assert_true(fabs(p.tasks[1].duration_days - 2) < 1e-9);
    assert_int_equal(p.n_links, 4);
    static const struct {
        int pred, succ;
        mspdi_link_type type;
        double lag;
    } want[] = {
        {1, 2, MSPDI_LINK_FF, 1},
        {2, 3, MSPDI_LINK_SF, -0.5},
        {3, 4, MSPDI_LINK_SS, 0},
        {0, 4, MSPDI_LINK_FS, 2},
    };
    for (int k = 0; k < 4; k++) {
        assert_int_equal(p.links[k].pred, want[k].pred);
        assert_int_equal(p.links[k].succ, want[k].succ);
        assert_int_equal(p.links[k].type, want[k].type);
        assert_true(fabs(p.links[k].lag_days - want[k].lag) < 1e-9);
    }
    arena_fini(&a);
}

/* Days off in both forms MS Project writes, and what is not kept. */
static void test_calendar_exceptions(void **state)
{
    static char xml[4096];
    snprintf(
        xml, sizeof(xml), HEAD NS CAL "<Tasks/></Project>",
        /* 2003: an exception as a WeekDay of type 0, over a weekend */
        "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
        "<FromDate>2026-12-24T00:00:00</FromDate><ToDate>2026-12-28T23:59:00"
        "</ToDate></TimePeriod></WeekDay>",
        /* 2007+: Exceptions */
        "<Exceptions><Exception><TimePeriod><FromDate>2027-01-01T00:00:00"
        "</FromDate><ToDate>2027-01-01T23:59:00</ToDate></TimePeriod>"
        "<Occurrences>1</Occurrences><Name>New Year</Name><Type>1</Type>"
        "<DayWorking>0</DayWorking></Exception>"
        "<Exception><TimePeriod><FromDate>2027-05-01T00:00:00</FromDate>"
        "<ToDate>2030-05-01T23:59:00</ToDate></TimePeriod><Name>May Day</Name>"
        "<Type>5</Type><DayWorking>0</DayWorking></Exception>"
        "<Exception><TimePeriod><FromDate>2027-01-09T00:00:00</FromDate>"
        "<ToDate>2027-01-09T23:59:00</ToDate></TimePeriod><Name>Sat shift"
        "</Name><Type>1</Type><DayWorking>1</DayWorking></Exception>"
        "</Exceptions>");
    arena a;
    arena_init(&a);
    mspdi_plan p = read_ok(&a, xml);
    assert_int_equal(p.calendar.weekdays, 0x1f);
    /* Thu 24, Fri 25, Mon 28 (the weekend is off anyway), 1 January. */
    static const char *const days[] = {"2026-12-24", "2026-12-25", "2026-12-28",
                                       "2027-01-01"};
    assert_int_equal(p.calendar.n_holidays, 4);
    for (int i = 0; i < 4; i++) {
        int d;
        assert_true(daynum_parse(days[i], &d));
        assert_int_equal(p.calendar.holidays[i].day, d);
    }
    assert_string_equal(p.calendar.holidays[3].name, "New Year");
    assert_true(has_warning(&p, "recurring exception (Type 5)"));
    assert_true(has_warning(&p, "working exception (Sat shift)"));
    arena_fini(&a);
}

typedef struct warn_case {
    const char *name;
    const char *task_xml;
    const char *warning;
} warn_case;

static const warn_case warn_cases[] = {
    {"finish no later than",
     "<ConstraintType>7</ConstraintType><ConstraintDate>2027-01-04T17:00:00"
     "</ConstraintDate>",
     "Task UID 1 ConstraintType 7 (Finish No Later Than 2027-01-04)"},
    {"as late as possible", "<ConstraintType>1</ConstraintType>",
     "Task UID 1 ConstraintType 1"},
    {"elapsed days",
     "<Duration>PT168H0M0S</Duration><DurationFormat>8</DurationFormat>",
     "Task UID 1 DurationFormat 8: an elapsed duration"},
    {"a task calendar", "<CalendarUID>3</CalendarUID>",
     "Task UID 1 CalendarUID 3"},
    {"custom fields",
     "<ExtendedAttribute><FieldID>188743731</FieldID><Value>x</Value>"
     "</ExtendedAttribute>",
     "Task UID 1 ExtendedAttribute: 1 custom field value"},
    {"a priority", "<Priority>900</Priority>", "Task UID 1 Priority 900"},
    {"a WBS code of its own", "<WBS>A-1</WBS><OutlineNumber>1</OutlineNumber>",
     "Task UID 1 WBS A-1"},
};

static void test_warnings(void **state)
{
    for (size_t i = 0; i < sizeof(warn_cases) / sizeof(warn_cases[0]); i++) {
        char xml[2048];
        snprintf(xml, sizeof(xml),
                 HEAD NS "<Tasks><Task><UID>1</UID><Name>A</Name>"
                         "<OutlineLevel>1</OutlineLevel>%s</Task></Tasks>"
                         "</Project>",
                 warn_cases[i].task_xml);
        arena a;
        arena_init(&a);
        mspdi_plan p = read_ok(&a, xml);
        if (!has_warning(&p, warn_cases[i].warning))
            fail_msg("%s: no warning \"%s\" (%d warnings, first: %s)",
                     warn_cases[i].name, warn_cases[i].warning, p.n_warnings,
                     p.n_warnings ? p.warnings[0] : "");
        arena_fini(&a);
    }
}

/* ------------------------------------------------------------ writer */

static void plans_equal(const mspdi_plan *x, const mspdi_plan *y)
{
    assert_int_equal(x->n_tasks, y->n_tasks);
    for (int i = 0; i < x->n_tasks; i++) {
        const mspdi_task *a = &x->tasks[i], *b = &y->tasks[i];
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->notes, b->notes);
        assert_int_equal(a->parent, b->parent);
        assert_int_equal(a->outline_level, b->outline_level);
        assert_int_equal(a->summary, b->summary);
        assert_int_equal(a->milestone, b->milestone);
        assert_true(fabs(a->duration_days - b->duration_days) < 1e-3);
        assert_int_equal(a->actual_start, b->actual_start);
        assert_int_equal(a->actual_finish, b->actual_finish);
        assert_int_equal(a->start_no_earlier, b->start_no_earlier);
        assert_int_equal(a->deadline, b->deadline);
        assert_int_equal(a->percent_complete, b->percent_complete);
        assert_string_equal(a->resource, b->resource);
        assert_string_equal(a->resource_email ? a->resource_email : "",
                            b->resource_email ? b->resource_email : "");
        assert_int_equal(a->baseline_start, b->baseline_start);
        assert_int_equal(a->baseline_finish, b->baseline_finish);
    }
    assert_int_equal(x->n_links, y->n_links);
    for (int k = 0; k < x->n_links; k++) {
        bool found = false;
        for (int j = 0; j < y->n_links && !found; j++)
            found = x->links[k].pred == y->links[j].pred &&
                    x->links[k].succ == y->links[j].succ &&
                    x->links[k].type == y->links[j].type &&
                    fabs(x->links[k].lag_days - y->links[j].lag_days) < 1e-3;
        assert_true(found);
    }
    assert_int_equal(x->calendar.weekdays, y->calendar.weekdays);
    assert_int_equal(x->calendar.minutes_per_day, y->calendar.minutes_per_day);
    assert_int_equal(x->calendar.n_holidays, y->calendar.n_holidays);
    for (int i = 0; i < x->calendar.n_holidays; i++) {
        assert_int_equal(x->calendar.holidays[i].day,
                         y->calendar.holidays[i].day);
        assert_string_equal(x->calendar.holidays[i].name,
                            y->calendar.holidays[i].name);
    }
}

/* Each file read, written and read again gives the same plan. */
static void check_read_back(const char *file, const char *xml, size_t len,
                            arena *a)
{
    mspdi_plan p, q;
    mspdi_error err;
    assert_int_equal(mspdi_read(a, xml, len, &p, &err), 0);
    size_t out_len;
    char *out = mspdi_write(a, &p, &out_len);
    assert_int_equal(strlen(out), out_len);
    if (mspdi_read(a, out, out_len, &q, &err) != 0)
        fail_msg("%s written: %s: %s", file, err.element, err.message);
    plans_equal(&p, &q);
}

static void test_write_read_back(void **state)
{
    each_file(check_read_back);
}

/* Holidays, names needing escapes, links, baselines survive a write. */
static void test_write_escapes_and_holidays(void **state)
{
    arena a;
    arena_init(&a);
    mspdi_task tasks[2] = {
        {.name = "Design <& review>",
         .wbs = "",
         .notes = "\"quoted\"",
         .outline_level = 1,
         .parent = -1,
         .duration_days = 2.5,
         .resource = "alice",
         .resource_email = "alice@example.com"},
        {.name = "Ship",
         .wbs = "",
         .notes = "",
         .outline_level = 1,
         .parent = -1,
         .milestone = true,
         .resource = ""},
    };
    for (int i = 0; i < 2; i++) {
        tasks[i].start = tasks[i].finish = tasks[i].actual_start =
            tasks[i].actual_finish = tasks[i].deadline =
                tasks[i].start_no_earlier = tasks[i].baseline_start =
                    tasks[i].baseline_finish = MSPDI_NO_DAY;
    }
    int christmas;
    assert_true(daynum_parse("2026-12-25", &christmas));
    tasks[0].start_no_earlier = christmas - 3;
    tasks[0].baseline_start = christmas - 10; /* Baseline 0 */
    tasks[0].baseline_finish = christmas - 8;
    tasks[1].deadline = christmas + 7;
    mspdi_holiday holidays[] = {{christmas, "Christmas & co"}};
    mspdi_link links[] = {{0, 1, MSPDI_LINK_SS, -1.5}};
    mspdi_plan p = {
        .name = "Plan",
        .currency = "EUR",
        .start_date = MSPDI_NO_DAY,
        .calendar = {.name = "Standard",
                     .weekdays = 0x3f,
                     .minutes_per_day = 450,
                     .holidays = holidays,
                     .n_holidays = 1},
        .tasks = tasks,
        .n_tasks = 2,
        .links = links,
        .n_links = 1,
    };
    size_t len;
    char *xml = mspdi_write(&a, &p, &len);
    mspdi_plan q = read_ok(&a, xml);
    plans_equal(&p, &q);
    assert_int_equal(q.n_warnings, 0);
    arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_file_values),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_no_external_loads),
        cmocka_unit_test(test_predefined_entities),
        cmocka_unit_test(test_links_and_tree),
        cmocka_unit_test(test_calendar_exceptions),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_write_read_back),
        cmocka_unit_test(test_write_escapes_and_holidays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
