#!/usr/bin/env python3
"""End-to-end tests of `pith batch`, one ctest test per case:

    batch_test.py PITH CASE

Every WARC, folder and JSON Lines input is written here, in a temporary
folder, from the pages in fixtures/. The reference for each document is
`pith extract --format json` run offline on the same bytes.
"""

import glob
import gzip
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skip_note  # noqa: E402
import warc_writer as ww  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures")
PITH = None
FAILS = []

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
       b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8"
       b"\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)
    return cond


def run(args, stdin=None, timeout=600):
    p = subprocess.run([PITH] + args, input=stdin, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def records(out):
    return [json.loads(line) for line in out.decode().splitlines()]


def fixture_pages():
    """(name, bytes, content type) of every fixture page, sorted."""
    pages = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.html"))):
        name = os.path.basename(path)[:-5]
        ctype = "text/html"
        args = os.path.join(FIXTURES, name + ".args")
        if os.path.exists(args):
            words = open(args).read().split("\n")
            if "--content-type" in words:
                ctype = words[words.index("--content-type") + 1]
        pages.append((name, open(path, "rb").read(), ctype))
    return pages


_expected = {}


def expected(body, url, ctype, tmp, extra=()):
    """pith extract --format json on the same bytes, without url/source."""
    key = (body, url, ctype, tuple(extra))
    if key not in _expected:
        path = os.path.join(tmp, "expect.html")
        with open(path, "wb") as f:
            f.write(body)
        args = ["extract", "--format", "json"]
        if url:
            args += ["--url", url]
        if ctype:
            args += ["--content-type", ctype]
        code, out, _ = run(args + list(extra) + [path])
        obj = json.loads(out) if out.strip() else None
        if obj is not None:
            obj.pop("url", None)
            obj.pop("source", None)
        _expected[key] = (code, obj)
    return _expected[key]


def same_as_extract(rec, body, url, ctype, tmp, what):
    code, exp = expected(body, url, ctype, tmp)
    if not check(exp is not None, what + ": pith extract gave JSON"):
        return
    got = {k: v for k, v in rec.items() if k not in ("url", "source", "error")}
    if got != exp:
        diff = [k for k in set(got) | set(exp) if got.get(k) != exp.get(k)]
        check(False, "%s: record differs from pith extract in %s" %
              (what, sorted(diff)))
    check(rec.get("error") is None, what + ": error is null")


VARIANTS = [dict(), dict(chunk=True), dict(compress="gzip"),
            dict(chunk=True, compress="gzip"), dict(compress="deflate")]


def crawl_pages(repeat=1):
    pages = []
    n = 0
    for r in range(repeat):
        for name, body, ctype in fixture_pages():
            v = VARIANTS[n % len(VARIANTS)]
            pages.append(ww.Page("http://news%d.example/%d/%s" % (n % 7, r,
                                                                  name),
                                 body, ctype, **v))
            n += 1
    return pages


def case_crawl(tmp):
    """A crawler-style WARC in three layouts: one record per HTML response,
    identical to pith extract; an error record for the image and the 404;
    the charset from the HTTP header; nothing lost before a truncated last
    record."""
    pages = crawl_pages()
    pages.insert(5, ww.Page("http://img.example/logo.png", PNG, "image/png"))
    pages.insert(9, ww.Page("http://news1.example/gone", b"<html><body>"
                            b"<h1>Not found</h1></body></html>",
                            status="404 Not Found"))
    for layout, version in (("member", "WARC/1.0"), ("plain", "WARC/1.1"),
                            ("stream", "WARC/1.0")):
        recs = ww.crawl_records(pages, version)
        # a last response record cut in the middle of its payload
        last = ww.warc_record(version, "response", "http://cut.example/x",
                              ww.http_response(pages[0].body),
                              "application/http; msgtype=response")
        datas = [r for r, _ in recs] + [last]
        path = os.path.join(tmp, "crawl-%s.warc%s" %
                            (layout, "" if layout == "plain" else ".gz"))
        offsets = ww.write(path, datas, layout)
        raw = open(path, "rb").read()
        if layout == "member":
            cut = offsets[-1] + (len(raw) - offsets[-1]) // 2
        elif layout == "plain":
            cut = offsets[-1] + len(last) // 2
        else:
            whole = gzip.decompress(raw)[:offsets[-1] + len(last) // 2]
            raw = gzip.compress(whole)
            cut = len(raw) - 30  # the gzip stream ends early too
        with open(path, "wb") as f:
            f.write(raw[:cut])
        code, out, err = run(["batch", "-j", "2", path])
        what = "crawl/" + layout
        check(code == 0, what + ": exit 0, got %d (%s)" % (code, err))
        got = records(out)
        responses = [(off, p) for off, (_, p) in zip(offsets, recs) if p]
        check(len(got) == len(responses) + 1,
              "%s: %d records for %d responses + 1 cut record" %
              (what, len(got), len(responses)))
        for rec, (off, p) in zip(got, responses):
            w = "%s %s" % (what, p.uri)
            check(rec["url"] == p.uri, w + ": url")
            check(rec["source"] == {"file": path, "offset": off},
                  w + ": source %r, wanted offset %d" % (rec["source"], off))
            if p.content_type == "image/png":
                check(rec["error"] and rec["error"]["kind"] == "not_html",
                      w + ": not_html error for the image")
            elif p.status.startswith("404"):
                check(rec["error"] and rec["error"]["kind"] == "http_status",
                      w + ": http_status error for the 404")
            else:
                same_as_extract(rec, p.body, p.uri, p.content_type, tmp, w)
            if "charset=windows-1251" in p.content_type:
                check(re.search("[\u0400-\u04ff]{4}", rec.get("text") or ""),
                      w + ": Cyrillic text from the header's charset")
        if got:
            tail = got[-1]
            check(tail["error"] and tail["error"]["kind"] == "warc",
                  what + ": the cut record is a warc error")
            if layout != "stream":
                check(tail["source"]["offset"] == offsets[-1],
                      what + ": the cut record's offset")
                check(str(offsets[-1]) in tail["error"]["message"],
                      what + ": the message names the offset")
        check(re.search(r"errors \(.*not_html 1", err),
              what + ": summary counts errors: " + err)


def case_records(tmp):
    """Which record types give documents: an HTML resource record does (read
    as a page, its Content-Type giving the charset), an image resource, a
    revisit, a conversion and a dns response do not."""
    name, body, _ = fixture_pages()[3]
    v = "WARC/1.1"
    recs = [
        ww.warc_record(v, "warcinfo", None, b"software: x\r\n",
                       "application/warc-fields"),
        ww.warc_record(v, "resource", "http://r.example/page", body,
                       "text/html; charset=utf-8"),
        ww.warc_record(v, "resource", "http://r.example/logo.png", PNG,
                       "image/png"),
        ww.warc_record(v, "revisit", "http://r.example/page", b"",
                       "application/http; msgtype=response"),
        ww.warc_record(v, "conversion", "http://r.example/page", b"text",
                       "text/plain"),
        ww.warc_record(v, "response", "dns:r.example", b"20240301 r.example."
                       b" 300 IN A 192.0.2.1\r\n", "text/dns"),
    ]
    path = os.path.join(tmp, "records.warc")
    offsets = ww.write(path, recs, "plain")
    code, out, err = run(["batch", path])
    got = records(out)
    check(code == 0 and len(got) == 1, "records: one document, got %d" %
          len(got))
    if got:
        check(got[0]["url"] == "http://r.example/page" and
              got[0]["source"]["offset"] == offsets[1],
              "records: the resource record's url and offset")
        same_as_extract(got[0], body, "http://r.example/page",
                        "text/html; charset=utf-8", tmp, "resource record")


def case_damaged(tmp):
    """Lying Content-Length (too long, too short), garbage between records,
    a file that is no WARC at all: an error record, the others delivered."""
    pages = crawl_pages()[:4]

    def resp(p, version="WARC/1.0", delta=0):
        payload = ww.http_response(p.body)
        return ww.warc_record(version, "response", p.uri, payload,
                              "application/http; msgtype=response",
                              length=len(payload) + delta)

    for layout, delta in (("member", 400), ("member", -100), ("plain", -100)):
        datas = [resp(p, delta=delta if i == 1 else 0)
                 for i, p in enumerate(pages)]
        path = os.path.join(tmp, "lying-%s%d.warc%s" %
                            (layout, delta, ".gz" if layout == "member" else ""))
        offsets = ww.write(path, datas, layout)
        code, out, err = run(["batch", path])
        got = records(out)
        what = "lying %s %+d" % (layout, delta)
        check(code == 0, what + ": exit 0")
        check(len(got) == 4, what + ": 4 records, got %d" % len(got))
        if len(got) == 4:
            check(got[1]["error"] and got[1]["error"]["kind"] == "warc" and
                  got[1]["source"]["offset"] == offsets[1],
                  what + ": the lying record is a warc error at its offset")
            for i in (0, 2, 3):
                check(got[i]["error"] is None and got[i]["url"] == pages[i].uri,
                      what + ": record %d delivered" % i)
    # too long in a plain file: the records before it all come out
    datas = [resp(p, delta=10**6 if i == 2 else 0) for i, p in enumerate(pages)]
    path = os.path.join(tmp, "lying-long.warc")
    ww.write(path, datas, "plain")
    code, out, err = run(["batch", path])
    got = records(out)
    check(len(got) >= 3 and all(r["error"] is None for r in got[:2]) and
          got[-1]["error"]["kind"] == "warc",
          "plain, length too long: records before it, then a warc error")
    # garbage between records
    datas = [resp(p) for p in pages]
    path = os.path.join(tmp, "garbage.warc")
    with open(path, "wb") as f:
        f.write(datas[0] + datas[1] + b"GARBAGE \x00\x01\x02 bytes\r\n" +
                datas[2] + datas[3])
    code, out, err = run(["batch", path])
    got = records(out)
    kinds = [r["error"]["kind"] if r["error"] else None for r in got]
    check(kinds == [None, None, "warc", None, None],
          "garbage between records: %r" % kinds)
    # not a WARC at all
    path = os.path.join(tmp, "not.warc")
    with open(path, "wb") as f:
        f.write(b"this is not a WARC file\n" * 100)
    code, out, err = run(["batch", path])
    got = records(out)
    check(len(got) == 1 and got[0]["error"]["kind"] == "warc",
          "a file that is no WARC gives one warc error record")
    # a damaged gzip member
    path = os.path.join(tmp, "badgzip.warc.gz")
    offsets = ww.write(path, [resp(p) for p in pages], "member")
    raw = bytearray(open(path, "rb").read())
    for k in range(offsets[2] + 20, offsets[2] + 60):
        raw[k] ^= 0x55
    open(path, "wb").write(bytes(raw))
    code, out, err = run(["batch", path])
    got = records(out)
    kinds = [r["error"]["kind"] if r["error"] else None for r in got]
    check(kinds == [None, None, "warc", None] and
          got[2]["source"]["offset"] == offsets[2],
          "a damaged gzip member: an error at its offset, the others read: "
          "%r" % kinds)


def case_mutations(tmp):
    """Randomly damaged WARC files (fixed seed): never a crash or a hang,
    exit 0, and every output line a valid UTF-8 JSON record."""
    import random
    pages = crawl_pages()[:6]
    recs = [r for r, _ in ww.crawl_records(pages)]
    sources = []
    for layout in ("plain", "member", "stream"):
        path = os.path.join(tmp, "m-%s.warc%s" %
                            (layout, "" if layout == "plain" else ".gz"))
        ww.write(path, recs, layout)
        sources.append(path)
    rnd = random.Random(20261122)
    tokens = [b"Content-Length: 99999999\r\n", b"\r\n\r\n", b"WARC/1.0\r\n",
              b"0\r\n", b"\x1f\x8b\x08", b"Transfer-Encoding: chunked\r\n",
              b"\xff\xfe\xdc"]
    for it in range(80):
        src = rnd.choice(sources)
        data = bytearray(open(src, "rb").read())
        for _ in range(rnd.randint(1, 20)):
            op, k = rnd.random(), rnd.randrange(len(data))
            if op < 0.5:
                data[k] = rnd.randrange(256)
            elif op < 0.7:
                del data[k:k + rnd.randint(1, 200)]
            elif op < 0.85:
                data[k:k] = bytes(rnd.randrange(256)
                                  for _ in range(rnd.randint(1, 50)))
            else:
                data[k:k] = rnd.choice(tokens)
        path = os.path.join(tmp, "mutant" + (".warc.gz" if src.endswith(
            ".gz") else ".warc"))
        with open(path, "wb") as f:
            f.write(data)
        code, out, err = run(["batch", "-q", "-j", "2", path], timeout=120)
        what = "mutant %d of %s" % (it, os.path.basename(src))
        check(code == 0, "%s: exit %d: %s" % (what, code, err[-300:]))
        try:
            for line in out.decode("utf-8").splitlines():
                json.loads(line)
        except ValueError as e:
            check(False, "%s: bad output line: %s" % (what, e))


def case_folder(tmp):
    """A folder of pages (nested, .htm, .html.gz, ignored files) gives one
    record per page, in path order, as pith extract gives."""
    root = os.path.join(tmp, "pages")
    pages = fixture_pages()
    expect = []
    for i, (name, body, ctype) in enumerate(pages[:24]):
        sub = ["", "a", "a/b", "c"][i % 4]
        os.makedirs(os.path.join(root, sub), exist_ok=True)
        ext = [".html", ".htm", ".html.gz"][i % 3]
        path = os.path.join(root, sub, name + ext) if sub else \
            os.path.join(root, name + ext)
        with open(path, "wb") as f:
            f.write(gzip.compress(body) if ext.endswith(".gz") else body)
        expect.append((path, body))
    with open(os.path.join(root, "notes.txt"), "w") as f:
        f.write("not a page\n")
    with open(os.path.join(root, "earlier-output.jsonl"), "w") as f:
        f.write('{"url": "x", "source": {"file": "y", "offset": 0}}\n')
    with open(os.path.join(root, ".hidden.html"), "wb") as f:
        f.write(pages[0][1])
    expect.sort(key=lambda e: walk_key(root, e[0]))
    code, out, err = run(["batch", "-j", "3", root])
    got = records(out)
    check(code == 0, "folder: exit 0")
    check(len(got) == len(expect),
          "folder: %d records for %d pages" % (len(got), len(expect)))
    for rec, (path, body) in zip(got, expect):
        check(rec["url"] == path and rec["source"] == {"file": path,
                                                       "offset": 0},
              "folder: %s in order (got %s)" % (path, rec["url"]))
        same_as_extract(rec, body, None, None, tmp, "folder " + path)
    # a WARC archive inside a folder is read in its place in the walk
    root2 = os.path.join(tmp, "mixed")
    os.makedirs(os.path.join(root2, "b"))
    for name in ("a.html", "c.html"):
        with open(os.path.join(root2, name), "wb") as f:
            f.write(pages[0][1])
    wpages = crawl_pages()[:3]
    wpath = os.path.join(root2, "b", "crawl.warc.gz")
    ww.write(wpath, [r for r, _ in ww.crawl_records(wpages)], "member")
    code, out, err = run(["batch", root2])
    urls = [r["url"] for r in records(out)]
    check(urls == [os.path.join(root2, "a.html")] +
          [p.uri for p in wpages] + [os.path.join(root2, "c.html")],
          "folder with a WARC: %r" % urls)
    # text format: one header per page
    code, out, err = run(["batch", "--format", "text", root])
    check(out.decode().count("\n==> ") + out.decode().startswith("==> ") ==
          len(expect), "folder: --format text has one header per page")
    # a missing path: an io error record and exit 3
    code, out, err = run(["batch", root + "/a", os.path.join(tmp, "missing")])
    got = records(out)
    check(code == 3 and got[-1]["error"]["kind"] == "io",
          "a missing path: io record, exit 3 (got %d)" % code)


def walk_key(root, path):
    """The order pith walks a folder in: names sorted bytewise per level."""
    rel = os.path.relpath(path, root)
    return rel.split(os.sep)


def case_jsonl(tmp):
    """JSON Lines input from a file and from standard input, and standard
    input sniffed as WARC and as a page."""
    pages = fixture_pages()[:10]
    lines = []
    for i, (name, body, ctype) in enumerate(pages):
        obj = {"url": "https://site.example/%s" % name,
               "html": body.decode("utf-8", "replace")}
        # raw UTF-8 in the strings, and \u escapes (surrogate pairs too)
        lines.append(json.dumps(obj, ensure_ascii=(i % 2 == 0 and
                                                   name != "charset-gb2312")))
    lines.insert(4, "{not json")
    lines.insert(6, json.dumps({"url": "https://site.example/none"}))
    lines.insert(7, "   ")
    data = ("\n".join(lines) + "\n").encode()
    path = os.path.join(tmp, "pages.jsonl")
    with open(path, "wb") as f:
        f.write(data)
    for how, args, stdin in (("file", [path], None), ("stdin", ["-"], data)):
        code, out, err = run(["batch", "-j", "2"] + args, stdin=stdin)
        got = records(out)
        what = "jsonl/" + how
        check(code == 0, what + ": exit 0")
        check(len(got) == 12, what + ": 12 records, got %d" % len(got))
        kinds = [r["error"]["kind"] if r["error"] else None for r in got]
        check(kinds[4] == "json" and kinds[6] == "json" and
              kinds.count(None) == 10, what + ": json errors %r" % kinds)
        ok = [r for r in got if r["error"] is None]
        for rec, (name, body, ctype) in zip(ok, pages):
            text = body.decode("utf-8", "replace").encode()
            same_as_extract(rec, text, "https://site.example/" + name,
                            "text/html; charset=utf-8", tmp,
                            what + " " + name)
        offsets = [r["source"]["offset"] for r in got]
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line.encode()) + 1)
        starts = [s for s, line in zip(starts, lines) if line.strip()]
        check(offsets == starts, what + ": offsets are line starts")
    # standard input holding a gzip-per-record WARC, and a single page
    pages2 = crawl_pages()[:6]
    recs = ww.crawl_records(pages2)
    wpath = os.path.join(tmp, "in.warc.gz")
    ww.write(wpath, [r for r, _ in recs], "member")
    code, out1, _ = run(["batch", wpath])
    code2, out2, _ = run(["batch", "-"], stdin=open(wpath, "rb").read())
    a, b = records(out1), records(out2)
    for r in a + b:
        r["source"]["file"] = "X"
    check(code2 == 0 and a == b and len(a) == 6,
          "stdin WARC gives the records the file gives")
    code, out, _ = run(["batch", "-"], stdin=b"")
    check(code == 0 and out == b"", "empty standard input: no records")
    name, body, _ = fixture_pages()[0]
    code, out, _ = run(["batch", "-"], stdin=body)
    got = records(out)
    check(len(got) == 1 and got[0]["source"] == {"file": "-", "offset": 0},
          "stdin page: one record")
    if got:
        same_as_extract(got[0], body, None, None, tmp, "stdin page")


