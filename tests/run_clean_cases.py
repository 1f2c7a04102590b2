#!/usr/bin/env python3
"""Checks `pith clean` against hand-annotated text cases.

usage: run_clean_cases.py PITH [--encodings] [--verbose] CASE_OR_DIR...
       run_clean_cases.py PITH --seeds [DIR]

A case file (tests/cases/clean/NAME.txt) holds the input text with every
line marked:
  '+ TEXT'  content: must be a whole line of the output
  '- TEXT'  debris: must not be in the output
  '? TEXT'  either verdict is fine
  ''        a blank input line (a paragraph break in scraped text); a
            line of only spaces and tabs is fed as it is
  '#...'    a comment about the case; not part of the input
The input is the text after the two-character marks, with the blank lines
kept and the case file's own line ending (a case saved with CRLF is fed with
CRLF). Each case runs `pith clean`, `pith clean --explain` and
`pith clean --format json`, and checks that
  * every '+' line is a whole output line and no '-' line is in the output
    (a '-' line of 30+ characters not even inside another line);
  * the output is the kept lines, one paragraph each, separated by one
    blank line, ending with a newline;
  * --explain prints one line per input line, blank for a blank one, with
    the right '+'/'-' verdict and the line's text;
  * the JSON parses, its text is the text output, its counts add up and its
    "removed" entries are exactly the lines --explain marked '-', with the
    right line numbers and text;
  * the exit status is 0 when a line is kept, 1 when every line is debris.
With --encodings every case is fed again with CRLF and CR line endings, in
windows-1252 (when the text fits in it) and in UTF-16 with a byte-order mark
(little- and big-endian); each variant must give the same output and the
same verdicts as the UTF-8 LF original.

--seeds runs `pith clean` on every NAME.input.txt of the seed texts
($PITH_DATA_DIR/seeds, default ../shared/data/seeds next to the repository,
or DIR) and checks NAME.annotated.txt as the evaluation kit scores it: a '+'
line must be in the output, a '-' line must not, where a line under 30
characters counts only as a whole output line. Exit 77 (skipped) when the
seeds are not there.

Exit: 0 all passed, 1 a failure, 2 usage error, 77 seeds not found.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skip_note  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATA_DIR = os.path.join(os.path.dirname(REPO), 'shared', 'data')
TIMEOUT_S = 30
# The evaluation kit's threshold: shorter lines count only as whole lines.
WHOLE_LINE_UNDER = 30


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


class CaseError(Exception):
    pass


class Case:
    """One annotated case: the input lines and their expected verdicts."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        raw = open(path, 'rb').read()
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError as e:
            raise CaseError('case file is not UTF-8: %s' % e)
        if text.startswith('\ufeff'):
            text = text[1:]
        self.newline = '\r\n' if '\r\n' in text else '\n'
        self.lines = []  # (mark, text); mark '' for a blank line
        for n, line in enumerate(text.split(self.newline), 1):
            if line.startswith('#'):
                continue
            if line.strip() == '':
                self.lines.append(('', line))  # white space stays in
            elif line[:2] in ('+ ', '- ', '? '):
                self.lines.append((line[0], line[2:]))
            else:
                raise CaseError('%s:%d: a line must start with "+ ", "- ", '
                                '"? " or "#", or be blank' % (path, n))
        while self.lines and self.lines[-1][0] == '':
            self.lines.pop()
        if not any(m for m, _ in self.lines):
            raise CaseError('%s: no marked line' % path)

    def input_text(self, newline=None):
        nl = self.newline if newline is None else newline
        return nl.join(t for _, t in self.lines) + nl

    def expected_exit(self):
        marks = {m for m, _ in self.lines if m}
        if '+' in marks:
            return {0}
        if marks == {'-'}:
            return {1}
        return {0, 1}


