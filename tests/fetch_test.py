#!/usr/bin/env python3
"""`pith fetch` and `pith extract URL` against pith_testd on 127.0.0.1.

    fetch_test.py PITH PITH_TESTD FIXTURES_DIR [--sanitized] [CASE]

Starts the loopback server (three hosts: robots.txt with a Disallow, one
answering 500, one answering 404), runs pith on lists of URLs covering
every case the server has, and checks: one record per URL, the error kind
of every failure, pages identical to offline `pith extract` of the same
bytes, robots.txt obeyed and fetched once per host, per-host limits,
Retry-After honoured, slow and endless answers cut, and the peak memory of
a run with a gzip bomb and a 300 MB body. Only the standard library.

With a CASE, only that part runs (one ctest test each):
  extract_url  pith extract URL takes the options of fetching one URL
               (--ignore-robots, --timeout, -A, --max-size, ...)
  output       pith fetch -o FILE, --resume and --format text; every record
               carries its line, so duplicate URLs stay apart
  timeouts     a timeout's message names the phase that ran out: connecting,
               waiting for the first byte, the transfer"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

PITH, TESTD, FIXTURES = sys.argv[1:4]
# Under AddressSanitizer memory is inflated by its shadow and quarantine:
# the peak is printed, not checked.
SANITIZED = "--sanitized" in sys.argv[4:]
CASE = ([a for a in sys.argv[4:] if not a.startswith("--")] or [None])[0]
FAILURES = []
# Generous: only here so that a hang fails the test instead of blocking it.
HANG_GUARD = 120


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


def run_pith(args, stdin_text=None):
    """Runs pith; returns (exit code, stdout bytes, stderr text, seconds,
    peak RSS of the child in MB, from wait4)."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [PITH] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=clean_env())
    outs, errs = [], []
    readers = [threading.Thread(target=lambda: outs.append(proc.stdout.read())),
               threading.Thread(target=lambda: errs.append(proc.stderr.read()))]
    for t in readers:
        t.start()
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode())
    proc.stdin.close()
    timer = threading.Timer(HANG_GUARD, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    seconds = time.monotonic() - start
    check(seconds < HANG_GUARD, "pith %s hung (over %d s)"
          % (" ".join(args[:3]), HANG_GUARD))
    return (proc.returncode, outs[0], errs[0].decode(errors="replace"),
            seconds, usage.ru_maxrss / 1024)


def fetch(urls, extra=(), stdin_text=None):
    args = ["fetch"] + list(extra)
    if stdin_text is None:
        args += urls
    code, out, err, seconds, peak = run_pith(args, stdin_text)
    records = []
    for line in out.decode().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            check(False, "not a JSON line: %r" % line[:200])
    return code, records, err, seconds, peak


def one_record_each(urls, records, what):
    got = sorted(r["url"] for r in records)
    check(got == sorted(urls),
          "%s: one record per URL (got %d records for %d URLs)"
          % (what, len(records), len(urls)))
    return {r["url"]: r for r in records}


def offline(name, url, content_type):
    args = [PITH, "extract", "--format", "json", "--url", url]
    if content_type:
        args += ["--content-type", content_type]
    args.append(os.path.join(FIXTURES, name))
    out = subprocess.run(args, stdout=subprocess.PIPE, timeout=60).stdout
    return json.loads(out)


def same_as_offline(rec, name, what):
    """The record's article fields equal offline extraction of the file with
    the URL and Content-Type the fetch saw."""
    if rec.get("error") is not None:
        check(False, "%s: unexpected error %s" % (what, rec.get("error")))
        return
    want = offline(name, rec["final_url"], rec["content_type"])
    for key, value in want.items():
        if key == "url":
            continue  # the record's url is the one given; final_url here
        check(rec.get(key) == value,
              "%s: %s differs from offline extraction: %r vs %r"
              % (what, key, str(rec.get(key))[:80], str(value)[:80]))
    check(rec["final_url"] == want["url"], "%s: final_url" % what)


def stats(base):
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])),
                                  timeout=10) as s:
        s.sendall(b"GET /stats HTTP/1.0\r\nHost: x\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    body = data.split(b"\r\n\r\n", 1)[1].decode()
    return {k: int(v) for k, v in (l.split() for l in body.splitlines())}


def refused_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_certificate():
    """A self-signed certificate for 127.0.0.1, or None without openssl."""
    tmp = tempfile.mkdtemp(prefix="pith-fetch-test-")
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                        "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        print("openssl not usable: the HTTPS tests are skipped")
        return None
    return cert, key


def main():
    tls = make_certificate()
    cmd = [TESTD, "--pages", FIXTURES, "--hosts", "4"]
    if tls:
        cmd += ["--tls", tls[0], tls[1]]
    server = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    ports = server.stdout.readline().split()[1:]
    assert len(ports) == (5 if tls else 4), "pith_testd did not start"
    A, B500, C404, D = ("http://127.0.0.1:%d" % int(p) for p in ports[:4])
    try:
        if CASE:
            {"extract_url": test_extract_url_options,
             "output": test_output,
             "timeouts": test_timeouts}[CASE](A, C404)
            return finish()
        test_cases(A, B500, C404)
        test_robots(A, C404)
        test_retry_after(A)
        test_per_host_and_delay(D)
        test_reuse_and_proxy(D)
        test_input_file(A)
        test_streaming(A)
        test_progress(A)
        test_memory(A)
        test_extract_url(A)
        if tls:
            test_tls("https://127.0.0.1:%d" % int(ports[4]), tls[0])
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if tls:
            shutil.rmtree(os.path.dirname(tls[0]), ignore_errors=True)
    return finish()


def finish():
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("all fetch tests passed")
    return 0


def test_cases(A, B500, C404):
    page = "article-element-only.html"
    cyr = "charset-header-only.html"
    expect = {
        A + "/page/" + page: None,
        A + "/page/nav-header-footer-aside.html": None,
        A + "/gzip/" + page: None,
        A + "/redirect/3": None,
        A + "/page/%s?ct=text/html;%%20charset=windows-1251" % cyr: None,
        C404 + "/page/" + page: None,
        A + "/redirect/12": "redirects",
        A + "/loop/a": "redirects",
        A + "/status/404": "http_status",
        A + "/status/404?big=1": "http_status",  # not too_large
        A + "/status/500": "http_status",
        A + "/status/429": "http_status",
        A + "/drip": "timeout",
        A + "/endless": "too_large",
        A + "/big": "too_large",
        A + "/big?chunked=1": "too_large",
        A + "/bomb": "too_large",
        A + "/json": "not_html",
        A + "/image": "not_html",
        A + "/private/" + page: "robots",
        B500 + "/page/" + page: "robots",
        "http://127.0.0.1:%d/page/x.html" % refused_port(): "connect",
        # TLS spoken to a plain HTTP server: the handshake fails.
        A.replace("http:", "https:") + "/page/" + page: "tls",
        "ftp://127.0.0.1/x": "bad_url",
        "not a url": "bad_url",
    }
    urls = list(expect)
    code, records, err, seconds, _ = fetch(
        urls, ["--timeout", "6", "--retries", "1", "--parallel", "8"])
    by_url = one_record_each(urls, records, "cases")
    check(code == 1, "cases: exit code 1 when a URL failed (got %d)" % code)
    check(seconds < HANG_GUARD, "cases: bounded run")
    for url, kind in expect.items():
        rec = by_url.get(url)
        if rec is None:
            continue
        got = rec["error"]["kind"] if rec.get("error") else None
        check(got == kind, "%s: error kind %r, expected %r (%s)"
              % (url, got, kind, rec.get("error")))
        for key in ("url", "final_url", "status", "content_type",
                    "fetched_at", "error"):
            check(key in rec, "%s: record lacks %s" % (url, key))
        if rec.get("error"):
            check(bool(rec["error"].get("message")),
                  "%s: error without a message" % url)
    # Pages equal offline extraction of the same bytes.
    same_as_offline(by_url[A + "/page/" + page], page, "plain page")
    same_as_offline(by_url[A + "/page/nav-header-footer-aside.html"],
                    "nav-header-footer-aside.html", "second page")
    same_as_offline(by_url[A + "/gzip/" + page], page, "gzip page")
    same_as_offline(by_url[A + "/redirect/3"], page, "redirected page")
    check(by_url[A + "/redirect/3"]["final_url"] == A + "/page/" + page,
          "redirect chain: final_url is the last hop")
    rec = by_url[A + "/page/%s?ct=text/html;%%20charset=windows-1251" % cyr]
    same_as_offline(rec, cyr, "charset in the header")
    check("Приозёр" in (rec.get("text") or ""),
          "charset in the header: the text is decoded (Cyrillic)")
    check(by_url[A + "/status/404"]["status"] == 404, "404: status field")
    check(by_url[A + "/loop/a"]["error"]["message"].startswith(
        "redirect loop"), "loop: named as a loop")
    # A run where everything succeeds exits 0.
    code, records, _, _, _ = fetch([A + "/page/" + page])
    check(code == 0 and len(records) == 1 and records[0]["error"] is None,
          "a run without failures exits 0")


def test_robots(A, C404):
    before = stats(A)["robots"]
    urls = [A + "/page/article-element-only.html?n=%d" % i for i in range(20)]
    urls += [A + "/private/article-element-only.html?n=%d" % i
             for i in range(5)]
    code, records, _, _, _ = fetch(urls, ["--parallel", "8", "--per-host",
                                          "4"])
    by_url = one_record_each(urls, records, "robots")
    after = stats(A)["robots"]
    check(after - before == 1,
          "robots.txt fetched once per host (%d times)" % (after - before))
    kinds = [(r["error"] or {}).get("kind") for r in records]
    check(kinds.count("robots") == 5 and kinds.count(None) == 20,
          "robots: /private/ refused, the rest fetched (%r)" % kinds)
    # --ignore-robots neither fetches nor obeys it.
    urls = [A + "/private/article-element-only.html"]
    code, records, _, _, _ = fetch(urls, ["--ignore-robots"])
    check(code == 0 and records and records[0]["error"] is None,
          "--ignore-robots fetches a disallowed page")
    check(stats(A)["robots"] == after, "--ignore-robots asks no robots.txt")
    # The agent token comes from --user-agent.
    code, records, _, _, _ = fetch(
        [C404 + "/page/article-element-only.html"],
        ["--user-agent", "mybot/2.0 (+http://example.org)"])
    check(code == 0, "--user-agent accepted")


def test_retry_after(A):
    # 503 then 200, Retry-After: 1: the retry waits at least that long.
    code, records, _, seconds, _ = fetch(
        [A + "/flaky/one"], ["--retries", "2"])
    check(code == 0 and records[0]["error"] is None
          and records[0]["status"] == 200,
          "503 then 200: fetched on retry (%s)" % records[:1])
    check(seconds >= 0.9, "503 with Retry-After: 1 waited (%.2f s)" % seconds)
    # 429 then 200 likewise.
    code, records, _, _, _ = fetch([A + "/flaky/two?code=429"])
    check(code == 0 and records[0]["error"] is None, "429 then 200")
    # Without retries the 503 is the answer.
    code, records, _, _, _ = fetch([A + "/flaky/three"], ["--retries", "0"])
    check(code == 1 and records[0]["error"]["kind"] == "http_status"
          and records[0]["status"] == 503, "--retries 0: 503 reported")


def test_per_host_and_delay(D):
    urls = [D + "/slow/%d" % i for i in range(8)]
    code, records, _, _, _ = fetch(urls, ["--parallel", "16", "--per-host",
                                          "2"])
    one_record_each(urls, records, "per-host")
    check(code == 0, "per-host: all fetched")
    check(stats(D)["max_active"] <= 2,
          "--per-host 2: at most 2 requests at once (%d)"
          % stats(D)["max_active"])
    # --delay spaces the requests to one host.
    urls = [D + "/page/article-element-only.html?d=%d" % i for i in range(3)]
    code, records, _, seconds, _ = fetch(urls, ["--delay", "0.5"])
    check(code == 0 and len(records) == 3, "--delay: all fetched")
    check(seconds >= 1.0, "--delay 0.5: three requests take >= 1 s (%.2f)"
          % seconds)


def test_reuse_and_proxy(D):
    """Connections are kept alive and reused; proxies come from the
    environment."""
    before = stats(D)
    urls = [D + "/gen/%d" % i for i in range(20)]
    code, records, _, _, _ = fetch(urls, ["--per-host", "2"])
    one_record_each(urls, records, "reuse")
    after = stats(D)
    opened = after["connections"] - before["connections"]
    check(code == 0 and opened <= 5,
          "20 pages over at most 5 connections (%d)" % opened)
    # A host that does not resolve, reached through the proxy pith_testd
    # plays: the request never needs the name.
    url = "http://proxied.invalid/page/article-element-only.html"
    env = clean_env()
    env["http_proxy"] = D
    out = subprocess.run([PITH, "fetch", url], stdout=subprocess.PIPE,
                         env=env, timeout=HANG_GUARD).stdout
    recs = [json.loads(l) for l in out.splitlines()]
    check(len(recs) == 1 and recs[0]["error"] is None
          and recs[0]["url"] == url and recs[0].get("title"),
          "http_proxy from the environment is used (%s)" % recs[:1])
    check(stats(D)["proxied"] - after["proxied"] == 2,
          "through the proxy: robots.txt and the page")


def test_input_file(A):
    urls = [A + "/page/article-element-only.html?i=%d" % i for i in range(50)]
    text = "# a comment\n\n" + "\n".join("  %s  " % u for u in urls) + "\n\n"
    code, records, _, _, _ = fetch([], ["-i", "-", "--parallel", "4"],
                                   stdin_text=text)
    one_record_each(urls, records, "-i -")
    check(code == 0, "-i -: exit 0")
    # The same pages extracted in the fetch loop and by four threads.
    want = {r["url"]: r["text"] for r in records}
    for threads in ("0", "4"):
        code, records, _, _, _ = fetch(urls, ["--threads", threads])
        one_record_each(urls, records, "--threads " + threads)
        check(code == 0 and all(r["text"] == want[r["url"]] for r in records),
              "--threads %s: the same articles" % threads)
    code, _, err, _, _ = run_pith(["fetch", "-i", "/nonexistent/urls.txt"])
    check(code == 3 and "nonexistent" in err, "missing URL list: exit 3")
    code, _, err, _, _ = run_pith(["fetch", "--parallel", "0", A])
    check(code == 2, "bad --parallel: usage error")
    code, _, err, _, _ = run_pith(["fetch"])
    check(code == 2, "no URL: usage error")


def test_streaming(A):
    """Records come out while the URL list is still being written: a slow
    producer on standard input does not hold up the fetching."""
    proc = subprocess.Popen([PITH, "fetch", "-i", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=clean_env())
    timer = threading.Timer(HANG_GUARD, proc.kill)
    timer.start()
    first = A + "/page/article-element-only.html?s=1"
    proc.stdin.write((first + "\n").encode())
    proc.stdin.flush()
    line = proc.stdout.readline()  # before the list is closed
    rec = json.loads(line) if line else {}
    check(rec.get("url") == first and rec.get("error") is None,
          "streaming: the first record comes before the input ends")
    second = A + "/page/article-element-only.html?s=2"
    proc.stdin.write(second.encode())  # no newline at the end
    proc.stdin.close()
    rest = proc.stdout.read().decode().splitlines()
    proc.wait()
    timer.cancel()
    check(len(rest) == 1 and json.loads(rest[0])["url"] == second,
          "streaming: a last line without a newline is read")
    check(proc.returncode == 0, "streaming: exit 0")


def test_progress(A):
    """Progress goes to standard error when it is a terminal, and only
    then."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([PITH, "fetch", A + "/page/article-element-only.html"],
                            stdout=subprocess.PIPE, stderr=slave,
                            env=clean_env())
    os.close(slave)
    out, _ = proc.communicate(timeout=HANG_GUARD)
    tty = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        tty += chunk
    os.close(master)
    check(b"1/1 done" in tty, "progress on a terminal (%r)" % tty[-200:])
    check(len(out.splitlines()) == 1, "progress: stdout holds records only")
    code, _, err, _, _ = run_pith(["fetch",
                                   A + "/page/article-element-only.html"])
    check(err == "", "no progress when stderr is not a terminal (%r)" % err)


def test_memory(A):
    # Several bombs and 300 MB bodies among pages, default limits.
    urls = []
    for i in range(4):
        urls += [A + "/bomb?i=%d" % i, A + "/big?chunked=1&i=%d" % i,
                 A + "/big?i=%d" % i, A + "/endless?i=%d" % i]
    urls += [A + "/page/article-element-only.html?m=%d" % i for i in range(40)]
    code, records, _, seconds, peak = fetch(urls, ["--parallel", "16",
                                                   "--per-host", "16"])
    one_record_each(urls, records, "memory")
    big = [r for r in records if "/page/" not in r["url"]]
    check(all(r["error"] and r["error"]["kind"] == "too_large" for r in big),
          "memory: every oversized body reported as too_large")
    print("memory run: %d URLs, %.1f s, peak RSS %.0f MB"
          % (len(urls), seconds, peak or -1))
    check(SANITIZED or peak < 300,
          "peak memory under 300 MB with gzip bombs and 300 MB bodies "
          "(%.0f MB)" % (peak or -1))


def test_tls(S, cert):
    """Certificates are verified: a self-signed one is refused, and
    accepted once trusted with --cacert."""
    page = "article-element-only.html"
    url = S + "/page/" + page
    code, records, _, _, _ = fetch([url])
    check(code == 1 and records and records[0]["error"]["kind"] == "tls"
          and "certificate" in records[0]["error"]["message"],
          "self-signed certificate refused (%s)" % records[:1])
    code, records, _, _, _ = fetch([url], ["--cacert", cert])
    check(code == 0 and records and records[0]["error"] is None,
          "--cacert: the certificate is trusted (%s)" % records[:1])
    if records and records[0]["error"] is None:
        same_as_offline(records[0], page, "page over HTTPS")


def test_extract_url(A):
    page = "article-element-only.html"
    url = A + "/page/" + page
    code, out, err, _, _ = run_pith(["extract", url])
    want = subprocess.run([PITH, "extract", "--url", url,
                           os.path.join(FIXTURES, page)],
                          stdout=subprocess.PIPE).stdout
    check(code == 0 and out == want and out,
          "extract URL: same text as offline extraction")
    code, out, err, _, _ = run_pith(["extract", "--format", "json",
                                     A + "/redirect/1"])
    check(code == 0 and json.loads(out)["url"] == url,
          "extract URL --format json: the final URL")
    code, out, err, _, _ = run_pith(["extract", A + "/status/404"])
    check(code == 3 and "404" in err and not out,
          "extract URL: 404 gives exit 3 and a message (%d %r)" % (code, err))
    code, out, err, _, _ = run_pith(["extract", A + "/json"])
    check(code == 4 and "not_html" in err, "extract URL: JSON gives exit 4")
    code, out, err, _, _ = run_pith(["extract", A + "/private/" + page])
    check(code == 3 and "robots.txt" in err and not out,
          "extract URL: robots.txt obeyed (%d %r)" % (code, err))


def get(url):
    """The body of a GET on the loopback server, as text."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.0\r\nHost: x\r\n\r\n" % path).encode())
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n\r\n", 1)[1].decode()


