#!/usr/bin/python3
"""The Dask driver (contrib/dask/pith_dask.py) on a LocalCluster with two
workers: three WARC files written here give the records `pith batch` gives
for each file, in the order the files were named, and the summary counts
them. Skipped (77) when Debian's python3-distributed is not importable.

    /usr/bin/python3 dask_test.py PITH
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import skip_note  # noqa: E402
import warc_writer as ww  # noqa: E402

try:
    import distributed  # noqa: F401
except ImportError:
    skip_note.skip("install python3-distributed (Debian's) to test the Dask "
                   "driver")

DRIVER = os.path.join(HERE, "..", "contrib", "dask", "pith_dask.py")


def main():
    pith = os.path.abspath(sys.argv[1])
    fixtures = os.path.join(HERE, "..", "fixtures")
    names = sorted(n for n in os.listdir(fixtures) if n.endswith(".html"))
    tmp = tempfile.mkdtemp(prefix="pith-dask-")
    fails = []
    try:
        files = []
        for k in range(3):
            pages = [ww.Page("http://site%d.example/%s" % (k, n),
                             open(os.path.join(fixtures, n), "rb").read(),
                             compress="gzip" if i % 2 else None)
                     for i, n in enumerate(names[k * 15:(k + 1) * 15])]
            path = os.path.join(tmp, "part-%d.warc.gz" % k)
            ww.write(path, [r for r, _ in ww.crawl_records(pages)], "member")
            files.append(path)
        expected = b""
        for f in files:
            expected += subprocess.run([pith, "batch", "-q", "-j", "1", f],
                                       capture_output=True,
                                       check=True).stdout
        out = os.path.join(tmp, "all.jsonl")
        summary = os.path.join(tmp, "summary.json")
        p = subprocess.run([sys.executable, DRIVER, "--local-workers", "2",
                            "--memory-limit", "256MB", "--pith", pith,
                            "-o", out, "--summary-json", summary] + files,
                           capture_output=True, timeout=600)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0:
            fails.append("driver exit %d: %s" % (p.returncode, err[-2000:]))
        got = open(out, "rb").read() if os.path.exists(out) else b""
        if got != expected:
            fails.append("the records differ from pith batch per file "
                         "(%d vs %d lines)" % (len(got.splitlines()),
                                               len(expected.splitlines())))
        n = len(expected.splitlines())
        if n != 45:
            fails.append("expected 45 records, pith batch gave %d" % n)
        s = json.load(open(summary)) if os.path.exists(summary) else {}
        if s.get("records") != n or s.get("files") != 3 or \
                s.get("articles", 0) + s.get("no_article", 0) != n:
            fails.append("summary %r" % s)
        if "pith_dask: 3 files, %d records" % n not in err:
            fails.append("no summary line: %r" % err[-500:])
        # every worker writing its own file
        outdir = os.path.join(tmp, "out")
        p = subprocess.run([sys.executable, DRIVER, "--local-workers", "2",
                            "--memory-limit", "256MB", "--pith", pith,
                            "--out-dir", outdir] + files,
                           capture_output=True, timeout=600)
        parts = b"".join(open(os.path.join(outdir, os.path.basename(f) +
                                           ".jsonl"), "rb").read()
                         for f in files
                         if os.path.exists(os.path.join(
                             outdir, os.path.basename(f) + ".jsonl")))
        if p.returncode != 0 or parts != expected:
            fails.append("--out-dir: exit %d, %d lines" %
                         (p.returncode, len(parts.splitlines())))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in fails:
        print("FAIL:", f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
