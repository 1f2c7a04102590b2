#!/usr/bin/env python3
"""`pith extract` on an HTML page and `pith clean` on the same article as
scraped text must keep the same content.

usage: seed_pages.py PITH [SEED_DIR] [--keep DIR]

For every seed text (SEED_DIR, default $PITH_DATA_DIR/seeds, default
../shared/data/seeds next to the repository: NAME.input.txt and
NAME.annotated.txt, read in place) a page is built at test time that
carries the same article the way a news site would:
  * the '+' lines as <p> inside <article>; a first '+' line without a final
    stop is the headline, an <h1>, and further unpunctuated '+' lines before
    the first sentence are the standfirst, a lede paragraph opening the
    story body;
  * the '-' caption lines inside <figure><img alt><figcaption>, a caption
    scraped twice becoming the image's alt text and its caption, a file
    name the alt text alone, "Picture copyright" / "PHOTO AGENCY/Name"
    credits in <span class="credit">, "Picture caption" / "Media caption"
    labels in <span class="label">, a video's "Media playback is
    unsupported" fallback in a player <div>; '?' lines next to a figure
    become its alt text;
  * "Read more at ..." in a footer <p>; a "More in SECTION" marker and the
    teasers after it as an <aside> of links; a share bar, a nav menu and a
    footer around the article.
The page's cues are general (the same ones the seed's debris has); nothing
here knows a particular seed.

Checks, per seed: `pith clean NAME.input.txt` keeps every '+' line as a
whole output line; `pith extract --format json PAGE` keeps every '+' line
as a whole line of its text, except the headline, which must be the title
field instead; no '-' line is in either output; extract's text holds no
line that clean's output lacks. Every difference is listed with its reason.
Exit: 0 same content, 1 a difference, 2 usage error, 77 no seeds.
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skip_note  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATA_DIR = os.path.join(os.path.dirname(REPO), 'shared', 'data')
TIMEOUT_S = 30
WHOLE_LINE_UNDER = 30

TAIL_MARKER = re.compile(r'^(more (in|from|on) |related|most read|most '
                         r'popular|you may also like|top stories)', re.I)
READ_MORE = re.compile(r'^read more (at|on)\b', re.I)
LABEL = re.compile(r'^(picture|image|media) caption\s*', re.I)
COPYRIGHT = re.compile(r'^(picture|image) copyright\b', re.I)
MEDIA_FALLBACK = re.compile(r'^media playback is unsupported', re.I)
CREDIT = re.compile(r'photo_camera|\b(PHOTO|FOTO)\b|\b[A-Z]{2,}/[A-Z]|'
                    r'Getty Images')
IMAGE_NAME = re.compile(r'^\S*[A-Za-z0-9]_[A-Za-z]|\.(jpe?g|png|gif|webp)\b',
                        re.I)
FINAL_STOP = re.compile(r'[.!?:;]["\'\u2019\u201d)]*$')


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def esc(s):
    return html.escape(s, quote=True)


def read_annotated(path):
    rows = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line[:2] in ('+ ', '- ', '? ') and norm(line[2:]):
            rows.append((line[0], norm(line[2:])))
    return rows


def figure_html(group, n):
    """One <figure> for a run of non-content lines: alt texts, labels,
    credits and captions, in the order a page lays them out."""
    alt, credits, captions, player = [], [], [], []
    prev = None
    for mark, text in group:
        if mark == '?':
            alt.append(text)
        elif MEDIA_FALLBACK.match(text):
            player.append('<div class="media-player" data-video="v%d">'
                          '<p class="media-fallback">%s</p></div>'
                          % (n, esc(text)))
        elif COPYRIGHT.match(text):
            credits.append('<span class="credit">%s</span>' % esc(text))
        elif LABEL.match(text):
            m = LABEL.match(text)
            label, rest = text[:m.end()].strip(), text[m.end():]
            captions.append('<span class="label">%s</span>%s'
                            % (esc(label), esc(rest)))
        elif CREDIT.search(text):
            # "photo_camera PHOTO AGENCY/Name - caption": icon, credit,
            # then the caption proper
            head, sep, tail = text.partition(' - ')
            icon = ''
            if head.startswith('photo_camera'):
                icon = '<i class="material-icons">photo_camera</i> '
                head = head[len('photo_camera'):].strip()
            captions.append('%s<span class="credit">%s</span>%s' % (
                icon, esc(head), (' - ' + esc(tail)) if sep else ''))
        elif IMAGE_NAME.search(text) and not FINAL_STOP.search(text):
            alt.append(text)
        elif text == prev:
            alt.append(text)  # the copy: alt text beside its caption
        else:
            captions.append(esc(text))
        prev = text
    out = ['<figure class="article-image">']
    out += player
    out.append('<img src="/images/%d.jpg" alt="%s" width="976" height="549">'
               % (n, esc(' '.join(alt))))
    if credits or captions:
        out.append('<figcaption>%s%s</figcaption>' % (
            ''.join(credits), ' '.join(
                '<span class="caption-text">%s</span>' % c
                for c in captions)))
    out.append('</figure>')
    return '\n'.join(out)


def build_page(rows):
    """The page HTML and the headline ('' when the text has none)."""
    tail = len(rows)
    for i, (mark, text) in enumerate(rows):
        if mark == '-' and TAIL_MARKER.match(text) and \
                all(m != '+' for m, _ in rows[i:]):
            tail = i
            break
    body_rows, tail_rows = rows[:tail], rows[tail:]
    footer_lines = [t for m, t in body_rows if m == '-' and READ_MORE.match(t)]
    body_rows = [(m, t) for m, t in body_rows
                 if not (m == '-' and READ_MORE.match(t))]

    headline, standfirst = '', []
    first_plus = next((i for i, (m, _) in enumerate(body_rows) if m == '+'),
                      None)
    if first_plus is not None and not FINAL_STOP.search(
            body_rows[first_plus][1]):
        headline = body_rows[first_plus][1]
        j = first_plus + 1
        while j < len(body_rows) and body_rows[j][0] == '+' and \
                not FINAL_STOP.search(body_rows[j][1]):
            standfirst.append(body_rows[j][1])
            j += 1
        body_rows = body_rows[:first_plus] + body_rows[j:]

    parts, group, figures = [], [], 0
    for mark, text in body_rows + [('+', None)]:
        if mark != '+':
            group.append((mark, text))
            continue
        if group:
            figures += 1
            parts.append(figure_html(group, figures))
            group = []
        if text is not None:
            parts.append('<p>%s</p>' % esc(text))

    title = headline or 'News'
    out = ['<!DOCTYPE html>',
           '<html lang="en"><head><meta charset="utf-8">',
           '<title>%s | The Daily Courier</title>' % esc(title),
           '<meta property="og:title" content="%s">' % esc(title),
           '<meta property="og:site_name" content="The Daily Courier">',
           '<meta name="viewport" content="width=device-width">',
           '</head><body>',
           '<header class="site-header"><a class="logo" href="/">The Daily '
           'Courier</a>',
           '<nav class="main-menu"><ul><li><a href="/">Home</a></li>'
           '<li><a href="/news">News</a></li><li><a href="/world">World</a>'
           '</li><li><a href="/politics">Politics</a></li><li><a href="/'
           'business">Business</a></li><li><a href="/sport">Sport</a></li>'
           '<li><a href="/culture">Culture</a></li></ul></nav></header>',
           '<main>',
           '<nav class="breadcrumb"><a href="/">Home</a> › <a href="/world">'
           'World</a></nav>',
           '<article class="story">',
           '<header class="story-header">']
    if headline:
        out.append('<h1 class="headline">%s</h1>' % esc(headline))
    out += ['<div class="byline-block"><time datetime="2021-02-01T10:00:00Z">'
            '1 February 2021</time></div>',
            '<div class="share"><a href="https://www.facebook.com/sharer">'
            'Facebook</a> <a href="https://twitter.com/intent/tweet">Twitter'
            '</a> <a href="mailto:?subject=article">Email</a> <button>Copy '
            'link</button></div>',
            '</header>',
            '<div class="story-body">']
    # the standfirst opens the body, as a lede paragraph
    for s in standfirst:
        out.append('<p class="lede"><strong>%s</strong></p>' % esc(s))
    out += parts
    out += ['</div>', '</article>']
    if tail_rows:
        out.append('<aside class="more-in">')
        out.append('<h2>%s</h2><ul>' % esc(tail_rows[0][1]))
        for k, (_, t) in enumerate(tail_rows[1:], 1):
            out.append('<li><a href="/story/%d"><img src="/thumbs/%d.jpg" '
                       'alt=""><span>%s</span></a></li>' % (k, k, esc(t)))
        out.append('</ul></aside>')
    out += ['</main>', '<footer class="site-footer">']
    for t in footer_lines:
        out.append('<p class="source">%s</p>' % esc(t))
    out += ['<ul><li><a href="/about">About us</a></li><li><a href="/'
            'contact">Contact</a></li><li><a href="/privacy">Privacy</a></li>'
            '</ul><p>© 2021 The Daily Courier. All rights reserved.</p>',
            '</footer></body></html>', '']
    return '\n'.join(out), headline


def run(args):
    try:
        p = subprocess.run(args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return -1, b'', b'timed out'
    return p.returncode, p.stdout, p.stderr


def present(body, whole, flat):
    return body in whole if len(body) < WHOLE_LINE_UNDER else body in flat


def check_seed(pith, seed_dir, name, keep_dir):
    rows = read_annotated(os.path.join(seed_dir, name + '.annotated.txt'))
    page, headline = build_page(rows)
    if keep_dir:
        path = os.path.join(keep_dir, name + '.html')
        open(path, 'w', encoding='utf-8').write(page)
        return compare(pith, seed_dir, name, rows, headline, path)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + '.html')
        open(path, 'w', encoding='utf-8').write(page)
        return compare(pith, seed_dir, name, rows, headline, path)


def compare(pith, seed_dir, name, rows, headline, page_path):
    problems = []
    ccode, cout, cerr = run([pith, 'clean',
                             os.path.join(seed_dir, name + '.input.txt')])
    ecode, eout, eerr = run([pith, 'extract', '--format', 'json', page_path])
    if ccode != 0:
        problems.append('pith clean exit %d: %s' % (
            ccode, cerr.decode('utf-8', 'replace').strip()[:200]))
    if ecode != 0:
        problems.append('pith extract exit %d: %s' % (
            ecode, eerr.decode('utf-8', 'replace').strip()[:200]))
    try:
        doc = json.loads(eout.decode('utf-8'))
    except ValueError as e:
        return problems + ['pith extract JSON does not parse: %s' % e]
    clean_text = cout.decode('utf-8', 'replace')
    extract_text = doc.get('text') or ''
    c_whole = {norm(l) for l in clean_text.split('\n')} - {''}
    c_flat = norm(clean_text)
    e_whole = {norm(l) for l in extract_text.split('\n')} - {''}
    e_flat = norm(extract_text)

    if headline:
        title = norm(doc.get('title') or '')
        if title != headline:
            problems.append('title is %r, the headline <h1> is %r'
                            % (title[:80], headline[:80]))
        if headline not in c_whole:
            problems.append('headline lost by clean: %s' % headline[:80])
    for mark, body in rows:
        if mark == '+' and body != headline:
            in_c, in_e = body in c_whole, body in e_whole
            if in_c and not in_e:
                problems.append('kept by clean, lost by extract: %s'
                                % body[:90])
            elif in_e and not in_c:
                problems.append('kept by extract, lost by clean: %s'
                                % body[:90])
            elif not in_c and not in_e:
                problems.append('lost by both: %s' % body[:90])
        elif mark == '-':
            if present(body, c_whole, c_flat):
                problems.append('debris kept by clean: %s' % body[:90])
            if present(body, e_whole, e_flat):
                problems.append('debris kept by extract: %s' % body[:90])
    for line in sorted(e_whole - c_whole, key=extract_text.find):
        if not any(line == b for m, b in rows if m in '+-'):
            problems.append('extract kept page text that is not in the '
                            'article: %s' % line[:90])
    return problems


def main(argv):
    args = argv[1:]
    if not args or args[0] in ('-h', '--help'):
        sys.stdout.write(__doc__)
        return 0 if args else 2
    pith = args.pop(0)
    keep_dir = None
    if '--keep' in args:
        k = args.index('--keep')
        if k + 1 >= len(args):
            print('seed_pages.py: --keep needs a directory')
            return 2
        keep_dir = args[k + 1]
        del args[k:k + 2]
        os.makedirs(keep_dir, exist_ok=True)
    if not os.access(pith, os.X_OK):
        print('seed_pages.py: %s is not an executable' % pith)
        return 2
    seed_dir = args[0] if args else os.path.join(
        os.environ.get('PITH_DATA_DIR', DEFAULT_DATA_DIR), 'seeds')
    names = []
    if os.path.isdir(seed_dir):
        names = sorted(
            f[:-len('.input.txt')] for f in os.listdir(seed_dir)
            if f.endswith('.input.txt') and os.path.exists(os.path.join(
                seed_dir, f[:-len('.input.txt')] + '.annotated.txt')))
    if not names:
        return skip_note.note('set PITH_DATA_DIR to the development data (no '
                              'seed texts NAME.input.txt + '
                              'NAME.annotated.txt in %s)' % seed_dir)
    failed = 0
    for name in names:
        problems = check_seed(pith, seed_dir, name, keep_dir)
        failed += bool(problems)
        print('%s %s' % ('FAIL' if problems else 'ok  ', name))
        for p in problems:
            print('     %s' % p)
    print('%d passed, %d failed' % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