def run(pith, args, data):
    try:
        p = subprocess.run([pith, 'clean'] + args + ['-'], input=data,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise CaseError('pith clean %s: timed out after %d s'
                        % (' '.join(args), TIMEOUT_S))
    return p.returncode, p.stdout, p.stderr


def parse_explain(out):
    """--explain lines as (mark, rule, text); ('', '', '') when blank."""
    rows = []
    for line in out.split('\n')[:-1] if out.endswith('\n') else out.split('\n'):
        if line == '':
            rows.append(('', '', ''))
            continue
        if line[:2] not in ('+ ', '- '):
            raise CaseError('--explain line not "+ RULE TEXT" or "- RULE '
                            'TEXT": %r' % line[:80])
        # the learned model's reasons follow the text after a tab
        line = line.split('\t# ', 1)[0]
        parts = line[2:].split(None, 1)
        rows.append((line[0], parts[0] if parts else '',
                     parts[1] if len(parts) > 1 else ''))
    return rows


def check_case(pith, case, verbose=False):
    """Runs the three outputs on the case; returns (problems, outputs)."""
    problems = []
    data = case.input_text().encode('utf-8')
    code, text_out, err = run(pith, [], data)
    if code not in case.expected_exit():
        problems.append('exit %d, expected %s (stderr: %s)' % (
            code, ' or '.join(map(str, sorted(case.expected_exit()))),
            err.decode('utf-8', 'replace').strip()[:200]))
    if code not in (0, 1):
        return problems, None
    try:
        text = text_out.decode('utf-8')
    except UnicodeDecodeError:
        return problems + ['text output is not UTF-8'], None
    # --explain: one row per input line, the right verdicts.
    ecode, eout, eerr = run(pith, ['--explain'], data)
    explain = []
    wrong = set()
    if ecode != code:
        problems.append('--explain exit %d, text exit %d' % (ecode, code))
    else:
        try:
            explain = parse_explain(eout.decode('utf-8'))
        except (CaseError, UnicodeDecodeError) as e:
            problems.append('--explain: %s' % e)
    if explain:
        if len(explain) > len(case.lines):
            problems.append('--explain has %d lines for %d input lines'
                            % (len(explain), len(case.lines)))
        for i, (mark, body) in enumerate(case.lines, 1):
            row = explain[i - 1] if i <= len(explain) else None
            if row is None:
                problems.append('--explain: no line %d' % i)
                break
            emark, rule, etext = row
            if mark == '':
                if emark:
                    problems.append('--explain line %d: blank input, got %r'
                                    % (i, etext[:60]))
                continue
            if not emark:
                problems.append('--explain line %d: blank, input %r'
                                % (i, body[:60]))
                continue
            if norm(etext) != norm(body):
                problems.append('--explain line %d: text %r, input %r'
                                % (i, etext[:60], body[:60]))
            if mark in '+-' and emark != mark:
                wrong.add(i)
                problems.append('line %d: %s by rule %s, expected %s: %s' % (
                    i, 'kept' if emark == '+' else 'removed', rule,
                    'kept' if mark == '+' else 'removed', norm(body)[:80]))
        kept = [norm(r[2]) for r in explain if r[0] == '+']
        want = '\n\n'.join(kept) + '\n' if kept else ''
        if text != want:
            problems.append('text output is not the kept lines, one '
                            'paragraph each: %r' % text[:120])

    out_lines = text.split('\n')
    whole = {norm(l) for l in out_lines}
    flat = norm(text)
    plus_texts = {norm(t) for m, t in case.lines if m == '+'}
    for i, (mark, body) in enumerate(case.lines, 1):
        b = norm(body)
        if i in wrong:
            continue  # reported above, with the rule that decided
        if mark == '+' and b not in whole:
            problems.append('line %d lost: %s' % (i, b[:90]))
        elif mark == '-':
            inside = b in whole or (len(b) >= WHOLE_LINE_UNDER and b in flat)
            # the same text marked '+' elsewhere is checked by line number
            if inside and b not in plus_texts:
                problems.append('line %d kept: %s' % (i, b[:90]))

    # JSON: parses, agrees with the text output and with --explain.
    jcode, jout, jerr = run(pith, ['--format', 'json'], data)
    if jcode != code:
        problems.append('--format json exit %d, text exit %d' % (jcode, code))
    else:
        try:
            doc = json.loads(jout.decode('utf-8'))
        except ValueError as e:
            doc = None
            problems.append('JSON does not parse: %s' % e)
        if doc is not None:
            problems += check_json(doc, case, text, explain, wrong)
    if verbose and problems:
        sys.stdout.write(eout.decode('utf-8', 'replace'))
    return problems, (text_out, eout, jout)


def check_json(doc, case, text, explain, wrong):
    problems = []
    for key, kind in (('article', bool), ('text', str), ('lines_kept', int),
                      ('lines_removed', int), ('removed', list)):
        if not isinstance(doc.get(key), kind) or (
                kind is int and isinstance(doc.get(key), bool)):
            return ['JSON "%s" missing or not %s' % (key, kind.__name__)]
    if doc['text'] != text:
        problems.append('JSON text differs from the text output')
    if doc['article'] != bool(text):
        problems.append('JSON article is %s with %s output' % (
            doc['article'], 'some' if text else 'no'))
    nonblank = sum(1 for m, _ in case.lines if m)
    if doc['lines_kept'] + doc['lines_removed'] != nonblank:
        problems.append('JSON lines_kept + lines_removed = %d, %d non-blank '
                        'input lines' % (doc['lines_kept'] +
                                         doc['lines_removed'], nonblank))
    if doc['lines_removed'] != len(doc['removed']):
        problems.append('JSON lines_removed %d, %d entries in removed'
                        % (doc['lines_removed'], len(doc['removed'])))
    got = {}
    for entry in doc['removed']:
        if not (isinstance(entry, dict) and isinstance(entry.get('line'), int)
                and isinstance(entry.get('rule'), str)
                and isinstance(entry.get('text'), str)):
            problems.append('JSON removed entry malformed: %r' % (entry,))
            continue
        got[entry['line']] = entry
    for i, (mark, body) in enumerate(case.lines, 1):
        entry = got.get(i)
        if i in wrong:
            pass  # the verdict is reported once, from --explain
        elif mark == '-' and entry is None:
            problems.append('JSON removed lacks line %d' % i)
        elif mark in ('+', '') and entry is not None:
            problems.append('JSON removed has line %d (%s)'
                            % (i, 'blank' if not mark else 'content'))
        if entry is not None and mark and norm(entry['text']) != norm(body):
            problems.append('JSON removed line %d text %r, input %r'
                            % (i, entry['text'][:60], body[:60]))
    if explain:
        dropped = {i for i, r in enumerate(explain, 1) if r[0] == '-'}
        if dropped != set(got):
            problems.append('JSON removed lines %s, --explain removed %s'
                            % (sorted(got), sorted(dropped)))
        for i in dropped & set(got):
            if got[i]['rule'] != explain[i - 1][1]:
                problems.append('line %d: JSON rule %s, --explain rule %s'
                                % (i, got[i]['rule'], explain[i - 1][1]))
    return problems


def variants(case):
    """(name, bytes) of the same case in other line endings and encodings."""
    lf = case.input_text('\n')
    out = [('crlf', lf.replace('\n', '\r\n').encode('utf-8')),
           ('cr', lf.replace('\n', '\r').encode('utf-8'))]
    try:
        out.append(('windows-1252', lf.encode('cp1252')))
    except UnicodeEncodeError:
        pass  # Cyrillic and the like: not representable
    out.append(('utf-16le-bom', b'\xff\xfe' + lf.encode('utf-16-le')))
    out.append(('utf-16be-bom', b'\xfe\xff' + lf.encode('utf-16-be')))
    return out


def first_difference(got, want):
    """Where two outputs first differ: the line and the text around it."""
    a = got.decode('utf-8', 'replace').split('\n')
    b = want.decode('utf-8', 'replace').split('\n')
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]),
             min(len(a), len(b)))
    la = a[n] if n < len(a) else '(end)'
    lb = b[n] if n < len(b) else '(end)'
    col = next((i for i in range(min(len(la), len(lb))) if la[i] != lb[i]),
               min(len(la), len(lb)))
    start = max(0, col - 20)
    return 'output line %d, column %d: %r, expected %r' % (
        n + 1, col + 1, la[start:col + 30], lb[start:col + 30])


