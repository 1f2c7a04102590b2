#!/usr/bin/env python3
"""Hostile and broken inputs for `pith extract` and `pith clean`: no crash,
no hang, the documented exit code, a clean error message, valid UTF-8 and
valid JSON, bounded memory.

usage: bad_input.py PITH_BINARY [NAME_SUBSTRING...]

Every input is generated in a temporary directory at test time (none is
kept in the repository) and run under a hang guard ($PITH_HANG_GUARD
seconds, default 300: generous, for sanitizer builds; the time of each run
is printed, never asserted). Small inputs run with the text and the JSON
format, the large ones (tens of megabytes) with JSON only, which renders
everything. NAME_SUBSTRING arguments run only the matching cases. Checks,
per run:
  * the process was not killed by a signal and no sanitizer reported an error;
  * its peak resident memory (the child's ru_maxrss) is under 1.5 GB;
  * the exit code is one the case allows (0 article, 1 no article, 2 usage,
    3 unreadable, 4 rejected);
  * stderr starts with "pith: " whenever the exit code is neither 0 nor 1,
    and names the limit when the case expects one;
  * stdout is valid UTF-8;
  * with exit 0 or 1: text output is empty on 1 and ends with a newline on 0;
    JSON output parses as one object whose "article" matches the exit code.
Prints one line per run and a final "N passed, M failed"; exits 1 on any
failure.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HANG_GUARD_S = int(os.environ.get('PITH_HANG_GUARD', '300'))
MAX_RSS_KB = 1536 * 1024
SANITIZER_EXIT = 86
ARTICLE_OK = (0, 1)
REJECTED = (4,)
UNREADABLE = (3,)
USAGE = (2,)

SENTENCES = [
    'The committee met on Tuesday evening to discuss the proposal, which '
    'would extend the library opening hours through the winter months.',
    'Several members argued that the cost was modest compared with the '
    'benefit to students, while others asked for a trial period first.',
    'A survey of readers last autumn found that most of them visit after '
    'work, when the building has usually already closed its doors.',
    'The head librarian said the staff were willing to change their shifts, '
    'provided the council paid for two additional part-time posts.',
    'Heating the reading rooms for the extra hours would add about a tenth '
    'to the annual energy bill, according to the figures presented.',
    'Parents from the primary school spoke in favour, saying the homework '
    'club had outgrown the single room it is currently given.',
    'A final decision is expected at the March meeting, after the finance '
    'department has reviewed the estimates in more detail.',
    'Until then, the library will keep its present timetable, with late '
    'opening on Thursdays only, as it has done for the past six years.',
]
PARAGRAPH = ' '.join(SENTENCES[:3])


def article(body_html, title='A small test article'):
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<title>%s</title></head>\n<body><nav><a href="/">Home</a> '
            '<a href="/news">News</a></nav>\n<article><h1>%s</h1>\n%s\n'
            '</article>\n<footer>Copyright 2024</footer></body></html>\n' % (
                title, title, body_html))


def paragraphs(n):
    """n distinct paragraphs: repeated text would be dropped as duplicates."""
    out = []
    for i in range(n):
        k = len(SENTENCES)
        out.append('<p>%s</p>' % ' '.join(
            SENTENCES[(i + j) % k] for j in range(1 + i % 3)))
    return '\n'.join(out)


def make_cases(tmp):
    """Returns [(name, argv after 'extract' or None, stdin bytes or None,
    allowed exit codes)]. argv None means: the file for that case."""
    rng = random.Random(20240611)
    cases = []

    def file_case(name, data, allowed):
        path = os.path.join(tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        cases.append((name, [path], None, allowed))

    file_case('empty', b'', REJECTED)
    file_case('whitespace-only', b' \n\t\r\n   \n' * 1000, REJECTED)
    file_case('random-1mb', rng.randbytes(1 << 20), REJECTED)
    file_case('png-header', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR'
              + rng.randbytes(64 << 10), REJECTED)
    file_case('pdf-header', b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'
              b'<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
              + (PARAGRAPH.encode() + b'\n') * 200 + b'%%EOF\n', REJECTED)
    file_case('nul-filled', b'\x00' * (256 << 10), REJECTED)

    full = article(paragraphs(8)).encode()
    cut_tag = full.index(b'<p>', len(full) // 2) + 2
    file_case('truncated-mid-tag', full[:cut_tag], ARTICLE_OK)
    with_entity = article(paragraphs(6) + '\n<p>Fish &amp; chips &eacute;t&eacute; '
                          + PARAGRAPH + '</p>').encode()
    cut_entity = with_entity.rindex(b'&eacute;') + 4
    file_case('truncated-mid-entity', with_entity[:cut_entity], ARTICLE_OK)
    file_case('truncated-mid-comment',
              article(paragraphs(6)).encode()[:-300] + b'<!-- unfinished',
              ARTICLE_OK)

    # Past the default depth limit (max_depth, 100 000): an error naming
    # it; with the limit raised, the article (every walk is iterative).
    file_case('nested-div-100k', article(
        '<div>' * 100000 + paragraphs(5) + '</div>' * 100000).encode(),
        REJECTED)
    cases.append(('nested-div-100k-raised', ['--max-depth', '300000',
                                             cases[-1][1][0]],
                  None, (0,)))
    file_case('unclosed-b-100k', article(
        paragraphs(3) + '<p>' + '<b>x ' * 100000 + '</p>' + paragraphs(3)
    ).encode(), REJECTED)
    cases.append(('unclosed-b-100k-raised', ['--max-depth', '300000',
                                             cases[-1][1][0]],
                  None, (0,)))
    file_case('million-attributes', article(
        '<div ' + ' '.join('a%d="v"' % i for i in range(1000000)) + '>'
        + paragraphs(5) + '</div>').encode(), ARTICLE_OK)
    file_case('nested-div-200k-unclosed', article(
        '<div>' * 200000 + paragraphs(5)).encode(), REJECTED)
    cases.append(('nested-div-200k-unclosed-raised',
                  ['--max-depth', '300000', cases[-1][1][0]], None, (0,)))
    file_case('unclosed-p-table-mix', article(
        ('<table><tr><td><p>cell ' * 20000) + paragraphs(4)).encode(),
        ARTICLE_OK)

    invalid = (b'\xff\xfe bad start \xc3\x28 \xa0\xa1 \xe2\x28\xa1 '
               b'\xf0\x28\x8c\xbc \xf8\xa1\xa1\xa1\xa1 \xed\xa0\x80 \xc0\xaf ')
    body = ''.join('<p>%s @@%d@@ %s</p>\n' % (
        SENTENCES[i], i, SENTENCES[(i + 1) % len(SENTENCES)]) for i in range(8))
    data = article(body).encode()
    for i in range(8):
        data = data.replace(b'@@%d@@' % i, invalid)
    file_case('invalid-utf8', data, ARTICLE_OK)
    file_case('invalid-utf8-declared-utf16',
              data.replace(b'charset="utf-8"', b'charset="utf-16"'), ARTICLE_OK)
    file_case('lone-surrogates-escaped', article(
        paragraphs(4) + '<p>&#xD800; &#xDFFF; &#0; &#x110000; &#99999999999;'
        ' &#x1F600; ' + PARAGRAPH + '</p>').encode(), ARTICLE_OK)

    parts = [b'<!DOCTYPE html><html><head><title>One line</title></head>'
             b'<body><article><h1>One line</h1>']
    size, i = 0, 0
    while size < 20 << 20:
        line = ('<p>Note %d. %s</p>' % (
            i, SENTENCES[i % len(SENTENCES)])).encode()
        parts.append(line)
        size += len(line)
        i += 1
    parts.append(b'</article></body></html>')
    big = b''.join(parts)
    # Under a sanitizer on a busy machine this can pass the time limit.
    file_case('single-line-20mb', big, ANY)

    # stdin must read exactly what the same page read from a file gives.
    piped = article(paragraphs(6)).encode()
    file_case('stdin-reference', piped, ARTICLE_OK)
    cases.append(('stdin', ['-'], piped, ARTICLE_OK))
    cases.append(('stdin-empty', ['-'], b'', REJECTED))
    cases.append(('missing-file', [os.path.join(tmp, 'no-such-page.html')],
                  None, UNREADABLE))
    d = os.path.join(tmp, 'a-directory')
    os.mkdir(d)
    cases.append(('directory', [d], None, UNREADABLE))
    return cases


ANY = (0, 1, 4)  # an article, none, or a clear rejection


def make_hostile_cases(tmp):
    """The hostile-input corpus: pathological pages for `extract` and texts
    for `clean`, generated here. Returns dicts with name, cmd, args, stdin,
    allowed, formats and expect (the word a rejection must name)."""
    rng = random.Random(20241122)
    cases = []

    def add(name, data, allowed, cmd='extract', big=False, expect=None,
            extra=()):
        # Written just before the case runs (write_input), so the large
        # files do not all sit on disk at once.
        path = os.path.join(tmp, 'h-' + name)
        cases.append(dict(name=name, cmd=cmd, args=list(extra) + [path],
                          stdin=None, allowed=allowed, expect=expect,
                          data=data,
                          formats=('json',) if big else ('text', 'json')))

    head = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            b'<title>A small test article</title></head><body><article>'
            b'<h1>A small test article</h1>')
    tail = b'</article></body></html>\n'
    body = paragraphs(6).encode()

    # -- extract: size and shape -------------------------------------------
    add('random-8mb', rng.randbytes(8 << 20), REJECTED, big=True)
    # Random bytes without NUL are not sniffed as binary: decoded as
    # windows-1252 and parsed as HTML.
    add('random-no-nul-4mb',
        bytes(rng.randrange(1, 256) for _ in range(1 << 16)) * 64, ANY,
        big=True)
    add('random-ascii-tags-4mb', (lambda: (
        rng.choice([b'<', b'>', b'</', b'&', b'"', b"'", b'=', b' ', b'div',
                    b'p', b'a', b'!--', b'script', b'\n', b'x', b'&amp;'])
        for _ in range(1 << 20)))(), ANY, big=True)
    add('nested-div-200k', [head, b'<div>' * 200000, body,
                            b'</div>' * 200000, tail], REJECTED,
        expect='max_depth')
    add('nested-tables-20k', [head, b'<table><tr><td>' * 20000, body,
                              b'</td></tr></table>' * 20000, tail], ANY,
        expect='max_depth')
    add('nested-tables-20k-raised', [head, b'<table><tr><td>' * 20000, body,
                                     b'</td></tr></table>' * 20000, tail],
        ARTICLE_OK, extra=('--max-depth', '1000000'))
    inline = [b'<b>', b'<i>', b'<span>', b'<em>', b'<font color=red>', b'<a>',
              b'<u>', b'<small>']
    add('unclosed-inline-100k', [head, body, b'<p>Start '] +
        [inline[i % len(inline)] + b'w ' for i in range(100000)] +
        [b'</p>', body, tail], ANY, expect='max_depth')
    add('unclosed-inline-100k-across-blocks', [head] +
        [b'<p>' + inline[i % len(inline)] + b'word %d ' % i
         for i in range(100000)] + [tail], ANY, big=True)

    def one_line(total):
        """A page of `total` bytes with no newline at all."""
        yield head.replace(b'\n', b'')
        size, i = 0, 0
        while size < total:
            line = ('<p>Note %d. %s</p>' % (
                i, SENTENCES[i % len(SENTENCES)])).encode()
            yield line
            size += len(line)
            i += 1
        yield tail.strip()
    add('single-line-60mb', one_line(60 << 20), ANY, big=True)
    words = (b'lorem ipsum dolor sit amet consectetur adipiscing elit sed do '
             * 16)
    add('text-node-50mb', [head, body, b'<p>'] + [words] * ((50 << 20) //
                                                      len(words)) +
        [b'</p>', tail], ANY, big=True)
    add('attributes-1m-one-tag', [head, b'<p '] +
        [b'data-a%d="%d" ' % (i, i) for i in range(1000000)] +
        [b'>', body, b'</p>', tail], ANY, big=True)
    add('attributes-1m-unquoted', [head, b'<div '] +
        [b'x%d=y ' % i for i in range(1000000)] + [b'>', body, tail], ANY,
        big=True)
    add('tags-1m-empty', [head, b'<i></i>' * 1000000, body, tail], ANY,
        big=True)

    # -- extract: bytes and charsets -----------------------------------------
    page = article(paragraphs(6)).encode()
    add('nul-bytes-scattered', page.replace(b' ', b' \x00', 200), ANY)
    add('nul-bytes-every-other', b'\x00'.join(page[i:i + 1]
                                             for i in range(len(page))),
        ANY)
    add('invalid-utf8-everywhere', bytes(
        c if rng.random() > 0.05 else rng.choice([0x80, 0xc0, 0xff, 0xed, 0xf4])
        for c in page), ANY)
    utf16 = article(paragraphs(6)).replace('charset="utf-8"', '')
    add('utf16le-bom', b'\xff\xfe' + utf16.encode('utf-16-le'), ARTICLE_OK)
    add('utf16be-bom', b'\xfe\xff' + utf16.encode('utf-16-be'), ARTICLE_OK)
    add('utf16le-bom-odd-length-lone-surrogates',
        b'\xff\xfe' + utf16.encode('utf-16-le') + b'\x00\xd8\x41\x00\x00\xdc\x00',
        ANY)
    add('utf8-bom-declared-utf16', b'\xef\xbb\xbf' +
        page.replace(b'charset="utf-8"', b'charset="utf-16"'), ARTICLE_OK)
    add('declared-shift-jis-actually-1251',
        article(paragraphs(4) + '<p>Привет, мир. Это проверка кодировки, '
                'которая заявлена неверно.</p>').replace(
            'charset="utf-8"', 'charset="shift_jis"').encode('cp1251'), ANY)
    add('declared-unknown-charset',
        page.replace(b'charset="utf-8"', b'charset="x-no-such-charset-42"'),
        ARTICLE_OK)
    add('header-says-utf16-page-is-ascii', page, ANY,
        extra=('--content-type', 'text/html; charset=utf-16'))
    add('header-says-iso-2022-jp', page + b'\x1b$B\x1b(J\x1b$@\x0e\x0f',
        ANY, extra=('--content-type', 'text/html; charset=iso-2022-jp'))

    # -- extract: JSON-LD ----------------------------------------------------
    def with_head(extra_head):
        return page.replace(b'</head>', extra_head + b'</head>', 1)
    ld = b'<script type="application/ld+json">%s</script>'
    add('jsonld-nested-100k', with_head(
        ld % (b'{"@type":"NewsArticle","a":' + b'[' * 100000 + b'1' +
              b']' * 100000 + b'}')), ARTICLE_OK)
    add('jsonld-nested-objects-100k', with_head(
        ld % (b'{"a":' * 100000 + b'1' + b'}' * 100000)), ARTICLE_OK)
    add('jsonld-50k-scripts', with_head(b''.join(
        ld % (b'{"@type":"NewsArticle","headline":"Headline %d",'
              b'"author":{"name":"Author %d"},"datePublished":"2024-03-%02d"}'
              % (i, i, 1 + i % 28)) for i in range(50000))), ARTICLE_OK,
        big=True)
    broken = [b'{', b'{"@type":"NewsArticle","headline":"unterminated',
              b'{"@type":', b'[[[[', b'{"a":1}}}}', b'\xff\xfe{}',
              b'{"headline":"\\ud800\\udc00\\ud800"}', b'{"a":1e99999}',
              b'{"@graph":[{"@id":"#a","author":{"@id":"#a"}}]}',
              b'{"@type":["NewsArticle",{"x":1},null,7],"author":[[[{}]]]}',
              b'<!-- {"@type":"NewsArticle"', b'{"a":"' + b'x' * (1 << 20)]
    add('jsonld-broken', with_head(b''.join(ld % b for b in broken)),
        ARTICLE_OK)
    add('jsonld-huge-article-body', with_head(
        ld % (b'{"@type":"NewsArticle","articleBody":"' +
              b'Word after word. ' * (1 << 20) + b'"}')), ANY, big=True)

    # -- extract: entities, comments, scripts, binary ------------------------
    add('entities-1m', [head, body, b'<p>'] +
        [b'&amp;&eacute;&#x41;&#65;&nbsp;&bogus;&#xD800;&'] * 125000 +
        [b'</p>', tail], ANY, big=True)
    add('unterminated-comment-in-head', page.replace(
        b'<title>', b'<!-- never closed <title>', 1), ANY)
    add('unterminated-comment-in-body', page[:len(page) // 2] +
        b'<!-- and the rest is comment ' + page[len(page) // 2:], ANY)
    add('unterminated-script', page.replace(b'<article>',
                                            b'<article><script>var a = "', 1),
        ANY)
    add('unterminated-style', page.replace(b'<article>',
                                           b'<article><style>p { color:', 1),
        ANY)
    add('unterminated-textarea-title', page.replace(
        b'<h1>', b'<textarea><title><h1>', 1), ANY)
    add('comments-100k', [head, b'<!-- x -->' * 100000, body, tail], ARTICLE_OK)
    add('cdata-and-pi-flood', [head, b'<![CDATA[x]]><?php x ?>' * 50000, body,
                               tail], ANY)
    pdf = (b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 2 0 R /Filter '
           b'/FlateDecode >>\nstream\n' + rng.randbytes(256 << 10) +
           b'\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
    add('pdf-served-as-html', pdf, REJECTED,
        extra=('--content-type', 'text/html; charset=utf-8'))

    # -- extract: the limits, each named ------------------------------------
    add('limit-max-nodes', page, REJECTED, expect='max_nodes',
        extra=('--max-nodes', '5'))
    add('limit-max-bytes', page, REJECTED, expect='--max-bytes',
        extra=('--max-bytes', '100'))
    add('limit-max-output-bytes', page, REJECTED, expect='max_output_bytes',
        extra=('--max-output-bytes', '100'))
    add('limit-max-depth', page, REJECTED, expect='max_depth',
        extra=('--max-depth', '3'))
    add('limit-max-time-ms', [head, body * 2000, tail], REJECTED,
        expect='max_millis', extra=('--max-time-ms', '1'))

    # -- clean ------------------------------------------------------------------
    add('clean-empty', b'', REJECTED, cmd='clean')
    add('clean-random-2mb', rng.randbytes(2 << 20), REJECTED, cmd='clean')
    add('clean-random-no-nul-2mb',
        bytes(rng.randrange(1, 256) for _ in range(1 << 15)) * 64, ANY,
        cmd='clean', big=True)
    add('clean-line-50mb', [words] * ((50 << 20) // len(words)) + [b'\n'],
        ANY, cmd='clean', big=True)
    lines = [(s_ + '\n').encode() for s_ in SENTENCES]
    add('clean-1m-short-lines', (b'%s %d\n' % (SENTENCES[i % 8][:20].encode(),
                                              i) for i in range(1000000)),
        ANY, cmd='clean', big=True)
    add('clean-1m-empty-lines', b'\n' * 1000000 + lines[0], (0,), cmd='clean')
    add('clean-invalid-utf8', b''.join(
        l.replace(b' ', b' \xc3\x28 \xff ', 1) for l in lines * 4), ANY,
        cmd='clean')
    add('clean-mixed-cr-lf', b''.join(
        l.rstrip(b'\n') + [b'\n', b'\r', b'\r\n', b'\n\r', b'\r\r\n'][i % 5]
        for i, l in enumerate(lines * 50)), ANY, cmd='clean')
    add('clean-only-cr-1mb', b'\r' * (1 << 20) + lines[1], (0,), cmd='clean')
    add('clean-utf16le-bom', b'\xff\xfe' + ''.join(
        SENTENCES).encode('utf-16-le') + b'\x00', ANY, cmd='clean')
    add('clean-nul-bytes', b'\x00'.join(lines), ANY, cmd='clean')
    add('clean-limit-max-time-ms', b''.join(lines) * 20000, REJECTED,
        cmd='clean', expect='max_millis', extra=('--max-time-ms', '1'))
    return cases


def write_input(case):
    """Writes a hostile case's input: bytes, or an iterable of chunks."""
    data = case.pop('data')
    with open(case['args'][-1], 'wb') as f:
        if isinstance(data, (bytes, bytearray)):
            f.write(data)
        else:
            for chunk in data:
                f.write(chunk)


