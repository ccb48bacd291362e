/* server/report/status_md.c - a weekly status report in Markdown. */
#include "report/status_md.h"
#include "report/markdown.h"

static void status_md_rags(const status_md *s, report_buf *b)
{
    report_buf_puts(b, "| Dimension | RAG | Reason |\n|---|---|---|\n");
    for (int i = 0; i < STATUS_MD_DIMS; i++) {
        const status_md_dim *d = &s->dims[i];
        report_buf_printf(b, "| %s | %s%s | ", d->name, d->rag,
                          d->overridden ? " (override)" : "");
        report_md_text(b, d->reason);
        report_buf_puts(b, " |\n");
    }
}

static void status_md_list_out(const status_md_list *l, report_buf *b)
{
    report_buf_printf(b, "\n## %s\n\n", l->title);
    if (l->n == 0)
        report_buf_puts(b, "None.\n");
    for (size_t i = 0; i < l->n; i++) {
        report_buf_puts(b, "- ");
        report_md_text(b, l->items[i]);
        report_buf_putc(b, '\n');
    }
}

void status_md_render(const status_md *s, report_buf *out)
{
    report_buf_puts(out, "# ");
    report_md_text(out, s->key);
    report_buf_printf(out, " status, %s (%s)\n\n", s->week, s->state);
    report_buf_printf(out, "**Overall: %s**", s->dims[0].rag);
    if (s->dims[0].reason[0]) {
        report_buf_puts(out, " - ");
        report_md_text(out, s->dims[0].reason);
    }
    report_buf_puts(out, "\n\n");
    status_md_rags(s, out);
    report_buf_puts(out, "\n## Summary\n\n");
    if (s->summary[0])
        report_md_text(out, s->summary);
    else
        report_buf_puts(out, "None.");
    report_buf_putc(out, '\n');
    for (int i = 0; i < STATUS_MD_LISTS; i++)
        status_md_list_out(&s->lists[i], out);
    report_buf_printf(out, "\n## Metrics%s\n\n",
                      s->metrics_frozen ? " (as published)" : " (as of now)");
    for (size_t i = 0; i < s->n_metrics; i++) {
        report_buf_printf(out, "- %s: ", s->metrics[i].label);
        report_md_text(out, s->metrics[i].value);
        report_buf_putc(out, '\n');
    }
}
