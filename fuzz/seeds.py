#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the repository's own
test material (fixtures/ and tests/cases/), so no corpus blobs are kept in
the repository.

usage: seeds.py OUTDIR TARGET...

Writes OUTDIR/TARGET/NNNN files. The targets read their first bytes as
option selectors (see each fuzz_TARGET.c), so the seeds carry them.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def pages():
    return [read(p) for p in sorted(glob.glob(os.path.join(ROOT, 'fixtures', '*.html')))]


def texts():
    out = []
    for pattern in ('tests/cases/clean/*.txt', 'fixtures/*.expected.txt'):
        for p in sorted(glob.glob(os.path.join(ROOT, pattern))):
            data = read(p)
            # Annotated cases mark lines with "+ " / "- " / "? ": strip the
            # marks to get the scraped text pith clean sees.
            if '/tests/cases/' in p:
                data = b'\n'.join(re.sub(rb'^[-+?] ', b'', line)
                                  for line in data.split(b'\n')
                                  if not line.startswith(b'#'))
            out.append(data)
    return out


def jsonld_blocks():
    out = []
    rx = re.compile(rb'<script[^>]*ld\+json[^>]*>(.*?)</script>', re.S | re.I)
    for page in pages():
        out.extend(m.group(1) for m in rx.finditer(page))
    out += [
        b'{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",'
        b'"@id":"#a","headline":"H","author":{"@id":"#p"},"datePublished":'
        b'"2024-02-27T10:00:00+01:00","articleBody":"Body text."},{"@type":'
        b'"Person","@id":"#p","name":"Jane Doe"}]}',
        b'[{"@type":["Article","WebPage"],"author":[{"name":"A"},"B, C"],'
        b'"image":{"url":"/i.jpg"},"keywords":["x","y"]}]',
        b'<!--//--><![CDATA[//><!-- {"@type":"BlogPosting"} //--><!]]>',
        b'{"@type":"WebSite","name":"Site"},{"@type":"Organization","name":"O"}',
    ]
    return out


def dates():
    out = [b'2024-02-27', b'2024-02-27T10:11:12+01:00', b'2019-11-19T08:00:00Z',
           b'Tue, 19 Nov 2019 08:00:00 GMT', b'November 19, 2019',
           b'19 November 2019', b'2019/11/19', b'19.11.2019', b'20191119',
           b'19. November 2019', b'le 19 novembre 2019', b'19 de noviembre de 2019',
           b'Published: 3 Mar 2021, 14:05 CET', b'Updated 2020-1-2 3:04 pm',
           b'https://example.org/2021/03/04/story', b'1999-12-31T23:59:59.999-05:30']
    rx = re.compile(rb'(?:datetime|content)="([^"]{6,60})"')
    for page in pages():
        out.extend(m.group(1) for m in rx.finditer(page)
                   if re.search(rb'\d{4}', m.group(1)))
    return out


def url_pairs():
    bases = [b'https://www.example.org/news/2024/story.html', b'http://example.com',
             b'https://[::1]:8080/a/b?c=d#e', b'', b'not a url']
    refs = [b'../img/a.jpg', b'//cdn.example.net/x.png', b'?page=2', b'#top',
            b'https://other.example/path', b'mailto:a@b.c', b'  /spaced path ',
            b'http://xn--bcher-kva.example/']
    return [b + b'\0' + r for b in bases for r in refs]


def seeds(target):
    if target == 'extract':
        # byte 0: Content-Type (low nibble) and URL (high nibble); byte 1:
        # limits (0: the defaults).
        return [b'\x10\x00' + p for p in pages()] + \
               [b'\x03\x00' + p for p in pages() if b'1251' in p[:2000]] + \
               [b'\x11\x01' + pages()[0]]
    if target == 'clean':
        return [b'\x00' + t for t in texts()]
    if target == 'decode':
        return [b'\x00' + p for p in pages()] + [b'\x00' + t for t in texts()] + \
               [b'\x02' + p for p in pages() if b'1251' in p[:2000]]
    if target == 'jsonld':
        return jsonld_blocks()
    if target == 'date':
        return dates()
    if target == 'text':
        return url_pairs() + [t[:2000] for t in texts()]
    raise SystemExit('seeds.py: no seeds known for target %r' % target)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = argv[0]
    for target in argv[1:]:
        d = os.path.join(outdir, target)
        os.makedirs(d, exist_ok=True)
        for old in glob.glob(os.path.join(d, '*')):
            os.remove(old)
        for i, data in enumerate(seeds(target)):
            with open(os.path.join(d, '%04d' % i), 'wb') as f:
                f.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
