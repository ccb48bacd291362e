/*
 * server/report/report.h - a program as the renderers read it: the
 * computed schedule of every work item in breakdown order, the links
 * between them, the open risks, the action items and the gates, and the
 * instant the report is made.
 *
 * The report layer is pure: its functions turn one report_plan into
 * bytes (report_buf.h) and do no I/O, read no clock and know nothing of
 * PostgreSQL, the protocol or the caller. server/api/report_load.c fills
 * a report_plan from the plan snapshot, the CPM result and the RAID log;
 * the unit tests fill one by hand. Strings are borrowed UTF-8, never
 * NULL ("" for none); the renderers copy what they keep.
 */
#ifndef PMO_SERVER_REPORT_REPORT_H
#define PMO_SERVER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

/* Dates are day numbers (common/daynum.h), or REPORT_NO_DAY. */
#define REPORT_NO_DAY INT32_MIN

typedef struct report_item {
    const char *ref; /* "KEY-42" */
    const char *title;
    const char *project; /* project key */
    const char *owner;   /* username */
    int depth;           /* 0 at the top of the breakdown */
    bool summary;        /* has children: rolls up from them */
    bool milestone;
    bool critical;
    bool done;
    int percent;
    int start_day, finish_day;           /* computed (early) dates */
    double float_days;                   /* total float, working days */
    int target_day;                      /* its deadline or milestone target */
    int baseline_start, baseline_finish; /* REPORT_NO_DAY: not in one */
} report_item;

/* A dependency between two items, by their index in report_plan.items. */
typedef struct report_link {
    int pred, succ;
} report_link;

/* An open risk (not closed), scored 1..5 each way. */
typedef struct report_risk {
    int64_t id;
    const char *title;
    const char *owner;
    int probability, impact;
} report_risk;

typedef struct report_action {
    int64_t id;
    const char *title;
    const char *owner;
    int due_day; /* REPORT_NO_DAY: none */
    bool open;
} report_action;

/* A gate on a milestone: item indexes report_plan.items. */
typedef struct report_gate {
    int64_t id;
    const char *name;
    int item;
    int criteria, signed_off;
} report_gate;

typedef struct report_plan {
    const char *key;
    const char *name;
    int status_day;
    int start_day, finish_day; /* the schedule's */
    int target_finish;         /* the program's, or REPORT_NO_DAY */
    double slip_days;          /* finish past target, working days */
    int64_t made_at;           /* when the report is made, Unix seconds */
    const char *baseline;      /* the newest baseline's name, "" for none */
    /* A Monte Carlo forecast of the finish; forecast_runs 0: none made. */
    int forecast_runs;
    int forecast_p50, forecast_p80; /* days */
    bool forecast_has_target;
    double forecast_on_target; /* share of runs meeting target_finish */
    const report_item *items;  /* in breakdown order */
    int n_items;
    const report_link *links;
    int n_links;
    const int *critical_path; /* item indexes, in chain order */
    int n_critical_path;
    const report_risk *risks; /* highest exposure first */
    int n_risks;
    const report_action *actions;
    int n_actions;
    const report_gate *gates;
    int n_gates;
} report_plan;

/* Exposure zones, as the CLI's risk matrix bands them. */
typedef enum report_zone {
    REPORT_ZONE_LOW,    /* exposure 1-4 */
    REPORT_ZONE_MEDIUM, /* 5-9 */
    REPORT_ZONE_HIGH,   /* 10-25 */
} report_zone;

report_zone report_risk_zone(int probability, int impact);

/* An open action past its due date at p's status date. */
bool report_action_overdue(const report_plan *p, const report_action *a);

/* A gate with criteria still unsigned, on a milestone not done. */
bool report_gate_waiting(const report_plan *p, const report_gate *g);

#endif
