#!/usr/bin/env bash
# One sitting of the issue-21 performance targets (docs/benchmarks.md §9): before (OLD jar, commit a9cbbd6 with this
# module's benchmark classes copied in) against after (NEW jar), interleaved, and the durability modes end to end.
#
#   benchmarks/durability-sitting.sh e2e   OUT OLD.jar NEW.jar URL1,URL2   # targets 1, 2 and 4 (end to end)
#   benchmarks/durability-sitting.sh micro OUT OLD.jar NEW.jar             # targets 3 and 4 (caller, JMH, encode)
#   benchmarks/durability-sitting.sh walsync OUT HEAD.jar PROTO.jar URL1,URL2  # group commit, HEAD against a change
#   benchmarks/durability-sitting.sh recycle OUT HEAD.jar NEW.jar URL1,URL2    # target 1: the log's segments reused
#   benchmarks/durability-sitting.sh memory OUT OLD.jar NEW.jar FIXED.jar      # target 4: one table's worker, 3 jars
#
# Each part stays under ~6 minutes so that it can run inside one `benchslot`. Raw output goes to OUT/, one file per
# run, named <part>-<n>-<old|new>.txt; benchmarks/durability-ratios.py OUT summarises them.
set -euo pipefail
part=$1 out=$2 old=$3 new=$4
mkdir -p "$out"
java=(java -Xmx2g)
load() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"; }
# durability_pairs PREFIX MODES: 3 pairs of DurabilityIngestBenchmark runs (2 rounds each), old and new JVMs
# alternating, into OUT/PREFIX-<n>-<old|new>.txt
durability_pairs() {
    for n in 1 2 3; do
        for v in old new; do
            jar=$old; [ $v = new ] && jar=$new
            "${java[@]}" -cp "$jar" io.clicktype.batch.benchmarks.DurabilityIngestBenchmark "$out/wal" 2000000 100000 2 \
                "$urls" "$2" > "$out/$1-$n-$v.txt" 2>&1
        done
        load
    done
}

case $part in
e2e)
    urls=$5
    load
    # targets 1 and 2: every mode on both servers, rounds interleaved inside one JVM
    "${java[@]}" -cp "$new" io.clicktype.batch.benchmarks.DurabilityIngestBenchmark "$out/wal" 2000000 100000 5 \
        "$urls" > "$out/durability-new.txt" 2>&1
    load
    # target 4 end to end: the same benchmark in memory mode (and wal interval), old and new JVMs alternating
    durability_pairs e2e memory:1,memory:8,interval:1
    ;;
walsync)
    # the group-commit change of branch issue-21-bench-walsync-proto (NEW.jar = HEAD, OLD.jar is then HEAD's own jar)
    urls=$5
    load
    durability_pairs walsync always:1,memory:8,always:8
    ;;
recycle)
    # target 1 before / after the log reused its acknowledged segments: wal interval and memory mode end to end
    # (each jar's own wal / memory ratio, round by round), and InsertCost's CPU per row (no server, JVM threads and
    # the whole machine, kernel writeback included), the two jars alternating
    urls=$5
    load
    durability_pairs recycle memory:1,interval:1,memory:8,interval:8
    for n in 1 2 3; do
        for v in old new; do
            jar=$old; [ $v = new ] && jar=$new
            "${java[@]}" -cp "$jar" io.clicktype.batch.benchmarks.InsertCost interval 10000000 "$out/cost" \
                > "$out/cost-$n-$v.txt" 2>&1
        done
    done
    load
    ;;
memory)
    # target 4, memory mode into a no-op transport: before the rebuild, after it, and after the false-sharing fix,
    # the three jars alternating (InsertCost: rows/s and CPU per row by thread; JMH ProducerBenchmark.insert -t 1)
    fixed=$5
    load
    for n in 1 2 3 4 5; do
        for v in old new fixed; do
            jar=$old; [ $v = new ] && jar=$new; [ $v = fixed ] && jar=$fixed
            "${java[@]}" -cp "$jar" io.clicktype.batch.benchmarks.InsertCost memory 10000000 "$out/cost" \
                > "$out/memory-$n-$v.txt" 2>&1
        done
    done
    load
    for n in 1 2 3; do
        for v in old new fixed; do
            jar=$old; [ $v = new ] && jar=$new; [ $v = fixed ] && jar=$fixed
            java -jar "$jar" 'ProducerBenchmark.insert$' -t 1 -f 1 -wi 3 -w 1s -i 5 -r 1s \
                -rf csv -rff "$out/jmh-$n-$v.csv" > "$out/jmh-$n-$v.txt" 2>&1
        done
    done
    load
    ;;
micro)
    load
    for n in 1 2 3 4 5; do
        for v in old new; do
            jar=$old; [ $v = new ] && jar=$new
            # target 3: the caller's cost of one insert, log mode (fsync interval) and memory mode, no server
            "${java[@]}" -cp "$jar" io.clicktype.batch.benchmarks.WalBenchmark "$out/walbench" 3 1 memory,interval \
                > "$out/wal-$n-$v.txt" 2>&1
        done
    done
    load
    for n in 1 2 3 4; do
        for v in old new; do
            jar=$old; [ $v = new ] && jar=$new
            for t in 1 8; do
                # target 4: memory mode's insert into a no-op transport (JMH)
                java -jar "$jar" 'ProducerBenchmark.insert$' -t $t -f 1 -wi 3 -w 1s -i 5 -r 1s \
                    -rf csv -rff "$out/producer-$n-$v-t$t.csv" > "$out/producer-$n-$v-t$t.txt" 2>&1
            done
        done
    done
    load
    for n in 1 2; do
        for v in old new; do
            jar=$old; [ $v = new ] && jar=$new
            java -cp "$jar" io.clicktype.batch.benchmarks.EncodeRatios 20 > "$out/encode-$n-$v.txt" 2>&1
        done
    done
    load
    ;;
*)
    echo "usage: $0 e2e|micro|walsync|recycle|memory OUT OLD.jar NEW.jar [URL1,URL2]" >&2
    exit 2
    ;;
esac
