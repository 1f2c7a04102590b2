#!/usr/bin/env python3
"""Mine the lines that many sites repeat outside their articles: candidates
for pith's debris phrase lists (src/debris_phrases.c).

usage: mine_phrases.py [--data DIR] [--min-sites N] [--max-chars N]
                       [--prefixes] [--lang]

Reads every development page (DIR/aeb, DIR/traf, DIR/wceb/*: html/NAME.html.gz
and truth.json, default DIR ../shared/data beside the repository); the
scraped texts (DIR/scraped/*) were cut from the same pages. Each page's text is cut into lines at
block elements (scripts, styles and templates left out); each line is made a
template: lower case, runs of digits as '#', month and weekday names as
MONTH and DAY, white space collapsed. A template counts once per site (the
host of the page's URL), so that one site's navigation does not outweigh
the rest.

It prints, for every template found on at least N sites (default 5), the
number of sites, the number of sites where the line is part of the gold
article (its text is in the truth's article body, or in a traf page's
segments that must appear), the template
and one example. A template that many sites repeat and few keep in their
articles is a phrase candidate; it enters the lists only after review (is
it boilerplate any site says, not a sentence of one page?), and in the
lists' own form (a prefix that opens the line, a notice phrase found
anywhere). --prefixes counts the first two and three words of short lines
too ("read more:", "posted by"). --lang prints the language of the page
(<html lang>) of the example.
"""
import glob
import gzip
import html.parser
import json
import os
import re
import sys
from collections import defaultdict
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(os.path.dirname(REPO), 'shared', 'data')

BLOCK = {'address', 'article', 'aside', 'blockquote', 'br', 'button', 'dd',
         'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
         'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'label',
         'legend', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section',
         'select', 'table', 'td', 'th', 'tr', 'ul', 'title'}
SKIP = {'script', 'style', 'noscript', 'template', 'svg', 'head'}

MONTHS = ('january february march april may june july august september '
          'october november december jan feb mar apr jun jul aug sep sept oct '
          'nov dec januar februar märz juni juli oktober dezember janvier '
          'février mars avril mai juin juillet août septembre octobre '
          'novembre décembre enero febrero marzo abril mayo junio julio agosto '
          'septiembre octubre noviembre diciembre gennaio febbraio aprile '
          'maggio giugno luglio settembre ottobre dicembre').split()
DAYS = ('monday tuesday wednesday thursday friday saturday sunday mon tue '
        'wed thu fri sat sun montag dienstag mittwoch donnerstag freitag '
        'samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche '
        'lunes martes miércoles jueves viernes sábado domingo').split()
WORD_CLASS = {w: 'MONTH' for w in MONTHS}
WORD_CLASS.update({w: 'DAY' for w in DAYS})


class Lines(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.cur, self.skip, self.lang = [], [], 0, ''
        self.url = ''  # the page's own canonical or og:url

    def flush(self):
        line = re.sub(r'\s+', ' ', ''.join(self.cur)).strip()
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'html':
            self.lang = a.get('lang') or ''
        elif tag == 'link' and (a.get('rel') or '').lower() == 'canonical':
            self.url = self.url or a.get('href') or ''
        elif tag == 'meta' and a.get('property') == 'og:url':
            self.url = self.url or a.get('content') or ''
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def template(line):
    t = line.lower()
    t = re.sub(r'\d+', '#', t)
    words = [WORD_CLASS.get(w.strip('.,'), w) for w in t.split()]
    return ' '.join(words).strip(' -|•·»>')


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def host_of(url):
    try:
        host = (urlsplit(url or '').hostname or '').lower()
    except ValueError:
        return ''
    return host[4:] if host.startswith('www.') else host


def page_sets(data):
    sets = ['aeb', 'traf'] + sorted(
        os.path.relpath(p, data) for p in glob.glob(os.path.join(data, 'wceb', '*')))
    return [s for s in sets if os.path.isfile(os.path.join(data, s, 'truth.json'))]


def main(argv):
    opt = lambda k, d=None: argv[argv.index(k) + 1] if k in argv else d
    data = opt('--data', DEFAULT_DATA)
    min_sites = int(opt('--min-sites', 5))
    max_chars = int(opt('--max-chars', 80))
    prefixes = '--prefixes' in argv
    sites = defaultdict(set)      # template -> hosts
    in_gold = defaultdict(set)    # template -> hosts where it is article text
    example = {}

    def add(line, host, gold, lang):
        if len(line) > max_chars or len(line) < 3:
            return
        keys = [template(line)]
        if prefixes:
            words = template(line).split()
            keys += [' '.join(words[:k]) + ' …' for k in (2, 3)
                     if len(words) > k]
        for k in keys:
            if not re.search(r'\w', k):
                continue
            sites[k].add(host)
            if gold:
                in_gold[k].add(host)
            example.setdefault(k, (line, lang))

    for s in page_sets(data):
        with open(os.path.join(data, s, 'truth.json'), encoding='utf-8') as f:
            truth = json.load(f)
        for name in sorted(truth):
            item = truth[name]
            path = os.path.join(data, s, 'html', name + '.html.gz')
            if not os.path.isfile(path):
                continue
            raw = gzip.decompress(open(path, 'rb').read())
            p = Lines()
            try:
                p.feed(raw.decode('utf-8', 'replace'))
                p.close()
            except Exception:  # a page html.parser cannot read
                continue
            p.flush()
            gold = norm(item.get('articleBody', '') or ' '.join(item.get('with', [])))
            # a page without a URL in the truth names its site itself, or
            # is left out: counted alone it would pass for a site of its own
            host = host_of(item.get('url')) or host_of(p.url)
            if not host:
                continue
            for line in p.lines:
                add(line, host, norm(line) in gold, p.lang)
    rows = sorted(((len(h), len(in_gold[k]), k) for k, h in sites.items()
                   if len(h) >= min_sites), key=lambda r: (-r[0], r[1], r[2]))
    for n, g, k in rows:
        ex, lang = example[k]
        print('%4d %4d  %-50s  %s%s' % (n, g, k, ex[:60],
                                        ('  [%s]' % lang) if '--lang' in argv else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