def check_encodings(pith, case):
    problems = []
    base = case.input_text('\n').encode('utf-8')
    want = [run(pith, args, base) for args in ([], ['--explain'])]
    for name, data in variants(case):
        for args, (wcode, wout, _) in zip(([], ['--explain']), want):
            code, out, err = run(pith, args, data)
            what = '%s%s' % (name, ' --explain' if args else '')
            if code != wcode:
                problems.append('%s: exit %d, UTF-8 LF exit %d (%s)' % (
                    what, code, wcode, err.decode('utf-8', 'replace')
                    .strip()[:120]))
            elif out != wout:
                problems.append('%s: output differs from UTF-8 LF: %s'
                                % (what, first_difference(out, wout)))
    return problems


def case_files(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a)
                            if f.endswith('.txt'))
        else:
            files.append(a)
    return files


def run_cases(pith, paths, encodings, verbose):
    passed = failed = 0
    for path in case_files(paths):
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            case = Case(path)
            problems, _ = check_case(pith, case, verbose)
            if encodings:
                problems += check_encodings(pith, case)
        except CaseError as e:
            problems = [str(e)]
        except OSError as e:
            problems = ['%s: %s' % (path, e)]
        if problems:
            failed += 1
            print('FAIL %s' % name)
            for p in problems:
                print('     %s' % p)
        else:
            passed += 1
            print('ok   %s' % name)
    print('%d passed, %d failed' % (passed, failed))
    if passed + failed == 0:
        print('no cases given')
        return 1
    return 1 if failed else 0