def big_warc(tmp, repeat, name="big.warc.gz"):
    pages = crawl_pages(repeat)
    recs = ww.crawl_records(pages)
    path = os.path.join(tmp, name)
    ww.write(path, [r for r, _ in recs], "member")
    return path, len(pages)


def case_order(tmp):
    """-j 1, -j 3 and -j 8 write the same bytes in the same order."""
    path, n = big_warc(tmp, 3)
    outs = []
    for j in ("1", "3", "8"):
        code, out, err = run(["batch", "-j", j, path])
        check(code == 0, "order -j %s: exit 0" % j)
        outs.append(out)
    check(len(records(outs[0])) == n, "order: one record per page")
    check(outs[0] == outs[1] == outs[2], "order: same output for -j 1, 3, 8")


def case_resume(tmp):
    """kill -9 in the middle of a run, then --resume: the output is the one
    an uninterrupted run writes, byte for byte."""
    path, n = big_warc(tmp, 30)
    ref = os.path.join(tmp, "ref.jsonl")
    code, _, err = run(["batch", "-j", "2", "-o", ref, path])
    check(code == 0, "resume: reference run")
    ref_bytes = open(ref, "rb").read()
    check(len(ref_bytes.splitlines()) == n, "resume: reference has n records")
    out = os.path.join(tmp, "out.jsonl")
    killed_at = None
    for attempt in range(3):
        if os.path.exists(out):
            os.unlink(out)
        p = subprocess.Popen([PITH, "batch", "-j", "2", "-o", out, path],
                             stderr=subprocess.DEVNULL)
        target = len(ref_bytes) // (3 + attempt)
        t0 = time.time()
        while p.poll() is None and time.time() - t0 < 300:
            if os.path.exists(out) and os.path.getsize(out) >= target:
                p.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        p.wait()
        if p.returncode == -signal.SIGKILL:
            killed_at = os.path.getsize(out)
            break
    if not check(killed_at is not None and killed_at < len(ref_bytes),
                 "resume: the run was killed part way"):
        return
    # make sure a cut last line is there to cut off
    with open(out, "ab") as f:
        f.write(b'{"url":"http://cut.example/","source":{"fi')
    code, _, err = run(["batch", "-j", "2", "-o", out, "--resume", path])
    check(code == 0, "resume: exit 0")
    check("already done" in err, "resume: summary tells the skipped ones")
    got = open(out, "rb").read()
    gl, rl = got.splitlines(), ref_bytes.splitlines()
    check(len(gl) == len(set(gl)), "resume: no record twice")
    check(got == ref_bytes,
          "resume: output equals the uninterrupted run (%d vs %d lines)" %
          (len(gl), len(rl)))
    code, _, err = run(["batch", "-o", out, "--resume", path])
    check(open(out, "rb").read() == ref_bytes and " 0 records" in err,
          "resume: a finished output stays as it is")


