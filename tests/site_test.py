#!/usr/bin/env python3
"""End-to-end tests of site boilerplate (pith batch --site-boilerplate,
--write-site-profile, --site-profile; pith extract --site-profile) on a
generated site: 30 articles of one host sharing a teaser block in the
middle of the text and a footer line, each with paragraphs of its own.

usage: site_test.py PITH CASE
  removes   without the option every page shows the teaser and the footer;
            with it no page does, and every article paragraph is kept
  order     the same output for -j 1 and -j 3, and for the pages given in
            another order (the records follow the input, the verdicts not)
  shards    the site split in two halves, each writing a profile; both
            halves extracted with the two profiles give the output of one
            run with --site-boilerplate over all pages
  explain   pith extract --site-profile --explain marks the lines
            '- site-repeat'
  usage     --site-boilerplate refuses standard input; a damaged profile
            is refused naming its line
  fetch     pith fetch --site-boilerplate over the site served on
            127.0.0.1: one record per URL, none with the teaser or the
            footer, every article paragraph kept; --write-site-profile
            then --site-profile does the same
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

TEASER = ["Also today",
          "Harbour festival draws record crowds to the old town",
          "Council approves the new railway station plans",
          "Museum reopens its east wing after two years"]
FOOTER = ("Copyright Example News Group. All rights reserved. Reproduction "
          "in whole or in part without permission is prohibited.")
WORDS = ("river council budget school winter harbour museum garden railway "
         "festival market bridge library clinic theatre station village "
         "tower forest island storm summer engine orchestra farmers "
         "students doctors mayor residents visitors volunteers").split()


def make_site(folder, pages=30):
    """Writes the pages; returns {file name: [its own paragraphs]}."""
    rng = random.Random(15)
    own = {}
    for n in range(pages):
        paras = []
        for _ in range(5):
            sentences = []
            for _ in range(3):
                words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
                sentences.append(" ".join(words).capitalize() + ".")
            paras.append(" ".join(sentences))
        name = "story%02d.html" % n
        own[name] = paras
        html = ['<!doctype html><html lang=en><head><meta charset=utf-8>',
                '<title>Story %d</title>' % n,
                '<link rel=canonical href="https://www.news.example.org/'
                'story/%d.html"></head><body><div class=story>' % n,
                '<h1>Story %d</h1>' % n]
        for i, p in enumerate(paras):
            html.append('<p>%s</p>' % p)
            if i == 2:
                html.append('<div class=box><h3>%s</h3>%s</div>' % (
                    TEASER[0], ''.join('<p>%s</p>' % t for t in TEASER[1:])))
        html.append('<p>%s</p></div></body></html>' % FOOTER)
        with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
            f.write('\n'.join(html))
    return own


def run(pith, args, expect=0):
    p = subprocess.run([pith] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if p.returncode != expect:
        sys.exit('pith %s: exit %d, expected %d\n%s' % (
            ' '.join(args), p.returncode, expect, p.stderr.decode()))
    return p.stdout.decode(), p.stderr.decode()


def records(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def texts(out):
    return {os.path.basename(r['source']['file']): r['text']
            for r in records(out)}


def check(ok, what):
    if not ok:
        sys.exit('FAIL: ' + what)


def case_removes(pith, site, own):
    plain = texts(run(pith, ['batch', '-q', site])[0])
    check(len(plain) == len(own), 'one record per page')
    for name, text in plain.items():
        check(FOOTER in text and TEASER[1] in text,
              '%s: without the option the footer and teaser show' % name)
    clean = texts(run(pith, ['batch', '-q', '--site-boilerplate', site])[0])
    check(len(clean) == len(own), 'one record per page with the option')
    for name, text in clean.items():
        for line in TEASER + [FOOTER]:
            check(line not in text, '%s: "%s" removed' % (name, line))
        for para in own[name]:
            check(para in text, '%s: article paragraph kept: %s' %
                  (name, para[:40]))


def case_order(pith, site, own):
    one = run(pith, ['batch', '-q', '-j', '1', '--site-boilerplate', site])[0]
    three = run(pith, ['batch', '-q', '-j', '3', '--site-boilerplate',
                       site])[0]
    check(one == three, 'the same output for -j 1 and -j 3')
    files = sorted(os.path.join(site, n) for n in own)
    backwards = run(pith, ['batch', '-q', '--site-boilerplate'] +
                    files[::-1])[0]
    check(texts(backwards) == texts(one),
          'the same texts for the pages in another order')


def case_shards(pith, site, own, tmp):
    names = sorted(own)
    halves = [[os.path.join(site, n) for n in names[:13]],
              [os.path.join(site, n) for n in names[13:]]]
    profiles = []
    for i, half in enumerate(halves):
        prof = os.path.join(tmp, 'part%d.profile' % i)
        out = run(pith, ['batch', '-q', '--write-site-profile', prof] +
                  half)[0]
        # writing a profile alone leaves the records as they were
        check(all(FOOTER in t for t in texts(out).values()),
              'records without --site-boilerplate keep the footer')
        profiles.append(prof)
    with open(profiles[0], encoding='utf-8') as f:
        check(f.readline() == 'pith-site-profile 1\n', 'the profile header')
        check(f.readline().startswith('host news.example.org 13 '),
              'the host line: www. left off, 13 pages')
    whole = texts(run(pith, ['batch', '-q', '--site-boilerplate', site])[0])
    split = {}
    for half in halves:
        args = ['batch', '-q']
        for prof in profiles:
            args += ['--site-profile', prof]
        split.update(texts(run(pith, args + half)[0]))
    check(split == whole, 'two shards with both profiles = one run')
    # the profiles merged and written again are the profile of one run
    merged = os.path.join(tmp, 'merged.profile')
    single = os.path.join(tmp, 'single.profile')
    run(pith, ['batch', '-q', '--site-profile', profiles[0],
               '--write-site-profile', merged] + halves[1])
    run(pith, ['batch', '-q', '--write-site-profile', single, site])
    with open(merged, 'rb') as a, open(single, 'rb') as b:
        check(a.read() == b.read(), 'merged profiles = the one-run profile')


def case_explain(pith, site, own, tmp):
    prof = os.path.join(tmp, 'site.profile')
    run(pith, ['batch', '-q', '-o', os.devnull, '--write-site-profile', prof,
               site])
    out = run(pith, ['extract', '--site-profile', prof, '--explain',
                     os.path.join(site, 'story04.html')])[0]
    marked = [line for line in out.splitlines()
              if line.startswith('- site-repeat')]
    check(len(marked) == 5, '5 lines marked site-repeat (the teaser box: '
          'its heading and 3 items; the footer), got %d:\n%s' %
          (len(marked), out))
    check(any(FOOTER in line for line in marked), 'the footer marked')
    check(any(line.startswith('+ content') and own['story04.html'][0][:30]
              in line for line in out.splitlines()),
          'an article paragraph kept as content')
    out = run(pith, ['extract', '--site-profile', prof,
                     os.path.join(site, 'story04.html')])[0]
    check(FOOTER not in out and own['story04.html'][4] in out,
          'pith extract --site-profile removes the footer')


def case_usage(pith, site, tmp):
    err = run(pith, ['batch', '--site-boilerplate', '-'], expect=2)[1]
    check('standard input' in err, 'stdin refused: ' + err)
    bad = os.path.join(tmp, 'bad.profile')
    with open(bad, 'w') as f:
        f.write('pith-site-profile 1\nhost a.org 3 1\nnot a hash\n')
    err = run(pith, ['batch', '--site-profile', bad, site], expect=3)[1]
    check('line 3' in err, 'a damaged profile names its line: ' + err)
    err = run(pith, ['extract', '--site-profile',
                     os.path.join(tmp, 'missing'),
                     os.path.join(site, 'story00.html')], expect=3)[1]
    check('missing' in err, 'a missing profile is named: ' + err)


def case_fetch(pith, site, own, tmp):
    import functools
    import http.server
    import threading
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=site)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = 'http://127.0.0.1:%d/' % server.server_address[1]
        urls = [base + n for n in sorted(own)]
        fetched = records(run(pith, ['fetch', '-q', '--site-boilerplate'] +
                              urls)[0])
        check(sorted(r['url'] for r in fetched) == urls,
              'one record per URL, none twice')
        for r in fetched:
            name = r['url'].rsplit('/', 1)[1]
            check(r['error'] is None, '%s fetched: %s' % (name, r['error']))
            for line in TEASER + [FOOTER]:
                check(line not in r['text'], '%s: "%s" removed' % (name, line))
            for para in own[name]:
                check(para in r['text'], '%s: paragraph kept' % name)
        prof = os.path.join(tmp, 'fetch.profile')
        plain = records(run(pith, ['fetch', '-q', '--write-site-profile',
                                   prof] + urls)[0])
        check(all(FOOTER in r['text'] for r in plain),
              'writing a profile alone leaves the records as they were')
        with open(prof, encoding='utf-8') as f:
            f.readline()
            check(f.readline().startswith('host 127.0.0.1 30 '),
                  'the profile counts 30 pages of 127.0.0.1')
        again = records(run(pith, ['fetch', '-q', '--site-profile', prof] +
                            urls)[0])
        check({r['url']: r['text'] for r in again} ==
              {r['url']: r['text'] for r in fetched},
              '--site-profile gives the texts of --site-boilerplate')
        err = run(pith, ['fetch', '--site-boilerplate', '--resume', '-o',
                         os.path.join(tmp, 'out.jsonl')] + urls,
                  expect=2)[1]
        check('--resume' in err, '--resume refused: ' + err)
    finally:
        server.shutdown()


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    pith, case = os.path.abspath(argv[0]), argv[1]
    tmp = tempfile.mkdtemp(prefix='pith-site-')
    try:
        site = os.path.join(tmp, 'site')
        os.mkdir(site)
        own = make_site(site)
        if case == 'removes':
            case_removes(pith, site, own)
        elif case == 'order':
            case_order(pith, site, own)
        elif case == 'shards':
            case_shards(pith, site, own, tmp)
        elif case == 'explain':
            case_explain(pith, site, own, tmp)
        elif case == 'usage':
            case_usage(pith, site, tmp)
        elif case == 'fetch':
            case_fetch(pith, site, own, tmp)
        else:
            sys.exit('unknown case ' + case)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('ok: site_%s' % case)


if __name__ == '__main__':
    main(sys.argv[1:])
