#!/bin/bash
# tests/bench/run_evm_bench.sh - earned value of a large program through
# the real server.
#
# Starts a throwaway pmo-server (bench_server.sh), creates program EVMB
# with the CLI, then fills it straight into the embedded database (the
# write RPCs are not what is measured, and SQL fills it in seconds):
# ten projects, 10,000 work items with planned costs spread over two
# years (2025-01-01 to 2026-12-31), a baseline of all of them, progress to
# the status date 2026-01-15, 50,000 expenses before it (on items, on
# projects and on the program) and budgets of 24 monthly lines for half
# the projects. Then pmo-bench-evm times GetEarnedValue at the status date
# and the monthly GetEarnedValueSeries of the whole program.
#
#   tests/bench/run_evm_bench.sh [--calls 50]
#
# PMO_BUILD_DIR picks the binaries (default build/); PMO_SERVER_ARGS adds
# pmo-server options. Needs psql (postgresql-client).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
bench_bin=$build/tests/bench/pmo-bench-evm
pmo_bin=$build/client/pmo
for bin in "$server_bin" "$bench_bin" "$pmo_bin"; do
    [ -x "$bin" ] || {
        echo "run_evm_bench: $bin not built" >&2
        exit 2
    }
done

bench_name=run_evm_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

export PMO_CONFIG_DIR=$dir/client PMO_SERVER=$url PMO_CA=$dir/ca.pem
"$pmo_bin" login --user admin --password-stdin <"$dir/admin-password" >/dev/null
"$pmo_bin" program create EVMB --name "Earned value benchmark" >/dev/null

sql() {
    psql -X -q -v ON_ERROR_STOP=1 "host=$dir/run dbname=pmo user=pmo" "$@"
}

t0=$(date +%s%N)
sql <<'SQL'
\set status '''2026-01-15'''
BEGIN;
CREATE TEMP TABLE prog AS SELECT id FROM programs WHERE key = 'EVMB';
INSERT INTO projects (program_id, key, name)
SELECT (SELECT id FROM prog), 'p' || k, 'Project ' || k
  FROM generate_series(0, 9) k;
-- Item n: a project by n mod 10, a start somewhere in the two years and
-- one to thirty days of work; done before the status date, half done
-- across it, not started after.
CREATE TEMP TABLE plan AS
SELECT n, DATE '2025-01-01' + (n * 37) % 700 AS s,
       DATE '2025-01-01' + (n * 37) % 700 + (n * 13) % 30 AS f,
       100000 + (n * 7919) % 5000000 AS cost
  FROM generate_series(1, 10000) n;
INSERT INTO work_items (program_id, project_id, number, kind, title,
    planned_cost_minor, percent_complete, state, actual_start, actual_finish)
SELECT (SELECT id FROM prog),
       (SELECT id FROM projects WHERE program_id = (SELECT id FROM prog)
           AND key = 'p' || (pl.n % 10)),
       pl.n, 2, 'Work item ' || pl.n, pl.cost,
       CASE WHEN pl.f < :status THEN 100 WHEN pl.s <= :status THEN 50 ELSE 0 END,
       CASE WHEN pl.f < :status THEN 4 WHEN pl.s <= :status THEN 2 ELSE 1 END,
       CASE WHEN pl.s <= :status THEN pl.s + pl.n % 3 END,
       CASE WHEN pl.f < :status THEN pl.f + pl.n % 5 END
  FROM plan pl;
UPDATE work_items SET actual_finish = NULL
 WHERE program_id = (SELECT id FROM prog) AND actual_finish > :status;
UPDATE programs SET next_item_number = 10001 WHERE id = (SELECT id FROM prog);
WITH b AS (INSERT INTO baselines (program_id, name, status_date, finish_date,
               items)
           VALUES ((SELECT id FROM prog), 'v1', '2025-01-01', '2026-12-31',
               10000) RETURNING id)
INSERT INTO baseline_items (baseline_id, number, kind, title, start_date,
    finish_date)
SELECT b.id, pl.n, 2, 'Work item ' || pl.n, pl.s, pl.f FROM b, plan pl;
-- 50,000 expenses before the status date: four in five on an item, the
-- rest on a project or on the program.
INSERT INTO expenses (program_id, spent_on, amount_minor, category,
    item_number, project_id)
SELECT (SELECT id FROM prog), DATE '2025-01-01' + (e * 7) % 380,
       1000 + (e::bigint * 104729) % 200000, 1 + e % 6,
       CASE WHEN e % 5 <> 0 THEN 1 + (e * 31) % 10000 END,
       CASE WHEN e % 5 = 0 AND e % 10 <> 0 THEN
           (SELECT id FROM projects WHERE program_id = (SELECT id FROM prog)
               AND key = 'p' || (e % 7)) END
  FROM generate_series(1, 50000) e;
INSERT INTO budgets (program_id, project_id, lines, reason)
SELECT (SELECT id FROM prog), p.id,
       (SELECT jsonb_agg(jsonb_build_object('category', 1,
                  'month', to_char(DATE '2025-01-01' + make_interval(months => m),
                                   'YYYY-MM'),
                  'amount_minor', 50000000 + m * 1000))
          FROM generate_series(0, 23) m), 'benchmark'
  FROM projects p
 WHERE p.program_id = (SELECT id FROM prog) AND p.key IN ('p0', 'p2', 'p4', 'p6', 'p8');
COMMIT;
ANALYZE;
SQL
t1=$(date +%s%N)
echo "run_evm_bench: filled EVMB in $(((t1 - t0) / 1000000)) ms" >&2
echo
"$bench_bin" --server "$url" --ca "$dir/ca.pem" \
    --password-file "$dir/admin-password" --program EVMB --at 2026-01-15 "$@"
echo
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
stop_server
summarize_log
