#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the repository's own
test material (fixtures/ and tests/cases/), so no corpus blobs are kept in
the repository.

usage: seeds.py OUTDIR TARGET...

Writes OUTDIR/TARGET/NNNN files. The targets read their first bytes as
option selectors (see each fuzz_TARGET.c), so the seeds carry them.
"""
import glob
import gzip
import zlib
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


def http_messages():
    out = []
    for i, page in enumerate(pages()[:12]):
        body = page[:6000]
        head = b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
        if i % 4 == 0:
            out.append(head + b'Content-Length: %d\r\n\r\n' % len(body) + body)
        elif i % 4 == 1:
            chunks = b''.join(b'%x\r\n' % len(body[j:j + 700]) +
                              body[j:j + 700] + b'\r\n'
                              for j in range(0, len(body), 700))
            out.append(head + b'Transfer-Encoding: chunked\r\n\r\n' +
                       chunks + b'0\r\n\r\n')
        elif i % 4 == 2:
            out.append(head + b'Content-Encoding: gzip\r\n\r\n' +
                       gzip.compress(body))
        else:
            out.append(head.replace(b'\r\n', b'\n') +
                       b'Content-Encoding: deflate\n\n' + zlib.compress(body))
    out.append(b'HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n')
    out.append(b'HTTP/2 200\r\ncontent-type: image/png\r\n\r\n\x89PNG')
    return out


def warc_record(kind, uri, payload, version=b'WARC/1.0'):
    head = (version + b'\r\nWARC-Type: ' + kind +
            b'\r\nWARC-Target-URI: ' + uri +
            b'\r\nWARC-Record-ID: <urn:uuid:0>\r\n'
            b'Content-Type: application/http; msgtype=response\r\n'
            b'Content-Length: %d\r\n\r\n' % len(payload))
    return head + payload + b'\r\n\r\n'


def warcs():
    records = [warc_record(b'warcinfo', b'', b'software: pith seeds\r\n')]
    for i, msg in enumerate(http_messages()):
        records.append(warc_record(b'request', b'https://example.org/%d' % i,
                                   b'GET / HTTP/1.1\r\n\r\n'))
        records.append(warc_record(b'response', b'https://example.org/%d' % i,
                                   msg, b'WARC/1.1' if i % 2 else b'WARC/1.0'))
    out = []
    # byte 0: the payload cap and the read size (see fuzz_warc.c)
    for sel in (b'\x0c', b'\x1c', b'\x04'):
        out.append(sel + b''.join(records[:5]))
        out.append(sel + b''.join(gzip.compress(r) for r in records[:5]))
    out.append(b'\x0c' + gzip.compress(b''.join(records[:4])))
    out.append(b'\x0c' + records[1] + records[2][:-40])  # cut short
    return out


def robots_files():
    return [b'/private/x\nUser-agent: *\nDisallow: /private\nAllow: /private/ok\n',
            b'/a.php\nUser-agent: pith\nDisallow: /*.php$\n\nUser-agent: *\nDisallow: /\n',
            b'/\nuser-agent: a\nuser-agent: b\ndisallow: /%7Ex\nsitemap: https://e.org/s\n',
            b'/p\n\xef\xbb\xbfUser-agent: *\r\nCrawl-delay: 3\r\nDisallow:\r\n']


def discover_files():
    # byte 0: 0 sitemap, 1 robots.txt, 2 feed; 4 added: labelled text/html
    urlset = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
              b'schemas/sitemap/0.9"><url><loc>http://a.example/1</loc>'
              b'<lastmod>2024-01-01</lastmod></url><url><loc>/2#x</loc></url>'
              b'</urlset>')
    index = (b'<sitemapindex><sitemap><loc>http://a.example/s.xml.gz</loc>'
             b'</sitemap></sitemapindex>')
    rss = (b'<rss version="2.0"><channel><item><link>http://a.example/n/1'
           b'</link></item><item><guid>http://a.example/n/2</guid></item>'
           b'<item><link><![CDATA[../n/3]]></link></item></channel></rss>')
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link '
            b'rel="alternate" href="/a"/></entry></feed>')
    page = (b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/feed"></head></html>')
    return [b'\x00' + urlset, b'\x00' + gzip.compress(urlset), b'\x00' + index,
            b'\x00http://a.example/1\nhttp://a.example/2\n',
            b'\x01User-agent: *\nSitemap: http://a.example/s.xml\n',
            b'\x02' + rss, b'\x02' + atom, b'\x06' + page,
            b'\x00<!DOCTYPE urlset [<!ENTITY a "b">]><urlset/>']


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
    if target == 'http':
        return [b'\x0a' + m for m in http_messages()] + \
               [b'\x00' + m for m in http_messages()[:3]]
    if target == 'warc':
        return warcs()
    if target == 'robots':
        return robots_files()
    if target == 'discover':
        return discover_files()
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
