#!/usr/bin/env python3
"""Hostile and broken inputs for `pith extract`: no crash, no hang, the
documented exit code, a clean error message, valid UTF-8 and valid JSON.

usage: bad_input.py PITH_BINARY

Every input is generated in a temporary directory and run with the text and
the JSON format, each run under a 30 s hang guard. Checks, per run:
  * the process was not killed by a signal and no sanitizer reported an error;
  * the exit code is one the case allows (0 article, 1 no article, 2 usage,
    3 unreadable, 4 rejected);
  * stderr starts with "pith: " whenever the exit code is neither 0 nor 1;
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

HANG_GUARD_S = 30
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

    file_case('nested-div-100k', article(
        '<div>' * 100000 + paragraphs(5) + '</div>' * 100000).encode(),
        ARTICLE_OK)
    file_case('unclosed-b-100k', article(
        paragraphs(3) + '<p>' + '<b>x ' * 100000 + '</p>' + paragraphs(3)
    ).encode(), ARTICLE_OK)
    file_case('million-attributes', article(
        '<div ' + ' '.join('a%d="v"' % i for i in range(1000000)) + '>'
        + paragraphs(5) + '</div>').encode(), ARTICLE_OK)
    file_case('nested-div-200k-unclosed', article(
        '<div>' * 200000 + paragraphs(5)).encode(), ARTICLE_OK)
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
    file_case('single-line-20mb', big, ARTICLE_OK)

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


def sanitizer_env():
    env = dict(os.environ)
    # Sanitizers exit with 1 by default, which would read as "no article".
    for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS'):
        opts = env.get(var, '')
        if 'exitcode=' not in opts:
            env[var] = (opts + ':' if opts else '') + 'exitcode=%d' % SANITIZER_EXIT
    return env


def run(pith, args, stdin_bytes, env):
    """Returns (exit code or None when it hung, stdout, stderr, seconds)."""
    start = time.perf_counter()
    rc, out, err = run_once(pith, args, stdin_bytes, env)
    return rc, out, err, time.perf_counter() - start


def run_once(pith, args, stdin_bytes, env):
    try:
        p = subprocess.run([pith] + args,
                           input=stdin_bytes if stdin_bytes is not None else b'',
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=HANG_GUARD_S, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b'', b''


def check(rc, out, err, allowed, fmt):
    """Returns a list of problems; empty when the run is fine."""
    if rc is None:
        return ['hung: no exit within %d s' % HANG_GUARD_S]
    errs = err.decode('utf-8', 'replace')
    if rc < 0:
        return ['killed by signal %d: %s' % (-rc, errs.strip()[-300:])]
    if rc == SANITIZER_EXIT or 'Sanitizer' in errs or 'runtime error:' in errs:
        return ['sanitizer report: %s' % errs.strip()[-300:]]
    problems = []
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
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    pith = os.path.abspath(argv[0])
    if not os.access(pith, os.X_OK):
        print('bad_input: %s: not an executable' % pith, file=sys.stderr)
        return 2
    env = sanitizer_env()
    passed = failed = 0

    def report(name, problems, rc, seconds):
        nonlocal passed, failed
        if problems:
            failed += 1
            print('FAIL %-40s %s' % (name, '; '.join(problems)))
        else:
            passed += 1
            print('ok   %-40s exit %s  %.2f s' % (name, rc, seconds))
        sys.stdout.flush()

    with tempfile.TemporaryDirectory(prefix='pith-bad-input-') as tmp:
        page = os.path.join(tmp, 'page.html')
        with open(page, 'wb') as f:
            f.write(article(paragraphs(4)).encode())
        reference = {}
        for name, args, stdin_bytes, allowed in make_cases(tmp):
            for fmt in ('text', 'json'):
                rc, out, err, secs = run(
                    pith, ['extract', '--format', fmt] + args, stdin_bytes, env)
                problems = check(rc, out, err, allowed, fmt)
                if name == 'stdin-reference':
                    reference[fmt] = (rc, comparable(out, fmt))
                elif name == 'stdin' and \
                        reference.get(fmt) != (rc, comparable(out, fmt)):
                    problems.append('differs from the same page read from a '
                                    'file (exit %s there)' % (
                                        reference.get(fmt, (None,))[0],))
                report('%s [%s]' % (name, fmt), problems, rc, secs)

        usage = [
            ('usage: unknown option', ['extract', '--no-such-option', page]),
            ('usage: unknown format', ['extract', '--format', 'yaml', page]),
            ('usage: --format without value', ['extract', '--format']),
            ('usage: no FILE', ['extract']),
            ('usage: unknown command', ['no-such-command', page]),
        ]
        for name, args in usage:
            rc, out, err, secs = run(pith, args, b'', env)
            problems = check(rc, out, err, USAGE, 'text')
            if rc == 2 and not err.strip():
                problems.append('no message on stderr')
            report(name, problems, rc, secs)

    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
