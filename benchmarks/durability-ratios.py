#!/usr/bin/env python3
"""Summarises one sitting of benchmarks/durability-sitting.sh as ratios, new (after) / old (before).

Each pair of runs n-old, n-new ran back to back, so every ratio is taken within a pair; the summary is the median
over pairs with the smallest and largest. Usage: benchmarks/durability-ratios.py OUT
"""
import csv
import glob
import os
import re
import statistics
import sys

out = sys.argv[1]


def pairs(prefix, suffix):
    """(n, old file, new file) for every run pair present."""
    found = []
    for old in sorted(glob.glob(os.path.join(out, f"{prefix}-*-old{suffix}"))):
        n = old[len(os.path.join(out, prefix)) + 1:].split("-")[0]
        new = old.replace("-old", "-new")
        if os.path.exists(new):
            found.append((n, old, new))
    return found


def spread(values):
    return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f}, n={len(values)})"


def e2e(path, what="rows/s"):
    """Median rows/s, rows per fsync or a thread group's CPU ns per row, per (server, mode), of one
    DurabilityIngestBenchmark output."""
    rates = {}
    key = None
    for line in open(path):
        m = re.match(r"round \d+\s+(\S+)\s+(.+?)\s{2,}\s*([\d,]+) rows\s+([\d,]+) rows/s", line)
        f = re.search(r"([\d.]+) rows per fsync", line)
        if m:
            key = (m.group(1), m.group(2))
            if what == "rows/s" or (what == "rows per fsync" and f):
                value = m.group(4) if what == "rows/s" else f.group(1)
                rates.setdefault(key, []).append(float(value.replace(",", "")))
        c = re.search(r"CPU ns per row:.*\b" + re.escape(what) + r" (\d+)", line)
        if key and c:
            rates.setdefault(key, []).append(float(c.group(1)))
    return {k: statistics.median(v) for k, v in rates.items()}


def wal(path):
    """(rows/s, p50 ns) per mode of one WalBenchmark output."""
    result = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[1].isdigit():
            result[(cells[0], int(cells[1]))] = (float(cells[2].replace(",", "")),
                                                 float(cells[4].replace(",", "").split()[0]))
    return result


def jmh(path):
    with open(path) as f:
        return float(next(csv.DictReader(f))["Score"])


def encode(path):
    result = {}
    for line in open(path):
        m = re.match(r"(\w+)\s+/\s+(\w+)\s+median\s+([\d.]+)×", line)
        if m:
            result[f"{m.group(1)} / {m.group(2)}"] = float(m.group(3))
        m = re.match(r"(\w+)\s+ns/row median\s+([\d.]+)", line)
        if m:
            result[f"{m.group(1)} ns/row"] = float(m.group(2))
    return result


for prefix, what in (("e2e", "rows/s"), ("e2e", "worker"), ("e2e", "producers"), ("walsync", "rows/s"),
                     ("walsync", "rows per fsync"), ("recycle", "rows/s"), ("recycle", "producers"),
                     ("recycle", "log sync")):
    if not glob.glob(os.path.join(out, prefix + "-*")):
        continue
    print(f"{prefix}: new / old {what} (per pair: median of the pair's rounds):")
    ratios, absolute = {}, {}
    for n, old, new in pairs(prefix, ".txt"):
        o, w = e2e(old, what), e2e(new, what)
        for key in o:
            if key in w and o[key] > 0:
                ratios.setdefault(key, []).append(w[key] / o[key])
                absolute.setdefault(key, []).append((o[key], w[key]))
    for key in sorted(ratios):
        olds = statistics.median(a for a, _ in absolute[key])
        news = statistics.median(b for _, b in absolute[key])
        unit = what if what in ("rows/s", "rows per fsync") else what + " CPU ns/row"
        print(f"  {key[0]:26s} {key[1]:28s} old {olds:>11,.2f}  new {news:>11,.2f} {unit}  new/old {spread(ratios[key])}")

