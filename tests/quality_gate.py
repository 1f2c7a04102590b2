#!/usr/bin/env python3
"""Quality gate: run `pith extract FILE` over the development sets and check
the scores against the floors pinned in quality_floors.json.

usage: quality_gate.py PITH_BINARY [--sets aeb,traf,...] [--worst N] [--keep DIR]

The sets live in $PITH_DATA_DIR (default: ../shared/data next to the
repository). Page sets (aeb, traf, wceb/SOURCE) hold truth.json and
html/NAME.html.gz and are run through `pith extract`; text sets (scraped/SET,
seeds) hold NAME.input.txt and NAME.annotated.txt and are run through
`pith clean`. By default every set found there is scored; each set named in
quality_floors.json must be found, or the gate prints which is missing and
exits 77, which ctest reports as skipped.

The metrics are those of the evaluation kit the sets come with:
  * aeb (truth has "articleBody"): per-page precision and recall of 4-token
    shingles, each averaged over the pages, F1 of the two means;
  * traf (truth has "with" / "without"): white-space-normalised substring
    checks of segments that must / must not appear, counted over the set;
  * text sets: the share of lines marked '+' that the cleaned text keeps
    ("kept") and of lines marked '-' that it drops ("removed"); a line under
    30 characters counts as kept only as a whole output line.
Floors: "f1", "precision", "recall", "kept", "removed" are minimums; "bad"
(pages under F1 0.5) and "none" (pages judged to hold no article) are
maximums.
A page whose run exits non-zero or takes over 30 s counts as an empty
extraction.

Exit: 0 every set at or above its floors, 1 a set below a floor (or a usage
problem), 77 data not found.
"""
import concurrent.futures
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skip_note  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATA_DIR = os.path.join(os.path.dirname(REPO), 'shared', 'data')
FLOORS_FILE = os.path.join(HERE, 'quality_floors.json')
MAXIMUMS = ('bad', 'none')
WORKERS = 2
PAGE_TIMEOUT_S = 30

TOKEN = re.compile(r'\w+', re.UNICODE)


def shingles(text, n=4):
    toks = TOKEN.findall(text or '')
    grams = [tuple(toks[i:i + n]) for i in range(0, max(1, len(toks) - n + 1))]
    return Counter(g for g in grams if g)