def case_hostile(tmp):
    """Hostile archives: a negative and an absurd Content-Length, a .warc.gz
    that is not gzip, an empty file, a gzip bomb in an HTTP body. Each gives
    error records, never a crash or a hang, and the good records around
    them are delivered; the bomb stops at the size cap."""
    pages = crawl_pages()[:3]

    def resp(p, length=None, payload=None):
        payload = payload if payload is not None else ww.http_response(p.body)
        return ww.warc_record("WARC/1.0", "response", p.uri, payload,
                              "application/http; msgtype=response",
                              length=length)

    for name, length in (("negative", -5), ("absurd", 2 ** 64 + 7),
                         ("words", None)):
        datas = [resp(p) for p in pages]
        bad = resp(pages[1], length=length if length is not None else 0)
        if name == "words":
            bad = bad.replace(b"Content-Length: 0", b"Content-Length: lots")
        datas[1] = bad
        path = os.path.join(tmp, "cl-%s.warc" % name)
        with open(path, "wb") as f:
            f.write(b"".join(datas))
        code, out, err = run(["batch", path], timeout=120)
        got = records(out)
        kinds = [r["error"]["kind"] if r["error"] else None for r in got]
        check(code == 0 and got and got[0]["error"] is None and
              "warc" in kinds and got[-1]["error"] is None and
              got[-1]["url"] == pages[2].uri,
              "Content-Length %s: an error record, the good records "
              "delivered: %r" % (name, kinds))
    # a .warc.gz that is not gzip at all (plain WARC misnamed), and garbage
    # under a .gz name: read by sniffing, or one error record
    path = os.path.join(tmp, "misnamed.warc.gz")
    with open(path, "wb") as f:
        f.write(b"".join(resp(p) for p in pages))
    code, out, err = run(["batch", path], timeout=120)
    got = records(out)
    check(code == 0 and len(got) == 3 and all(r["error"] is None for r in got),
          "a plain WARC named .warc.gz is read: %d records" % len(got))
    path = os.path.join(tmp, "garbage.warc.gz")
    with open(path, "wb") as f:
        f.write(bytes(range(256)) * 64)
    code, out, err = run(["batch", path], timeout=120)
    got = records(out)
    check(len(got) >= 1 and all(r["error"] for r in got),
          "garbage named .warc.gz: error records only (%d)" % len(got))
    path = os.path.join(tmp, "empty.warc")
    open(path, "wb").close()
    code, out, err = run(["batch", path], timeout=120)
    check(code == 0 and records(out) == [],
          "an empty WARC gives no records and exit 0")
    # a gzip bomb: 1 GB of zeros in a 1 MB body, between two good pages
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = b"\0" * (1 << 20)
    bomb = b"".join(z.compress(zero) for _ in range(1024)) + z.flush()
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" %
            len(bomb))
    datas = [resp(pages[0]), resp(pages[1], payload=head + bomb),
             resp(pages[2])]
    path = os.path.join(tmp, "bomb.warc.gz")
    ww.write(path, datas, "member")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code, out, err = run(["batch", "-j", "1", path], timeout=300)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    got = records(out)
    kinds = [r["error"]["kind"] if r["error"] else None for r in got]
    check(code == 0 and kinds == [None, "too_large", None],
          "gzip bomb: a too_large record between the two pages: %r" % kinds)
    if not os.environ.get("PITH_SANITIZED") and peak_kb > before:
        check(peak_kb < 300 * 1024,
              "gzip bomb: peak RSS %.1f MB < 300 MB" % (peak_kb / 1024))


