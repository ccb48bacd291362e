/*
 * server/interop/mspdi_write.c - an mspdi_plan written as an MSPDI
 * document MS Project opens: the project calendar with its days off, the
 * tasks in outline order (summaries, milestones, durations, actuals,
 * constraints, deadlines, baseline 0) with their predecessor links, and
 * one resource per assignee.
 *
 * Elements follow the order of Microsoft's schema (mspdi_pj12.xsd), which
 * is a sequence: MS Project refuses elements out of their place.
 * libxml2's text writer does the escaping.
 */
#include "interop/mspdi.h"

#include "common/daynum.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mspdi_writer {
    xmlTextWriter *w;
    const mspdi_plan *plan;
    arena *a;
    int *link_start; /* links of task i: by_succ[link_start[i] .. [i+1]) */
    int *by_succ;
} mspdi_writer;

static void mspdi_el(mspdi_writer *mw, const char *name, const char *text)
{
    xmlTextWriterWriteElement(mw->w, (const xmlChar *)name,
                              (const xmlChar *)text);
}

static void mspdi_el_int(mspdi_writer *mw, const char *name, long long v)
{
    char text[32];
    snprintf(text, sizeof(text), "%lld", v);
    mspdi_el(mw, name, text);
}

/* A day at a time of day, as MSPDI writes date-times. */
static void mspdi_el_date(mspdi_writer *mw, const char *name, int day,
                          const char *time)
{
    char date[DAYNUM_TEXT], text[32];
    daynum_format(day, date);
    snprintf(text, sizeof(text), "%sT%s", date, time);
    mspdi_el(mw, name, text);
}

/* Working days as "PT<h>H<m>M0S" of the calendar's day. */
static void mspdi_el_duration(mspdi_writer *mw, const char *name, double days)
{
    long long minutes = llround(days * mw->plan->calendar.minutes_per_day);
    char text[48];
    snprintf(text, sizeof(text), "PT%lldH%lldM0S", minutes / 60, minutes % 60);
    mspdi_el(mw, name, text);
}

static void mspdi_start(mspdi_writer *mw, const char *name)
{
    xmlTextWriterStartElement(mw->w, (const xmlChar *)name);
}

static void mspdi_end(mspdi_writer *mw)
{
    xmlTextWriterEndElement(mw->w);
}

/* --------------------------------------------------------- calendar */

/* One working span from 08:00 (or from midnight for long days). */
static void mspdi_working_times(mspdi_writer *mw)
{
    int minutes = mw->plan->calendar.minutes_per_day;
    int from = minutes <= 16 * 60 ? 8 * 60 : 0;
    int to = from + minutes;
    char a[16], b[16];
    snprintf(a, sizeof(a), "%02d:%02d:00", from / 60, from % 60);
    snprintf(b, sizeof(b), "%02d:%02d:00", (to / 60) % 24, to % 60);
    mspdi_start(mw, "WorkingTimes");
    mspdi_start(mw, "WorkingTime");
    mspdi_el(mw, "FromTime", a);
    mspdi_el(mw, "ToTime", b);
    mspdi_end(mw);
    mspdi_end(mw);
}

static void mspdi_calendar_write(mspdi_writer *mw)
{
    const mspdi_calendar *c = &mw->plan->calendar;
    mspdi_start(mw, "Calendars");
    mspdi_start(mw, "Calendar");
    mspdi_el(mw, "UID", "1");
    mspdi_el(mw, "Name", c->name && c->name[0] ? c->name : "Standard");
    mspdi_el(mw, "IsBaseCalendar", "1");
    mspdi_el(mw, "BaseCalendarUID", "-1");
    mspdi_start(mw, "WeekDays");
    for (int type = 1; type <= 7; type++) {
        int iso = type == 1 ? 7 : type - 1;
        bool working = c->weekdays & (1u << (iso - 1));
        mspdi_start(mw, "WeekDay");
        mspdi_el_int(mw, "DayType", type);
        mspdi_el(mw, "DayWorking", working ? "1" : "0");
        if (working)
            mspdi_working_times(mw);
        mspdi_end(mw);
    }
    mspdi_end(mw);
    if (c->n_holidays) {
        mspdi_start(mw, "Exceptions");
        for (int i = 0; i < c->n_holidays; i++) {
            mspdi_start(mw, "Exception");
            mspdi_el(mw, "EnteredByOccurrences", "0");
            mspdi_start(mw, "TimePeriod");
            mspdi_el_date(mw, "FromDate", c->holidays[i].day, "00:00:00");
            mspdi_el_date(mw, "ToDate", c->holidays[i].day, "23:59:00");
            mspdi_end(mw);
            mspdi_el(mw, "Occurrences", "1");
            mspdi_el(mw, "Name",
                     c->holidays[i].name ? c->holidays[i].name : "");
            mspdi_el(mw, "Type", "1");
            mspdi_el(mw, "DayWorking", "0");
            mspdi_end(mw);
        }
        mspdi_end(mw);
    }
    mspdi_end(mw);
    mspdi_end(mw);
}

