#!/usr/bin/env python3
"""`pith fetch --sitemap`, `--feed` and `--sitemap auto` against the small
site pith_testd serves on 127.0.0.1 (/site/..., see tests/httpd/).

    discover_test.py PITH PITH_TESTD FIXTURES_DIR [--sanitized] CASE

CASE is one of:
  sitemaps  an index of two sitemaps (one gzipped), robots.txt Sitemap:
            lines, feeds (RSS, Atom, an HTML page linking its feed): one
            record per listed article, none twice, every one an article
  hostile   a broken sitemap, a feed that is not XML, a billion-laughs
            sitemap and a gzip bomb: one error record each, naming it, in
            bounded time and memory
  filters   --same-host, --url-filter, --max-urls and the usage errors
Only the standard library."""

import json
import os
import subprocess
import sys
import threading
import time

PITH, TESTD, FIXTURES = sys.argv[1:4]
SANITIZED = "--sanitized" in sys.argv[4:]
CASE = [a for a in sys.argv[4:] if not a.startswith("--")][0]
FAILURES = []
# Only here so that a hang fails the test instead of blocking it.
HANG_GUARD = 60


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


def clean_env():
    env = dict(os.environ)
    for k in list(env):
        if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            del env[k]
    return env


def fetch(args):
    """Runs pith fetch -q ARGS; returns (exit code, records, stderr,
    seconds, peak RSS in MB)."""
    start = time.monotonic()
    proc = subprocess.Popen([PITH, "fetch", "-q", "--threads", "0"] + args,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=clean_env())
    outs, errs = [], []
    readers = [threading.Thread(target=lambda: outs.append(proc.stdout.read())),
               threading.Thread(target=lambda: errs.append(proc.stderr.read()))]
    for t in readers:
        t.start()
    timer = threading.Timer(HANG_GUARD, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    for t in readers:
        t.join()
    seconds = time.monotonic() - start
    check(seconds < HANG_GUARD, "pith fetch %s hung" % " ".join(args))
    records = []
    for line in outs[0].decode().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            check(False, "not a JSON line: %r" % line[:200])
    return (os.waitstatus_to_exitcode(status), records,
            errs[0].decode(errors="replace"), seconds, usage.ru_maxrss / 1024)


def articles(records, base, numbers, what):
    """One record per /gen/N of numbers, none twice, each an article, with
    its line its place in the list."""
    want = ["%s/gen/%d" % (base, n) for n in numbers]
    got = [r["url"] for r in records]
    check(sorted(got) == sorted(want),
          "%s: one record per article\n  got  %s\n  want %s"
          % (what, sorted(got), sorted(want)))
    check(len(set(got)) == len(got), "%s: a URL fetched twice" % what)
    for r in records:
        check(r.get("error") is None and r.get("has_article", True)
              and (r.get("title") or "").startswith("Report "),
              "%s: %s is not the article page: %s"
              % (what, r["url"], r.get("error")))
    lines = sorted(r["line"] for r in records)
    check(lines == list(range(1, len(records) + 1)),
          "%s: lines are the places in the list: %s" % (what, lines))


def case_sitemaps(base):
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/sitemap-index.xml"])
    check(code == 0, "sitemap index: exit %d (%s)" % (code, err))
    articles(recs, base, range(1, 11), "--sitemap index (plain + gzip)")
    # The order is the documents' order, whatever arrived first.
    by_line = [r["url"] for r in sorted(recs, key=lambda r: r["line"])]
    check(by_line == ["%s/gen/%d" % (base, n) for n in range(1, 11)],
          "--sitemap: the URLs in the order the sitemaps list them: %s"
          % by_line)
    found_in = {r["url"].rsplit("/", 1)[1]: r.get("found_in") for r in recs}
    check(found_in.get("3") == base + "/site/sitemap-1.xml"
          and found_in.get("5") == base + "/site/sitemap-1.xml"
          and found_in.get("7") == base + "/site/sitemap-2.xml.gz",
          "found_in names the sitemap that listed the URL first: %s"
          % found_in)

    code, recs, err, _, _ = fetch(["--sitemap", "auto", base + "/any/page"])
    check(code == 0, "--sitemap auto: exit %d (%s)" % (code, err))
    articles(recs, base, range(1, 11), "--sitemap auto (robots.txt)")

    code, recs, err, _, _ = fetch(["--feed", base + "/site/rss.xml",
                                   "--feed", base + "/site/atom.xml"])
    check(code == 0, "--feed: exit %d (%s)" % (code, err))
    articles(recs, base, range(11, 18), "--feed RSS + Atom")

    code, recs, err, _, _ = fetch(["--feed", base + "/site/index.html"])
    check(code == 0, "--feed page: exit %d (%s)" % (code, err))
    articles(recs, base, range(11, 15), "--feed on a page linking its feed")

    # Everything at once: the feed's articles and the sitemaps' are apart,
    # none twice.
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/sitemap-index.xml",
                                   "--feed", base + "/site/rss.xml",
                                   "--feed", base + "/site/index.html"])
    articles(recs, base, range(1, 15), "--sitemap and --feed together")


