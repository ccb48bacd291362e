/* client/pmo/show.c - records, sections, colours and composite JSON. */
#include "show.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pbjson.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/work.pb-c.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define CLI_JSON_INDENT 2

static void cli_json_newline(FILE *out, int depth)
{
    fputc('\n', out);
    for (int i = 0; i < depth * CLI_JSON_INDENT; i++)
        fputc(' ', out);
}

/*
 * Indents compact JSON (no blanks outside strings, as pbjson writes it
 * with indent -1) the way pbjson's pretty form looks.
 */
static void cli_json_pretty(FILE *out, const char *s)
{
    int depth = 0;
    bool in_string = false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (in_string) {
            fputc(c, out);
            if (c == '\\' && p[1])
                fputc(*++p, out);
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
        case '"':
            in_string = true;
            fputc(c, out);
            break;
        case '{':
        case '[':
            fputc(c, out);
            if (p[1] == (c == '{' ? '}' : ']')) {
                fputc(*++p, out);
                break;
            }
            cli_json_newline(out, ++depth);
            break;
        case '}':
        case ']':
            cli_json_newline(out, --depth);
            fputc(c, out);
            break;
        case ',':
            fputc(c, out);
            cli_json_newline(out, depth);
            break;
        case ':':
            fputs(": ", out);
            break;
        default:
            fputc(c, out);
        }
    }
    fputc('\n', out);
}

void cli_record_init(cli_table *t)
{
    cli_table_init(t, 2, NULL);
    cli_table_shrinkable(t, 1);
}

void cli_record_add(cli_table *t, const char *label, const char *value)
{
    char head[64];
    snprintf(head, sizeof(head), "%s:", label);
    cli_table_add(t, (const char *[]){head, value});
}

void cli_record_add_opt(cli_table *t, const char *label, const char *value)
{
    cli_record_add(t, label, cli_or_dash(value));
}

void cli_record_add_time(cli_table *t, const char *label, int64_t ms)
{
    char when[32];
    time_format_ms(ms, when, sizeof(when));
    cli_record_add(t, label, when);
}

void cli_record_add_int(cli_table *t, const char *label, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%" PRId64, v);
    cli_record_add(t, label, text);
}

void cli_record_add_enum(cli_table *t, const char *label,
                         const ProtobufCEnumDescriptor *d, int value,
                         cli_color color)
{
    char text[64];
    cli_record_add_opt(t, label, cli_enum_label(d, value, text, sizeof(text)));
    cli_table_color(t, t->n_rows - 1, 1, color);
}

void cli_record_print(cli_table *t)
{
    cli_table_print(t, stdout);
    cli_table_fini(t);
}

void cli_section_print(const char *title)
{
    bool color = cli_term_color(stdout);
    printf("\n%s%s:%s\n", color ? cli_color_start(CLI_COLOR_BOLD) : "", title,
           color ? cli_color_end() : "");
}

void cli_text_print(const char *indent, const char *text)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        char *line = xstrndup(p, len);
        /* A CR of a CRLF line ending is no part of the text. */
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        char *clean = cli_text_clean(line);
        printf("%s%s\n", indent, clean);
        free(clean);
        free(line);
        p += len + (p[len] == '\n');
    }
}

void cli_bullets_print(char *const *items, size_t n)
{
    if (n == 0)
        printf("  (none)\n");
    for (size_t i = 0; i < n; i++) {
        char *clean = cli_text_clean(items[i]);
        printf("  - %s\n", clean);
        free(clean);
    }
}

cli_color cli_state_color(int state)
{
    switch (state) {
    case PMO__V1__WORK_STATE__STATE_IN_PROGRESS:
        return CLI_COLOR_BLUE;
    case PMO__V1__WORK_STATE__STATE_BLOCKED:
        return CLI_COLOR_RED;
    case PMO__V1__WORK_STATE__STATE_DONE:
        return CLI_COLOR_GREEN;
    default:
        return CLI_COLOR_NONE;
    }
}

cli_color cli_rag_color(int rag)
{
    switch (rag) {
    case PMO__V1__RAG__RAG_GREEN:
        return CLI_COLOR_GREEN;
    case PMO__V1__RAG__RAG_AMBER:
        return CLI_COLOR_YELLOW;
    case PMO__V1__RAG__RAG_RED:
        return CLI_COLOR_RED;
    default:
        return CLI_COLOR_NONE;
    }
}

const char *cli_kind_marker(int kind)
{
    bool utf8 = cli_term_utf8();
    if (kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE)
        return utf8 ? "\xe2\x97\x86" : "<>";
    if (kind == PMO__V1__WORK_ITEM_KIND__KIND_DELIVERABLE)
        return utf8 ? "\xe2\x96\xa0" : "[D]";
    return "";
}

const char *cli_item_label(const char *title, int kind, char *out, size_t len)
{
    const char *mark = cli_kind_marker(kind);
    snprintf(out, len, "%s%s%s", mark, mark[0] ? " " : "", title);
    return out;
}

const char *cli_or_dash(const char *s)
{
    return s && s[0] ? s : "-";
}

const char *cli_dates_format(const char *start, const char *finish, char *out,
                             size_t len)
{
    if (start[0] && finish[0])
        snprintf(out, len, "%s .. %s", start, finish);
    else if (start[0])
        snprintf(out, len, "from %s", start);
    else if (finish[0])
        snprintf(out, len, "until %s", finish);
    else
        snprintf(out, len, "%s", "");
    return out;
}

void cli_json_open(cli_json *j)
{
    memset(j, 0, sizeof(*j));
    j->f = open_memstream(&j->buf, &j->len);
    if (j->f == NULL)
        abort();
}

void cli_json_message(cli_json *j, const char *key, const ProtobufCMessage *m)
{
    pbjson_write_string(j->f, key);
    fputc(':', j->f);
    if (m)
        pbjson_write(j->f, m, -1);
    else
        fputs("null", j->f);
}

void cli_json_close(cli_json *j)
{
    fclose(j->f);
    cli_json_pretty(stdout, j->buf);
    free(j->buf);
    memset(j, 0, sizeof(*j));
}