/* ------------------------------------------------------------ tasks */

/* "1.2.3": the task's place in the outline, from its parent's. */
static char **mspdi_outline_numbers(mspdi_writer *mw)
{
    const mspdi_plan *p = mw->plan;
    char **out = arena_alloc(mw->a, ((size_t)p->n_tasks + 1) * sizeof(*out));
    int *children = arena_zalloc(mw->a, ((size_t)p->n_tasks + 1) * sizeof(int));
    int top = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        int parent = p->tasks[i].parent;
        int n = parent >= 0 ? ++children[parent] : ++top;
        out[i] = parent >= 0 ? arena_printf(mw->a, "%s.%d", out[parent], n)
                             : arena_printf(mw->a, "%d", n);
    }
    return out;
}

static void mspdi_summary_task_write(mspdi_writer *mw)
{
    const mspdi_plan *p = mw->plan;
    mspdi_start(mw, "Task");
    mspdi_el(mw, "UID", "0");
    mspdi_el(mw, "ID", "0");
    mspdi_el(mw, "Name", p->name ? p->name : "");
    mspdi_el(mw, "OutlineNumber", "0");
    mspdi_el(mw, "OutlineLevel", "0");
    mspdi_el(mw, "Summary", "1");
    mspdi_end(mw);
}

/* Links grouped by successor (a counting sort), so each task finds its own. */
static void mspdi_links_group(mspdi_writer *mw)
{
    const mspdi_plan *p = mw->plan;
    mw->link_start =
        arena_zalloc(mw->a, ((size_t)p->n_tasks + 2) * sizeof(int));
    mw->by_succ = arena_alloc(mw->a, ((size_t)p->n_links + 1) * sizeof(int));
    for (int k = 0; k < p->n_links; k++)
        mw->link_start[p->links[k].succ + 1]++;
    for (int i = 0; i < p->n_tasks; i++)
        mw->link_start[i + 1] += mw->link_start[i];
    int *fill = arena_alloc(mw->a, ((size_t)p->n_tasks + 1) * sizeof(int));
    memcpy(fill, mw->link_start, (size_t)p->n_tasks * sizeof(int));
    for (int k = 0; k < p->n_links; k++)
        mw->by_succ[fill[p->links[k].succ]++] = k;
}

static void mspdi_links_write(mspdi_writer *mw, int task)
{
    const mspdi_plan *p = mw->plan;
    for (int at = mw->link_start[task]; at < mw->link_start[task + 1]; at++) {
        const mspdi_link *l = &p->links[mw->by_succ[at]];
        mspdi_start(mw, "PredecessorLink");
        mspdi_el_int(mw, "PredecessorUID", l->pred + 1);
        mspdi_el_int(mw, "Type", l->type);
        mspdi_el(mw, "CrossProject", "0");
        mspdi_el_int(mw, "LinkLag",
                     llround(l->lag_days * p->calendar.minutes_per_day * 10));
        mspdi_el(mw, "LagFormat", "7");
        mspdi_end(mw);
    }
}

static void mspdi_task_write(mspdi_writer *mw, int i, const char *outline)
{
    const mspdi_task *t = &mw->plan->tasks[i];
    mspdi_start(mw, "Task");
    mspdi_el_int(mw, "UID", i + 1);
    mspdi_el_int(mw, "ID", i + 1);
    mspdi_el(mw, "Name", t->name);
    mspdi_el(mw, "WBS", t->wbs && t->wbs[0] ? t->wbs : outline);
    mspdi_el(mw, "OutlineNumber", outline);
    mspdi_el_int(mw, "OutlineLevel", t->outline_level);
    if (t->start != MSPDI_NO_DAY)
        mspdi_el_date(mw, "Start", t->start, "08:00:00");
    if (t->finish != MSPDI_NO_DAY)
        mspdi_el_date(mw, "Finish", t->finish, "17:00:00");
    mspdi_el_duration(mw, "Duration", t->duration_days);
    mspdi_el(mw, "DurationFormat", "7");
    mspdi_el(mw, "Milestone", t->milestone ? "1" : "0");
    mspdi_el(mw, "Summary", t->summary ? "1" : "0");
    mspdi_el_int(mw, "PercentComplete", t->percent_complete);
    if (t->cost != 0)
        mspdi_el_int(mw, "Cost", llround(t->cost * 100));
    if (t->actual_start != MSPDI_NO_DAY)
        mspdi_el_date(mw, "ActualStart", t->actual_start, "08:00:00");
    if (t->actual_finish != MSPDI_NO_DAY)
        mspdi_el_date(mw, "ActualFinish", t->actual_finish, "17:00:00");
    mspdi_el(mw, "ConstraintType",
             t->start_no_earlier != MSPDI_NO_DAY ? "4" : "0");
    if (t->start_no_earlier != MSPDI_NO_DAY)
        mspdi_el_date(mw, "ConstraintDate", t->start_no_earlier, "08:00:00");
    if (t->deadline != MSPDI_NO_DAY)
        mspdi_el_date(mw, "Deadline", t->deadline, "17:00:00");
    if (t->notes && t->notes[0])
        mspdi_el(mw, "Notes", t->notes);
    mspdi_links_write(mw, i);
    if (t->baseline_start != MSPDI_NO_DAY ||
        t->baseline_finish != MSPDI_NO_DAY) {
        mspdi_start(mw, "Baseline");
        mspdi_el(mw, "Number", "0");
        if (t->baseline_start != MSPDI_NO_DAY)
            mspdi_el_date(mw, "Start", t->baseline_start, "08:00:00");
        if (t->baseline_finish != MSPDI_NO_DAY)
            mspdi_el_date(mw, "Finish", t->baseline_finish, "17:00:00");
        mspdi_end(mw);
    }
    mspdi_end(mw);
}