def case_memory(tmp):
    """A WARC 20 times the crawl, plus a few very large pages: the peak
    resident memory of pith batch stays under 200 MB."""
    pages = crawl_pages(20)
    big = b"<html><body><article>" + b"<p>" + b"word " * 400 + b"</p>\n"
    big = big * 2000 + b"</article></body></html>"  # about 4 MB
    for k in range(3):
        pages.insert(100 * (k + 1), ww.Page("http://big.example/%d" % k, big,
                                            compress="gzip"))
    recs = ww.crawl_records(pages)
    path = os.path.join(tmp, "x20.warc.gz")
    ww.write(path, [r for r, _ in recs], "member")
    p = subprocess.run([PITH, "batch", "-j", "2", "-o",
                        os.path.join(tmp, "x20.jsonl"), path],
                       capture_output=True, timeout=900)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("memory: %d records, peak RSS %.1f MB, input %.1f MB" %
          (len(pages), peak_kb / 1024, os.path.getsize(path) / 1e6))
    check(p.returncode == 0, "memory: exit 0")
    n = len(open(os.path.join(tmp, "x20.jsonl"), "rb").read().splitlines())
    check(n == len(pages), "memory: one record per page")
    if os.environ.get("PITH_SANITIZED"):
        # ASan's shadow memory and quarantine are not pith's memory
        if FAILS:
            sys.exit(1)
        skip_note.skip("the 200 MB bound is not checked in a sanitizer "
                       "build")
    check(peak_kb < 200 * 1024, "memory: peak RSS %.1f MB < 200 MB" %
          (peak_kb / 1024))


