#!/usr/bin/env python3
"""bench_serve — `pith serve` under load with wrk, against `pith batch`.

    bench_serve.py [--pith PATH] [--seconds S] [--connections N]
                   [--threads N] DIR...

Every .html / .html.gz page under the DIRs is unpacked into a temporary
folder. Then:
  (a) `pith batch -q -j THREADS -o /dev/null FOLDER`: pages/s, the
      reference throughput (best of two runs);
  (b) `pith serve --threads THREADS` on 127.0.0.1 and `wrk` posting the
      pages in turn to /extract for S seconds (default 60) over N
      connections (default 16): requests/s, errors (socket errors and
      answers other than 200), p50/p99 latency.
The ratio (b)/(a) is printed against the 0.8 target, and the load average
before and after (the machine may be shared). Needs wrk (Debian's
package). Only 127.0.0.1 is used.
"""

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

LUA = r"""
-- Posts the pages listed in PAGES_FILE to /extract, one after another.
local bodies = {}
local f = io.open(os.getenv("PITH_BENCH_LIST"), "r")
for path in f:lines() do
  local p = io.open(path, "rb")
  bodies[#bodies + 1] = p:read("*a")
  p:close()
end
f:close()
local n = 0
local headers = {["Content-Type"] = "text/html"}

function init(args)
  n = math.random(#bodies)
end

function request()
  n = n % #bodies + 1
  return wrk.format("POST", "/extract", headers, bodies[n])
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end
"""


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def unpack(dirs, out):
    paths = []
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in sorted(files):
                src = os.path.join(root, name)
                if name.endswith(".html.gz"):
                    data = gzip.open(src).read()
                elif name.endswith(".html"):
                    data = open(src, "rb").read()
                else:
                    continue
                dst = os.path.join(out, "%05d.html" % len(paths))
                with open(dst, "wb") as f:
                    f.write(data)
                paths.append(dst)
    return paths


def batch_rate(pith, folder, n, threads):
    best = None
    for _ in range(2):
        t0 = time.monotonic()
        subprocess.run([pith, "batch", "-q", "-j", str(threads), "-o",
                        "/dev/null", folder], check=True)
        took = time.monotonic() - t0
        best = took if best is None else min(best, took)
    return n / best


def seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pith", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        "build", "pith"))
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    if not shutil.which("wrk"):
        print("bench_serve: needs wrk (apt-get install wrk)")
        return 2
    tmp = tempfile.mkdtemp(prefix="pith-bench-serve-")
    try:
        folder = os.path.join(tmp, "pages")
        os.mkdir(folder)
        paths = unpack(a.dirs, folder)
        size = sum(os.path.getsize(p) for p in paths)
        print("pages: %d, %.1f MB of HTML; load average %s" %
              (len(paths), size / 1e6, load()))
        batch = batch_rate(a.pith, folder, len(paths), a.threads)
        print("pith batch -j %d: %.1f pages/s" % (a.threads, batch))

        listing = os.path.join(tmp, "list.txt")
        with open(listing, "w") as f:
            f.write("\n".join(paths) + "\n")
        script = os.path.join(tmp, "post.lua")
        with open(script, "w") as f:
            f.write(LUA)
        srv = subprocess.Popen([a.pith, "serve", "--listen", "127.0.0.1:0",
                                "--threads", str(a.threads)],
                               stderr=subprocess.PIPE)
        line = srv.stderr.readline().decode()
        port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
        env = dict(os.environ, PITH_BENCH_LIST=listing)
        p = subprocess.run(["wrk", "-t", "1", "-c", str(a.connections),
                            "-d", "%ds" % a.seconds, "--latency",
                            "--timeout", "10s", "-s", script,
                            "http://127.0.0.1:%s/" % port],
                           capture_output=True, text=True, env=env)
        srv.terminate()
        code = srv.wait(30)
        out = p.stdout
        print(out.rstrip())
        if p.stderr.strip():
            print(p.stderr.rstrip())
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = 0
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if m:
            errors += int(m.group(1))
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write "
                      r"(\d+), timeout (\d+)", out)
        if m:
            errors += sum(int(x) for x in m.groups())
        lat = dict((q, seconds(v, u)) for q, v, u in re.findall(
            r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M))
        print()
        print("pith serve --threads %d, wrk %d connections, %d s:" %
              (a.threads, a.connections, a.seconds))
        print("  %.1f requests/s, %d errors, p50 %.1f ms, p99 %.1f ms" %
              (rate, errors, lat.get("50", 0) * 1e3, lat.get("99", 0) * 1e3))
        print("  %.2fx pith batch -j %d (target >= 0.8x): %s" %
              (rate / batch, a.threads,
               "PASS" if rate >= 0.8 * batch else "FAIL"))
        print("  errors (target 0): %s; server exit %d" %
              ("PASS" if errors == 0 else "FAIL", code))
        print("load average after: %s" % load())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
