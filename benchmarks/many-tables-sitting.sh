#!/usr/bin/env bash
# Issue 22's many-tables benchmarks (docs/benchmarks.md §10), one server per call, each part under ~6 minutes so that
# it fits one `benchslot`. CP is the core module's test class path (ManyTablesBenchmark lives beside ManyTables and
# ManyTablesOutageMain in its tests); see §10's commands.
#
#   benchmarks/many-tables-sitting.sh lowrate OUT URL    # 50 tables x 20 rows/s: minRows/maxLinger candidates
#   benchmarks/many-tables-sitting.sh steady  OUT URL    # 1, 10 and 50 tables at full load, defaults
set -euo pipefail
part=$1 out=$2 url=$3
: "${CP:?set CP to the test class path of the core module}"
mkdir -p "$out"
name=$(echo "$url" | tr -c 'a-zA-Z0-9\n' '_')
run() { java -Xmx1g -cp "$CP" io.clicktype.batch.ManyTablesBenchmark "$url" "$@" 2>&1 | grep '^RESULT' | tee -a "$out/$part-$name.txt"; }
echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) $url" | tee -a "$out/$part-$name.txt"
case $part in
lowrate)
    # minRows 0 is the old default (maxWait 1 s seals every batch); then minRows 1000 with three lingers
    run paced 50 20 60 0 1
    run paced 50 20 60 1000 5
    run paced 50 20 60 1000 10
    run paced 50 20 60 1000 30
    ;;
steady)
    for tables in 1 10 50; do
        run steady "$tables" 30
    done
    ;;
*)
    echo "usage: $0 lowrate|steady OUT URL" >&2
    exit 2
    ;;
esac
echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/$part-$name.txt"
