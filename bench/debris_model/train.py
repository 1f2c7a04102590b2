#!/usr/bin/python3
"""Train pith's learned debris model and write it as a C table.

usage: /usr/bin/python3 bench/debris_model/train.py DEBRIS_DUMP
           [--data DIR] [--out FILE] [--verify FILE] [--check] [--halves DIR]

DEBRIS_DUMP is the bench/debris_dump program of a build (it prints the
features of every line as libpith computes them). DIR (default: $PITH_DATA_DIR, else
../shared/data beside the repository) holds the labelled scraped texts, scraped/SET/
NAME.input.txt with NAME.annotated.txt ('+' article line, '-' debris, '?'
either), and the page sets they were made from (aeb/, wceb/SOURCE/, each with
truth.json), whose URLs split the texts into two halves of the sites.

The model is scikit-learn's GradientBoostingClassifier (shallow trees, fixed
seed) trained on the lines no certain rule decided (rule "content" in the
dump), labelled '+' or '-'. It is written to --out (default
src/debris_model_table.c). Everything is deterministic: the inputs are read
in sorted order and the trees grown with a fixed seed, so the same data and
the same build give the same table, byte for byte: --verify FILE trains and
compares with FILE instead of writing (the ctest debris_model_check runs it
on src/debris_model_table.c, so that features changed without a new model
fail). Exit 77 when the data or scikit-learn is missing.

--check trains on each half of the sites and scores the other (the cross-site
check): the share of article lines kept and of debris lines removed, over
every labelled line (the rules' verdicts included), at the thresholds of the
three modes.
--halves DIR writes DIR/a.txt and DIR/b.txt, the names of the texts of each
half (bench_rules --half-list reads them).
"""
import hashlib
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.environ.get('PITH_DATA_DIR') or \
    os.path.join(os.path.dirname(REPO), 'shared', 'data')
# A skip says why in ctest's output too (tests/skip_note.py).
sys.path.insert(0, os.path.join(REPO, 'tests'))
import skip_note  # noqa: E402

try:
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
except ImportError:  # Debian's python3-sklearn loads in /usr/bin/python3
    skip_note.skip('install python3-sklearn (Debian) to retrain the debris '
                   'model')
DEFAULT_OUT = os.path.join(REPO, 'src', 'debris_model_table.c')

MODEL_NAME = 'lines-2'
TREES = 200
DEPTH = 4
LEARNING_RATE = 0.1
MIN_LEAF = 40
SEED = 0
# the thresholds of src/tuning.c, for the report
MODES = (('balanced', 0.97), ('precision', 0.85), ('recall', 0.99))


def half_of(name, item):
    """'a' or 'b': the half of the sites a page belongs to, by host name, as
    the evaluation kit's report.py --half splits them."""
    host = (urlsplit(item.get('url') or '').hostname or name).lower()
    host = host[4:] if host.startswith('www.') else host
    return 'ab'[hashlib.sha256(host.encode()).digest()[0] & 1]


def page_truth(data, text_set):
    src = 'aeb' if text_set == 'aeb' else os.path.join(
        'wceb', text_set[len('wceb-'):]) if text_set.startswith('wceb-') else None
    path = os.path.join(data, src, 'truth.json') if src else ''
    if not os.path.isfile(path):
        return {}
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def read_marks(path):
    with open(path, encoding='utf-8') as f:
        return [line[:1] for line in f.read().split('\n')]


def dump(dump_bin, files):
    """Rows of debris_dump for the files: (file, line, rule, p, features)."""
    rows = []
    for start in range(0, len(files), 200):
        out = subprocess.run([dump_bin] + files[start:start + 200],
                             stdout=subprocess.PIPE, check=True).stdout
        for line in out.decode('utf-8', 'replace').split('\n'):
            if not line:
                continue
            parts = line.split('\t')
            rows.append((parts[0], int(parts[2]), parts[4], float(parts[5]),
                         [float(v) for v in parts[6:-1]]))
    return rows


def load(dump_bin, data):
    """Every labelled line: features, label, half, whether a rule decided it
    and how (removed or not)."""
    scraped = os.path.join(data, 'scraped')
    X, y, half, by_rule, rule_drop, names = [], [], [], [], [], []
    for text_set in sorted(os.listdir(scraped)):
        set_dir = os.path.join(scraped, text_set)
        truth = page_truth(data, text_set)
        inputs = sorted(f for f in os.listdir(set_dir)
                        if f.endswith('.input.txt'))
        files = [os.path.join(set_dir, f) for f in inputs]
        marks = {}
        for f in files:
            marks[f] = read_marks(f[:-len('.input.txt')] + '.annotated.txt')
        for path, line, rule, _p, x in dump(dump_bin, files):
            m = marks[path][line - 1] if 0 < line <= len(marks[path]) else ''
            if m not in ('+', '-'):
                continue
            name = os.path.basename(path)[:-len('.input.txt')]
            X.append(x)
            y.append(m == '-')
            half.append(half_of(name, truth.get(name, {})))
            # the lines the model judges are "content" in the dump: no
            # rule removed them and they are not plain prose, which the
            # model leaves alone (and keeps)
            by_rule.append(rule != 'content')
            rule_drop.append(rule not in ('content', 'prose'))
            names.append(text_set + '/' + name)
    return (np.array(X, dtype=np.float32), np.array(y), np.array(half),
            np.array(by_rule), np.array(rule_drop), names)


def train(X, y):
    clf = GradientBoostingClassifier(n_estimators=TREES, max_depth=DEPTH,
                                     min_samples_leaf=MIN_LEAF,
                                     learning_rate=LEARNING_RATE,
                                     random_state=SEED)
    clf.fit(X, y)
    return clf


