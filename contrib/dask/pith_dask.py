#!/usr/bin/python3
"""Runs `pith batch` over many WARC files on a Dask cluster.

Each WARC file (or any other input `pith batch` reads) is one task: the
worker runs `pith batch -q -j THREADS FILE` and sends back the JSON Lines
and its counts. The client writes the records in the order the files were
given and prints a summary (records, articles, no article, errors by kind).

    pith_dask.py [--scheduler ADDRESS | --local-workers N] [--pith PATH]
                 [--threads N] [-o OUT.jsonl | --out-dir DIR]
                 [--summary-json FILE] FILE...

Without --scheduler a LocalCluster with N workers (default 2) is started.
With --scheduler tcp://HOST:8786 the tasks go to a running cluster: pith
must then be installed at --pith on every worker, and the files must be
readable there under the same paths (shared storage). With --out-dir every
worker writes DIR/NAME.jsonl itself (resumable: a task that is run again
goes on where it stopped) and only the counts travel back; NAME is the
file's path below the folder all the inputs share, so two files of the
same name in different folders get different outputs (a/part.warc.gz ->
DIR/a/part.warc.gz.jsonl, b/part.warc.gz -> DIR/b/part.warc.gz.jsonl).

With --site-boilerplate the lines that recur across the pages of a host
(pith batch --site-boilerplate) are left out over the whole crawl, not one
file at a time: a first round of tasks writes each file's site profile
(pith batch --write-site-profile), the client adds them up into one, and
the second round extracts every file with it (--site-profile). The output
is the one a single pith batch --site-boilerplate over all the files would
give.

Needs Debian's python3-distributed; run it with /usr/bin/python3.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys


def count_records(lines):
    """Counts of one file's JSON Lines: records, articles, no article,
    errors by kind."""
    c = {"records": 0, "articles": 0, "no_article": 0, "errors": {}}
    for line in lines:
        if not line.strip():
            continue
        rec = json.loads(line)
        c["records"] += 1
        if rec.get("error"):
            kind = rec["error"].get("kind", "unknown")
            c["errors"][kind] = c["errors"].get(kind, 0) + 1
        elif rec.get("article"):
            c["articles"] += 1
        else:
            c["no_article"] += 1
    return c


def profile_of(path, pith, threads):
    """First-round task of --site-boilerplate: the site profile of one
    file's pages (its text), or an error. Runs on a worker."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="pith-dask-") as tmp:
        prof = os.path.join(tmp, "site.profile")
        try:
            p = subprocess.run([pith, "batch", "-q", "-j", str(threads),
                                "-o", os.devnull, "--write-site-profile",
                                prof, path], capture_output=True)
        except OSError as e:
            return {"file": path, "profile": None,
                    "cannot_run": "cannot run %s: %s" % (pith,
                                                          e.strerror or e)}
        text = None
        if os.path.exists(prof):
            with open(prof, encoding="utf-8") as f:
                text = f.read()
        return {"file": path, "profile": text, "returncode": p.returncode,
                "stderr": p.stderr.decode("utf-8", "replace")}


def merge_profiles(texts):
    """Adds site profiles up into one, in pith's own order (hosts by name,
    hashes ascending), as pith_site_profile_read would."""
    hosts = {}
    for text in texts:
        lines = text.splitlines()
        if not lines or lines[0] != "pith-site-profile 1":
            raise ValueError("not a site profile")
        host = None
        for line in lines[1:]:
            if line.startswith("host "):
                _, name, pages, _ = line.split(" ")
                host = hosts.setdefault(name, [0, {}])
                host[0] += int(pages)
            elif line:
                key, count = line.split(" ")
                host[1][key] = host[1].get(key, 0) + int(count)
    out = ["pith-site-profile 1"]
    for name in sorted(hosts, key=lambda h: h.encode()):
        pages, counts = hosts[name]
        out.append("host %s %d %d" % (name, pages, len(counts)))
        out.extend("%s %d" % (k, counts[k]) for k in sorted(counts))
    return "\n".join(out) + "\n"


def run_pith(path, out, pith, threads, profile=None):
    """One task: pith batch over one file, into `out` or back to the
    client; with `profile` (a site profile's text), --site-profile. Runs on
    a worker."""
    cmd = [pith, "batch", "-q", "-j", str(threads)]
    result = {"file": path, "output": out, "jsonl": None,
              "counts": count_records([]), "returncode": None, "stderr": ""}
    tmp = None
    if profile is not None:
        import tempfile
        tmp = tempfile.TemporaryDirectory(prefix="pith-dask-")
        prof = os.path.join(tmp.name, "site.profile")
        with open(prof, "w", encoding="utf-8") as f:
            f.write(profile)
        cmd += ["--site-profile", prof]
    try:
        return run_batch(cmd, path, out, result)
    finally:
        if tmp is not None:
            tmp.cleanup()


def run_batch(cmd, path, out, result):
    """pith batch (cmd) over one file; fills `result`."""
    try:
        if out:
            os.makedirs(os.path.dirname(out), exist_ok=True)
            p = subprocess.run(cmd + ["-o", out, "--resume", path],
                               capture_output=True)
            if os.path.exists(out):
                with open(out, "rb") as f:
                    result["counts"] = count_records(f)
        else:
            p = subprocess.run(cmd + [path], capture_output=True)
            result["jsonl"] = p.stdout
            result["counts"] = count_records(p.stdout.splitlines())
    except OSError as e:
        # pith missing or not runnable on this worker: said once, by the
        # client, instead of a traceback per task.
        result["cannot_run"] = "cannot run %s: %s" % (cmd[0],
                                                       e.strerror or e)
        return result
    result["returncode"] = p.returncode
    result["stderr"] = p.stderr.decode("utf-8", "replace")
    return result


