/*
 * server/report/ical.c - RFC 5545 iCalendar of milestones, gates and
 * action due dates.
 *
 * Each content line is built whole in a scratch buffer and folded on its
 * way out, so escaping and folding stay apart: folding counts octets of
 * the escaped text, as the RFC does.
 */
#include "report/ical.h"
#include "common/daynum.h"

#include <inttypes.h>
#include <stdio.h>

void report_ical_text(report_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == ';' || c == ',') {
            report_buf_putc(b, '\\');
            report_buf_putc(b, (char)c);
        } else if (c == '\n') {
            report_buf_puts(b, "\\n");
        } else if (c == '\r') {
            /* CRLF is one newline: its LF writes it. A lone CR too. */
            if (s[1] != '\n')
                report_buf_puts(b, "\\n");
        } else if (c >= 0x20 && c != 0x7f) {
            report_buf_putc(b, (char)c);
        } else if (c == '\t') {
            report_buf_putc(b, (char)c);
        }
    }
}

void report_ical_line(report_buf *b, const char *line, size_t len)
{
    size_t limit = REPORT_ICAL_FOLD;
    while (len > limit) {
        size_t cut = limit;
        /* Back off to the first byte of the character that would split. */
        while (cut > 0 && ((unsigned char)line[cut] & 0xc0) == 0x80)
            cut--;
        report_buf_put(b, line, cut);
        report_buf_puts(b, "\r\n ");
        line += cut;
        len -= cut;
        limit = REPORT_ICAL_FOLD - 1; /* the leading space counts */
    }
    report_buf_put(b, line, len);
    report_buf_puts(b, "\r\n");
}

/* A content line made in scratch, then folded into out. */
typedef struct ical_writer {
    report_buf *out;
    report_buf line;
} ical_writer;

static void ical_end_line(ical_writer *w)
{
    report_ical_line(w->out, w->line.data, w->line.len);
    w->line.len = 0;
}

static void ical_prop(ical_writer *w, const char *name, const char *value)
{
    report_buf_puts(&w->line, name);
    report_buf_putc(&w->line, ':');
    report_buf_puts(&w->line, value);
    ical_end_line(w);
}

/* NAME:TEXT, the text escaped. */
static void ical_text_prop(ical_writer *w, const char *name, const char *text)
{
    report_buf_puts(&w->line, name);
    report_buf_putc(&w->line, ':');
    report_ical_text(&w->line, text);
    ical_end_line(w);
}

static void ical_date(report_buf *b, int day)
{
    int y, m, d;
    daynum_to_civil(day, &y, &m, &d);
    report_buf_printf(b, "%04d%02d%02d", y, m, d);
}

/* BEGIN:VEVENT through SUMMARY; the caller adds more and ends it. */
static void ical_event_begin(ical_writer *w, const report_plan *p,
                             const char *uid_kind, const char *uid_name,
                             int day)
{
    ical_prop(w, "BEGIN", "VEVENT");
    report_buf_puts(&w->line, "UID:");
    report_ical_text(&w->line, uid_kind);
    report_buf_putc(&w->line, '-');
    report_ical_text(&w->line, uid_name);
    report_buf_putc(&w->line, '.');
    report_ical_text(&w->line, p->key);
    report_buf_puts(&w->line, "@pmo");
    ical_end_line(w);
    report_buf_puts(&w->line, "DTSTAMP:");
    report_buf_utc(&w->line, p->made_at, true);
    ical_end_line(w);
    report_buf_puts(&w->line, "DTSTART;VALUE=DATE:");
    ical_date(&w->line, day);
    ical_end_line(w);
    /* An all-day event ends the next day, exclusive. */
    report_buf_puts(&w->line, "DTEND;VALUE=DATE:");
    ical_date(&w->line, day + 1);
    ical_end_line(w);
}

static void ical_event_end(ical_writer *w, const char *category)
{
    ical_prop(w, "CATEGORIES", category);
    ical_prop(w, "TRANSP", "TRANSPARENT");
    ical_prop(w, "END", "VEVENT");
}

