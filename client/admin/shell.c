/* client/admin/shell.c - the interactive console: editing, completion. */
#include "admin.h"
#include "common/fileutil.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#define ADMIN_HISTORY_SIZE 1000
#define ADMIN_COMPLETE_MAX 64
/* Only the first two words decide what the next one can be. */
#define ADMIN_COMPLETE_WORDS 2

typedef struct admin_shell {
    EditLine *el;
    History *hist;
    Tokenizer *tok;
    char *history_path; /* NULL when there is nowhere to keep it */
} admin_shell;

/* Candidates for the word under the cursor. */
typedef struct admin_completion {
    const char *word; /* the part typed so far */
    size_t len;
    const char *matches[ADMIN_COMPLETE_MAX];
    size_t n;
    char options[ADMIN_COMPLETE_MAX][32]; /* option names out of a usage */
    size_t n_options;
} admin_completion;

static volatile sig_atomic_t admin_shell_interrupted;

static void admin_shell_on_sigint(int sig)
{
    admin_shell_interrupted = 1;
}

static char *admin_shell_prompt(EditLine *el)
{
    static char prompt[] = ADMIN_PROG "> ";
    return prompt;
}

static void admin_completion_offer(admin_completion *cp, const char *name)
{
    if (strncmp(name, cp->word, cp->len) != 0 || cp->n == ADMIN_COMPLETE_MAX)
        return;
    for (size_t i = 0; i < cp->n; i++)
        if (!strcmp(cp->matches[i], name))
            return;
    cp->matches[cp->n++] = name;
}

/* Command words: groups when group is NULL, else that group's verbs. */
static void admin_completion_add_commands(admin_completion *cp,
                                          const char *group)
{
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++) {
            if (group == NULL)
                admin_completion_offer(cp, c->group);
            else if (c->verb && !strcmp(c->group, group))
                admin_completion_offer(cp, c->verb);
        }
}

static void admin_completion_add_option(admin_completion *cp, const char *at,
                                        size_t len)
{
    if (cp->n_options == ADMIN_COMPLETE_MAX || len >= sizeof(cp->options[0]))
        return;
    char *slot = cp->options[cp->n_options++];
    memcpy(slot, at, len);
    slot[len] = '\0';
    admin_completion_offer(cp, slot);
}

/* The options a command's usage names, as in "[--user NAME]". */
static void admin_completion_add_options(admin_completion *cp,
                                         const char **words, size_t n_words)
{
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++) {
            if (strcmp(c->group, words[0]) != 0 ||
                (c->verb && (n_words < 2 || strcmp(c->verb, words[1]) != 0)))
                continue;
            for (const char *u = c->usage; (u = strchr(u, '-')); u++) {
                size_t len = strcspn(u, " ]=");
                if (u == c->usage || u[-1] == '[' || u[-1] == ' ')
                    admin_completion_add_option(cp, u, len);
                u += len - 1;
            }
        }
    admin_completion_offer(cp, "--json");
    admin_completion_offer(cp, "--help");
}

static void admin_completion_collect(admin_completion *cp, const char **words,
                                     size_t n_words)
{
    bool help = n_words > 0 && !strcmp(words[0], "help");
    if (n_words == 0)
        admin_completion_add_commands(cp, NULL);
    else if (cp->word[0] == '-')
        admin_completion_add_options(cp, words, n_words);
    else if (n_words == 1 && help)
        admin_completion_add_commands(cp, NULL);
    else if (n_words == 1)
        admin_completion_add_commands(cp, words[0]);
    else if (n_words == 2 && help)
        admin_completion_add_commands(cp, words[1]);
}

static size_t admin_completion_common_length(const admin_completion *cp)
{
    size_t n = strlen(cp->matches[0]);
    for (size_t i = 1; i < cp->n; i++) {
        size_t k = 0;
        while (k < n && cp->matches[i][k] == cp->matches[0][k])
            k++;
        n = k;
    }
    return n;
}

static unsigned char admin_completion_apply(EditLine *el,
                                            const admin_completion *cp)
{
    if (cp->n == 0)
        return CC_ERROR;
    if (cp->n == 1) {
        el_insertstr(el, cp->matches[0] + cp->len);
        el_insertstr(el, " ");
        return CC_REFRESH;
    }
    size_t common = admin_completion_common_length(cp);
    if (common > cp->len) {
        char *more = xstrndup(cp->matches[0] + cp->len, common - cp->len);
        el_insertstr(el, more);
        free(more);
        return CC_REFRESH;
    }
    /* Nothing more to add: show the choices under the line. */
    fputc('\n', stdout);
    for (size_t i = 0; i < cp->n; i++)
        printf("%s%s", i ? "  " : "", cp->matches[i]);
    fputc('\n', stdout);
    return CC_REDISPLAY;
}

