#!/usr/bin/env python3
"""Fetch-and-extract throughput and memory of `pith fetch`.

    bench_fetch.py PITH PITH_TESTD [--counts 1000,10000] [--parallel 64]
                   [--hosts 1] [--per-host N] [--threads N] [--strict]

Starts pith_testd on 127.0.0.1 and, for each count, runs `pith fetch` over
that many distinct generated article pages (/gen/N, about 6 KB each,
robots.txt obeyed), streaming the URL list through standard input. Prints
wall time, pages/s and the peak RSS of the pith process (wait4), and checks
the goals: at least 1000 pages/s at the largest count, and memory flat as
the count grows (peak at the largest count within 1.5x of the smallest plus
8 MB). The server runs on the same machine and takes CPU too. --strict
makes a missed goal exit 1."""

import argparse
import json
import os
import subprocess
import sys
import threading
import time


def run(pith, bases, count, parallel, per_host, extra=()):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    start = time.monotonic()
    proc = subprocess.Popen(
        [pith, "fetch", "--parallel", str(parallel), "--per-host",
         str(per_host), "-i", "-"] + list(extra),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    counts = {"records": 0, "errors": 0, "articles": 0}

    def read():
        for line in proc.stdout:
            rec = json.loads(line)
            counts["records"] += 1
            if rec["error"] is not None:
                counts["errors"] += 1
            elif rec.get("article"):
                counts["articles"] += 1

    reader = threading.Thread(target=read)
    reader.start()
    # The list is written in pieces and never held whole: ru_maxrss of a
    # child counts the parent's memory it was forked from, so a large list
    # in this process would show up as pith's peak.
    for first in range(0, count, 1000):
        piece = "".join("%s/gen/%d\n" % (bases[i % len(bases)], i)
                        for i in range(first, min(count, first + 1000)))
        proc.stdin.write(piece.encode())
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    seconds = time.monotonic() - start
    return seconds, usage.ru_maxrss / 1024, counts, proc.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pith")
    ap.add_argument("testd")
    ap.add_argument("--counts", default="1000,10000")
    ap.add_argument("--parallel", type=int, default=64)
    ap.add_argument("--per-host", type=int, default=None,
                    help="default: 64 with one host, else 2")
    ap.add_argument("--hosts", type=int, default=1,
                    help="spread the pages over this many servers (ports)")
    ap.add_argument("--threads", type=int, default=None,
                    help="pith fetch --threads (default: pith's own)")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    extra = ["--threads", str(args.threads)] if args.threads is not None \
        else []
    if args.per_host is None:
        args.per_host = 64 if args.hosts == 1 else 2

    # pith_testd's second server refuses everything in robots.txt; the
    # first has rules that allow /gen/, the others have no robots.txt.
    server = subprocess.Popen([args.testd, "--hosts", str(args.hosts + 1)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ports = [int(p) for p in server.stdout.readline().split()[1:]]
    ports = ports[:1] + ports[2:]
    bases = ["http://127.0.0.1:%d" % p for p in ports[:args.hosts]]
    results = []
    try:
        # A warm-up run, so the first measured run does not pay for cold
        # caches.
        run(args.pith, bases, 200, args.parallel, args.per_host, extra)
        print("%8s %9s %10s %12s %8s %9s" % ("pages", "seconds", "pages/s",
                                            "peak RSS MB", "errors",
                                            "articles"))
        for count in counts:
            seconds, peak, c, code = run(args.pith, bases, count,
                                         args.parallel, args.per_host, extra)
            results.append((count, seconds, peak, c))
            print("%8d %9.2f %10.0f %12.1f %8d %9d" % (
                count, seconds, count / seconds, peak, c["errors"],
                c["articles"]), flush=True)
            if c["records"] != count:
                print("ERROR: %d records for %d URLs" % (c["records"], count))
                return 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)

    ok = True
    count, seconds, peak, _ = results[-1]
    rate = count / seconds
    good = rate >= 1000
    ok &= good
    print("%s  >= 1000 pages/s at %d pages, --parallel %d (%.0f)" % (
        "PASS" if good else "FAIL", count, args.parallel, rate))
    if len(results) > 1:
        small, large = results[0][2], results[-1][2]
        good = large <= small * 1.5 + 8
        ok &= good
        print("%s  memory flat: peak %.1f MB at %d pages, %.1f MB at %d" % (
            "PASS" if good else "FAIL", small, results[0][0], large,
            results[-1][0]))
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