static void ical_milestone(ical_writer *w, const report_plan *p,
                           const report_item *it)
{
    ical_event_begin(w, p, "milestone", it->ref, it->finish_day);
    report_buf_puts(&w->line, "SUMMARY:");
    report_ical_text(&w->line, it->ref);
    report_buf_putc(&w->line, ' ');
    report_ical_text(&w->line, it->title);
    ical_end_line(w);
    report_buf desc;
    report_buf_init(&desc);
    report_buf_printf(&desc, "Milestone of %s, forecast ", p->key);
    report_buf_date(&desc, it->finish_day);
    if (it->target_day != REPORT_NO_DAY) {
        report_buf_puts(&desc, ", target ");
        report_buf_date(&desc, it->target_day);
    }
    report_buf_puts(&desc, ", float ");
    report_buf_days(&desc, it->float_days);
    report_buf_puts(&desc, it->done ? " days (done)" : " days");
    if (it->critical)
        report_buf_puts(&desc, ", on the critical path");
    ical_text_prop(w, "DESCRIPTION", desc.data);
    report_buf_fini(&desc);
    ical_event_end(w, "MILESTONE");
}

static void ical_gate(ical_writer *w, const report_plan *p,
                      const report_gate *g)
{
    const report_item *it = &p->items[g->item];
    char id[32];
    snprintf(id, sizeof id, "%" PRId64, g->id);
    ical_event_begin(w, p, "gate", id, it->finish_day);
    report_buf_puts(&w->line, "SUMMARY:Gate ");
    report_ical_text(&w->line, g->name);
    report_buf_printf(&w->line, " (%d of %d signed)", g->signed_off,
                      g->criteria);
    ical_end_line(w);
    report_buf desc;
    report_buf_init(&desc);
    report_buf_printf(&desc, "Gate on %s ", it->ref);
    report_buf_puts(&desc, it->title);
    ical_text_prop(w, "DESCRIPTION", desc.data);
    report_buf_fini(&desc);
    ical_event_end(w, "GATE");
}

static void ical_action(ical_writer *w, const report_plan *p,
                        const report_action *a)
{
    char id[32];
    snprintf(id, sizeof id, "%" PRId64, a->id);
    ical_event_begin(w, p, "action", id, a->due_day);
    report_buf_puts(&w->line, "SUMMARY:Action due: ");
    report_ical_text(&w->line, a->title);
    ical_end_line(w);
    if (a->owner[0]) {
        report_buf desc;
        report_buf_init(&desc);
        report_buf_printf(&desc, "Action %" PRId64 " of %s, owner ", a->id,
                          p->key);
        report_buf_puts(&desc, a->owner);
        ical_text_prop(w, "DESCRIPTION", desc.data);
        report_buf_fini(&desc);
    }
    ical_event_end(w, "ACTION");
}

void report_ical(const report_plan *p, report_buf *out)
{
    ical_writer w = {.out = out};
    report_buf_init(&w.line);
    ical_prop(&w, "BEGIN", "VCALENDAR");
    ical_prop(&w, "VERSION", "2.0");
    ical_prop(&w, "PRODID", "-//pmo//program report//EN");
    ical_prop(&w, "CALSCALE", "GREGORIAN");
    ical_prop(&w, "METHOD", "PUBLISH");
    report_buf_puts(&w.line, "X-WR-CALNAME:");
    report_ical_text(&w.line, p->key);
    if (p->name[0]) {
        report_buf_putc(&w.line, ' ');
        report_ical_text(&w.line, p->name);
    }
    ical_end_line(&w);
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].milestone && p->items[i].finish_day != REPORT_NO_DAY)
            ical_milestone(&w, p, &p->items[i]);
    for (int i = 0; i < p->n_gates; i++)
        if (p->gates[i].item >= 0 &&
            p->items[p->gates[i].item].finish_day != REPORT_NO_DAY)
            ical_gate(&w, p, &p->gates[i]);
    for (int i = 0; i < p->n_actions; i++)
        if (p->actions[i].open && p->actions[i].due_day != REPORT_NO_DAY)
            ical_action(&w, p, &p->actions[i]);
    ical_prop(&w, "END", "VCALENDAR");
    report_buf_fini(&w.line);
}