def scores(clf, X, y, by_rule, rule_drop, threshold):
    """Shares of article lines kept and debris lines removed when the rules
    decide their lines and the model the rest."""
    p = clf.predict_proba(X)[:, 1]
    removed = np.where(by_rule, rule_drop, p >= threshold)
    content = ~y
    return ((content & ~removed).sum() / max(1, content.sum()),
            (y & removed).sum() / max(1, y.sum()))


def c_table(clf, nfeatures):
    """The C source of the model: every tree's nodes, the learning rate
    folded into their values."""
    nodes, roots = [], []
    for est in clf.estimators_[:, 0]:
        tree = est.tree_
        base = len(nodes)
        roots.append(base)
        for i in range(tree.node_count):
            leaf = tree.children_left[i] == -1
            nodes.append((
                -1 if leaf else int(tree.feature[i]),
                0 if leaf else base + int(tree.children_left[i]),
                0 if leaf else base + int(tree.children_right[i]),
                0.0 if leaf else float(tree.threshold[i]),
                LEARNING_RATE * float(tree.value[i][0][0])))
    # the initial estimate: log-odds of the prior
    prior = clf.init_.class_prior_[1]
    bias = float(np.log(prior / (1 - prior)))
    out = ['/* Generated by bench/debris_model/train.py: do not edit. */',
           '#include "debris_model.h"', '',
           '/* the layout is the generator\'s */', '/* clang-format off */',
           'static const uint16_t roots[%d] = {' % len(roots)]
    out += ['    %s,' % ', '.join(str(r) for r in roots[i:i + 12])
            for i in range(0, len(roots), 12)]
    out += ['};', '', 'static const pith_tree_node nodes[%d] = {' % len(nodes)]
    cells = ['{%d, %d, %d, %s, %s}' % (f, left, right, repr(thr), repr(value))
             for f, left, right, thr, value in nodes]
    out += ['    %s,' % ', '.join(cells[i:i + 5]) for i in range(0, len(cells), 5)]
    out += ['};', '',
            'const pith_debris_model pith_debris_text_model = {',
            '    "%s", %d, %s, %d, roots, nodes};' % (
                MODEL_NAME, nfeatures, repr(bias), len(roots)),
            '/* clang-format on */', '']
    return '\n'.join(out)


def main(argv):
    if not argv or argv[0].startswith('-'):
        sys.exit(__doc__)
    global TREES, DEPTH, MIN_LEAF
    dump_bin = os.path.abspath(argv[0])
    opt = lambda k, d=None: argv[argv.index(k) + 1] if k in argv else d
    data = os.path.abspath(opt('--data', DEFAULT_DATA))
    # other shapes of the model, to compare (the table is written with
    # them too: the committed one uses the defaults above)
    TREES = int(opt('--trees', TREES))
    DEPTH = int(opt('--depth', DEPTH))
    MIN_LEAF = int(opt('--min-leaf', MIN_LEAF))
    if not os.path.isdir(os.path.join(data, 'scraped')):
        return skip_note.note('set PITH_DATA_DIR to the development data (no '
                              'labelled texts in %s/scraped)' % data)
    X, y, half, by_rule, rule_drop, names = load(dump_bin, data)
    nfeatures = X.shape[1]
    if '--halves' in argv:
        out_dir = opt('--halves')
        os.makedirs(out_dir, exist_ok=True)
        for h in 'ab':
            with open(os.path.join(out_dir, h + '.txt'), 'w') as f:
                f.write('\n'.join(sorted({n.split('/')[1] for n, hh in
                                          zip(names, half) if hh == h})) + '\n')
    print('%d labelled lines (%d debris), %d left to the model, %d features'
          % (len(y), y.sum(), (~by_rule).sum(), nfeatures))
    if '--check' in argv:
        for tr, te in (('a', 'b'), ('b', 'a')):
            m = (half == tr) & ~by_rule
            clf = train(X[m], y[m])
            t = half == te
            for mode, thr in MODES:
                kept, removed = scores(clf, X[t], y[t], by_rule[t],
                                       rule_drop[t], thr)
                print('train %s, check %s, %-9s (p >= %.2f): content kept '
                      '%.3f, debris removed %.3f' % (tr, te, mode, thr, kept,
                                                     removed))
            sets = np.array([n.split('/')[0] for n in names])
            thr = MODES[0][1]
            for s in sorted(set(sets)):
                st = t & (sets == s)
                if not st.any():
                    continue
                kept, removed = scores(clf, X[st], y[st], by_rule[st],
                                       rule_drop[st], thr)
                print('    %-22s content kept %.3f, debris removed %.3f'
                      % (s, kept, removed))
            if '--sweep' in argv:
                print('  ' + '  '.join(
                    '%.2f:%.3f/%.3f' % ((thr,) + scores(
                        clf, X[t], y[t], by_rule[t], rule_drop[t], thr))
                    for thr in (0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.97, 0.98, 0.99, 1.01)))
    clf = train(X[~by_rule], y[~by_rule])
    table = c_table(clf, nfeatures)
    if '--verify' in argv:
        with open(opt('--verify'), encoding='utf-8') as f:
            committed = f.read()
        if committed != table:
            diff = [i for i, (a, b) in enumerate(zip(committed.split('\n'),
                                                     table.split('\n')))
                    if a != b]
            print('train.py: %s is not what the training gives (first '
                  'difference at line %d): retrain with bench/debris_model/'
                  'train.py' % (opt('--verify'), diff[0] + 1 if diff else 0))
            return 1
        print('%s: the training gives it byte for byte' % opt('--verify'))
        return 0
    out = opt('--out', DEFAULT_OUT)
    with open(out, 'w') as f:
        f.write(table)
    print('wrote %s: %d trees of depth %d' % (out, TREES, DEPTH))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