def score_seed(annotated, output):
    """The evaluation kit's verdicts: lists of lost '+' and kept '-' lines."""
    text = norm(output)
    out_lines = {norm(l) for l in output.splitlines()}
    lost, kept = [], []
    for line in open(annotated, encoding='utf-8'):
        mark, body = line[:1], norm(line[2:])
        if not body or mark == '?':
            continue
        present = body in out_lines if len(body) < WHOLE_LINE_UNDER \
            else body in text
        if mark == '+' and not present:
            lost.append(body)
        elif mark == '-' and present:
            kept.append(body)
    return lost, kept


def run_seeds(pith, seed_dir):
    if seed_dir is None:
        seed_dir = os.path.join(
            os.environ.get('PITH_DATA_DIR', DEFAULT_DATA_DIR), 'seeds')
    names = []
    if os.path.isdir(seed_dir):
        names = sorted(f[:-len('.input.txt')] for f in os.listdir(seed_dir)
                       if f.endswith('.input.txt') and os.path.exists(
                           os.path.join(seed_dir, f[:-len('.input.txt')] +
                                        '.annotated.txt')))
    if not names:
        return skip_note.note('set PITH_DATA_DIR to the development data (no '
                              'seed texts NAME.input.txt + '
                              'NAME.annotated.txt in %s)' % seed_dir)
    failed = 0
    for name in names:
        data = open(os.path.join(seed_dir, name + '.input.txt'), 'rb').read()
        code, out, err = run(pith, [], data)
        problems = []
        if code != 0:
            problems.append('exit %d: %s' % (
                code, err.decode('utf-8', 'replace').strip()[:200]))
        lost, kept = score_seed(
            os.path.join(seed_dir, name + '.annotated.txt'),
            out.decode('utf-8', 'replace'))
        problems += ['lost content: %s' % b[:90] for b in lost]
        problems += ['kept debris:  %s' % b[:90] for b in kept]
        failed += bool(problems)
        print('%s %s' % ('FAIL' if problems else 'ok  ', name))
        for p in problems:
            print('     %s' % p)
    print('%d passed, %d failed' % (len(names) - failed, failed))
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    if not args or args[0] in ('-h', '--help'):
        sys.stdout.write(__doc__)
        return 0 if args else 2
    pith = args.pop(0)
    if not os.access(pith, os.X_OK):
        print('run_clean_cases.py: %s is not an executable' % pith)
        return 2
    encodings = '--encodings' in args
    verbose = '--verbose' in args
    seeds = '--seeds' in args
    rest = [a for a in args if a not in ('--encodings', '--verbose',
                                         '--seeds')]
    if seeds:
        return run_seeds(pith, rest[0] if rest else None)
    if not rest:
        rest = [os.path.join(HERE, 'cases', 'clean')]
    return run_cases(pith, rest, encodings, verbose)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