if glob.glob(os.path.join(out, "wal-*")):
    print("WalBenchmark (no-op transport), 1 producer: caller ns per insert = 1e9 / rows/s; new / old:")
    per = {}
    for n, old, new in pairs("wal", ".txt"):
        o, w = wal(old), wal(new)
        for key in o:
            if key in w:
                per.setdefault(key, []).append((o[key], w[key]))
    for key in sorted(per):
        runs = per[key]
        ns_old = statistics.median(1e9 / a[0] * key[1] for a, _ in runs)
        ns_new = statistics.median(1e9 / b[0] * key[1] for _, b in runs)
        p50_old = statistics.median(a[1] for a, _ in runs)
        p50_new = statistics.median(b[1] for _, b in runs)
        print(f"  {key[0]:14s} {key[1]} producer(s): ns per insert (per producer) old {ns_old:6.0f} new {ns_new:6.0f}, "
              f"new/old {spread([a[0] / b[0] for a, b in runs])}; p50 old {p50_old:.0f} ns new {p50_new:.0f} ns")
    for n, old, new in pairs("wal", ".txt"):
        o, w = wal(old), wal(new)
        if ("memory", 1) in o and ("wal interval", 1) in o:
            print(f"  pair {n}: interval/memory rows/s old {o[('wal interval', 1)][0] / o[('memory', 1)][0]:.2f}× "
                  f"new {w[('wal interval', 1)][0] / w[('memory', 1)][0]:.2f}×")

for t in (1, 8):
    found = pairs("producer", f"-t{t}.csv")
    if found:
        r = [jmh(new) / jmh(old) for _, old, new in found]
        print(f"ProducerBenchmark.insert -t {t}: old {statistics.median(jmh(o) for _, o, _ in found):,.0f} "
              f"new {statistics.median(jmh(w) for _, _, w in found):,.0f} ops/s, new/old {spread(r)}")

if glob.glob(os.path.join(out, "encode-*")):
    print("EncodeRatios (each line: old, new):")
    found = pairs("encode", ".txt")
    for key in encode(found[0][1]):
        print(f"  {key:52s} " + "  ".join(f"{encode(o)[key]:7.2f} {encode(w)[key]:7.2f}" for _, o, w in found))


def wal_vs_memory(path):
    """Per (server, producers): wal interval / memory rows/s of each round of one DurabilityIngestBenchmark output."""
    rates = {}
    for line in open(path):
        m = re.match(r"round (\d+)\s+(\S+)\s+(memory|wal interval), (\d+) producers?\s+[\d,]+ rows\s+([\d,]+) rows/s",
                     line)
        if m:
            rates[(m.group(1), m.group(2), m.group(3), m.group(4))] = float(m.group(5).replace(",", ""))
    ratios = {}
    for (rnd, server, mode, producers), value in rates.items():
        memory = rates.get((rnd, server, "memory", producers))
        if mode == "wal interval" and memory:
            ratios.setdefault((server, int(producers)), []).append(value / memory)
    return ratios


if glob.glob(os.path.join(out, "recycle-*")):
    print("recycle: wal interval / memory rows/s, each jar's own rounds (old, then new):")
    per = {}
    for n, old, new in pairs("recycle", ".txt"):
        for side, path in (("old", old), ("new", new)):
            for key, values in wal_vs_memory(path).items():
                per.setdefault((key, side), []).extend(values)
    for key in sorted({k for k, _ in per}):
        cells = [f"{side} {spread(per[(key, side)])}" for side in ("old", "new") if (key, side) in per]
        print(f"  {key[0]:26s} {key[1]} producer(s)  " + "   ".join(cells))

if glob.glob(os.path.join(out, "cost-*")):
    print("InsertCost interval (no server), CPU ns per row, median over pairs (old, new):")
    fields = {}
    for n, old, new in pairs("cost", ".txt"):
        for side, path in (("old", old), ("new", new)):
            for line in open(path):
                if "rows/s" in line:
                    for name, value in re.findall(r"(\S+)=(\d+)", line):
                        fields.setdefault((name, side), []).append(float(value))
                    rate = re.search(r"rows/s (\d+)", line)
                    fields.setdefault(("rows/s", side), []).append(float(rate.group(1)))
    for name in dict.fromkeys(k for k, _ in fields):
        o, w = fields.get((name, "old"), []), fields.get((name, "new"), [])
        if o and w:
            print(f"  {name:16s} old {statistics.median(o):>12,.0f}  new {statistics.median(w):>12,.0f}  "
                  f"({', '.join(f'{a:,.0f}/{b:,.0f}' for a, b in zip(o, w))})")
