#!/usr/bin/env python3
"""How often the language pith detects equals the one a page declares.

usage: language_check.py PITH [--data DIR] [--floor F] [--show N] [--jobs N]

For every development page (aeb, traf, wceb/*) that declares its language
and gives at least 200 characters of text, the declaration is stripped from
the markup (lang and xml:lang attributes, <meta> naming a language or
locale, JSON-LD inLanguage) and the page extracted again: the detected
language must equal the declared one (primary subtags: "en-GB" is "en").
Prints the share of pages where it does; with --floor, exits 1 below it.
Pages still reported as declared after stripping (a declaration this script
does not know how to strip) are counted apart, not scored.

The sets are read in place from --data (default $PITH_DATA_DIR, else
../shared/data next to the repository); without them the check is skipped
with a message (exit 77, which ctest reports as skipped).
"""
import argparse
import concurrent.futures as cf
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

SETS = ["aeb", "traf", "wceb/dragnet", "wceb/l3s-gn1", "wceb/cleanportaleval",
        "wceb/cleaneval"]
MIN_TEXT_CHARS = 200

LANG_ATTR = re.compile(rb"""\s(?:xml:)?lang\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
LANG_META = re.compile(rb"<meta\b[^>]*(?:language|locale)[^>]*>", re.I)
LD_LANG = re.compile(rb'"inLanguage"\s*:', re.I)


def strip_language(html):
    html = LANG_ATTR.sub(b"", html)
    html = LANG_META.sub(b"", html)
    return LD_LANG.sub(b'"notInLanguage":', html)


def extract(pith, data):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(data)
        f.flush()
        p = subprocess.run([pith, "extract", "--format", "json", f.name],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=120)
    try:
        return json.loads(p.stdout)
    except ValueError:
        return None


def primary(tag):
    return re.split(r"[-_]", tag)[0].lower() if tag else None


def check_page(pith, path):
    html = gzip.decompress(open(path, "rb").read())
    before = extract(pith, html)
    if (not before or before.get("language_source") != "declared"
            or len(before.get("text") or "") < MIN_TEXT_CHARS):
        return None
    after = extract(pith, strip_language(html)) or {}
    return (path, primary(before["language"]), after.get("language_source"),
            primary(after.get("language")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pith")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.environ.get(
        "PITH_DATA_DIR", os.path.join(here, "..", "..", "shared", "data")))
    ap.add_argument("--floor", type=float)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    pages = []
    for s in SETS:
        d = os.path.join(args.data, s, "html")
        if os.path.isdir(d):
            pages += [os.path.join(d, n) for n in sorted(os.listdir(d))
                      if n.endswith(".html.gz")]
    if not pages:
        print("language_check: skipped: no development pages under %s" % args.data)
        return 77
    pith = os.path.abspath(args.pith)
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        rows = [r for r in ex.map(lambda p: check_page(pith, p), pages) if r]
    still = [r for r in rows if r[2] == "declared"]
    scored = [r for r in rows if r[2] != "declared"]
    equal = [r for r in scored if r[1] == r[3]]
    share = len(equal) / len(scored) if scored else 0.0
    print("language_check: %d pages declare a language and give >= %d "
          "characters; %d still declared after stripping (not scored)"
          % (len(rows), MIN_TEXT_CHARS, len(still)))
    print("language_check: detected == declared on %d of %d pages: %.1f %%"
          % (len(equal), len(scored), 100 * share))
    for path, want, _, got in [r for r in scored if r[1] != r[3]][:args.show]:
        print("  declared %-3s detected %-4s %s" % (want, got, path))
    if args.floor is not None and share < args.floor:
        print("language_check: FAIL: below the floor %.3f" % args.floor)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