def output_paths(files, out_dir):
    """Where each file's records go under out_dir: its path below the
    folder all the files share, so equal names in different folders do not
    collide."""
    if not out_dir:
        return [None] * len(files)
    common = os.path.commonpath([os.path.dirname(f) for f in files])
    return [os.path.join(out_dir, os.path.relpath(f, common) + ".jsonl")
            for f in files]


def runnable(pith):
    """Whether pith can be run here: a path to an executable, or a name on
    PATH."""
    if os.sep in pith:
        return os.path.isfile(pith) and os.access(pith, os.X_OK)
    return shutil.which(pith) is not None


def add_counts(total, c):
    for key in ("records", "articles", "no_article"):
        total[key] += c[key]
    for kind, n in c["errors"].items():
        total["errors"][kind] = total["errors"].get(kind, 0) + n


def summary_line(total, files, failed):
    nerr = sum(total["errors"].values())
    def n(count, word):
        return "%d %s%s" % (count, word, "" if count == 1 else "s")

    line = "pith_dask: %s, %s: %s, %d no article, %s" % (
        n(files, "file"), n(total["records"], "record"),
        n(total["articles"], "article"), total["no_article"],
        n(nerr, "error"))
    if nerr:
        line += " (" + ", ".join("%s %d" % kv for kv in
                                 sorted(total["errors"].items())) + ")"
    if failed:
        line += "; %d files failed" % failed
    return line


def default_pith():
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", "..", "build", "pith")
    if os.path.exists(built):
        return os.path.abspath(built)
    return shutil.which("pith") or "pith"


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Run pith batch over many files on a Dask cluster.")
    ap.add_argument("files", nargs="+", metavar="FILE")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. "
                            "tcp://10.0.0.5:8786")
    where.add_argument("--local-workers", type=int, default=2, metavar="N",
                       help="workers of the local cluster (default 2)")
    ap.add_argument("--processes", action="store_true",
                    help="local cluster: workers as processes, not threads")
    ap.add_argument("--memory-limit", default="512MB",
                    help="local cluster: memory per worker (default 512MB)")
    ap.add_argument("--pith", default=default_pith(),
                    help="the pith program on the workers")
    ap.add_argument("--threads", type=int, default=1, metavar="N",
                    help="pith batch -j N inside each task (default 1)")
    out = ap.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE",
                     help="write the JSON Lines here (default: stdout)")
    out.add_argument("--out-dir", metavar="DIR",
                     help="each worker writes DIR/NAME.jsonl itself")
    ap.add_argument("--summary-json", metavar="FILE",
                    help="also write the counts as JSON")
    ap.add_argument("--site-boilerplate", action="store_true",
                    help="leave out what recurs across a host's pages over "
                         "all the files (two rounds of tasks)")
    args = ap.parse_args(argv)

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("pith_dask: the Python module 'distributed' is missing: "
              "apt-get install python3-distributed, and run this with "
              "/usr/bin/python3", file=sys.stderr)
        return 2

    files = [os.path.abspath(f) for f in args.files]
    out_dir = os.path.abspath(args.out_dir) if args.out_dir else None
    outputs = output_paths(files, out_dir)
    if not args.scheduler and not runnable(args.pith):
        # A local cluster runs pith here: say so before starting it.
        print("pith_dask: cannot run pith: %s is not an executable (build "
              "pith, or give --pith PATH)" % args.pith, file=sys.stderr)
        return 2
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.local_workers,
                               threads_per_worker=1,
                               processes=args.processes,
                               memory_limit=args.memory_limit,
                               dashboard_address=None)
        client = Client(cluster)
    total = {"records": 0, "articles": 0, "no_article": 0, "errors": {}}
    failed = 0
    cannot_run = None
    sink = open(args.output, "wb") if args.output else sys.stdout.buffer
    try:
        profile = None
        if args.site_boilerplate:
            parts = client.gather(client.map(
                profile_of, files, pith=args.pith, threads=args.threads,
                pure=False))
            for part in parts:
                if part.get("cannot_run"):
                    cannot_run = part["cannot_run"]
                elif part["profile"] is None:
                    print("pith_dask: %s: no site profile (exit %d): %s" %
                          (part["file"], part["returncode"],
                           part["stderr"].strip()), file=sys.stderr)
                    failed += 1
            if cannot_run or failed:
                files = []
            else:
                profile = client.scatter(
                    merge_profiles(p["profile"] for p in parts),
                    broadcast=True)
        futures = client.map(run_pith, files, outputs[:len(files)],
                             pith=args.pith, threads=args.threads,
                             profile=profile, pure=False)
        # Results are gathered in the order of the files, each released
        # once written, so the client holds one file's records at a time.
        for fut in futures:
            res = fut.result()
            fut.release()
            if res.get("cannot_run"):
                cannot_run = res["cannot_run"]
                client.cancel(futures)
                break
            if res["returncode"] not in (0, 3):
                failed += 1
                print("pith_dask: %s: pith batch failed (exit %d): %s" %
                      (res["file"], res["returncode"],
                       res["stderr"].strip()), file=sys.stderr)
            if res["jsonl"]:
                sink.write(res["jsonl"])
            add_counts(total, res["counts"])
    finally:
        if args.output:
            sink.close()
        else:
            sink.flush()
        client.close()
        if cluster is not None:
            cluster.close()
    if cannot_run:
        print("pith_dask: %s on a worker (install pith there, or give --pith "
              "PATH)" % cannot_run, file=sys.stderr)
        return 2
    print(summary_line(total, len(files), failed), file=sys.stderr)
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump(dict(total, files=len(files), failed=failed), f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
