#!/usr/bin/env python3
"""End-to-end tests of `pith serve` on 127.0.0.1, one ctest test per case:

    serve_test.py PITH CASE

Each case starts its own server on a free port (--listen 127.0.0.1:0; the
port is read from the line it prints) and stops it with SIGTERM. The
reference for every extraction is `pith extract --format json` on the same
bytes. No case reaches beyond the loopback addresses.
"""

import glob
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skip_note  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures")
PITH = None
FAILS = []
SANITIZED = bool(os.environ.get("PITH_SANITIZED"))

SMALL_PAGE = (b"<html><head><title>A short note</title></head><body>"
              b"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
              b"<article><h1>A short note</h1><p>The council met on Tuesday "
              b"and agreed to repair the old bridge before the winter, "
              b"after a long debate about the cost.</p><p>Work starts next "
              b"month and should take six weeks.</p></article></body></html>")


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, flush=True)
    return cond


class Server:
    """A `pith serve` child on a free port of 127.0.0.1."""

    def __init__(self, *args):
        self.p = subprocess.Popen(
            [PITH, "serve", "--listen", "127.0.0.1:0"] + list(args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = self.p.stderr.readline().decode()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.p.kill()
            raise SystemExit("pith serve did not start: %r" % line)
        self.port = int(m.group(1))

    def conn(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        c = conn or self.conn()
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, dict(r.getheaders()), data

    def health_ok(self):
        try:
            status, _, data = self.request("GET", "/health")
            return status == 200 and json.loads(data) == {"status": "ok"}
        except OSError:
            return False

    def stop(self, timeout=60):
        """SIGTERM; returns (exit code, standard error)."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        return self.p.returncode, self.p.stderr.read().decode()

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def cli_json(body, url=None, ctype=None, extra=()):
    """pith extract --format json on the same bytes."""
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(body)
        f.flush()
        args = [PITH, "extract", "--format", "json"] + list(extra)
        if url:
            args += ["--url", url]
        if ctype:
            args += ["--content-type", ctype]
        p = subprocess.run(args + [f.name], capture_output=True)
        return p.returncode, p.stdout


def fixture_pages():
    return [(os.path.basename(p)[:-5], open(p, "rb").read())
            for p in sorted(glob.glob(os.path.join(FIXTURES, "*.html")))]


def error_kind(data):
    try:
        return json.loads(data)["error"]["kind"]
    except (ValueError, KeyError, TypeError):
        return None


def raw_exchange(port, data, timeout=10):
    """Sends raw bytes on a new connection; returns all that comes back
    until the server closes it."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out
            out += chunk
    except OSError:
        return out
    finally:
        s.close()


# ---- cases -----------------------------------------------------------------

def case_routes(tmp):
    """Every route and status: extraction equal to the CLI's JSON in every
    format, no article, /clean, /health, /metrics, 400, 404, 405, 422."""
    srv = Server("--threads", "2")
    try:
        conn = srv.conn()  # one keep-alive connection for all of these
        for name, body in fixture_pages()[:20]:
            url = "https://site.example/%s" % name
            status, hdr, data = srv.request(
                "POST", "/extract?url=" + url, body,
                {"Content-Type": "text/html"}, conn=conn)
            code, exp = cli_json(body, url, "text/html")
            check(status == 200, "%s: 200, got %d" % (name, status))
            check(json.loads(data) == json.loads(exp),
                  "%s: the JSON of pith extract --format json" % name)
            check(hdr.get("Pith-Article") ==
                  ("true" if code == 0 else "false"),
                  "%s: Pith-Article header" % name)
        # the Content-Type header carries the page's charset
        latin = ("<html><body><article><p>" + "Caf\u00e9 cr\u00e8me br\u00fbl"
                 "\u00e9e, na\u00efve fa\u00e7ade. " * 12 +
                 "</p></article></body></html>").encode("latin-1")
        ctype = "text/html; charset=iso-8859-1"
        status, _, data = srv.request("POST", "/extract", latin,
                                      {"Content-Type": ctype})
        check(json.loads(data) == json.loads(cli_json(latin, None, ctype)[1]),
              "charset from Content-Type: as pith extract --content-type")
        check("Caf\u00e9" in json.loads(data)["text"],
              "charset from Content-Type: decoded as Latin-1")
        # a form type (curl -d) is not the page's type
        status, _, data = srv.request(
            "POST", "/extract", SMALL_PAGE,
            {"Content-Type": "application/x-www-form-urlencoded"})
        check(status == 200 and json.loads(data)["article"] is True,
              "a form Content-Type is ignored, got %d" % status)
        # text, markdown, mode
        for fmt, flag in (("text", "text"), ("markdown", "markdown")):
            status, hdr, data = srv.request(
                "POST", "/extract?format=%s&mode=precision" % fmt, SMALL_PAGE)
            p = subprocess.run([PITH, "extract", "--precision", "--format",
                                flag, "-"], input=SMALL_PAGE,
                               capture_output=True)
            check(status == 200 and data == p.stdout,
                  "format=%s: the output of pith extract" % fmt)
        # no article: 200 and "article": false
        home = (b"<html><head><title>Home</title></head><body><ul>" +
                b"".join(b"<li><a href='/a%d'>Story %d</a></li>" % (i, i)
                         for i in range(30)) + b"</ul></body></html>")
        status, hdr, data = srv.request("POST", "/extract", home)
        check(status == 200 and json.loads(data)["article"] is False and
              hdr.get("Pith-Article") == "false",
              "no article: 200 with article false, got %d %r" %
              (status, data[:80]))
        # /clean
        text = (b"Share this article\nThe council agreed to repair the old "
                b"bridge before the winter.\nPhoto: Jane Doe/Agency\n")
        status, _, data = srv.request("POST", "/clean?mode=balanced", text)
        got = json.loads(data) if status == 200 else {}
        p = subprocess.run([PITH, "clean", "-"], input=text,
                           capture_output=True)
        check(status == 200 and got.get("text", "").encode() == p.stdout,
              "/clean: the text of pith clean, got %d %r" % (status, data))
        lines = got.get("lines", [])
        check(len(lines) == 3 and
              all(set(ln) == {"text", "keep", "rule"} for ln in lines) and
              [ln["keep"] for ln in lines].count(True) >= 1,
              "/clean: every line with text, keep and rule: %r" % lines)
        # errors
        cases = [
            ("GET", "/nowhere", None, 404, "argument"),
            ("GET", "/extract", None, 405, "argument"),
            ("POST", "/health", b"x", 405, "argument"),
            ("POST", "/extract?format=pdf", SMALL_PAGE, 400, "argument"),
            ("POST", "/extract?mode=fast", SMALL_PAGE, 400, "argument"),
            ("POST", "/extract?colour=red", SMALL_PAGE, 400, "argument"),
            ("POST", "/clean?format=json", b"text", 400, "argument"),
            ("POST", "/extract", b"", 422, "empty"),
            ("POST", "/extract", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
             422, "not_html"),
        ]
        for method, path, body, want, kind in cases:
            status, hdr, data = srv.request(method, path, body)
            check(status == want and error_kind(data) == kind,
                  "%s %s: %d %s, got %d %r" % (method, path, want, kind,
                                               status, data[:100]))
            if want == 405:
                check(hdr.get("Allow") in ("POST", "GET, HEAD"),
                      "%s %s: an Allow header" % (method, path))
        # a document limit: 422 limit
        status, _, data = srv.request("POST", "/extract", SMALL_PAGE)
        check(status == 200, "the service still serves after errors")
        metrics_checks(srv)
    finally:
        code, err = srv.stop()
    check(code == 0, "SIGTERM: exit 0, got %d: %s" % (code, err))


def metrics_checks(srv):
    status, hdr, data = srv.request("GET", "/metrics")
    text = data.decode()
    check(status == 200 and hdr.get("Content-Type", "").startswith(
        "text/plain"), "/metrics: 200 text/plain")
    for want in ('pith_requests_total{route="extract",status="200"}',
                 'pith_requests_total{route="extract",status="400"}',
                 'pith_requests_total{route="other",status="404"}',
                 'pith_request_bytes_total{route="extract"}',
                 'pith_request_duration_seconds_bucket{le="+Inf"}',
                 "pith_request_duration_seconds_count",
                 "pith_requests_in_flight 1",
                 "# TYPE pith_request_duration_seconds histogram"):
        check(want in text, "/metrics: has %s" % want)
    m = re.search(r'^pith_requests_total\{route="extract",status="200"\} '
                  r'(\d+)$', text, re.M)
    check(m and int(m.group(1)) >= 20, "/metrics: the extractions counted")
    for line in text.splitlines():
        check(line.startswith("#") or line.startswith("pith_"),
              "/metrics: every name prefixed pith_: %r" % line)


def case_limits(tmp):
    """Oversized, malformed and chunked-over-limit bodies get 413/400, the
    connection cap gets 503 with Retry-After, and the service keeps
    serving."""
    srv = Server("--threads", "1", "--max-body", "64K",
                 "--max-connections", "8")
    port = srv.port
    try:
        big = SMALL_PAGE * 1000  # about 400 KB
        status, hdr, data = srv.request("POST", "/extract", big)
        check(status == 413 and error_kind(data) == "too_large",
              "Content-Length over --max-body: 413 too_large, got %d" % status)
        # refused from the header alone: nothing of the body is sent
        out = raw_exchange(port, b"POST /extract HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Length: 999999999\r\n\r\n")
        check(out.startswith(b"HTTP/1.1 413"),
              "a huge Content-Length is refused before the body: %r" %
              out[:40])
        # chunked, past the limit part way
        chunk = SMALL_PAGE * 40  # about 16 KB
        req = (b"POST /extract HTTP/1.1\r\nHost: x\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(6):  # about 96 KB in all
            req += b"%x\r\n%s\r\n" % (len(chunk), chunk)
        out = raw_exchange(port, req + b"0\r\n\r\n")
        check(out.startswith(b"HTTP/1.1 413") and b"too_large" in out,
              "chunked over --max-body: 413, got %r" % out[:60])
        # chunked within the limit is read
        req = (b"POST /extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        for k in range(0, len(SMALL_PAGE), 100):
            part = SMALL_PAGE[k:k + 100]
            req += b"%x\r\n%s\r\n" % (len(part), part)
        out = raw_exchange(port, req + b"0\r\n\r\n")
        check(out.startswith(b"HTTP/1.1 200") and b'"article":true' in out,
              "chunked within the limit: 200, got %r" % out[:60])
        # a chunked body that never ends is cut off
        req = (b"POST /extract HTTP/1.1\r\nHost: x\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(20):
            req += b"%x\r\n%s\r\n" % (len(chunk), chunk)
        out = raw_exchange(port, req)
        check(not out.startswith(b"HTTP/1.1 200"),
              "an endless chunked body is not read to its end")
        # malformed requests
        out = raw_exchange(port, b"GARBAGE\r\n\r\n")
        check(out == b"" or out.startswith(b"HTTP/1.1 400"),
              "no request line: closed or 400, got %r" % out[:40])
        for bad in (b"POST /extract HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Length: abc\r\n\r\n",
                    b"POST /extract HTTP/1.1\r\nHost: x\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n",
                    b"GET /health HTTP/1.1\r\nNo colon here\r\n\r\n"):
            out = raw_exchange(port, bad)
            check(out.startswith(b"HTTP/1.1 400") or
                  out.startswith(b"HTTP/1.0 400"),
                  "malformed %r: 400, got %r" % (bad[:30], out[:40]))
        # headers over the cap
        out = raw_exchange(port, b"GET /health HTTP/1.1\r\nHost: x\r\n" +
                           b"X-Big: " + b"a" * 70000 + b"\r\n\r\n")
        check(re.match(rb"HTTP/1\.[01] (413|431)", out) is not None,
              "headers over the cap refused, got %r" % out[:40])
        check(srv.health_ok(), "still serving after the bad requests")
        # more connections than --max-connections: 503 with Retry-After
        idle = [socket.create_connection(("127.0.0.1", port))
                for _ in range(10)]
        time.sleep(0.3)
        status, hdr, data = srv.request("POST", "/extract", SMALL_PAGE)
        check(status == 503 and "Retry-After" in hdr and
              error_kind(data) == "limit",
              "over --max-connections: 503 with Retry-After, got %d" % status)
        for s in idle:
            s.close()
        # the server notices the closes on its own time: a loaded machine
        # may take longer than a moment
        deadline = time.time() + 10
        while True:
            time.sleep(0.3)
            status, _, _ = srv.request("POST", "/extract", SMALL_PAGE)
            if status == 200 or time.time() > deadline:
                break
        check(status == 200, "serving again once they closed, got %d" %
              status)
    finally:
        code, err = srv.stop()
    check(code == 0, "exit 0, got %d" % code)
    # a document limit: 422 limit, with the limit named
    srv = Server("--max-nodes", "10")
    try:
        status, _, data = srv.request("POST", "/extract", SMALL_PAGE)
        check(status == 422 and error_kind(data) == "limit" and
              b"max-nodes" in data,
              "a document limit: 422 limit, got %d %r" % (status, data[:100]))
    finally:
        srv.stop()
    # the queue full: one worker, one request waiting, the rest 503
    srv = Server("--threads", "1", "--queue", "1")
    try:
        page = fixture_pages()[0][1] * 40
        got = []
        go = threading.Event()

        def post():
            go.wait()
            got.append(srv.request("POST", "/extract", page))

        # all requests leave at once, so that they overlap however slowly
        # the threads start on a loaded machine (whether the second one
        # finds the queue's slot free depends on when the worker takes the
        # first: one 200 is certain, a second is not)
        threads = [threading.Thread(target=post) for _ in range(6)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        go.set()
        for t in threads:
            t.join(120)
        statuses = sorted(g[0] for g in got)
        busy = [g for g in got if g[0] == 503]
        check(len(got) == 6 and set(statuses) <= {200, 503} and
              statuses.count(200) >= 1 and busy,
              "queue full: 503 for some, 200 for the others: %r" % statuses)
        check(all("Retry-After" in h and error_kind(d) == "limit"
                  for _, h, d in busy), "queue full: Retry-After, kind limit")
    finally:
        code, err = srv.stop()
    check(code == 0, "exit 0, got %d" % code)


def case_slow(tmp):
    """200 slow clients (headers sent a byte a second) while /health still
    answers in under a second, extractions run, and one address is held to
    --max-per-client."""
    srv = Server("--threads", "2", "--max-per-client", "64")
    port = srv.port
    stop = threading.Event()
    socks = []
    try:
        # 50 from each of four loopback addresses, under the per-client cap
        for i in range(200):
            s = socket.socket()
            s.bind(("127.0.0.%d" % (2 + i // 50), 0))
            s.connect(("127.0.0.1", port))
            socks.append(s)
        head = b"POST /extract HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"

        def dribble():
            k = 0
            while not stop.is_set() and k < len(head):
                for s in socks:
                    try:
                        s.send(head[k:k + 1])
                    except OSError:
                        pass
                k += 1
                stop.wait(1.0)

        t = threading.Thread(target=dribble)
        t.start()
        page = fixture_pages()[0][1]
        worst = 0.0
        for _ in range(6):
            # an extraction in flight at the same time
            busy = threading.Thread(
                target=lambda: srv.request("POST", "/extract", page * 20))
            busy.start()
            t0 = time.monotonic()
            ok = srv.health_ok()
            took = time.monotonic() - t0
            worst = max(worst, took)
            check(ok, "/health answers with 200 slow clients")
            busy.join()
            time.sleep(0.5)
        print("slow: /health took at most %.3f s with 200 slow clients open"
              % worst)
        check(worst < 1.0, "/health under a second, took %.3f s" % worst)
        status, hdr, data = srv.request("GET", "/metrics")
        m = re.search(rb"pith_connections_open (\d+)", data)
        check(m and int(m.group(1)) >= 200,
              "the slow clients are open: %r" % (m and m.group(0)))
        # one address past --max-per-client is refused
        extra = []
        for _ in range(70):
            s = socket.socket()
            s.bind(("127.0.0.9", 0))
            s.connect(("127.0.0.1", port))
            extra.append(s)
        time.sleep(0.5)
        closed = 0
        for s in extra:
            s.settimeout(0.05)
            try:
                if s.recv(1) == b"":
                    closed += 1
            except socket.timeout:
                pass
            except OSError:
                closed += 1
            s.close()
        check(closed >= 6, "past --max-per-client 64 of 70 connections: "
              "%d closed" % closed)
        check(srv.health_ok(), "still serving")
    finally:
        stop.set()
        for s in socks:
            s.close()
        code, err = srv.stop()
    check(code == 0, "exit 0, got %d" % code)


def case_sigterm(tmp):
    """SIGTERM: the requests in flight (one with half its body sent, others
    queued behind a busy worker) are answered, new connections are refused,
    and pith exits 0."""
    srv = Server("--threads", "1", "--timeout-ms", "20000")
    port = srv.port
    page = fixture_pages()[0][1] * 30
    results = []

    def post():
        try:
            results.append(srv.request("POST", "/extract", page)[0])
        except OSError as e:
            results.append(str(e))

    # one request half sent
    half = socket.create_connection(("127.0.0.1", port), timeout=30)
    half.sendall(b"POST /extract HTTP/1.1\r\nHost: x\r\nContent-Length: %d"
                 b"\r\n\r\n" % len(SMALL_PAGE) + SMALL_PAGE[:50])
    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    srv.p.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        refused = True
    check(refused, "SIGTERM: no new connections")
    half.sendall(SMALL_PAGE[50:])
    out = b""
    while True:
        chunk = half.recv(65536)
        if not chunk:
            break
        out += chunk
    half.close()
    check(out.startswith(b"HTTP/1.1 200") and b'"article":true' in out,
          "SIGTERM: the half-sent request is answered, got %r" % out[:60])
    for t in threads:
        t.join(60)
    check(results == [200] * 4, "SIGTERM: the queued requests answered 200: "
          "%r" % results)
    code, err = srv.stop()
    took = time.monotonic() - t0
    check(code == 0, "SIGTERM: exit 0, got %d: %s" % (code, err))
    check(took < 21, "SIGTERM: stopped within --timeout-ms plus a second")
    # a request that never ends does not hold the exit past --timeout-ms
    srv = Server("--timeout-ms", "1000")
    stuck = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    stuck.sendall(b"POST /extract HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: 100\r\n\r\nabc")
    time.sleep(0.2)
    t0 = time.monotonic()
    code, err = srv.stop()
    took = time.monotonic() - t0
    stuck.close()
    check(code == 0 and took < 2.5,
          "SIGTERM with a request that never ends: exit 0 in %.1f s" % took)
    srv = Server()
    srv.p.send_signal(signal.SIGINT)
    code, err = srv.stop()
    check(code == 0 and "stopped" in err, "SIGINT: exit 0, got %d" % code)


def keepalive_load(port, count, conns=4, depth=8):
    """`count` small extractions over `conns` keep-alive connections, each
    sending `depth` requests at a time (HTTP/1.1 pipelining) to keep the
    client's own cost low; returns the number that were not 200."""
    body = SMALL_PAGE
    req = (b"POST /extract?url=https://site.example/n HTTP/1.1\r\n"
           b"Host: x\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
           b"\r\n" % len(body)) + body
    bad = [0]
    lock = threading.Lock()

    def one(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        buf = b""
        errors = 0
        while n > 0:
            k = min(depth, n)
            n -= k
            s.sendall(req * k)
            for _ in range(k):
                while b"\r\n\r\n" not in buf:
                    chunk = s.recv(65536)
                    if not chunk:
                        raise OSError("closed")
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                length = int(re.search(rb"Content-Length: (\d+)",
                                       head).group(1))
                while len(buf) < length:
                    buf += s.recv(65536)
                buf = buf[length:]
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
        s.close()
        with lock:
            bad[0] += errors

    threads = [threading.Thread(target=one, args=(count // conns,))
               for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return bad[0]


def case_memory(tmp):
    """No growth: the resident memory after 100 000 requests within 10 %
    of that after 10 000 (small pages, keep-alive connections)."""
    srv = Server("--threads", "2")
    try:
        first, total = (10000, 100000) if not SANITIZED else (2000, 6000)
        t0 = time.monotonic()
        bad = keepalive_load(srv.port, first)
        rss1 = srv.rss_kb()
        bad += keepalive_load(srv.port, total - first)
        rss2 = srv.rss_kb()
        took = time.monotonic() - t0
        print("memory: RSS %.1f MB after %d requests, %.1f MB after %d "
              "(%.0f requests/s)" % (rss1 / 1024, first, rss2 / 1024, total,
                                     total / took))
        check(bad == 0, "memory: every request answered 200 (%d not)" % bad)
        check(srv.health_ok(), "memory: still serving")
    finally:
        code, err = srv.stop()
    check(code == 0, "memory: exit 0, got %d" % code)
    if SANITIZED:
        if FAILS:
            sys.exit(1)
        # ASan's shadow memory and quarantine are not pith's memory
        sys.exit(skip_note.skip("the RSS bound is not checked in a "
                                "sanitizer build (fewer requests run)"))
    check(rss2 <= rss1 * 1.10, "memory: RSS %.1f MB after %d within 10 %% of "
          "%.1f MB after %d" % (rss2 / 1024, total, rss1 / 1024, first))


def case_usage(tmp):
    """Usage errors, --help and an address that cannot be listened on."""
    p = subprocess.run([PITH, "serve", "--help"], capture_output=True)
    check(p.returncode == 0 and b"POST /extract" in p.stdout and
          b"--max-body" in p.stdout, "serve --help")
    for args, code in ((["--listen", "nowhere"], 2),
                       (["--threads", "0"], 2),
                       (["--max-body", "0"], 2),
                       (["page.html"], 2),
                       (["--listen", "127.0.0.1:99999"], 2)):
        p = subprocess.run([PITH, "serve"] + args, capture_output=True,
                           timeout=30)
        check(p.returncode == code and p.stderr.startswith(b"pith: "),
              "serve %s: exit %d, got %d %r" % (" ".join(args), code,
                                                p.returncode, p.stderr))
    srv = Server()
    try:
        p = subprocess.run([PITH, "serve", "--listen",
                            "127.0.0.1:%d" % srv.port], capture_output=True,
                           timeout=30)
        check(p.returncode == 3 and b"in use" in p.stderr,
              "a port in use: exit 3, got %d %r" % (p.returncode, p.stderr))
    finally:
        srv.stop()


CASES = {name[5:]: fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    global PITH
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print("usage: serve_test.py PITH {%s}" % ",".join(CASES))
        return 2
    PITH = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="pith-serve-") as tmp:
        CASES[sys.argv[2]](tmp)
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