def case_hostile(base):
    sources = [("--sitemap", "/site/broken.xml", "parse"),
               ("--feed", "/site/not-a-feed.rss", "parse"),
               ("--sitemap", "/site/laughs.xml", "parse"),
               ("--sitemap", "/site/bomb.xml.gz", "too_large")]
    for opt, path, kind in sources:
        code, recs, err, seconds, peak = fetch([opt, base + path])
        what = "%s %s" % (opt, path)
        check(code == 1, "%s: exit %d, not 1 (%s)" % (what, code, err))
        check(len(recs) == 1, "%s: one record, got %d" % (what, len(recs)))
        if not recs:
            continue
        r = recs[0]
        check(r["url"] == base + path and r["line"] == 0
              and "found_in" in r and r["found_in"] is None,
              "%s: the record names the document: %s line %s"
              % (what, r["url"], r["line"]))
        e = r.get("error") or {}
        check(e.get("kind") == kind and path in e.get("message", ""),
              "%s: error %s, wanted kind %s and the URL in the message"
              % (what, e, kind))
        print("%s: %s in %.2f s, peak %.0f MB" % (what, e.get("kind"),
                                                 seconds, peak))
        # 50 MiB of decompressed sitemap at most, plus the program.
        if not SANITIZED:
            check(peak < 250, "%s: peak memory %.0f MB" % (what, peak))
    # A good sitemap beside the bad ones still gives its pages.
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/broken.xml",
                                   "--sitemap", base + "/site/sitemap-1.xml"])
    errors = [r for r in recs if r.get("error")]
    check(len(errors) == 1 and errors[0]["url"].endswith("/broken.xml"),
          "broken beside good: one error record, for the broken sitemap")
    articles([r for r in recs if not r.get("error")], base, range(1, 6),
             "broken beside good")


def case_filters(base, port):
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/offhost.xml"])
    got = sorted(r["url"] for r in recs)
    check(got == sorted([base + "/gen/18",
                         "http://localhost:%s/gen/19" % port]),
          "without --same-host both hosts: %s" % got)
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/offhost.xml",
                                   "--same-host"])
    articles(recs, base, [18], "--same-host")

    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/sitemap-index.xml",
                                   "--url-filter", "/gen/[0-9]$"])
    articles(recs, base, range(1, 10), "--url-filter")
    code, recs, err, _, _ = fetch(["--sitemap", base + "/site/sitemap-index.xml",
                                   "--max-urls", "3"])
    articles(recs, base, [1, 2, 3], "--max-urls 3")

    for args, what in [(["--url-filter", "(", "--sitemap", base + "/x"],
                        "an invalid regular expression"),
                       (["--max-urls", "3", base + "/gen/1"],
                        "a filter without --sitemap or --feed"),
                       (["--sitemap", base + "/x", base + "/gen/1"],
                        "URLs beside --sitemap URL"),
                       (["--sitemap", "auto"], "--sitemap auto without a site")]:
        code, recs, err, _, _ = fetch(args)
        check(code == 2 and not recs and err.strip(),
              "%s: usage error 2, got %d (%s)" % (what, code, err.strip()))


def main():
    server = subprocess.Popen([TESTD, "--pages", FIXTURES, "--hosts", "1"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=clean_env())
    try:
        ports = server.stdout.readline().decode().split()[1:]
        base = "http://127.0.0.1:%s" % ports[0]
        if CASE == "sitemaps":
            case_sitemaps(base)
        elif CASE == "hostile":
            case_hostile(base)
        elif CASE == "filters":
            case_filters(base, ports[0])
        else:
            check(False, "unknown case %s" % CASE)
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        sys.exit(1)
    print("discover %s: ok" % CASE)


if __name__ == "__main__":
    main()