def test_extract_url_options(A, C404):
    """pith extract URL takes the options of fetching one URL; its robots
    error names --ignore-robots, which now works."""
    page = "article-element-only.html"
    private = A + "/private/" + page
    code, out, err, _, _ = run_pith(["extract", private])
    check(code == 3 and "--ignore-robots" in err,
          "extract URL: robots.txt refuses, and says --ignore-robots")
    want = subprocess.run([PITH, "extract", "--url", private,
                           os.path.join(FIXTURES, page)],
                          stdout=subprocess.PIPE).stdout
    code, out, err, _, _ = run_pith(["extract", "--ignore-robots", private])
    check(code == 0 and out == want and out,
          "extract --ignore-robots URL: fetched (%d %r)" % (code, err))
    code, out, err, _, _ = run_pith(["extract", "-A", "mybot/2.0 (+x)",
                                     A + "/gen/3"])
    check(code == 0 and get(A + "/last-ua") == "mybot/2.0 (+x)",
          "extract -A: the User-Agent sent (%d %r)" % (code, err))
    code, out, err, _, _ = run_pith(["extract", "--user-agent=otherbot/1",
                                     A + "/gen/4"])
    check(code == 0 and get(A + "/last-ua") == "otherbot/1",
          "extract --user-agent=UA")
    code, out, err, secs, _ = run_pith(["extract", "--timeout", "2",
                                        A + "/drip"])
    check(code == 3 and "timed out in the transfer" in err and secs < 30,
          "extract --timeout 2 on a slow answer: exit 3 (%d %r)"
          % (code, err))
    code, out, err, _, _ = run_pith(["extract", "--max-size", "1K",
                                     A + "/page/" + page])
    check(code == 4 and "too_large" in err,
          "extract --max-size 1K: too large, exit 4 (%d %r)" % (code, err))
    code, out, err, _, _ = run_pith(["extract", "--retries", "0",
                                     A + "/flaky/extract-url"])
    check(code == 3 and "503" in err,
          "extract --retries 0: the 503 reported (%d %r)" % (code, err))
    code, out, err, _, _ = run_pith(["extract", "--cacert",
                                     "/nonexistent/ca.pem", A + "/gen/5"])
    check(code == 3 and "--cacert" in err, "--cacert unreadable: exit 3")