/* Bound to Tab: completes the word before the cursor. */
static unsigned char admin_shell_complete(EditLine *el, int ch)
{
    const LineInfo *li = el_line(el);
    char *text = xstrndup(li->buffer, (size_t)(li->cursor - li->buffer));
    const char *words[ADMIN_COMPLETE_WORDS], *last = NULL;
    size_t n_words = 0;
    char *save = NULL;
    for (char *w = strtok_r(text, " \t", &save); w;
         w = strtok_r(NULL, " \t", &save), n_words++) {
        if (n_words < ADMIN_COMPLETE_WORDS)
            words[n_words] = w;
        last = w;
    }
    bool inside = last && li->cursor[-1] != ' ' && li->cursor[-1] != '\t';
    admin_completion cp = {.word = inside ? last : ""};
    cp.len = strlen(cp.word);
    admin_completion_collect(&cp, words, inside ? n_words - 1 : n_words);
    unsigned char rc = admin_completion_apply(el, &cp);
    free(text);
    return rc;
}

static void admin_history_open(admin_shell *sh)
{
    HistEvent ev;
    sh->hist = history_init();
    history(sh->hist, &ev, H_SETSIZE, ADMIN_HISTORY_SIZE);
    history(sh->hist, &ev, H_SETUNIQUE, 1);
    char *dir = cli_config_dir();
    if (file_mkdirs(dir, 0700) == 0) {
        sh->history_path = xasprintf("%s/admin_history", dir);
        /* Made private before the first save, which keeps the mode. */
        int fd = open(sh->history_path, O_WRONLY | O_CREAT, 0600);
        if (fd >= 0)
            close(fd);
        history(sh->hist, &ev, H_LOAD, sh->history_path);
    }
    free(dir);
}

/* Saved after every line, so ^C in a command loses no history. */
static void admin_history_add(admin_shell *sh, const char *line)
{
    HistEvent ev;
    char *entry = xstrndup(line, strcspn(line, "\r\n"));
    if (entry[strspn(entry, " \t")] != '\0') {
        history(sh->hist, &ev, H_ENTER, entry);
        if (sh->history_path)
            history(sh->hist, &ev, H_SAVE, sh->history_path);
    }
    free(entry);
}

static void admin_shell_open(admin_shell *sh)
{
    memset(sh, 0, sizeof(*sh));
    admin_history_open(sh);
    sh->tok = tok_init(NULL);
    sh->el = el_init(ADMIN_PROG, stdin, stdout, stderr);
    el_set(sh->el, EL_EDITOR, "emacs");
    el_set(sh->el, EL_PROMPT, admin_shell_prompt);
    el_set(sh->el, EL_HIST, history, sh->hist);
    /* The wide form keeps the names as given; the narrow one leaks copies. */
    el_wset(sh->el, EL_ADDFN, L"pmo-complete", L"complete a command word",
            admin_shell_complete);
    el_set(sh->el, EL_BIND, "^I", "pmo-complete", NULL);
    /* ~/.editrc may rebind keys, as in every libedit program. */
    el_source(sh->el, NULL);
}

static void admin_shell_close(admin_shell *sh)
{
    el_end(sh->el);
    tok_end(sh->tok);
    history_end(sh->hist);
    free(sh->history_path);
}

/*
 * ^C at the prompt drops the line being typed; during a command it acts
 * as in any program, so a hung call can still be abandoned.
 */
static const char *admin_shell_read(admin_shell *sh)
{
    struct sigaction quiet = {.sa_handler = admin_shell_on_sigint}, old;
    sigemptyset(&quiet.sa_mask);
    sigaction(SIGINT, &quiet, &old);
    int count = 0;
    const char *line;
    for (;;) {
        admin_shell_interrupted = 0;
        line = el_gets(sh->el, &count);
        if (line || !admin_shell_interrupted)
            break;
        fputc('\n', stdout);
        el_reset(sh->el);
    }
    sigaction(SIGINT, &old, NULL);
    return line;
}

static void admin_shell_banner_print(const admin_ctx *ctx)
{
    printf(ADMIN_PROG " %s on %s", PMO_VERSION, ctx->target.server);
    if (ctx->target.token && ctx->target.user)
        printf(" as %s", ctx->target.user);
    else
        printf(" (not logged in: use login)");
    printf(".\nType help for the commands, Tab to complete, quit to "
           "leave.\n");
}

int admin_line_run(admin_ctx *ctx, Tokenizer *tok, const char *line)
{
    const char *text = line + strspn(line, " \t");
    if (*text == '#')
        return 0;
    int argc = 0;
    const char **argv = NULL;
    int rc = tok_str(tok, line, &argc, &argv);
    if (rc != 0) {
        fprintf(stderr, ADMIN_PROG ": %s\n",
                rc < 0 ? "cannot split the line into words"
                       : "unmatched quote or trailing backslash");
        rc = 2;
    } else {
        rc = admin_dispatch(ctx, argc, argv);
    }
    tok_reset(tok);
    return rc;
}

int admin_shell_run(admin_ctx *ctx)
{
    admin_shell sh;
    admin_shell_open(&sh);
    admin_shell_banner_print(ctx);
    const char *line;
    while ((line = admin_shell_read(&sh)) != NULL) {
        admin_history_add(&sh, line);
        if (admin_line_run(ctx, sh.tok, line) == ADMIN_QUIT)
            break;
    }
    if (line == NULL)
        fputc('\n', stdout); /* ^D leaves the cursor after the prompt */
    admin_shell_close(&sh);
    return 0;
}