def case_stream(tmp):
    """Standard input a pipe: one JSON Lines record written, its answer read
    before the next is sent (a long-running child process serving page
    after page). Each answer has to come while the input stays open."""
    pages = [pg for pg in fixture_pages()
             if not pg[0].startswith("charset")][:12]
    p = subprocess.Popen([PITH, "batch", "-q", "-j", "2", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    # a hang guard only: a reply that never comes fails the test
    timer = threading.Timer(120, p.kill)
    timer.start()
    try:
        for i, (name, body, ctype) in enumerate(pages):
            url = "https://site.example/%s" % name
            line = json.dumps({"url": url, "id": i,
                               "html": body.decode("utf-8", "replace")})
            # the first record in two writes: the line is whole only then
            if i == 0:
                p.stdin.write(line[:10].encode())
                p.stdin.flush()
                time.sleep(0.2)
                line = line[10:]
            p.stdin.write((line + "\n").encode())
            p.stdin.flush()
            answer = p.stdout.readline()
            if not check(answer.endswith(b"\n"),
                         "stream: record %d answered while the input is "
                         "open" % i):
                break
            rec = json.loads(answer)
            check(rec.pop("id", None) == i, "stream: answer %d in order" % i)
            same_as_extract(rec, body.decode("utf-8", "replace").encode(),
                            url, None, tmp, "stream/" + name)
        p.stdin.close()
        rest = p.stdout.read()
        check(p.wait() == 0 and rest == b"",
              "stream: exit 0 and nothing more at the end")
    finally:
        timer.cancel()
        if p.poll() is None:
            p.kill()
            p.wait()


def case_progress(tmp):
    """Progress on a terminal only; a summary line always."""
    path, n = big_warc(tmp, 10)
    code, out, err = run(["batch", path])
    lines = err.strip().splitlines()
    check(len(lines) == 1 and lines[0].startswith("pith batch: %d records" % n),
          "not a terminal: the summary line only, got %r" % err)
    check("pages/s" not in err, "not a terminal: no progress")
    code, out, err = run(["batch", "-q", path])
    check(err == "", "-q: nothing on standard error")
    import pty
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execv(PITH, [PITH, "batch", "-j", "1", path])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    check("pages/s" in text and "ETA" in text and "file 1/1" in text,
          "a terminal: progress with files, pages/s and ETA: %r" % text[-300:])
    check("pith batch: %d records" % n in text, "a terminal: the summary too")


def case_options(tmp):
    """--precision / --recall reach the extraction (each record's text is
    pith extract's in the same mode), and a document limit gives a record
    with the limit error kind."""
    page = os.path.join(FIXTURES, "mode-balanced.html")
    texts = set()
    for mode in ([], ["--precision"], ["--recall"]):
        code, out, err = run(["batch", "-q"] + mode + [page])
        got = records(out)
        p = subprocess.run([PITH, "extract", "--format", "json"] + mode +
                           [page], capture_output=True, timeout=60)
        want = json.loads(p.stdout)["text"]
        check(code == 0 and len(got) == 1 and got[0]["text"] == want,
              "batch %s: the text of pith extract %s" % (mode, mode))
        texts.add(got[0]["text"] if got else None)
    check(len(texts) == 3, "the three modes give three different texts")
    code, out, err = run(["batch", "-q", "--max-nodes", "5", page])
    got = records(out)
    check(code == 0 and len(got) == 1 and got[0]["error"]["kind"] == "limit"
          and "max_nodes" in got[0]["error"]["message"],
          "--max-nodes 5: a record with a limit error naming max_nodes")


def jsonl_input(tmp, docs, name="docs.jsonl"):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        for url, html in docs:
            f.write(json.dumps({"url": url, "html": html}) + "\n")
    return path


def fixture_html(name):
    return open(os.path.join(FIXTURES, name + ".html"), "rb").read().decode()


def case_dedup(tmp):
    """--deduplicate: a document whose text is a near copy of an earlier
    one names it in duplicate_of (the first such, in input order, whatever
    -j); others, errors and documents without text have null; without the
    option there is no such key."""
    a = fixture_html("nav-header-footer-aside")
    c = fixture_html("german-news-article")
    # the same article under another site's chrome, one paragraph shorter
    b = a.replace("<nav", "<nav class=\"other-site\"", 1)
    paras = re.findall(r"<p>.*?</p>", b, re.S)
    b = b.replace(paras[-1], "", 1) if len(paras) > 4 else b
    docs = [("https://one.example/a", a), ("https://one.example/c", c),
            ("https://two.example/a-copy", b), ("https://one.example/bad", "\x00" * 64),
            ("https://three.example/c-again", c), ("https://two.example/a-again", a),
            ("https://one.example/home", fixture_html("no-article-home-page"))]
    path = jsonl_input(tmp, docs)
    outs = []
    for j in ("1", "3"):
        code, out, err = run(["batch", "-q", "-j", j, "--deduplicate", path])
        check(code == 0, "--deduplicate -j %s: exit 0 (%s)" % (j, err.strip()))
        outs.append(out)
    check(outs[0] == outs[1], "--deduplicate: the same output for -j 1 and 3")
    got = records(outs[0])
    dup = [r.get("duplicate_of", "missing") for r in got]
    check(dup == [None, None, "https://one.example/a", None,
                  "https://one.example/c", "https://one.example/a", None],
          "duplicate_of names the first near copy: %r" % dup)
    if len(got) == 7:
        check(pith_distance(got[0]["fingerprint"], got[2]["fingerprint"]) <= 6,
              "the near copy is within 6 bits")
        check(got[3]["error"] is not None and got[6]["fingerprint"] is None,
              "an error and a page without text have no fingerprint")
    code, out, err = run(["batch", "-q", path])
    check(all("duplicate_of" not in r for r in records(out)),
          "without --deduplicate: no duplicate_of key")


def pith_distance(x, y):
    return bin(int(x, 16) ^ int(y, 16)).count("1")


def case_output(tmp):
    """--images, --no-links, --no-tables and --target-language reach the
    extraction: each record is pith extract's with the same options, and a
    document in another language is an error record of kind language."""
    names = ["output-images", "output-no-tables", "output-no-links",
             "language-detected", "spanish-news-article"]
    docs = [("https://site.example/" + n, fixture_html(n)) for n in names]
    path = jsonl_input(tmp, docs)
    opts = ["--images", "--no-links", "--no-tables"]
    code, out, err = run(["batch", "-q"] + opts + [path])
    got = records(out)
    check(code == 0 and len(got) == len(names), "output options: one record each")
    for rec, (url, html) in zip(got, docs):
        body = html.encode()
        want = expected(body, url, "text/html; charset=utf-8", tmp, opts)[1] or {}
        for key in ("text", "markdown", "images"):
            check(rec.get(key) == want.get(key),
                  "batch %s: %s as pith extract's" % (url, key))
    code, out, err = run(["batch", "-q", "--target-language", "de", path])
    got = records(out)
    kinds = [r["error"]["kind"] if r["error"] else None for r in got]
    check(kinds == ["language", "language", "language", None, "language"],
          "--target-language de: language errors for the others: %r" % kinds)
    if got:
        check("not in the target language de" in got[0]["error"]["message"],
              "the language error says why")


def case_usage(tmp):
    """Usage errors say what is wrong."""
    for args, needle in ((["batch"], "no PATH"),
                         (["batch", "-j", "0", "x"], "-j: '0' is not"),
                         (["batch", "--resume", "x"], "needs -o"),
                         (["batch", "--format", "xml", "x"],
                          "--format: unknown format 'xml'"),
                         (["batch", "--bogus", "x"], "unknown option")):
        code, out, err = run(args)
        check(code == 2 and needle in err, "%r: exit 2 and %r" % (args, needle))
    code, out, err = run(["batch", "--help"])
    check(code == 0 and b"--resume" in out, "--help")
    bad = os.path.join(tmp, "other.jsonl")
    with open(bad, "w") as f:
        f.write("hello\n")
    code, out, err = run(["batch", "-o", bad, "--resume",
                          os.path.join(FIXTURES, "time-datetime.html")])
    check(code == 2 and "not a pith batch record" in err,
          "--resume over a foreign file refuses")


CASES = {name[5:]: fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    global PITH
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print("usage: batch_test.py PITH {%s}" % ",".join(CASES))
        return 2
    PITH = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="pith-batch-")
    try:
        CASES[sys.argv[2]](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
