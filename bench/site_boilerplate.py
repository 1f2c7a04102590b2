#!/usr/bin/env python3
"""The gain of --site-boilerplate on the development sets, per set.

usage: site_boilerplate.py PITH [--data DIR] [--only SET,...] [--half a|b]
                           [--keep DIR] [-- EXTRA PITH ARGS]

For each page set (wceb/dragnet, wceb/l3s-gn1, wceb/cleanportaleval,
wceb/cleaneval, aeb and traf by default) every page goes into one WARC file as an
HTTP response record whose WARC-Target-URI is the page's URL from
truth.json (a page without one gets a urn: and so counts under its
canonical host, if any). `pith batch` reads it twice, without and with
--site-boilerplate, so the pages of one host are profiled together as in a
crawl; the records come back in input order and each text is scored with
../shared/eval/score.py (4-token shingles, F1 of the mean precision and
recall; for traf the segments that must and must not appear). Printed
per set: the pages, the hosts with 3 or more pages and
their pages, F1 without and with, the gain, and the same over the pages of
those hosts alone (the only pages the rule can touch); then the lines the
rule removed most often, to read what it takes.

--half a|b keeps the pages of half of the sites (by host, as report.py
splits them): tune on one half, check on the other.
"""
import collections
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit

DEFAULT_SETS = ['wceb/dragnet', 'wceb/l3s-gn1', 'wceb/cleanportaleval',
                'wceb/cleaneval', 'aeb', 'traf']


def host_of(name, item):
    host = (urlsplit(item.get('url') or '').hostname or name).lower()
    return host[4:] if host.startswith('www.') else host


def half_of(name, item):
    return 'ab'[hashlib.sha256(host_of(name, item).encode()).digest()[0] & 1]


def warc_response(uri, body):
    http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n'
            b'Content-Length: %d\r\n\r\n' % len(body)) + body
    head = ['WARC/1.1', 'WARC-Type: response',
            'WARC-Date: 2024-01-01T00:00:00Z',
            'WARC-Record-ID: <urn:uuid:%s>' % hashlib.md5(
                uri.encode()).hexdigest(),
            'WARC-Target-URI: ' + uri,
            'Content-Type: application/http; msgtype=response',
            'Content-Length: %d' % len(http)]
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + http + b'\r\n\r\n'


def run_batch(pith, warc, extra):
    out = subprocess.run([pith, 'batch', '-q'] + extra + [warc],
                         stdout=subprocess.PIPE, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def write_texts(records, names, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, rec in zip(names, records):
        with open(os.path.join(out_dir, name + '.txt'), 'w',
                  encoding='utf-8') as f:
            f.write(rec.get('text') or '')


def mean_f1(per_page, names):
    vals = [per_page[n] for n in names]
    return sum(vals) / len(vals) if vals else 0.0


def main(argv):
    extra = []
    if '--' in argv:
        extra = argv[argv.index('--') + 1:]
        argv = argv[:argv.index('--')]
    if not argv:
        sys.exit(__doc__)

    def opt(name, default=None):
        return argv[argv.index(name) + 1] if name in argv else default

    pith = os.path.abspath(argv[0])
    here = os.path.dirname(os.path.abspath(__file__))
    data = opt('--data', os.path.join(here, '..', '..', 'shared', 'data'))
    sys.path.insert(0, os.path.join(data, '..', 'eval'))
    import score  # ../shared/eval/score.py
    sets = opt('--only', ','.join(DEFAULT_SETS)).split(',')
    half = opt('--half')
    keep = opt('--keep')
    tmp = keep or tempfile.mkdtemp(prefix='pith-site-')
    print('%-22s %5s %11s %8s %8s %7s   %s' %
          ('set', 'pages', 'hosts>=3', 'F1 off', 'F1 on', 'gain',
           'their pages: F1 off -> on'))
    removed = collections.Counter()
    for name in sets:
        set_dir = os.path.join(data, name)
        truth = json.load(open(os.path.join(set_dir, 'truth.json'),
                               encoding='utf-8'))
        if half:
            truth = {k: v for k, v in truth.items() if half_of(k, v) == half}
        names = sorted(truth)
        work = os.path.join(tmp, name.replace('/', '_'))
        os.makedirs(work, exist_ok=True)
        warc = os.path.join(work, 'pages.warc')
        with open(warc, 'wb') as w:
            for n in names:
                body = gzip.decompress(open(os.path.join(
                    set_dir, 'html', n + '.html.gz'), 'rb').read())
                url = truth[n].get('url') or 'urn:page:' + n
                w.write(warc_response(url, body))
        scored_set = os.path.join(work, 'set')
        os.makedirs(scored_set, exist_ok=True)
        json.dump(truth, open(os.path.join(scored_set, 'truth.json'), 'w',
                              encoding='utf-8'))
        results = {}
        texts = {}
        for label, args in (('off', []), ('on', ['--site-boilerplate'])):
            recs = run_batch(pith, warc, extra + args)
            if len(recs) != len(names):
                sys.exit('%s: %d records for %d pages' %
                         (name, len(recs), len(names)))
            out_dir = os.path.join(work, label)
            write_texts(recs, names, out_dir)
            results[label] = score.score(scored_set, out_dir)
            texts[label] = {n: r.get('text') or '' for n, r in
                            zip(names, recs)}
        hosts = collections.Counter(host_of(n, truth[n]) for n in names)
        multi = [n for n in names if hosts[host_of(n, truth[n])] >= 3]
        off, on = results['off'], results['on']
        print('%-22s %5d %4d (%4d) %8.4f %8.4f %+7.4f   %.4f -> %.4f' %
              (name, len(names), sum(1 for c in hosts.values() if c >= 3),
               len(multi), off['f1'], on['f1'], on['f1'] - off['f1'],
               mean_f1(off['per_page_f1'], multi),
               mean_f1(on['per_page_f1'], multi)))
        for n in names:
            kept = set(texts['on'][n].split('\n\n'))
            for para in texts['off'][n].split('\n\n'):
                if para.strip() and para not in kept:
                    removed[(name, para[:100])] += 1
    print('\nlines removed most often (set, pages, line):')
    for (name, line), count in removed.most_common(40):
        print('  %-18s %3d  %s' % (name, count, line))
    if not keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main(sys.argv[1:])
