/* client/pmo/assign.c - field=value words into a message and its mask. */
#include "assign.h"
#include "parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool cli_name_in(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

static bool cli_assign_is_date(const char *field)
{
    size_t n = strlen(field);
    return (n > 6 && strcmp(field + n - 6, "_start") == 0) ||
           (n > 7 && strcmp(field + n - 7, "_finish") == 0) ||
           (n >= 4 && strcmp(field + n - 4, "date") == 0);
}

/* "Planned-Start" as "planned_start", then through the aliases. */
static const char *cli_assign_field_name(const cli_assign *a, const char *typed,
                                         char *buf, size_t len)
{
    size_t i = 0;
    for (; typed[i] && i + 1 < len; i++)
        buf[i] = typed[i] == '-' ? '_'
                 : (typed[i] >= 'A' && typed[i] <= 'Z')
                     ? (char)(typed[i] - 'A' + 'a')
                     : typed[i];
    buf[i] = '\0';
    for (const cli_assign_alias *al = a->spec->aliases; al && al->alias; al++)
        if (strcmp(al->alias, buf) == 0)
            return al->field;
    return buf;
}

static int cli_assign_string(cli_assign *a, const ProtobufCFieldDescriptor *f,
                             const char *value, char **slot)
{
    if (!cli_assign_is_date(f->name)) {
        *slot = arena_strdup(a->mem, value);
        return 0;
    }
    char date[CLI_DATE_LEN], why[200];
    if (cli_parse_date(value, true, date, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err), "%s: %s", f->name, why);
        return -1;
    }
    *slot = arena_strdup(a->mem, date);
    return 0;
}

static int cli_assign_repeated(cli_assign *a, const ProtobufCFieldDescriptor *f,
                               const char *value)
{
    if (f->type != PROTOBUF_C_TYPE_STRING) {
        snprintf(a->err, sizeof(a->err), "%s cannot be set this way", f->name);
        return -1;
    }
    size_t *n = (size_t *)((char *)a->msg + f->quantifier_offset);
    /* The first word for a list replaces it; "tags=" empties it. */
    if (cli_assign_mask_add(a, f->name))
        *n = 0;
    if (value[0] == '\0')
        return 0;
    if (!cli_name_in(a->spec->comma_lists, f->name)) {
        cli_assign_append(a, f->name, arena_strdup(a->mem, value));
        return 0;
    }
    for (const char *p = value; *p;) {
        size_t len = strcspn(p, ",");
        char *part = arena_strndup(a->mem, p, len);
        if (part[0])
            cli_assign_append(a, f->name, part);
        p += len + (p[len] == ',');
    }
    return 0;
}

/*
 * Whole-number fields whose range is narrower than their type's: the
 * server would refuse the rest, and a person should read the real range
 * here rather than the type's.
 */
static const struct {
    const char *field;
    int64_t min, max;
} cli_assign_bounds[] = {
    {"percent_complete", 0, 100},
    {"probability", 1, 5},
    {"impact", 1, 5},
};

/* The range field f may take, its type's unless the table narrows it. */
static void cli_assign_range(const ProtobufCFieldDescriptor *f, int64_t *min,
                             int64_t *max)
{
    *min = 0;
    *max = f->type == PROTOBUF_C_TYPE_UINT32 ? UINT32_MAX : INT64_MAX;
    for (size_t i = 0;
         i < sizeof(cli_assign_bounds) / sizeof(*cli_assign_bounds); i++)
        if (strcmp(cli_assign_bounds[i].field, f->name) == 0) {
            *min = cli_assign_bounds[i].min;
            *max = cli_assign_bounds[i].max;
        }
}

