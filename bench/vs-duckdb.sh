#!/usr/bin/env bash
# npsboard report against DuckDB on the same file, alternated, with medians and ratios: the
# figures of README's Performance table come from here.
#
#   bench/vs-duckdb.sh [LINES] [PAIRS]      (default 1000000 lines, 7 pairs)
#
# It builds npsboard, writes LINES clean lines of the demo (once; kept in $BENCH_DIR), installs
# DuckDB's Node client from the npm registry (once), then runs PAIRS pairs, alternating which
# goes first: `npsboard report --file F --json` (every check, every count) and a Node process
# that opens DuckDB and computes each queue's NPS with read_json over the same file. Wall time,
# CPU time (user + system) and peak RSS come from /usr/bin/time; process start is included on
# both sides.
set -euo pipefail
lines=${1:-1000000}
pairs=${2:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/npsboard-bench}
duckdb_version=1.5.6-r.1
mkdir -p "$work"

go build -o "$work/npsboard" "$root/cmd/npsboard"
file="$work/demo-$lines.jsonl"
if [ ! -s "$file" ]; then
  "$work/npsboard" demo --count "$lines" --seed 1 --start 2026-11-24 --tz UTC > "$file.part"
  mv "$file.part" "$file"
fi
if [ ! -d "$work/node_modules/@duckdb/node-api" ]; then
  (cd "$work" && npm install --no-audit --no-fund --silent "@duckdb/node-api@$duckdb_version" >/dev/null)
fi
cat > "$work/duck.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const reader = await con.runAndReadAll(`
  SELECT queue, count(*) AS n,
         100.0 * (count_if(score >= 9) - count_if(score <= 6)) / count(*) AS nps
  FROM read_json('${process.argv[2]}', format = 'newline_delimited')
  GROUP BY queue ORDER BY queue`);
const rows = reader.getRowObjects();
process.stdout.write(JSON.stringify(rows, (k, v) => typeof v === 'bigint' ? Number(v) : v) + '\n');
JS

# one runs a command and prints "wall cpu rss_mb".
one() {
  local out
  out=$( { /usr/bin/time -f '%e %U %S %M' "$@" > /dev/null; } 2>&1 | tail -1)
  awk '{printf "%.3f %.3f %.0f\n", $1, $2 + $3, $4 / 1024}' <<< "$out"
}
npsboard_run() { one "$work/npsboard" report --file "$file" --json; }
duckdb_run() { one node "$work/duck.mjs" "$file"; }

npsboard_run > /dev/null; duckdb_run > /dev/null # warm the page cache and both binaries
: > "$work/npsboard.times"
: > "$work/duckdb.times"
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then
    npsboard_run >> "$work/npsboard.times"; duckdb_run >> "$work/duckdb.times"
  else
    duckdb_run >> "$work/duckdb.times"; npsboard_run >> "$work/npsboard.times"
  fi
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }
nw=$(col "$work/npsboard.times" 1); nc=$(col "$work/npsboard.times" 2); nm=$(col "$work/npsboard.times" 3)
dw=$(col "$work/duckdb.times" 1); dc=$(col "$work/duckdb.times" 2); dm=$(col "$work/duckdb.times" 3)
size=$(du -m "$file" | cut -f1)
echo "$(date -u +%Y-%m-%d) $(nproc) cores, $(uname -m); $lines lines ($size MB); medians of $pairs alternated pairs"
printf '%-10s %8s %8s %8s\n' "" wall cpu "rss MB"
printf '%-10s %8.2f %8.2f %8.0f\n' npsboard "$nw" "$nc" "$nm" duckdb "$dw" "$dc" "$dm"
awk -v nw="$nw" -v dw="$dw" -v nc="$nc" -v dc="$dc" 'BEGIN {printf "ratio      %8.2f %8.2f   (npsboard / DuckDB)\n", nw / dw, nc / dc}'
# Each pair's own ratio, run next to each other: how far the machine's noise moves the figure.
paste "$work/npsboard.times" "$work/duckdb.times" | awk '{print $1 / $4, $2 / $5}' > "$work/ratios"
span() { awk -v c="$2" 'NR == 1 {lo = hi = $c} {if ($c < lo) lo = $c; if ($c > hi) hi = $c} END {printf "%.2f to %.2f", lo, hi}' "$1"; }
printf 'each pair  wall %s (median %.2f), cpu %s (median %.2f)\n' "$(span "$work/ratios" 1)" "$(col "$work/ratios" 1)" \
  "$(span "$work/ratios" 2)" "$(col "$work/ratios" 2)"
