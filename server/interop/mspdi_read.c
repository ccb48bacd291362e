/*
 * server/interop/mspdi_read.c - an MSPDI document read into an mspdi_plan:
 * tasks and their outline, links with their lags, the project calendar,
 * the first resource of each task; warnings for what pmo does not keep.
 *
 * libxml2 builds the tree (no network, no DTD, no entity substitution;
 * a DOCTYPE is refused outright), then one pass per section reads it.
 * Elements are matched by local name in the MSPDI namespace; elements of
 * other namespaces are ignored, as MS Project does.
 */
#include "interop/mspdi.h"

#include "common/daynum.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSPDI_WARNINGS_MAX 2000
#define MSPDI_NO_RESOURCE  (-65535) /* ResourceUID of "unassigned" */
#define MSPDI_LEVELS_MAX   100

typedef struct mspdi_uid_slot {
    int64_t uid;
    int index;
} mspdi_uid_slot;

/* A PredecessorLink as read, before its predecessor's UID is resolved. */
typedef struct mspdi_pending_link {
    int succ;
    int ordinal; /* its place among its task's links, from 1 */
    int64_t pred_uid;
    mspdi_link_type type;
    double lag_days;
} mspdi_pending_link;

typedef struct mspdi_reader {
    arena *a;
    mspdi_error *err;
    mspdi_plan *plan;
    int cap_warnings;
    int n_dropped_warnings;
    mspdi_uid_slot *uids; /* by uid once the tasks are read */
    mspdi_pending_link *pending;
    int n_pending, cap_pending;
    int cap_tasks;
    int at_level[MSPDI_LEVELS_MAX + 1]; /* the latest task of each level */
} mspdi_reader;

/* ------------------------------------------------------------ reporting */

static int mspdi_fail(mspdi_reader *r, const char *element, const char *fmt,
                      ...) __attribute__((format(printf, 3, 4)));

static int mspdi_fail(mspdi_reader *r, const char *element, const char *fmt,
                      ...)
{
    snprintf(r->err->element, sizeof(r->err->element), "%s", element);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err->message, sizeof(r->err->message), fmt, ap);
    va_end(ap);
    return -1;
}

static void mspdi_warn(mspdi_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void mspdi_warn(mspdi_reader *r, const char *fmt, ...)
{
    mspdi_plan *p = r->plan;
    if (p->n_warnings >= MSPDI_WARNINGS_MAX) {
        r->n_dropped_warnings++;
        return;
    }
    if (p->n_warnings == r->cap_warnings) {
        r->cap_warnings = r->cap_warnings ? r->cap_warnings * 2 : 32;
        const char **grown =
            arena_alloc(r->a, (size_t)r->cap_warnings * sizeof(*grown));
        if (p->n_warnings)
            memcpy(grown, p->warnings, (size_t)p->n_warnings * sizeof(*grown));
        p->warnings = grown;
    }
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    p->warnings[p->n_warnings++] = arena_strdup(r->a, text);
}

/* ------------------------------------------------------------ the tree */

static bool mspdi_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           strcmp((const char *)n->ns->href, MSPDI_NAMESPACE) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNode *mspdi_child(const xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (mspdi_is(c, name))
            return c;
    return NULL;
}

/* The element's text (no DTD: only text and CDATA children), in a. */
static const char *mspdi_text(mspdi_reader *r, const xmlNode *el)
{
    size_t n = 0;
    for (const xmlNode *c = el->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            n += strlen((const char *)c->content);
    char *s = arena_alloc(r->a, n + 1), *at = s;
    for (const xmlNode *c = el->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content) {
            size_t k = strlen((const char *)c->content);
            memcpy(at, c->content, k);
            at += k;
        }
    *at = '\0';
    return s;
}

/* The text of parent's child name, trimmed, or NULL when absent. */
static const char *mspdi_field(mspdi_reader *r, const xmlNode *parent,
                               const char *name)
{
    xmlNode *c = mspdi_child(parent, name);
    if (c == NULL)
        return NULL;
    const char *s = mspdi_text(r, c);
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                 s[n - 1] == '\r'))
        n--;
    return arena_strndup(r->a, s, n);
}

/* The child element name of list whose UID is uid, or NULL. */
static const xmlNode *mspdi_child_of_uid(mspdi_reader *r, const xmlNode *list,
                                         const char *name, int64_t uid);

/* ------------------------------------------------------------- values */

