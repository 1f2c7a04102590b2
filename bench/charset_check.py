#!/usr/bin/env python3
"""How often pith reads a page right when its charset declaration is gone.

usage: charset_check.py PITH [--data DIR] [--floor F] [--show N] [--jobs N]

Picks the development pages (aeb, traf, wceb/*) that declare a legacy
charset in a <meta> or XML declaration (anything but UTF-8 and UTF-16/32;
iso-8859-1 and us-ascii count as windows-1252, as browsers read them). Each
page's text (its bytes as UTF-8 when they are valid UTF-8, else in the
declared charset) is encoded into the declared charset; pages with
characters that charset cannot hold are left out. Then pith extracts that
page twice, with the declaration and with every declaration removed, and
the two texts must be equal. Prints the counts of each kind of page and the
share of equal texts, for all picked pages and for those whose text has
non-ASCII characters (the only ones a wrong charset can change); with
--floor, exits 1 when the share over all picked pages is below it.

The sets are read in place from --data (default $PITH_DATA_DIR, else
../shared/data next to the repository); without them the check is skipped
with a message (exit 77, which ctest reports as skipped).
"""
import argparse
import codecs
import collections
import concurrent.futures as cf
import gzip
import os
import re
import subprocess
import sys
import tempfile

SETS = ["aeb", "traf", "wceb/dragnet", "wceb/l3s-gn1", "wceb/cleanportaleval",
        "wceb/cleaneval"]
PRESCAN_BYTES = 4096

META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
META_ANY_CHARSET = re.compile(rb"<meta\b[^>]*charset[^>]*>", re.I)
XML_DECL_ENCODING = re.compile(rb"""(<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""", re.I)

# The WHATWG Encoding standard's reading of labels, where Python's codec of
# the same name is narrower.
WHATWG = {"iso-8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252",
          "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252",
          "iso-8859-9": "cp1254", "latin5": "cp1254", "tis-620": "cp874",
          "iso-8859-11": "cp874", "gb2312": "gbk", "gb_2312-80": "gbk",
          "x-gbk": "gbk", "shift_jis": "cp932", "sjis": "cp932",
          "x-sjis": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949"}


def declared(html):
    m = XML_ENCODING.match(html[:1024]) or META_CHARSET.search(html[:PRESCAN_BYTES])
    return m.group(1).decode("ascii").lower() if m else None


def codec_for(label):
    name = WHATWG.get(label, label)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def strip_charset(html):
    html = META_ANY_CHARSET.sub(b"", html)
    return XML_DECL_ENCODING.sub(rb"\1", html, count=1)


def extract_text(pith, data):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(data)
        f.flush()
        p = subprocess.run([pith, "extract", f.name], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=120)
    return p.returncode, p.stdout


def check_page(pith, path):
    raw = gzip.decompress(open(path, "rb").read())
    label = declared(raw)
    if not label:
        return ("no declaration", None)
    codec = codec_for(label)
    if codec is None:
        return ("declared charset unknown to Python", None)
    if codec.startswith("utf"):
        return ("declared UTF-8/16/32", None)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode(codec, errors="replace")
    try:
        legacy = text.encode(codec)
    except UnicodeEncodeError:
        return ("text not representable in its declared charset", None)
    code_a, with_decl = extract_text(pith, legacy)
    code_b, without = extract_text(pith, strip_charset(legacy))
    non_ascii = any(b >= 0x80 for b in with_decl)
    return ("picked", (path, codec, non_ascii, with_decl == without and code_a == code_b))


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
        print("charset_check: skipped: no development pages under %s" % args.data)
        return 77
    pith = os.path.abspath(args.pith)
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda p: check_page(pith, p), pages))
    kinds = collections.Counter(k for k, _ in results)
    picked = [r for k, r in results if k == "picked"]
    print("charset_check: %d pages: %s" % (len(pages), ", ".join(
        "%d %s" % (n, k) for k, n in kinds.most_common())))
    by_codec = collections.Counter(r[1] for r in picked)
    print("charset_check: picked by declared charset: %s" % ", ".join(
        "%s %d" % kv for kv in by_codec.most_common()))
    equal = sum(r[3] for r in picked)
    share = equal / len(picked) if picked else 0.0
    accented = [r for r in picked if r[2]]
    equal_accented = sum(r[3] for r in accented)
    print("charset_check: same text without the declaration on %d of %d "
          "picked pages: %.1f %%" % (equal, len(picked), 100 * share))
    print("charset_check: of those with non-ASCII text: %d of %d: %.1f %%"
          % (equal_accented, len(accented),
             100 * equal_accented / len(accented) if accented else 0.0))
    for path, codec, _, same in [r for r in picked if not r[3]][:args.show]:
        print("  %-10s %s" % (codec, path))
    if args.floor is not None and share < args.floor:
        print("charset_check: FAIL: below the floor %.3f" % args.floor)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
