#!/usr/bin/env bash
# server-format-probe.sh URL [ROUNDS]: what the server itself spends per row on an INSERT of its own Native against its
# own RowBinary (docs/benchmarks.md §15). The bodies are made by the server (SELECT ... FORMAT Native | RowBinary from
# 100 000 rows of IngestBenchmark's 10-column event table), so no client's encoding is in the figure; with LZ4, the
# server compresses them itself (compress=1, ClickHouse's compressed HTTP framing) and the INSERT says decompress=1.
# Per round and variant: 20 INSERTs of the 100 000-row body into a fresh table with merges stopped; the server's CPU is
# system.events UserTimeMicroseconds + SystemTimeMicroseconds before and after (chDB has no system.query_log).
# Needs curl. Prints one line per run and the per-round Native / RowBinary ratios.
set -euo pipefail
U=${1:?URL}; ROUNDS=${2:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
q() { curl -sSf "$U/" --data-binary "$1"; }
q "DROP TABLE IF EXISTS probe_src"; q "DROP TABLE IF EXISTS probe_dst"
q "CREATE TABLE probe_src (id Int64, ts DateTime, url String, referrer String, user_agent String, country String, user_id UInt32, duration Float64, note Nullable(String), tags Array(String)) ENGINE = MergeTree ORDER BY id"
q "INSERT INTO probe_src SELECT number, toDateTime('2026-01-01 00:00:00') + number % 86400, concat('https://example.com/page/', toString(number % 4096)), concat('https://ref.example/', toString(number % 97)), 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', ['DE','US','FR','GB'][number % 4 + 1], number % 100000, (number % 1000) / 7, if(number % 3 = 0, NULL, 'some note'), ['a','bb','ccc'] FROM numbers(100000)"
for f in Native RowBinary; do
  curl -sSf "$U/?query=SELECT+*+FROM+probe_src+ORDER+BY+id+FORMAT+$f" > "$work/$f"
  curl -sSf "$U/?compress=1&query=SELECT+*+FROM+probe_src+ORDER+BY+id+FORMAT+$f" > "$work/$f.lz4"
done
ls -l "$work" | awk 'NR > 1 {print "body", $9, $5, "bytes"}'
cpu() { q "SELECT sum(value) FROM system.events WHERE event IN ('UserTimeMicroseconds','SystemTimeMicroseconds')"; }
for round in $(seq 1 "$ROUNDS"); do
  declare -A ns=()
  for v in Native RowBinary Native.lz4 RowBinary.lz4; do
    q "DROP TABLE IF EXISTS probe_dst"; q "CREATE TABLE probe_dst AS probe_src"; q "SYSTEM STOP MERGES probe_dst"
    extra=""; [[ $v == *.lz4 ]] && extra="&decompress=1"
    before=$(cpu)
    for i in $(seq 1 20); do
      curl -sSf "$U/?query=INSERT+INTO+probe_dst+FORMAT+${v%.lz4}$extra" --data-binary @"$work/$v"
    done
    after=$(cpu)
    rows=$(q "SELECT count() FROM probe_dst")
    [[ $rows == 2000000 ]] || { echo "probe_dst holds $rows rows, not 2000000" >&2; exit 1; }
    ns[$v]=$(( (after - before) * 1000 / 2000000 ))
    echo "round $round $v: ${ns[$v]} ns/row server CPU"
  done
  awk -v a="${ns[Native]}" -v b="${ns[RowBinary]}" -v c="${ns[Native.lz4]}" -v d="${ns[RowBinary.lz4]}" \
      'BEGIN {printf "round ratio Native/RowBinary uncompressed %.2f, with LZ4 %.2f\n", a / b, c / d}'
done
q "DROP TABLE IF EXISTS probe_src"; q "DROP TABLE IF EXISTS probe_dst"