def sanitizer_env():
    env = dict(os.environ)
    # Sanitizers exit with 1 by default, which would read as "no article".
    for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS'):
        opts = env.get(var, '')
        if 'exitcode=' not in opts:
            env[var] = (opts + ':' if opts else '') + 'exitcode=%d' % SANITIZER_EXIT
    return env


RUN_STATS = {}  # name -> (seconds, peak KB), for the summary


def run(pith, args, stdin_bytes, env):
    """Returns (exit code or None when it hung, stdout, stderr, seconds,
    peak resident KB of the child)."""
    start = time.perf_counter()
    rc, out, err, rss = run_once(pith, args, stdin_bytes, env)
    return rc, out, err, time.perf_counter() - start, rss


# A small go-between runs pith and reports its exit status and peak memory:
# a child's ru_maxrss counts the memory it had before exec, so pith must be
# forked from a small process, not from this one with its generated inputs.
RUNNER = r'''
import os, signal, sys, time
guard, report, argv = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
deadline = time.monotonic() + guard
while True:
    got, status, usage = os.wait4(pid, os.WNOHANG)
    if got:
        result = '%d %d' % (os.waitstatus_to_exitcode(status), usage.ru_maxrss)
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        os.wait4(pid, 0)
        result = 'hung'
        break
    time.sleep(0.01)
with open(report, 'w') as f:
    f.write(result)
'''