def test_output(A, C404):
    """-o FILE, --resume, --format text, and the line of every record."""
    tmp = tempfile.mkdtemp(prefix="pith-fetch-out-")
    try:
        urls = [A + "/gen/%d" % i for i in range(1, 11)]
        dup = A + "/gen/1"
        listing = "# pages\n" + "\n".join(urls[:5]) + "\n\n" + dup + \
            "\n" + "\n".join(urls[5:]) + "\n"
        list_path = os.path.join(tmp, "urls.txt")
        with open(list_path, "w") as f:
            f.write(listing)
        lines = {i + 1: l for i, l in enumerate(listing.splitlines())
                 if l.startswith("http")}
        out_path = os.path.join(tmp, "out.jsonl")
        code, out, err, _, _ = run_pith(["fetch", "-q", "-i", list_path,
                                         "-o", out_path])
        check(code == 0 and out == b"", "-o FILE: nothing on stdout (%d %r)"
              % (code, err))
        recs = [json.loads(l) for l in open(out_path)]
        got = {r["line"]: r["url"] for r in recs}
        check(got == lines, "every record carries its input line: %r"
              % sorted(got.items())[:4])
        check(sum(1 for r in recs if r["url"] == dup) == 2,
              "the duplicate URL has two records, on lines %r"
              % [r["line"] for r in recs if r["url"] == dup])
        # Cut the file as a crash would: 4 records and half of a fifth.
        data = open(out_path, "rb").read().splitlines(True)
        with open(out_path, "wb") as f:
            f.write(b"".join(data[:4]) + data[4][:30])
        before = stats(A)["requests"]
        code, out, err, _, _ = run_pith(["fetch", "-i", list_path,
                                         "-o", out_path, "--resume"])
        recs = [json.loads(l) for l in open(out_path)]
        got = sorted(r["line"] for r in recs)
        check(code == 0 and got == sorted(lines),
              "--resume: every line once (%d %r)" % (code, got))
        check("4 URLs already in" in err, "--resume: says what it skipped "
              "(%r)" % err)
        # The 7 pages not done yet, robots.txt and the /stats request.
        fetched = stats(A)["requests"] - before
        check(fetched == len(lines) - 4 + 2,
              "--resume: only the rest fetched (%d requests)" % fetched)
        code, _, err, _, _ = run_pith(["fetch", "-i", list_path, "-o",
                                       list_path, "--resume"])
        check(code == 2 and "not a pith fetch record" in err,
              "--resume over a file that is no output refuses")
        # --format text
        code, out, err, _, _ = run_pith(["fetch", "--format", "text",
                                         A + "/gen/2", A + "/status/404"])
        text = out.decode()
        check(code == 1 and "==> %s/gen/2 (line 1) <==\n" % A in text and
              "==> %s/status/404 (line 2) <==\n[error http_status:" % A
              in text, "--format text: headed blocks (%r)" % text[:300])
        code, out, err, _, _ = run_pith(["fetch", A + "/gen/2", A + "/gen/2"])
        recs = [json.loads(l) for l in out.splitlines()]
        check(sorted(r["line"] for r in recs) == [1, 2],
              "URLs given as arguments: line is their position")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_timeouts(A, C404):
    """Each phase of a request that runs out of time is named."""
    # A listening socket whose queue is full: the SYN is not answered.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(0)
    port = s.getsockname()[1]
    fill = []
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fill.append(c)
    time.sleep(0.2)
    try:
        code, records, err, _, _ = fetch(
            ["http://127.0.0.1:%d/x" % port],
            ["--ignore-robots", "--connect-timeout", "1", "--retries", "0"])
        msg = records[0]["error"]["message"] if records else ""
        check(records and records[0]["error"]["kind"] == "timeout" and
              msg.startswith("timed out connecting") and
              "--connect-timeout" in msg,
              "connect phase named (%r)" % msg)
        # Without --ignore-robots the robots.txt request meets it first.
        code, records, err, _, _ = fetch(
            ["http://127.0.0.1:%d/y" % port],
            ["--connect-timeout", "1", "--retries", "0"])
        msg = records[0]["error"]["message"] if records else ""
        check("timed out connecting" in msg and "robots.txt" in msg,
              "connect phase named for robots.txt (%r)" % msg)
    finally:
        for c in fill:
            c.close()
        s.close()
    code, records, err, _, _ = fetch([A + "/stall?s=8"],
                                     ["--timeout", "2", "--retries", "0"])
    msg = records[0]["error"]["message"] if records else ""
    check(records and records[0]["error"]["kind"] == "timeout" and
          msg.startswith("timed out waiting for the first byte"),
          "first-byte phase named (%r)" % msg)
    code, records, err, _, _ = fetch([A + "/drip"],
                                     ["--timeout", "2", "--retries", "0"])
    msg = records[0]["error"]["message"] if records else ""
    check(records and records[0]["error"]["kind"] == "timeout" and
          msg.startswith("timed out in the transfer"),
          "transfer phase named (%r)" % msg)
    code, out, err, _, _ = run_pith(["extract", "--timeout", "2",
                                     A + "/stall?s=8"])
    check(code == 3 and "waiting for the first byte" in err,
          "extract URL: the phase in its message too (%r)" % err)


if __name__ == "__main__":
    sys.exit(main())
