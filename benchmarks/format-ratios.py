#!/usr/bin/env python3
"""Issue 24's ratios from FormatIngestBenchmark output files (docs/benchmarks.md section 11).

    benchmarks/format-ratios.py OUT.txt [OUT2.txt ...]

For each contender, the median over the rounds of its rows/s, the server's queries' CPU per row (system.events
UserTimeMicroseconds + SystemTimeMicroseconds) and the JVM's cores per M rows/s; then the targets as ratios of
medians: defaults and Native against the RowBinary HTTP ceiling and the official client, server CPU and JVM CPU of
Native against the RowBinary batcher. The warm-up runs (before 'round 1') are left out.
"""
import re
import statistics
import sys

RUN = re.compile(r"^(?P<name>\S.*?)\s+(?P<rate>[\d,]+) rows/s .*JVM CPU\s+[\d.]+ s \((?P<jvm>[\d.]+) cores per M rows/s\)")
SERVER = re.compile(r"queries' CPU [\d.]+ s \((?P<cpu>\d+) ns/row\)")

def contenders(path):
    runs, current, started = {}, None, False
    for line in open(path):
        if line.startswith("round "):
            started = True
            continue
        if not started:
            continue
        m = RUN.match(line)
        if m:
            current = m.group("name").strip()
            runs.setdefault(current, []).append({"rate": float(m.group("rate").replace(",", "")),
                                                 "jvm": float(m.group("jvm"))})
            continue
        s = SERVER.search(line)
        if s and current:
            runs[current][-1]["cpu"] = float(s.group("cpu"))
    return runs

def median(runs, name, key):
    values = [r[key] for r in runs.get(name, []) if key in r]
    return statistics.median(values) if values else float("nan")

for path in sys.argv[1:]:
    runs = contenders(path)
    print(f"== {path}: {max(len(v) for v in runs.values())} rounds")
    print(f"{'contender':<72} {'rows/s':>12} {'server ns/row':>14} {'JVM cores/Mrps':>15}")
    for name in runs:
        print(f"{name:<72} {median(runs, name, 'rate'):>12,.0f} {median(runs, name, 'cpu'):>14.0f} "
              f"{median(runs, name, 'jvm'):>15.2f}")
    find = lambda prefix: next((n for n in runs if n == prefix or (n.startswith(prefix) and "uncompressed" not in n)), None)
    defaults, native, rb = find("batcher, BatchConfig defaults"), find("batcher, format NATIVE"), find("batcher, format ROW_BINARY")
    pojo, http, cli = find("official client"), find("server ceiling (pre-encoded"), find("server ceiling (clickhouse-client")
    r = lambda a, b, key="rate": median(runs, a, key) / median(runs, b, key)
    print(f"defaults / HTTP ceiling {r(defaults, http):.2f}x   NATIVE / HTTP ceiling {r(native, http):.2f}x   (>= 1.3x)")
    print(f"defaults / official POJO {r(defaults, pojo):.2f}x   NATIVE / official POJO {r(native, pojo):.2f}x   (>= 1.3x)")
    print(f"defaults / clickhouse-client {r(defaults, cli):.2f}x   NATIVE / ROW_BINARY batcher {r(native, rb):.2f}x")
    print(f"server CPU per row, NATIVE / ROW_BINARY {r(native, rb, 'cpu'):.2f}x, defaults / ROW_BINARY "
          f"{r(defaults, rb, 'cpu'):.2f}x   (<= 0.7x)")
    one = find("batcher, 1 insert in flight")
    if one:
        print(f"inserts in flight, NATIVE (auto: 2 on MergeTree) / 1 in flight {r(native, one):.2f}x rows/s, "
              f"{r(native, one, 'cpu'):.2f}x server CPU per row, {r(native, one, 'jvm'):.2f}x JVM cores per M rows/s")
    print(f"JVM cores per M rows/s, NATIVE / ROW_BINARY {r(native, rb, 'jvm'):.2f}x, defaults / ROW_BINARY "
          f"{r(defaults, rb, 'jvm'):.2f}x   (<= 1.0x)")
    unc_native, unc_rb = find("batcher, format NATIVE, uncompressed"), find("batcher, format ROW_BINARY, uncompressed")
    if unc_native and unc_rb:
        print(f"uncompressed: server CPU per row, NATIVE / ROW_BINARY {r(unc_native, unc_rb, 'cpu'):.2f}x, "
              f"rows/s {r(unc_native, unc_rb):.2f}x; NATIVE uncompressed / HTTP ceiling {r(unc_native, http):.2f}x; "
              f"LZ4's server CPU per row: NATIVE {median(runs, native, 'cpu') - median(runs, unc_native, 'cpu'):+.0f} ns, "
              f"ROW_BINARY {median(runs, rb, 'cpu') - median(runs, unc_rb, 'cpu'):+.0f} ns")