def run_once(pith, args, stdin_bytes, env):
    """Runs pith with stdout and stderr in temporary files (outputs can be
    tens of megabytes); returns (exit code or None when it hung, stdout,
    stderr, peak resident KB)."""
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as fout, \
            tempfile.TemporaryFile() as ferr, \
            tempfile.NamedTemporaryFile('r') as freport:
        if stdin_bytes:
            fin.write(stdin_bytes)
            fin.seek(0)
        try:
            subprocess.run([sys.executable, '-c', RUNNER, str(HANG_GUARD_S),
                            freport.name, pith] + args, stdin=fin, stdout=fout,
                           stderr=ferr, env=env, timeout=HANG_GUARD_S + 30)
        except subprocess.TimeoutExpired:
            return None, b'', b'', 0
        result = freport.read().split()
        if not result or result[0] == 'hung':
            return None, b'', b'', 0
        fout.seek(0)
        ferr.seek(0)
        return int(result[0]), fout.read(), ferr.read(), int(result[1])


def check(rc, out, err, allowed, fmt, rss=0, expect=None):
    """Returns a list of problems; empty when the run is fine. `expect` is a
    word stderr must hold when the run is rejected (exit 4)."""
    if rc is None:
        return ['hung: no exit within %d s' % HANG_GUARD_S]
    errs = err.decode('utf-8', 'replace')
    if rc < 0:
        return ['killed by signal %d: %s' % (-rc, errs.strip()[-300:])]
    if rc == SANITIZER_EXIT or 'Sanitizer' in errs or 'runtime error:' in errs:
        return ['sanitizer report: %s' % errs.strip()[-300:]]
    problems = []
    if rss > MAX_RSS_KB:
        problems.append('peak memory %d MB, over %d MB' % (
            rss // 1024, MAX_RSS_KB // 1024))
    if rc == 4 and expect and expect not in errs:
        problems.append('stderr does not name %r: %r' % (expect, errs[:200]))
    if rc not in allowed:
        problems.append('exit %d, expected %s' % (
            rc, ' or '.join(str(a) for a in allowed)))
    if rc not in (0, 1) and not errs.startswith('pith: '):
        problems.append('stderr does not start with "pith: ": %r' % errs[:120])
    try:
        text = out.decode('utf-8')
    except UnicodeDecodeError as e:
        problems.append('stdout is not valid UTF-8: %s' % e)
        return problems
    if rc in (0, 1):
        if fmt == 'json':
            try:
                doc = json.loads(text)
            except ValueError as e:
                problems.append('stdout is not JSON: %s: %r' % (e, text[:120]))
            else:
                if not isinstance(doc, dict):
                    problems.append('JSON output is not an object')
                elif doc.get('article') is not (rc == 0):
                    problems.append('"article" is %r with exit %d' % (
                        doc.get('article'), rc))
        elif rc == 1 and text:
            problems.append('exit 1 but text output is not empty')
        elif rc == 0 and not text.endswith('\n'):
            problems.append('exit 0 but text output does not end with a newline')
    return problems


def comparable(out, fmt):
    """The part of an output that must not depend on where the page came
    from (JSON may name its source)."""
    if fmt != 'json':
        return out
    try:
        doc = json.loads(out)
        return (doc.get('text'), doc.get('article'))
    except (ValueError, AttributeError):
        return out


def main(argv):
    if len(argv) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    only = argv[1:]
    pith = os.path.abspath(argv[0])
    if not os.access(pith, os.X_OK):
        print('bad_input: %s: not an executable' % pith, file=sys.stderr)
        return 2
    env = sanitizer_env()
    passed = failed = 0

    def report(name, problems, rc, seconds, rss=0):
        nonlocal passed, failed
        if problems:
            failed += 1
            print('FAIL %-44s %s' % (name, '; '.join(problems)))
        else:
            passed += 1
            print('ok   %-44s exit %s  %6.2f s  %5d MB' % (
                name, rc, seconds, rss // 1024))
        sys.stdout.flush()

    def wanted(name):
        return not only or any(o in name for o in only)

    with tempfile.TemporaryDirectory(prefix='pith-bad-input-') as tmp:
        page = os.path.join(tmp, 'page.html')
        with open(page, 'wb') as f:
            f.write(article(paragraphs(4)).encode())
        reference = {}
        for name, args, stdin_bytes, allowed in make_cases(tmp):
            if not wanted(name):
                continue
            for fmt in ('text', 'json'):
                rc, out, err, secs, rss = run(
                    pith, ['extract', '--format', fmt] + args, stdin_bytes, env)
                problems = check(rc, out, err, allowed, fmt, rss,
                                 'max_millis' if 'single-line' in name else
                                 'max_depth' if 'raised' not in name and (
                                     'nested-div' in name or
                                     'unclosed-b' in name) else None)
                if name == 'stdin-reference':
                    reference[fmt] = (rc, comparable(out, fmt))
                elif name == 'stdin' and \
                        reference.get(fmt) != (rc, comparable(out, fmt)):
                    problems.append('differs from the same page read from a '
                                    'file (exit %s there)' % (
                                        reference.get(fmt, (None,))[0],))
                report('%s [%s]' % (name, fmt), problems, rc, secs, rss)

        hostile = make_hostile_cases(tmp)
        for case in hostile:
            if not wanted(case['name']):
                continue
            write_input(case)
            for fmt in case['formats']:
                rc, out, err, secs, rss = run(
                    pith, [case['cmd'], '--format', fmt] + case['args'],
                    case['stdin'], env)
                problems = check(rc, out, err, case['allowed'], fmt, rss,
                                 case['expect'])
                report('%s %s [%s]' % (case['cmd'], case['name'], fmt),
                       problems, rc, secs, rss)
            os.remove(case['args'][-1])

        usage = [
            ('usage: unknown option', ['extract', '--no-such-option', page]),
            ('usage: unknown format', ['extract', '--format', 'yaml', page]),
            ('usage: --format without value', ['extract', '--format']),
            ('usage: two FILEs', ['extract', page, page]),
            ('usage: unknown command', ['no-such-command', page]),
            ('usage: --max-depth not a number',
             ['extract', '--max-depth', 'deep', page]),
            ('usage: --max-time-ms zero', ['extract', '--max-time-ms=0', page]),
            ('usage: --max-bytes without value', ['clean', '--max-bytes']),
        ]
        for name, args in usage:
            if not wanted(name):
                continue
            rc, out, err, secs, _ = run(pith, args, b'', env)
            problems = check(rc, out, err, USAGE, 'text')
            if rc == 2 and not err.strip():
                problems.append('no message on stderr')
            report(name, problems, rc, secs)

    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