static int cli_assign_number(cli_assign *a, const ProtobufCFieldDescriptor *f,
                             const char *value, void *slot)
{
    char why[200];
    int rc = 0;
    if (f->type == PROTOBUF_C_TYPE_DOUBLE) {
        rc = cli_parse_number(value, 0, slot, why, sizeof(why));
    } else {
        bool is_u32 = f->type == PROTOBUF_C_TYPE_UINT32;
        int64_t v = 0, min, max;
        cli_assign_range(f, &min, &max);
        rc = cli_parse_int(value, min, max, &v, why, sizeof(why));
        if (rc == 0 && is_u32)
            *(uint32_t *)slot = (uint32_t)v;
        else if (rc == 0)
            *(int64_t *)slot = v;
    }
    if (rc != 0)
        snprintf(a->err, sizeof(a->err), "%s: %s", f->name, why);
    return rc;
}

static int cli_assign_scalar(cli_assign *a, const ProtobufCFieldDescriptor *f,
                             const char *value)
{
    void *slot = (char *)a->msg + f->offset;
    char why[300];
    int rc = 0;
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        return cli_assign_string(a, f, value, slot);
    case PROTOBUF_C_TYPE_ENUM:
        rc = cli_parse_enum(f->descriptor, value, slot, why, sizeof(why));
        break;
    case PROTOBUF_C_TYPE_BOOL: {
        bool b = false;
        rc = cli_parse_bool(value, &b, why, sizeof(why));
        *(protobuf_c_boolean *)slot = b;
        break;
    }
    case PROTOBUF_C_TYPE_DOUBLE:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_INT64:
        return cli_assign_number(a, f, value, slot);
    default:
        snprintf(a->err, sizeof(a->err), "%s cannot be set this way", f->name);
        return -1;
    }
    if (rc != 0)
        snprintf(a->err, sizeof(a->err), "%s: %s", f->name, why);
    return rc;
}

/* The edit of field recorded last, or NULL if it has none. */
static const cli_assign_edit *cli_assign_edit_of(const cli_assign *a,
                                                 const char *field)
{
    for (size_t i = a->n_edits; i-- > 0;)
        if (strcmp(a->edits[i].field, field) == 0)
            return &a->edits[i];
    return NULL;
}

static int cli_assign_set(cli_assign *a, const char *typed, const char *name,
                          const char *value);

bool cli_assign_mask_has(const cli_assign *a, const char *field)
{
    for (size_t i = 0; i < a->n_mask; i++)
        if (strcmp(a->mask[i], field) == 0)
            return true;
    return false;
}

static int cli_assign_mixed(cli_assign *a, const char *typed)
{
    snprintf(a->err, sizeof(a->err),
             "%s= replaces the whole list and %s+= or %s-= changes one "
             "element of it: give one or the other",
             typed, typed, typed);
    return -1;
}

/*
 * "name+=value" or "name-=value": the elements value stands for, read as
 * "name=value" would be into a message of their own, kept until the
 * record is read (cli_assign_merge).
 */
static int cli_assign_edit_add(cli_assign *a, const char *typed,
                               const char *name, const char *value, bool remove)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(a->spec->desc, name);
    if (f == NULL || !cli_name_in(a->spec->fields, name) ||
        f->label != PROTOBUF_C_LABEL_REPEATED) {
        snprintf(a->err, sizeof(a->err),
                 "%s%c= adds to or removes from a list, and %s is none", typed,
                 remove ? '-' : '+', typed);
        return -1;
    }
    if (value[0] == '\0') {
        snprintf(a->err, sizeof(a->err), "%s%c= needs a value", typed,
                 remove ? '-' : '+');
        return -1;
    }
    ProtobufCMessage *parts =
        arena_zalloc(a->mem, a->spec->desc->sizeof_message);
    protobuf_c_message_init(a->spec->desc, parts);
    cli_assign sub;
    cli_assign_init(&sub, a->spec, parts, a->mem);
    if (cli_assign_set(&sub, typed, name, value) != 0) {
        memcpy(a->err, sub.err, sizeof(a->err));
        return -1;
    }
    cli_assign_mask_add(a, name);
    cli_assign_edit *grown =
        arena_alloc(a->mem, (a->n_edits + 1) * sizeof(*grown));
    if (a->n_edits)
        memcpy(grown, a->edits, a->n_edits * sizeof(*grown));
    grown[a->n_edits++] = (cli_assign_edit){
        .field = f->name,
        .typed = arena_strdup(a->mem, typed),
        .text = arena_strdup(a->mem, value),
        .remove = remove,
        .parts = parts,
    };
    a->edits = grown;
    return 0;
}

