#!/bin/bash
# tests/integration/test_protocol_doc.sh - every example of
# docs/PROTOCOL.md, as an integrator would run it: each C example is
# compiled against the installed libpmoclient (pkg-config) and run against
# a real server, and its output must hold the lines the document shows
# under it, in order. A C block without an example marker, or an example
# without its expected output, fails too: the document shows nothing the
# suite does not run.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DOC="$PMO_TEST_LIB_DIR/../../docs/PROTOCOL.md"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
pmo_test_install_client "$PMO_TEST_TMP/prefix"
EX="$PMO_TEST_TMP/examples"
mkdir -p "$EX"

# What the examples assume: a program DOC with a project web, one item.
pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program DOC" 0 "$PMO" program create DOC --name Doc
pmo_test_expect_exit "team web" 0 "$PMO" team create web --name Web
pmo_test_expect_exit "project web" 0 "$PMO" project add DOC web --name Web \
    --team web
pmo_test_expect_exit "an item" 0 "$PMO" task add DOC --project web \
    --title "Kick-off"

# Writes EX/NAME.c and EX/NAME.expect for every example; prints the names
# in document order, or fails naming what is unmarked or unmatched.
names=$(python3 - "$DOC" "$EX" <<'PY'
import re, sys
doc, out = open(sys.argv[1]).read(), sys.argv[2]
blocks = list(re.finditer(r'(?:<!-- (example|expect): ([a-z_]+) -->\n)?```(\w*)\n(.*?)```', doc, re.S))
examples, expects, problems = [], {}, []
for b in blocks:
    kind, name, lang, body = b.groups()
    if lang == 'c':
        if kind != 'example':
            problems.append('a C block without an example marker at offset %d' % b.start())
            continue
        examples.append(name)
        open('%s/%s.c' % (out, name), 'w').write(body)
    elif kind == 'expect':
        expects[name] = body
        open('%s/%s.expect' % (out, name), 'w').write(body)
for n in examples:
    if n not in expects:
        problems.append('example %s has no expected output' % n)
if problems or not examples:
    print('\n'.join(problems) or 'no examples', file=sys.stderr)
    sys.exit(1)
print(' '.join(examples))
PY
) || pmo_test_die "docs/PROTOCOL.md: its examples cannot be read"

for name in $names; do
    # shellcheck disable=SC2086
    pmo_test_expect_exit "example $name compiles" 0 \
        $PMO_CLIENT_CC -o "$EX/$name" "$EX/$name.c" \
        $(pkg-config --cflags --libs pmoclient)
    pmo_test_expect_exit "example $name runs" 0 \
        "$EX/$name" "$PMO_SERVER" "$PMO_CA" "$PMO_TEST_ADMIN_PASSWORD"
    printf '%s\n' "$PMO_OUT" >"$EX/$name.out"
    missing=$(python3 - "$EX/$name.expect" "$EX/$name.out" <<'PY'
import sys
want = [l for l in open(sys.argv[1]).read().splitlines() if l]
got = open(sys.argv[2]).read().splitlines()
at = 0
for line in want:
    while at < len(got) and got[at] != line:
        at += 1
    if at == len(got):
        print(line)
        break
    at += 1
PY
)
    pmo_test_expect_eq "example $name prints what the document shows" "" \
        "$missing"
done
pmo_test_done