def shingle_counts(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(t) | set(p):
        a, b = t.get(k, 0), p.get(k, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def prec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def rec(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def score(truth, preds):
    """truth: {name: item}; preds: {name: extracted text} (missing = '')."""
    per_doc = {}
    for name, item in truth.items():
        pred = preds.get(name, '')
        if 'articleBody' in item:
            tp, fp, fn = shingle_counts(item['articleBody'], pred)
            per_doc[name] = (tp, fp, fn, None)
        else:
            p = norm(pred)
            tp = sum(1 for w in item['with'] if norm(w) in p)
            fp = sum(1 for w in item['without'] if norm(w) in p)
            per_doc[name] = (tp, fp, len(item['with']) - tp,
                             len(item['without']) - fp)
    kind = 'aeb' if all(v[3] is None for v in per_doc.values()) else 'traf'
    if kind == 'aeb':
        ps = [prec(*v[:3]) for v in per_doc.values() if v[0] + v[1] > 0]
        rs = [rec(*v[:3]) for v in per_doc.values() if v[0] + v[2] > 0]
        P = sum(ps) / len(ps) if ps else 0.0
        R = sum(rs) / len(rs) if rs else 0.0
        docf = {}
        for k, v in per_doc.items():
            pk, rk = prec(*v[:3]), rec(*v[:3])
            docf[k] = 2 * pk * rk / (pk + rk) if pk + rk else 0.0
    else:
        TP = sum(v[0] for v in per_doc.values())
        FP = sum(v[1] for v in per_doc.values())
        FN = sum(v[2] for v in per_doc.values())
        P = TP / (TP + FP) if TP + FP else 0.0
        R = TP / (TP + FN) if TP + FN else 0.0
        docf = {k: (2 * v[0] / (2 * v[0] + v[1] + v[2])
                    if 2 * v[0] + v[1] + v[2] else 1.0)
                for k, v in per_doc.items()}
    F = 2 * P * R / (P + R) if P + R else 0.0
    return {'kind': kind, 'pages': len(per_doc), 'precision': P, 'recall': R,
            'f1': F, 'per_page_f1': docf,
            'bad': sum(1 for v in docf.values() if v < 0.5)}


def child_env():
    env = dict(os.environ)
    # Sanitizers exit with 1 by default, which would read as "no article".
    for var in ('ASAN_OPTIONS', 'UBSAN_OPTIONS'):
        opts = env.get(var, '')
        if 'exitcode=' not in opts:
            env[var] = (opts + ':' if opts else '') + 'exitcode=86'
    return env


CHILD_ENV = child_env()


def run_page(pith, set_dir, name, tmp_dir, keep_dir):
    """Runs pith on one page; returns (name, text, exit code or None when it
    timed out, failure or None, size of the page)."""
    with open(os.path.join(set_dir, 'html', name + '.html.gz'), 'rb') as f:
        data = gzip.decompress(f.read())
    page = os.path.join(tmp_dir, name + '.html')
    with open(page, 'wb') as f:
        f.write(data)
    failure = None
    try:
        p = subprocess.run([pith, 'extract', page], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=PAGE_TIMEOUT_S, env=CHILD_ENV)
        out, rc = p.stdout, p.returncode
        if rc != 0:
            err = p.stderr.decode('utf-8', 'replace').strip()[-200:]
            failure = 'exit %d %s' % (rc, err) if rc > 0 else \
                'killed by signal %d %s' % (-rc, err)
    except subprocess.TimeoutExpired:
        out, rc, failure = b'', None, 'timeout after %d s' % PAGE_TIMEOUT_S
    finally:
        os.unlink(page)
    if rc != 0:
        out = b''
    if keep_dir:
        with open(os.path.join(keep_dir, name + '.txt'), 'wb') as f:
            f.write(out)
    # Decoded as the kit's scorer reads its files: UTF-8 with replacement,
    # universal newlines.
    text = out.decode('utf-8', 'replace').replace('\r\n', '\n').replace('\r', '\n')
    return name, text, rc, failure, len(data)


def run_set(pith, set_name, set_dir, floors, worst, keep_root):
    with open(os.path.join(set_dir, 'truth.json'), encoding='utf-8') as f:
        truth = json.load(f)
    keep_dir = None
    if keep_root:
        keep_dir = os.path.join(keep_root, set_name)
        os.makedirs(keep_dir, exist_ok=True)
    preds, failures, nbytes, no_article = {}, [], 0, 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix='pith-gate-') as tmp_dir, \
            concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        jobs = [pool.submit(run_page, pith, set_dir, name, tmp_dir, keep_dir)
                for name in sorted(truth)]
        for job in jobs:
            name, text, rc, failure, size = job.result()
            preds[name] = text
            nbytes += size
            if rc == 1:
                no_article += 1
            elif failure:
                failures.append((name, failure))
    elapsed = time.perf_counter() - t0
    r = score(truth, preds)
    r['none'] = no_article

    print('%-21s pages %4d  precision %.3f  recall %.3f  F1 %.3f  '
          '(%.1f s, %.1f pages/s with %d workers)' % (
              set_name, r['pages'], r['precision'], r['recall'], r['f1'],
              elapsed, r['pages'] / elapsed if elapsed else 0.0, WORKERS))
    print('      %.1f MB of HTML; %d pages without an article (exit 1), '
          '%d under F1 0.5, %d other failures' % (
              nbytes / 1e6, no_article, r['bad'], len(failures)))
    for name, failure in failures[:20]:
        print('      failed %s: %s' % (name, failure))
    if worst:
        for name, f1 in sorted(r['per_page_f1'].items(),
                               key=lambda kv: kv[1])[:worst]:
            print('      %.3f  %s  %s' % (f1, name, truth[name].get('url', '')))

    return check_floors(r, floors)


def check_floors(r, floors):
    ok = True
    for metric, floor in sorted(floors.items()):
        value = r.get(metric)
        if value is None:
            print('      FAIL unknown metric %r in %s' % (metric, FLOORS_FILE))
            ok = False
        elif metric in MAXIMUMS:
            if value > floor:
                print('      FAIL %s %d is above the ceiling %d' % (metric, value, floor))
                ok = False
            else:
                print('      ok   %s %d <= ceiling %d' % (metric, value, floor))
        elif value + 1e-9 < floor:
            print('      FAIL %s %.3f is below the floor %.3f' % (metric, value, floor))
            ok = False
        else:
            print('      ok   %s %.3f >= floor %.3f' % (metric, value, floor))
    return ok


def text_norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def clean_text(pith, path):
    """Runs `pith clean` on one text; returns (output, failure or None)."""
    try:
        p = subprocess.run([pith, 'clean', path], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=PAGE_TIMEOUT_S, env=CHILD_ENV)
    except subprocess.TimeoutExpired:
        return '', 'timeout after %d s' % PAGE_TIMEOUT_S
    # Exit 1: every line was debris (an empty cleaning, not a failure).
    if p.returncode not in (0, 1):
        err = p.stderr.decode('utf-8', 'replace').strip()[-200:]
        return '', 'exit %d %s' % (p.returncode, err)
    return p.stdout.decode('utf-8', 'replace'), None


def run_text_set(pith, set_name, set_dir, floors):
    names = sorted(n[:-len('.input.txt')] for n in os.listdir(set_dir)
                   if n.endswith('.input.txt'))
    keep = kept = drop = dropped = 0
    failures = []
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        jobs = [(n, pool.submit(clean_text, pith,
                                os.path.join(set_dir, n + '.input.txt')))
                for n in names]
        for name, job in jobs:
            raw, failure = job.result()
            if failure:
                failures.append((name, failure))
            text = text_norm(raw)
            out_lines = {text_norm(l) for l in raw.splitlines()}
            ann = os.path.join(set_dir, name + '.annotated.txt')
            with open(ann, encoding='utf-8') as f:
                for line in f:
                    mark, body = line[:1], text_norm(line[2:])
                    if not body or mark not in '+-':
                        continue
                    present = body in out_lines if len(body) < 30 else body in text
                    if mark == '+':
                        keep += 1
                        kept += present
                    else:
                        drop += 1
                        dropped += not present
    r = {'kept': kept / keep if keep else 1.0,
         'removed': dropped / drop if drop else 1.0}
    print('%-21s texts %4d  content kept %.3f (%d of %d)  debris removed %.3f '
          '(%d of %d)  (%.1f s)' % (set_name, len(names), r['kept'], kept, keep,
                                   r['removed'], dropped, drop,
                                   time.perf_counter() - t0))
    for name, failure in failures[:20]:
        print('      failed %s: %s' % (name, failure))
    return check_floors(r, floors)


def find_sets(data_dir):
    """(name, kind) of every set under data_dir, kind 'page' or 'text'."""
    found = []
    for d in ['aeb', 'traf'] + sorted(
            os.path.join('wceb', s) for s in
            (os.listdir(os.path.join(data_dir, 'wceb'))
             if os.path.isdir(os.path.join(data_dir, 'wceb')) else [])):
        if os.path.isfile(os.path.join(data_dir, d, 'truth.json')):
            found.append((d, 'page'))
    for d in sorted(os.path.join('scraped', s) for s in
                    (os.listdir(os.path.join(data_dir, 'scraped'))
                     if os.path.isdir(os.path.join(data_dir, 'scraped'))
                     else [])) + ['seeds']:
        full = os.path.join(data_dir, d)
        if os.path.isdir(full) and any(n.endswith('.annotated.txt')
                                       for n in os.listdir(full)):
            found.append((d, 'text'))
    return found


def main(argv):
    args = list(argv)
    opts = {'--sets': '', '--worst': '0', '--keep': ''}
    positional = []
    while args:
        a = args.pop(0)
        if a in opts and args:
            opts[a] = args.pop(0)
        elif a.startswith('-'):
            print(__doc__, file=sys.stderr)
            return 1
        else:
            positional.append(a)
    if len(positional) != 1:
        print(__doc__, file=sys.stderr)
        return 1
    pith = os.path.abspath(positional[0])
    if not os.access(pith, os.X_OK):
        print('quality_gate: %s: not an executable' % pith, file=sys.stderr)
        return 1

    with open(FLOORS_FILE, encoding='utf-8') as f:
        floors = json.load(f)
    data_dir = os.environ.get('PITH_DATA_DIR') or DEFAULT_DATA_DIR
    if not os.path.isdir(data_dir):
        return skip_note.note('set PITH_DATA_DIR to the development data '
                              '(none at %s)' % data_dir)

    found = dict(find_sets(data_dir))
    wanted = [x for x in opts['--sets'].split(',') if x] or list(found)
    missing = [x for x in wanted if x not in found]
    missing += [x for x in floors if x not in found and x not in missing
                and not opts['--sets']]
    ok = True
    for set_name in [x for x in wanted if x in found]:
        set_dir = os.path.join(data_dir, set_name)
        if found[set_name] == 'text':
            ok = run_text_set(pith, set_name, set_dir,
                              floors.get(set_name, {})) and ok
        else:
            ok = run_set(pith, set_name, set_dir, floors.get(set_name, {}),
                         int(opts['--worst']), opts['--keep']) and ok
    if not ok:
        print('quality gate FAILED')
        return 1
    if missing:
        return skip_note.note('set PITH_DATA_DIR to the development data '
                              '(no %s in %s)' % (' or '.join(missing),
                                                 data_dir))
    print('quality gate passed')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