static bool mspdi_int(const char *s, int64_t *out)
{
    char *end;
    if (s == NULL || *s == '\0')
        return false;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

static const xmlNode *mspdi_child_of_uid(mspdi_reader *r, const xmlNode *list,
                                         const char *name, int64_t uid)
{
    for (const xmlNode *c = list ? list->children : NULL; c; c = c->next) {
        int64_t u;
        if (mspdi_is(c, name) && mspdi_int(mspdi_field(r, c, "UID"), &u) &&
            u == uid)
            return c;
    }
    return NULL;
}

static bool mspdi_number(const char *s, double *out)
{
    char *end;
    if (s == NULL || *s == '\0')
        return false;
    double v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool mspdi_flag(const char *s)
{
    return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0);
}

/* "2003-01-07T08:00:00" (or a bare date): its day. */
static bool mspdi_date(const char *s, int *out)
{
    if (s == NULL || strlen(s) < 10)
        return false;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    return (s[10] == '\0' || s[10] == 'T') && daynum_parse(day, out);
}

/*
 * An xsd:duration as MS Project writes it ("PT8H0M0S", "PT1.5H", "P2D"):
 * its minutes. Days count 24 hours; years and months are refused.
 */
static bool mspdi_duration(const char *s, double *minutes)
{
    if (s == NULL || s[0] != 'P')
        return false;
    double total = 0;
    bool time = false, any = false;
    for (s++; *s;) {
        if (*s == 'T') {
            time = true;
            s++;
            continue;
        }
        char *end;
        double v = strtod(s, &end);
        if (end == s || !isfinite(v) || v < 0)
            return false;
        switch (*end) {
        case 'D':
            if (time)
                return false;
            total += v * 24 * 60;
            break;
        case 'H':
            total += v * 60;
            break;
        case 'M':
            if (!time)
                return false; /* months */
            total += v;
            break;
        case 'S':
            total += v / 60;
            break;
        default:
            return false;
        }
        any = true;
        s = end + 1;
    }
    *minutes = total;
    return any;
}

/*
 * DurationFormat and LagFormat codes counting elapsed time (24-hour days,
 * every day): 4 em, 6 eh, 8 ed, 10 ew, 12 emo, and their estimated forms
 * 36..44; 20 and 52 are elapsed percent.
 */
static bool mspdi_format_elapsed(int64_t f)
{
    return f == 4 || f == 6 || f == 8 || f == 10 || f == 12 || f == 36 ||
           f == 38 || f == 40 || f == 42 || f == 44;
}

static bool mspdi_format_percent(int64_t f)
{
    return f == 19 || f == 20 || f == 51 || f == 52;
}

static int mspdi_weekday_count(unsigned weekdays)
{
    return __builtin_popcount(weekdays & 0x7fu);
}

/* Elapsed minutes as working days: the working share of a week. */
static double mspdi_elapsed_days(const mspdi_reader *r, double minutes)
{
    return minutes / (24.0 * 60) *
           mspdi_weekday_count(r->plan->calendar.weekdays) / 7.0;
}

/* ----------------------------------------------------------- calendar */

static void mspdi_holiday_add(mspdi_reader *r, int day, const char *name,
                              int *cap)
{
    mspdi_calendar *c = &r->plan->calendar;
    if (!(c->weekdays & (1u << (daynum_weekday(day) - 1))))
        return; /* not a working day anyway */
    for (int i = 0; i < c->n_holidays; i++)
        if (c->holidays[i].day == day)
            return;
    if (c->n_holidays == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        mspdi_holiday *grown = arena_alloc(r->a, (size_t)*cap * sizeof(*grown));
        if (c->n_holidays)
            memcpy(grown, c->holidays, (size_t)c->n_holidays * sizeof(*grown));
        c->holidays = grown;
    }
    c->holidays[c->n_holidays++] = (mspdi_holiday){day, name};
}

/* Days from..to of a TimePeriod, as holidays; -1 on a bad period. */
static int mspdi_period_read(mspdi_reader *r, const xmlNode *period,
                             const char *element, const char *name,
                             bool working, int *cap)
{
    int from, to;
    if (!mspdi_date(mspdi_field(r, period, "FromDate"), &from))
        return mspdi_fail(r, element, "TimePeriod/FromDate is not a date");
    if (!mspdi_date(mspdi_field(r, period, "ToDate"), &to))
        return mspdi_fail(r, element, "TimePeriod/ToDate is not a date");
    if (to < from)
        return mspdi_fail(r, element, "TimePeriod ends before it starts");
    if (working) {
        mspdi_warn(r,
                   "%s: a working exception (%s) is not kept: pmo's calendar "
                   "holds days off only",
                   element, name[0] ? name : "unnamed");
        return 0;
    }
    for (int d = from; d <= to; d++) {
        mspdi_holiday_add(r, d, name, cap);
        if (r->plan->calendar.n_holidays > MSPDI_HOLIDAYS_MAX)
            return mspdi_fail(r, element,
                              "more than %d days off on working days: pmo "
                              "keeps at most %d",
                              MSPDI_HOLIDAYS_MAX, MSPDI_HOLIDAYS_MAX);
    }
    return 0;
}

/* The working minutes of a WeekDay's WorkingTimes. */
static int mspdi_working_minutes(mspdi_reader *r, const xmlNode *weekday)
{
    int total = 0;
    const xmlNode *times = mspdi_child(weekday, "WorkingTimes");
    for (const xmlNode *t = times ? times->children : NULL; t; t = t->next) {
        if (!mspdi_is(t, "WorkingTime"))
            continue;
        const char *from = mspdi_field(r, t, "FromTime");
        const char *to = mspdi_field(r, t, "ToTime");
        int fh, fm, th, tm;
        if (from && to && sscanf(from, "%d:%d", &fh, &fm) == 2 &&
            sscanf(to, "%d:%d", &th, &tm) == 2) {
            int span = th * 60 + tm - (fh * 60 + fm);
            total += span > 0 ? span : span + 24 * 60; /* to midnight: 00:00 */
        }
    }
    return total;
}

/* WeekDays of one calendar: the working weekdays and 2003-style days off. */
static int mspdi_weekdays_read(mspdi_reader *r, const xmlNode *cal,
                               const char *element, int *cap)
{
    mspdi_calendar *c = &r->plan->calendar;
    const xmlNode *days = mspdi_child(cal, "WeekDays");
    /* Exceptions need the weekdays: read them in a second pass. */
    for (int pass = 0; pass < 2; pass++)
        for (const xmlNode *d = days ? days->children : NULL; d; d = d->next) {
            if (!mspdi_is(d, "WeekDay"))
                continue;
            int64_t type;
            if (!mspdi_int(mspdi_field(r, d, "DayType"), &type) || type < 0 ||
                type > 7)
                return mspdi_fail(r, element,
                                  "WeekDay/DayType must be 0 to 7 (1 Sunday "
                                  ".. 7 Saturday, 0 an exception)");
            bool working = mspdi_flag(mspdi_field(r, d, "DayWorking"));
            if (type == 0 && pass == 1) {
                const xmlNode *period = mspdi_child(d, "TimePeriod");
                if (period == NULL)
                    return mspdi_fail(r, element,
                                      "an exception WeekDay (DayType 0) has "
                                      "no TimePeriod");
                if (mspdi_period_read(r, period, element, "", working, cap))
                    return -1;
            } else if (type > 0 && pass == 0) {
                unsigned bit = 1u << (type == 1 ? 6 : type - 2);
                c->weekdays = working ? c->weekdays | bit : c->weekdays & ~bit;
                int minutes = working ? mspdi_working_minutes(r, d) : 0;
                if (working && minutes && minutes != c->minutes_per_day)
                    mspdi_warn(r,
                               "%s WeekDay %d: %d working minutes, not the "
                               "project's %d a day: pmo counts every working "
                               "day alike",
                               element, (int)type, minutes, c->minutes_per_day);
            }
        }
    return 0;
}

/* Project 2007+ Exceptions: one-off periods become days off. */
static int mspdi_exceptions_read(mspdi_reader *r, const xmlNode *cal,
                                 const char *element, int *cap)
{
    const xmlNode *list = mspdi_child(cal, "Exceptions");
    int k = 0;
    for (const xmlNode *e = list ? list->children : NULL; e; e = e->next) {
        if (!mspdi_is(e, "Exception"))
            continue;
        k++;
        char where[256];
        snprintf(where, sizeof(where), "%s/Exceptions/Exception[%d]", element,
                 k);
        const char *name = mspdi_field(r, e, "Name");
        int64_t type = 1;
        const char *type_text = mspdi_field(r, e, "Type");
        if (type_text && !mspdi_int(type_text, &type))
            return mspdi_fail(r, where, "Type is not a number");
        if (type != 1) {
            mspdi_warn(r,
                       "%s (%s): a recurring exception (Type %lld) is not "
                       "kept: add its days with pmo calendar holiday add",
                       where, name ? name : "unnamed", (long long)type);
            continue;
        }
        const xmlNode *period = mspdi_child(e, "TimePeriod");
        if (period == NULL)
            return mspdi_fail(r, where, "has no TimePeriod");
        if (mspdi_period_read(r, period, where, name ? name : "",
                              mspdi_flag(mspdi_field(r, e, "DayWorking")), cap))
            return -1;
    }
    if (mspdi_child(cal, "WorkWeeks"))
        mspdi_warn(r,
                   "%s WorkWeeks: work weeks for periods of the year are not "
                   "kept: pmo's calendar has one week",
                   element);
    return 0;
}

static int mspdi_calendar_read(mspdi_reader *r, const xmlNode *project)
{
    mspdi_calendar *c = &r->plan->calendar;
    c->weekdays = 0x1f; /* Monday to Friday unless the calendar says */
    c->name = "";
    const xmlNode *calendars = mspdi_child(project, "Calendars");
    int64_t uid;
    if (!mspdi_int(mspdi_field(r, project, "CalendarUID"), &uid)) {
        mspdi_warn(r, "Project CalendarUID: none given; Monday to Friday "
                      "assumed");
        return 0;
    }
    const xmlNode *cal = mspdi_child_of_uid(r, calendars, "Calendar", uid);
    if (cal == NULL)
        return mspdi_fail(r, "Project/CalendarUID", "no Calendar has UID %lld",
                          (long long)uid);
    /* A derived calendar starts from its base (a short chain, no loops). */
    const xmlNode *chain[8];
    int n = 0;
    for (const xmlNode *at = cal; at && n < 8;) {
        chain[n++] = at;
        int64_t base;
        if (!mspdi_int(mspdi_field(r, at, "BaseCalendarUID"), &base) ||
            base < 0 || mspdi_flag(mspdi_field(r, at, "IsBaseCalendar")))
            break;
        at = mspdi_child_of_uid(r, calendars, "Calendar", base);
    }
    const char *name = mspdi_field(r, cal, "Name");
    c->name = name ? name : "";
    char element[160];
    snprintf(element, sizeof(element), "Calendars/Calendar[UID=%lld]",
             (long long)uid);
    int cap = 0;
    for (int i = n - 1; i >= 0; i--)
        if (mspdi_weekdays_read(r, chain[i], element, &cap) != 0)
            return -1;
    if ((c->weekdays & 0x7f) == 0)
        return mspdi_fail(r, element,
                          "WeekDays: no working day in the week: a schedule "
                          "on it could never finish");
    for (int i = n - 1; i >= 0; i--)
        if (mspdi_exceptions_read(r, chain[i], element, &cap) != 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------- tasks */

/* Fields with a value pmo does not keep, when it differs from the default. */
static const struct {
    const char *element;
    const char *ordinary; /* the value that means nothing to pmo */
    const char *why;
} mspdi_task_unkept[] = {
    {"Manual", "0", "manual scheduling is not kept: pmo schedules it"},
    {"Active", "1", "an inactive task is imported as active"},
    {"Priority", "500", "levelling priority is not kept"},
    {"FixedCost", "0", "fixed cost is not kept apart from Cost"},
    {"LevelingDelay", "0", "levelling delay is not kept"},
    {"CalendarUID", "-1",
     "a task calendar is not kept: pmo uses the "
     "program's"},
    {"Recurring", "0", "recurrence is not kept"},
    {"IsSubproject", "0", "an inserted subproject is not read"},
    {"ExternalTask", "0", "an external task is imported as a task"},
    {"Hyperlink", "", "hyperlinks are not kept"},
    {"HyperlinkAddress", "", "hyperlinks are not kept"},
};

static const char *const mspdi_constraint_names[] = {
    "As Soon As Possible",    "As Late As Possible",   "Must Start On",
    "Must Finish On",         "Start No Earlier Than", "Start No Later Than",
    "Finish No Earlier Than", "Finish No Later Than",
};

static void mspdi_task_unkept_warn(mspdi_reader *r, const xmlNode *el,
                                   int64_t uid)
{
    for (size_t i = 0;
         i < sizeof(mspdi_task_unkept) / sizeof(mspdi_task_unkept[0]); i++) {
        const char *v = mspdi_field(r, el, mspdi_task_unkept[i].element);
        if (v && strcmp(v, mspdi_task_unkept[i].ordinary) != 0)
            mspdi_warn(r, "Task UID %lld %s %s: %s", (long long)uid,
                       mspdi_task_unkept[i].element, v,
                       mspdi_task_unkept[i].why);
    }
    int k = 0;
    for (const xmlNode *c = el->children; c; c = c->next)
        k += mspdi_is(c, "ExtendedAttribute");
    if (k)
        mspdi_warn(r,
                   "Task UID %lld ExtendedAttribute: %d custom field value%s "
                   "not kept",
                   (long long)uid, k, k == 1 ? "" : "s");
}

static int mspdi_constraint_read(mspdi_reader *r, const xmlNode *el,
                                 mspdi_task *t, const char *element)
{
    int64_t type = 0;
    const char *text = mspdi_field(r, el, "ConstraintType");
    if (text && (!mspdi_int(text, &type) || type < 0 || type > 7))
        return mspdi_fail(r, element, "ConstraintType must be 0 to 7");
    if (type == 0)
        return 0;
    int day;
    bool dated = mspdi_date(mspdi_field(r, el, "ConstraintDate"), &day);
    if (type == 1) {
        mspdi_warn(r,
                   "Task UID %lld ConstraintType 1 (As Late As Possible): "
                   "not kept; scheduled as soon as possible",
                   (long long)t->uid);
    } else if (!dated) {
        mspdi_warn(r,
                   "Task UID %lld ConstraintType %lld (%s): no "
                   "ConstraintDate, not kept",
                   (long long)t->uid, (long long)type,
                   mspdi_constraint_names[type]);
    } else if (type == 4 || type == 2) {
        t->start_no_earlier = day;
        if (type == 2)
            mspdi_warn(r,
                       "Task UID %lld ConstraintType 2 (Must Start On): kept "
                       "as Start No Earlier Than",
                       (long long)t->uid);
    } else {
        char date[DAYNUM_TEXT];
        daynum_format(day, date);
        mspdi_warn(r,
                   "Task UID %lld ConstraintType %lld (%s %s): not kept; pmo "
                   "keeps Start No Earlier Than constraints and deadlines",
                   (long long)t->uid, (long long)type,
                   mspdi_constraint_names[type], date);
    }
    return 0;
}

/* Duration as working days, by its DurationFormat. */
static int mspdi_task_duration(mspdi_reader *r, const xmlNode *el,
                               mspdi_task *t, const char *element)
{
    const char *text = mspdi_field(r, el, "Duration");
    double minutes = 0;
    if (text && !mspdi_duration(text, &minutes))
        return mspdi_fail(r, element,
                          "Duration \"%.40s\" is not a duration like "
                          "PT8H0M0S",
                          text);
    int64_t format = 7;
    mspdi_int(mspdi_field(r, el, "DurationFormat"), &format);
    if (mspdi_format_elapsed(format)) {
        t->duration_days = mspdi_elapsed_days(r, minutes);
        mspdi_warn(r,
                   "Task UID %lld DurationFormat %lld: an elapsed duration "
                   "is not kept as such; taken as %.2f working days",
                   (long long)t->uid, (long long)format, t->duration_days);
    } else {
        t->duration_days = minutes / r->plan->calendar.minutes_per_day;
    }
    return 0;
}

static void mspdi_task_dates(mspdi_reader *r, const xmlNode *el, mspdi_task *t)
{
    static const struct {
        const char *element;
        size_t offset;
    } dates[] = {
        {"Start", offsetof(mspdi_task, start)},
        {"Finish", offsetof(mspdi_task, finish)},
        {"ActualStart", offsetof(mspdi_task, actual_start)},
        {"ActualFinish", offsetof(mspdi_task, actual_finish)},
        {"Deadline", offsetof(mspdi_task, deadline)},
    };
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        int *at = (int *)((char *)t + dates[i].offset);
        if (!mspdi_date(mspdi_field(r, el, dates[i].element), at))
            *at = MSPDI_NO_DAY;
    }
    t->baseline_start = t->baseline_finish = MSPDI_NO_DAY;
    for (const xmlNode *b = el->children; b; b = b->next) {
        int64_t number = 0;
        if (!mspdi_is(b, "Baseline"))
            continue;
        mspdi_int(mspdi_field(r, b, "Number"), &number);
        if (number != 0) {
            mspdi_warn(r,
                       "Task UID %lld Baseline %lld: only baseline 0 is read",
                       (long long)t->uid, (long long)number);
            continue;
        }
        if (!mspdi_date(mspdi_field(r, b, "Start"), &t->baseline_start))
            t->baseline_start = MSPDI_NO_DAY;
        if (!mspdi_date(mspdi_field(r, b, "Finish"), &t->baseline_finish))
            t->baseline_finish = MSPDI_NO_DAY;
    }
}

static int mspdi_link_read(mspdi_reader *r, const xmlNode *l, int succ,
                           int ordinal, const char *element)
{
    char where[256];
    snprintf(where, sizeof(where), "%s/PredecessorLink[%d]", element, ordinal);
    mspdi_pending_link pl = {.succ = succ, .ordinal = ordinal};
    int64_t type = 1, lag = 0, format = 7;
    char field[320];
    if (!mspdi_int(mspdi_field(r, l, "PredecessorUID"), &pl.pred_uid)) {
        snprintf(field, sizeof(field), "%s/PredecessorUID", where);
        return mspdi_fail(r, field, "is required: the UID of a task");
    }
    const char *text = mspdi_field(r, l, "Type");
    if (text && (!mspdi_int(text, &type) || type < 0 || type > 3)) {
        snprintf(field, sizeof(field), "%s/Type", where);
        return mspdi_fail(r, field,
                          "must be 0 (FF), 1 (FS), 2 (SF) or 3 (SS), not "
                          "\"%.20s\"",
                          text);
    }
    pl.type = (mspdi_link_type)type;
    text = mspdi_field(r, l, "LinkLag");
    if (text && !mspdi_int(text, &lag)) {
        snprintf(field, sizeof(field), "%s/LinkLag", where);
        return mspdi_fail(r, field,
                          "must be a whole number of tenths of a minute");
    }
    mspdi_int(mspdi_field(r, l, "LagFormat"), &format);
    double minutes = lag / 10.0;
    const mspdi_task *t = &r->plan->tasks[succ];
    if (mspdi_flag(mspdi_field(r, l, "CrossProject"))) {
        mspdi_warn(r,
                   "Task UID %lld PredecessorLink %d: a link to another "
                   "project (%s) is not kept",
                   (long long)t->uid, ordinal,
                   mspdi_field(r, l, "CrossProjectName")
                       ? mspdi_field(r, l, "CrossProjectName")
                       : "unnamed");
        return 0;
    }
    if (mspdi_format_percent(format)) {
        mspdi_warn(r,
                   "Task UID %lld PredecessorLink %d LagFormat %lld: a lag "
                   "in percent of the predecessor is not kept; taken as 0",
                   (long long)t->uid, ordinal, (long long)format);
        minutes = 0;
        pl.lag_days = 0;
    } else if (mspdi_format_elapsed(format)) {
        pl.lag_days =
            mspdi_elapsed_days(r, fabs(minutes)) * (minutes < 0 ? -1 : 1);
        mspdi_warn(r,
                   "Task UID %lld PredecessorLink %d LagFormat %lld: an "
                   "elapsed lag is not kept as such; taken as %.2f working "
                   "days",
                   (long long)t->uid, ordinal, (long long)format, pl.lag_days);
    } else {
        pl.lag_days = minutes / r->plan->calendar.minutes_per_day;
    }
    if (r->n_pending == r->cap_pending) {
        r->cap_pending = r->cap_pending ? r->cap_pending * 2 : 256;
        r->pending =
            realloc(r->pending, (size_t)r->cap_pending * sizeof(*r->pending));
        if (r->pending == NULL)
            abort();
    }
    r->pending[r->n_pending++] = pl;
    return 0;
}

/* One Task element; *skipped when it is the project summary or blank. */
static int mspdi_task_read(mspdi_reader *r, const xmlNode *el, int position,
                           int *last_level, bool *skipped)
{
    mspdi_plan *p = r->plan;
    char element[160];
    int64_t uid;
    const char *uid_text = mspdi_field(r, el, "UID");
    if (!mspdi_int(uid_text, &uid)) {
        snprintf(element, sizeof(element), "Tasks/Task[%d]/UID", position);
        return mspdi_fail(r, element, "is required: a whole number");
    }
    snprintf(element, sizeof(element), "Tasks/Task[UID=%lld]", (long long)uid);
    int64_t level = 1;
    const char *level_text = mspdi_field(r, el, "OutlineLevel");
    if (level_text && (!mspdi_int(level_text, &level) || level < 0 ||
                       level > MSPDI_LEVELS_MAX)) {
        char f[200];
        snprintf(f, sizeof(f), "%s/OutlineLevel", element);
        return mspdi_fail(r, f, "must be a whole number from 0 to %d",
                          MSPDI_LEVELS_MAX);
    }
    *skipped = true;
    if (level == 0)
        return 0; /* the project summary task: the program itself */
    if (mspdi_flag(mspdi_field(r, el, "IsNull"))) {
        mspdi_warn(r, "Task UID %lld IsNull: a blank row, not imported",
                   (long long)uid);
        return 0;
    }
    if (level > *last_level + 1) {
        char f[200];
        snprintf(f, sizeof(f), "%s/OutlineLevel", element);
        return mspdi_fail(r, f,
                          "is %lld right after a task at level %d: a task is "
                          "at most one level below the one before it",
                          (long long)level, *last_level);
    }
    *skipped = false;
    if (p->n_tasks == MSPDI_TASKS_MAX)
        return mspdi_fail(r, element, "more than %d tasks: split the plan",
                          MSPDI_TASKS_MAX);
    if (p->n_tasks == r->cap_tasks) {
        r->cap_tasks = r->cap_tasks ? r->cap_tasks * 2 : 64;
        mspdi_task *grown =
            arena_alloc(r->a, (size_t)r->cap_tasks * sizeof(*grown));
        if (p->n_tasks)
            memcpy(grown, p->tasks, (size_t)p->n_tasks * sizeof(*grown));
        p->tasks = grown;
    }
    int index = p->n_tasks++;
    mspdi_task *t = &p->tasks[index];
    memset(t, 0, sizeof(*t));
    t->uid = uid;
    t->outline_level = (int)level;
    *last_level = (int)level;
    /* The parent: the latest task one level up, the ancestor now open. */
    t->parent = level > 1 ? r->at_level[level - 1] : -1;
    if (t->parent >= 0)
        p->tasks[t->parent].summary = true;
    r->at_level[level] = index;
    const char *s = mspdi_field(r, el, "Name");
    t->name = s ? s : "";
    s = mspdi_field(r, el, "WBS");
    t->wbs = s ? s : "";
    const char *outline = mspdi_field(r, el, "OutlineNumber");
    if (t->wbs[0] && outline && strcmp(t->wbs, outline) != 0)
        mspdi_warn(r,
                   "Task UID %lld WBS %s: a WBS code of its own is not kept: "
                   "pmo numbers the breakdown",
                   (long long)uid, t->wbs);
    s = mspdi_field(r, el, "Notes");
    t->notes = s ? s : "";
    t->resource = t->resource_email = "";
    t->start_no_earlier = MSPDI_NO_DAY;
    t->milestone = mspdi_flag(mspdi_field(r, el, "Milestone"));
    if (mspdi_task_duration(r, el, t, element) != 0)
        return -1;
    mspdi_task_dates(r, el, t);
    int64_t percent = 0;
    s = mspdi_field(r, el, "PercentComplete");
    if (s && (!mspdi_int(s, &percent) || percent < 0 || percent > 100)) {
        char f[200];
        snprintf(f, sizeof(f), "%s/PercentComplete", element);
        return mspdi_fail(r, f, "must be a whole number from 0 to 100");
    }
    t->percent_complete = (unsigned)percent;
    if (!mspdi_number(mspdi_field(r, el, "Cost"), &t->cost))
        t->cost = 0;
    t->cost /= 100; /* MSPDI keeps currency in hundredths */
    if (mspdi_constraint_read(r, el, t, element) != 0)
        return -1;
    mspdi_task_unkept_warn(r, el, uid);
    int ordinal = 0;
    for (const xmlNode *l = el->children; l; l = l->next)
        if (mspdi_is(l, "PredecessorLink") &&
            mspdi_link_read(r, l, index, ++ordinal, element) != 0)
            return -1;
    return 0;
}

static int mspdi_uid_cmp(const void *a, const void *b)
{
    const mspdi_uid_slot *x = a, *y = b;
    return (x->uid > y->uid) - (x->uid < y->uid);
}

static int mspdi_task_of_uid(const mspdi_reader *r, int64_t uid)
{
    mspdi_uid_slot key = {uid, 0};
    const mspdi_uid_slot *hit = bsearch(&key, r->uids, (size_t)r->plan->n_tasks,
                                        sizeof(*r->uids), mspdi_uid_cmp);
    return hit ? hit->index : -1;
}

/* Summaries and milestones take no time of their own in pmo. */
static void mspdi_task_kinds(mspdi_reader *r)
{
    for (int i = 0; i < r->plan->n_tasks; i++) {
        mspdi_task *t = &r->plan->tasks[i];
        if (t->summary) {
            t->milestone = false;
            t->duration_days = 0;
        } else if (t->milestone && t->duration_days > 0) {
            mspdi_warn(r,
                       "Task UID %lld Milestone: a milestone with a Duration "
                       "of %.2f days; pmo milestones take no time",
                       (long long)t->uid, t->duration_days);
            t->duration_days = 0;
        }
    }
}

static int mspdi_tasks_read(mspdi_reader *r, const xmlNode *project)
{
    mspdi_plan *p = r->plan;
    const xmlNode *tasks = mspdi_child(project, "Tasks");
    int position = 0, last_level = 0;
    for (const xmlNode *el = tasks ? tasks->children : NULL; el;
         el = el->next) {
        bool skipped;
        if (mspdi_is(el, "Task") &&
            mspdi_task_read(r, el, ++position, &last_level, &skipped) != 0)
            return -1;
    }
    r->uids = arena_alloc(r->a, ((size_t)p->n_tasks + 1) * sizeof(*r->uids));
    for (int i = 0; i < p->n_tasks; i++)
        r->uids[i] = (mspdi_uid_slot){p->tasks[i].uid, i};
    qsort(r->uids, (size_t)p->n_tasks, sizeof(*r->uids), mspdi_uid_cmp);
    for (int i = 1; i < p->n_tasks; i++)
        if (r->uids[i].uid == r->uids[i - 1].uid) {
            char f[160];
            snprintf(f, sizeof(f), "Tasks/Task[UID=%lld]/UID",
                     (long long)r->uids[i].uid);
            return mspdi_fail(r, f, "two tasks have this UID");
        }
    mspdi_task_kinds(r);
    return 0;
}

/* ------------------------------------------------------------- links */

static int mspdi_links_resolve(mspdi_reader *r)
{
    mspdi_plan *p = r->plan;
    if (r->n_pending > MSPDI_LINKS_MAX)
        return mspdi_fail(r, "Tasks", "more than %d links: split the plan",
                          MSPDI_LINKS_MAX);
    p->links =
        arena_alloc(r->a, ((size_t)r->n_pending + 1) * sizeof(*p->links));
    for (int k = 0; k < r->n_pending; k++) {
        const mspdi_pending_link *pl = &r->pending[k];
        const mspdi_task *succ = &p->tasks[pl->succ];
        char f[200];
        snprintf(f, sizeof(f),
                 "Tasks/Task[UID=%lld]/PredecessorLink[%d]/PredecessorUID",
                 (long long)succ->uid, pl->ordinal);
        int pred = mspdi_task_of_uid(r, pl->pred_uid);
        if (pred < 0)
            return mspdi_fail(r, f, "no task has UID %lld",
                              (long long)pl->pred_uid);
        if (pred == pl->succ)
            return mspdi_fail(r, f, "a task cannot wait on itself");
        bool twice = false;
        for (int j = p->n_links - 1; j >= 0 && p->links[j].succ == pl->succ;
             j--)
            twice |= p->links[j].pred == pred;
        if (twice) {
            mspdi_warn(r,
                       "Task UID %lld PredecessorLink %d: a second link from "
                       "task UID %lld is not kept: pmo keeps one per pair",
                       (long long)succ->uid, pl->ordinal,
                       (long long)pl->pred_uid);
            continue;
        }
        p->links[p->n_links++] =
            (mspdi_link){pred, pl->succ, pl->type, pl->lag_days};
    }
    return 0;
}

/*
 * Kahn's algorithm over the links alone; what is left lies on or after a
 * cycle, and walking predecessors inside what is left finds one to name.
 */
static int mspdi_cycle_check(mspdi_reader *r)
{
    mspdi_plan *p = r->plan;
    int n = p->n_tasks;
    int *indeg = arena_zalloc(r->a, ((size_t)n + 1) * sizeof(int));
    int *first = arena_alloc(r->a, ((size_t)n + 1) * sizeof(int));
    int *next = arena_alloc(r->a, ((size_t)p->n_links + 1) * sizeof(int));
    int *queue = arena_alloc(r->a, ((size_t)n + 1) * sizeof(int));
    for (int i = 0; i < n; i++)
        first[i] = -1;
    for (int k = 0; k < p->n_links; k++) {
        next[k] = first[p->links[k].pred];
        first[p->links[k].pred] = k;
        indeg[p->links[k].succ]++;
    }
    int head = 0, tail = 0;
    for (int i = 0; i < n; i++)
        if (indeg[i] == 0)
            queue[tail++] = i;
    while (head < tail)
        for (int k = first[queue[head++]]; k >= 0; k = next[k])
            if (--indeg[p->links[k].succ] == 0)
                queue[tail++] = p->links[k].succ;
    if (tail == n)
        return 0;
    /*
     * Each left task has a left predecessor: walk back, remembering the
     * step taken from each task, until a task repeats; the steps from it
     * back to it are the cycle, against the links' direction.
     */
    int *first_in = arena_alloc(r->a, ((size_t)n + 1) * sizeof(int));
    int *next_in = arena_alloc(r->a, ((size_t)p->n_links + 1) * sizeof(int));
    int *back = arena_alloc(r->a, ((size_t)n + 1) * sizeof(int));
    for (int i = 0; i < n; i++)
        first_in[i] = back[i] = -1;
    for (int k = p->n_links - 1; k >= 0; k--) {
        next_in[k] = first_in[p->links[k].succ];
        first_in[p->links[k].succ] = k;
    }
    int at = -1;
    for (int i = 0; i < n && at < 0; i++)
        if (indeg[i] > 0)
            at = i;
    while (back[at] < 0) {
        for (int k = first_in[at]; k >= 0; k = next_in[k])
            if (indeg[p->links[k].pred] > 0) {
                back[at] = p->links[k].pred;
                break;
            }
        at = back[at];
    }
    /* at is on the cycle; the cycle backwards is at, back[at], ... */
    int from = at, m = 0;
    int *cycle = queue; /* free again */
    do {
        cycle[m++] = at;
        at = back[at];
    } while (at != from);
    char path[300];
    int len =
        snprintf(path, sizeof(path), "%lld", (long long)p->tasks[from].uid);
    for (int j = m - 1; j >= 0; j--)
        if (len < (int)sizeof(path) - 24)
            len += snprintf(path + len, sizeof(path) - (size_t)len, " -> %lld",
                            (long long)p->tasks[cycle[j]].uid);
    char f[160];
    snprintf(f, sizeof(f), "Tasks/Task[UID=%lld]/PredecessorLink",
             (long long)p->tasks[from].uid);
    return mspdi_fail(r, f, "the links make a cycle: task UIDs %s", path);
}

/* --------------------------------------------------------- resources */

static const struct {
    const char *element;
    const char *why;
} mspdi_resource_unkept[] = {
    {"StandardRate", "rates are not kept"},
    {"OvertimeRate", "rates are not kept"},
    {"CostPerUse", "costs per use are not kept"},
};

typedef struct mspdi_resource {
    int64_t uid;
    const char *name, *email;
} mspdi_resource;

static int mspdi_resource_cmp(const void *a, const void *b)
{
    const mspdi_resource *x = a, *y = b;
    return (x->uid > y->uid) - (x->uid < y->uid);
}

/* The named resources by UID (read once), warning of what is not kept. */
static mspdi_resource *mspdi_resources_list(mspdi_reader *r,
                                            const xmlNode *resources, int *n)
{
    int cap = 0;
    for (const xmlNode *el = resources ? resources->children : NULL; el;
         el = el->next)
        cap += mspdi_is(el, "Resource");
    mspdi_resource *list = arena_alloc(r->a, ((size_t)cap + 1) * sizeof(*list));
    *n = 0;
    for (const xmlNode *el = resources ? resources->children : NULL; el;
         el = el->next) {
        int64_t uid;
        if (!mspdi_is(el, "Resource") ||
            !mspdi_int(mspdi_field(r, el, "UID"), &uid) || uid == 0)
            continue;
        for (size_t i = 0; i < sizeof(mspdi_resource_unkept) /
                                   sizeof(mspdi_resource_unkept[0]);
             i++) {
            double v;
            if (mspdi_number(
                    mspdi_field(r, el, mspdi_resource_unkept[i].element), &v) &&
                v != 0)
                mspdi_warn(r, "Resource UID %lld %s %g: %s", (long long)uid,
                           mspdi_resource_unkept[i].element, v,
                           mspdi_resource_unkept[i].why);
        }
        const char *name = mspdi_field(r, el, "Name");
        const char *email = mspdi_field(r, el, "EmailAddress");
        if (name && name[0])
            list[(*n)++] = (mspdi_resource){uid, name, email ? email : ""};
    }
    qsort(list, (size_t)*n, sizeof(*list), mspdi_resource_cmp);
    return list;
}

static void mspdi_resources_read(mspdi_reader *r, const xmlNode *project)
{
    int n;
    mspdi_resource *resources =
        mspdi_resources_list(r, mspdi_child(project, "Resources"), &n);
    const xmlNode *list = mspdi_child(project, "Assignments");
    for (const xmlNode *el = list ? list->children : NULL; el; el = el->next) {
        mspdi_resource key = {0, NULL, NULL};
        int64_t task_uid;
        if (!mspdi_is(el, "Assignment") ||
            !mspdi_int(mspdi_field(r, el, "TaskUID"), &task_uid) ||
            !mspdi_int(mspdi_field(r, el, "ResourceUID"), &key.uid) ||
            key.uid == MSPDI_NO_RESOURCE)
            continue;
        int t = mspdi_task_of_uid(r, task_uid);
        const mspdi_resource *res = bsearch(
            &key, resources, (size_t)n, sizeof(*resources), mspdi_resource_cmp);
        if (t < 0 || res == NULL)
            continue;
        mspdi_task *task = &r->plan->tasks[t];
        if (task->resource[0] == '\0') {
            task->resource = res->name;
            task->resource_email = res->email;
        } else {
            mspdi_warn(r,
                       "Task UID %lld Assignment: resource %s is not kept: a "
                       "pmo work item has one assignee (%s)",
                       (long long)task_uid, res->name, task->resource);
        }
    }
}

/* ----------------------------------------------------------- document */

static pthread_once_t mspdi_xml_once = PTHREAD_ONCE_INIT;

static void mspdi_xml_init(void)
{
    xmlInitParser();
}

static int mspdi_project_read(mspdi_reader *r, const xmlNode *project)
{
    mspdi_plan *p = r->plan;
    const char *title = mspdi_field(r, project, "Title");
    const char *name = mspdi_field(r, project, "Name");
    p->name = title && title[0] ? title : name ? name : "";
    const char *currency = mspdi_field(r, project, "CurrencyCode");
    p->currency = currency ? currency : "";
    if (!mspdi_date(mspdi_field(r, project, "StartDate"), &p->start_date))
        p->start_date = MSPDI_NO_DAY;
    int64_t minutes = 480;
    const char *text = mspdi_field(r, project, "MinutesPerDay");
    if (text &&
        (!mspdi_int(text, &minutes) || minutes <= 0 || minutes > 24 * 60))
        return mspdi_fail(r, "Project/MinutesPerDay",
                          "must be a whole number of minutes from 1 to 1440");
    p->calendar.minutes_per_day = (int)minutes;
    if (mspdi_calendar_read(r, project) != 0 ||
        mspdi_tasks_read(r, project) != 0 || mspdi_links_resolve(r) != 0 ||
        mspdi_cycle_check(r) != 0)
        return -1;
    mspdi_resources_read(r, project);
    if (r->n_dropped_warnings)
        mspdi_warn(r, "... and %d more warnings", r->n_dropped_warnings);
    return 0;
}

/* The root, after checks that keep entities and foreign files out. */
static int mspdi_doc_check(mspdi_reader *r, xmlDoc *doc, xmlNode **root)
{
    if (doc->intSubset || doc->extSubset)
        return mspdi_fail(r, "DOCTYPE",
                          "a document type declaration is not allowed: "
                          "MSPDI has none, and its entities are not expanded");
    xmlNode *el = xmlDocGetRootElement(doc);
    if (el == NULL || strcmp((const char *)el->name, "Project") != 0)
        return mspdi_fail(r, el ? (const char *)el->name : "document",
                          "the root element must be Project (Microsoft "
                          "Project XML)");
    if (el->ns == NULL ||
        strcmp((const char *)el->ns->href, MSPDI_NAMESPACE) != 0)
        return mspdi_fail(r, "Project",
                          "the namespace is \"%.100s\", not " MSPDI_NAMESPACE,
                          el->ns ? (const char *)el->ns->href : "");
    *root = el;
    return 0;
}

int mspdi_read(arena *a, const char *xml, size_t len, mspdi_plan *out,
               mspdi_error *err)
{
    pthread_once(&mspdi_xml_once, mspdi_xml_init);
    mspdi_plan plan;
    memset(&plan, 0, sizeof(plan));
    mspdi_reader r = {.a = a, .err = err, .plan = &plan};
    if (len > INT32_MAX)
        return mspdi_fail(&r, "document", "larger than 2 GiB");
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        abort();
    /* No NOENT, no DTDLOAD: entities stay unexpanded and no DTD is read. */
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, xml, (int)len, "mspdi.xml", NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                        XML_PARSE_NOWARNING);
    int rc;
    xmlNode *root = NULL;
    if (doc == NULL) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[256];
        snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        rc = mspdi_fail(&r, "document", "not well-formed XML at line %d: %s",
                        e ? e->line : 0, msg[0] ? msg : "unreadable");
    } else {
        rc = mspdi_doc_check(&r, doc, &root);
        if (rc == 0)
            rc = mspdi_project_read(&r, root);
    }
    free(r.pending);
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    if (rc == 0)
        *out = plan;
    return rc;
}