/*
 * "name=value", "name+=value" or "name-=value". A list is either replaced
 * or edited by one command, not both: which would come first is unclear.
 */
static int cli_assign_word(cli_assign *a, const char *word)
{
    const char *eq = strchr(word, '=');
    if (eq == NULL || eq == word) {
        snprintf(a->err, sizeof(a->err), "\"%s\" is not field=value", word);
        return -1;
    }
    char op = eq - word > 1 && (eq[-1] == '+' || eq[-1] == '-') ? eq[-1] : 0;
    char typed[64], buf[64];
    snprintf(typed, sizeof(typed), "%.*s", (int)(eq - word) - (op != 0), word);
    const char *name = cli_assign_field_name(a, typed, buf, sizeof(buf));
    bool edited = cli_assign_edit_of(a, name) != NULL;
    if ((op && !edited && cli_assign_mask_has(a, name)) || (!op && edited))
        return cli_assign_mixed(a, typed);
    if (op)
        return cli_assign_edit_add(a, typed, name, eq + 1, op == '-');
    return cli_assign_set(a, typed, name, eq + 1);
}

/* name=value, name being the field (or what a hook takes) typed names. */
static int cli_assign_set(cli_assign *a, const char *typed, const char *name,
                          const char *value)
{
    int rc = a->spec->hook ? a->spec->hook(a, name, value) : 0;
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(a->spec->desc, name);
    if (f == NULL || !cli_name_in(a->spec->fields, name)) {
        char names[240];
        cli_assign_names(a->spec, names, sizeof(names));
        snprintf(a->err, sizeof(a->err), "no field \"%s\" to set (one of: %s)",
                 typed, names);
        return -1;
    }
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return cli_assign_repeated(a, f, value);
    if (!cli_assign_mask_add(a, f->name)) {
        snprintf(a->err, sizeof(a->err), "%s is given twice", f->name);
        return -1;
    }
    return cli_assign_scalar(a, f, value);
}

void cli_assign_init(cli_assign *a, const cli_assign_spec *spec,
                     ProtobufCMessage *msg, arena *mem)
{
    memset(a, 0, sizeof(*a));
    a->spec = spec;
    a->msg = msg;
    a->mem = mem;
}

int cli_assign_words(cli_assign *a, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (cli_assign_word(a, argv[i]) != 0)
            return -1;
    return 0;
}

bool cli_assign_mask_add(cli_assign *a, const char *field)
{
    if (cli_assign_mask_has(a, field))
        return false;
    char **grown = arena_alloc(a->mem, (a->n_mask + 1) * sizeof(char *));
    if (a->n_mask)
        memcpy(grown, a->mask, a->n_mask * sizeof(char *));
    grown[a->n_mask++] = arena_strdup(a->mem, field);
    a->mask = grown;
    return true;
}

void cli_assign_append(cli_assign *a, const char *field, void *element)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(a->spec->desc, field);
    size_t *n = (size_t *)((char *)a->msg + f->quantifier_offset);
    void ***arr = (void ***)((char *)a->msg + f->offset);
    void **grown = arena_alloc(a->mem, (*n + 1) * sizeof(void *));
    if (*n)
        memcpy(grown, *arr, *n * sizeof(void *));
    grown[(*n)++] = element;
    *arr = grown;
}

void cli_assign_names(const cli_assign_spec *spec, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *const *f = spec->fields; *f && used < len; f++) {
        int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "", *f);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