/* -------------------------------------------------------- resources */

/*
 * Each distinct resource name gets a UID from 1, by first use. Assignees
 * are people, so few: a linear search per task is enough.
 */
static void mspdi_resources_write(mspdi_writer *mw)
{
    const mspdi_plan *p = mw->plan;
    int *uid = arena_zalloc(mw->a, ((size_t)p->n_tasks + 1) * sizeof(int));
    const char **names =
        arena_alloc(mw->a, ((size_t)p->n_tasks + 1) * sizeof(*names));
    int n_names = 0;
    mspdi_start(mw, "Resources");
    for (int i = 0; i < p->n_tasks; i++) {
        const char *name = p->tasks[i].resource;
        if (name == NULL || name[0] == '\0')
            continue;
        for (int j = 0; j < n_names && uid[i] == 0; j++)
            if (strcmp(names[j], name) == 0)
                uid[i] = j + 1;
        if (uid[i])
            continue;
        names[n_names++] = name;
        uid[i] = n_names;
        mspdi_start(mw, "Resource");
        mspdi_el_int(mw, "UID", uid[i]);
        mspdi_el_int(mw, "ID", uid[i]);
        mspdi_el(mw, "Name", name);
        mspdi_el(mw, "Type", "1");
        const char *email = p->tasks[i].resource_email;
        if (email && email[0])
            mspdi_el(mw, "EmailAddress", email);
        mspdi_end(mw);
    }
    mspdi_end(mw);
    mspdi_start(mw, "Assignments");
    int n = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        if (uid[i] == 0)
            continue;
        mspdi_start(mw, "Assignment");
        mspdi_el_int(mw, "UID", ++n);
        mspdi_el_int(mw, "TaskUID", i + 1);
        mspdi_el_int(mw, "ResourceUID", uid[i]);
        mspdi_el(mw, "Units", "1");
        mspdi_end(mw);
    }
    mspdi_end(mw);
}

/* --------------------------------------------------------- document */

char *mspdi_write(arena *a, const mspdi_plan *plan, size_t *len)
{
    xmlBuffer *buf = xmlBufferCreate();
    xmlTextWriter *w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (w == NULL)
        abort();
    mspdi_writer mw = {.w = w, .plan = plan, .a = a};
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, (const xmlChar *)" ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
    xmlTextWriterStartElementNS(w, NULL, (const xmlChar *)"Project",
                                (const xmlChar *)MSPDI_NAMESPACE);
    mspdi_el(&mw, "SaveVersion", "14");
    mspdi_el(&mw, "Name", plan->name ? plan->name : "");
    mspdi_el(&mw, "Title", plan->name ? plan->name : "");
    mspdi_el(&mw, "ScheduleFromStart", "1");
    if (plan->start_date != MSPDI_NO_DAY)
        mspdi_el_date(&mw, "StartDate", plan->start_date, "08:00:00");
    if (plan->currency && plan->currency[0])
        mspdi_el(&mw, "CurrencyCode", plan->currency);
    mspdi_el(&mw, "CalendarUID", "1");
    mspdi_el_int(&mw, "MinutesPerDay", plan->calendar.minutes_per_day);
    mspdi_el_int(&mw, "MinutesPerWeek",
                 (long long)plan->calendar.minutes_per_day *
                     __builtin_popcount(plan->calendar.weekdays & 0x7fu));
    mspdi_calendar_write(&mw);
    char **outline = mspdi_outline_numbers(&mw);
    mspdi_links_group(&mw);
    mspdi_start(&mw, "Tasks");
    mspdi_summary_task_write(&mw);
    for (int i = 0; i < plan->n_tasks; i++)
        mspdi_task_write(&mw, i, outline[i]);
    mspdi_end(&mw);
    mspdi_resources_write(&mw);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    size_t n = (size_t)xmlBufferLength(buf);
    char *out = arena_strndup(a, (const char *)xmlBufferContent(buf), n);
    xmlBufferFree(buf);
    *len = n;
    return out;
}
