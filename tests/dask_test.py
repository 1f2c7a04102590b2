#!/usr/bin/python3
"""The Dask driver (contrib/dask/pith_dask.py) on a LocalCluster with two
workers: three WARC files written here give the records `pith batch` gives
for each file, in the order the files were named, and the summary counts
them; with --out-dir, files of the same name in different folders get
outputs of their own; with --site-boilerplate a site split over three
files gives the records of one pith batch --site-boilerplate over them; a pith that cannot be run gives one line, not a
traceback, whether the cluster is local or reached with --scheduler.
Skipped (77) when Debian's python3-distributed is not importable.

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
        fails += same_names(pith, tmp, files)
        fails += site_boilerplate(pith, tmp)
        fails += missing_pith(files)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in fails:
        print("FAIL:", f)
    if not fails:
        print("ok")
    return 1 if fails else 0


def same_names(pith, tmp, files):
    """Two folders holding a file of the same name: --out-dir keeps both,
    each with its own records."""
    fails = []
    pair = []
    for k, folder in enumerate(("crawl-a", "crawl-b")):
        os.makedirs(os.path.join(tmp, folder))
        pair.append(os.path.join(tmp, folder, "part.warc.gz"))
        shutil.copy(files[k], pair[-1])
    outdir = os.path.join(tmp, "same")
    p = subprocess.run([sys.executable, DRIVER, "--local-workers", "2",
                        "--memory-limit", "256MB", "--pith", pith,
                        "--out-dir", outdir] + pair,
                       capture_output=True, timeout=600)
    for k, folder in enumerate(("crawl-a", "crawl-b")):
        out = os.path.join(outdir, folder, "part.warc.gz.jsonl")
        want = subprocess.run([pith, "batch", "-q", "-j", "1", pair[k]],
                              capture_output=True, check=True).stdout
        got = open(out, "rb").read() if os.path.exists(out) else b""
        if p.returncode != 0 or got != want:
            fails.append("same file names: %s holds %d lines, want %d (exit "
                         "%d)" % (out, len(got.splitlines()),
                                  len(want.splitlines()), p.returncode))
    return fails


def site_boilerplate(pith, tmp):
    """--site-boilerplate over a site split into three WARC files gives
    the records of one pith batch --site-boilerplate over the three."""
    import site_test
    folder = os.path.join(tmp, "site")
    os.makedirs(folder)
    own = site_test.make_site(folder)
    files = []
    for k in range(3):
        pages = [ww.Page("http://news.example.org/" + n,
                         open(os.path.join(folder, n), "rb").read())
                 for n in sorted(own)[k * 10:(k + 1) * 10]]
        files.append(os.path.join(tmp, "site-%d.warc.gz" % k))
        ww.write(files[-1], [r for r, _ in ww.crawl_records(pages)],
                 "member")
    want = subprocess.run([pith, "batch", "-q", "-j", "1",
                           "--site-boilerplate"] + files,
                          capture_output=True, check=True).stdout
    out = os.path.join(tmp, "site.jsonl")
    p = subprocess.run([sys.executable, DRIVER, "--local-workers", "2",
                        "--memory-limit", "256MB", "--pith", pith,
                        "--site-boilerplate", "-o", out] + files,
                       capture_output=True, timeout=600)
    got = open(out, "rb").read() if os.path.exists(out) else b""
    fails = []
    if len(want.splitlines()) != 30 or site_test.FOOTER.encode() in want:
        fails.append("pith batch --site-boilerplate kept the footer")
    if p.returncode != 0 or got != want:
        fails.append("--site-boilerplate: exit %d, %d lines, %s: %s" % (
            p.returncode, len(got.splitlines()),
            "same records" if got == want else "other records",
            p.stderr.decode("utf-8", "replace")[-600:]))
    return fails


def missing_pith(files):
    """No pith where it is looked for: one line and exit 2, on a local
    cluster and through --scheduler."""
    fails = []
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                           memory_limit="256MB", dashboard_address=None)
    try:
        for how in (["--local-workers", "1"],
                    ["--scheduler", cluster.scheduler_address]):
            p = subprocess.run([sys.executable, DRIVER, "--pith",
                                "/nonexistent/bin/pith"] + how + files[:2],
                               capture_output=True, timeout=600)
            err = p.stderr.decode("utf-8", "replace")
            lines = [l for l in err.splitlines() if l.strip()]
            said = [l for l in lines if l.startswith("pith_dask:")]
            if p.returncode != 2 or "Traceback" in err or len(said) != 1 \
                    or "/nonexistent/bin/pith" not in said[0]:
                fails.append("missing pith with %s: exit %d, %r"
                             % (how[0], p.returncode, err[-600:]))
    finally:
        cluster.close()
    return fails


if __name__ == "__main__":
    sys.exit(main())
