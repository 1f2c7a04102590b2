"""Writes WARC files for the tests of `pith batch` (standard library only).

A crawl is a list of pages; each becomes the records a crawler writes for
it (request, response, metadata) after one warcinfo record, as plain WARC,
gzip member per record (Common Crawl's layout) or one gzip stream, in
WARC/1.0 or 1.1. Responses can carry chunked and gzip-compressed bodies.
"""

import gzip
import uuid
import zlib


def warc_record(version, wtype, uri, payload, content_type, length=None,
                extra=()):
    """One record's bytes. `length` overrides Content-Length (to lie)."""
    head = [
        version,
        "WARC-Type: " + wtype,
        "WARC-Date: 2024-03-01T12:00:00Z",
        "WARC-Record-ID: <urn:uuid:%s>" % uuid.uuid4(),
    ]
    if uri is not None:
        head.append("WARC-Target-URI: " + uri)
    head.append("Content-Type: " + content_type)
    head.extend(extra)
    head.append("Content-Length: %d" %
                (len(payload) if length is None else length))
    return ("\r\n".join(head) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"


def chunked(body, size=700):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x;ext=1\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\nX-Trailer: yes\r\n\r\n"


def http_response(body, content_type="text/html", status="200 OK",
                  chunk=False, compress=None):
    headers = ["HTTP/1.1 " + status, "Server: test"]
    if content_type:
        headers.append("Content-Type: " + content_type)
    if compress == "gzip":
        body = gzip.compress(body)
        headers.append("Content-Encoding: gzip")
    elif compress == "deflate":
        body = zlib.compress(body)
        headers.append("Content-Encoding: deflate")
    if chunk:
        headers.append("Transfer-Encoding: chunked")
        body = chunked(body)
    else:
        headers.append("Content-Length: %d" % len(body))
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def http_request(uri):
    host = uri.split("/")[2]
    path = "/" + "/".join(uri.split("/")[3:])
    return ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: test\r\n\r\n" %
            (path, host)).encode()


class Page:
    """One fetched resource: the body as served and how."""

    def __init__(self, uri, body, content_type="text/html", chunk=False,
                 compress=None, status="200 OK"):
        self.uri = uri
        self.body = body
        self.content_type = content_type
        self.chunk = chunk
        self.compress = compress
        self.status = status


def crawl_records(pages, version="WARC/1.0"):
    """The records of a crawl: warcinfo, then request/response/metadata per
    page. Returns a list of (bytes, page or None)."""
    recs = [(warc_record(version, "warcinfo", None,
                         b"software: pith-tests\r\nformat: WARC File "
                         b"Format 1.0\r\n", "application/warc-fields"), None)]
    for p in pages:
        recs.append((warc_record(version, "request", p.uri,
                                 http_request(p.uri),
                                 "application/http; msgtype=request"), None))
        payload = http_response(p.body, p.content_type, p.status, p.chunk,
                                p.compress)
        recs.append((warc_record(version, "response", p.uri, payload,
                                 "application/http; msgtype=response"), p))
        recs.append((warc_record(version, "metadata", p.uri,
                                 b"fetchTimeMs: 12\r\n",
                                 "application/warc-fields"), None))
    return recs


def write(path, records, layout):
    """layout: 'plain', 'member' (gzip per record) or 'stream' (one gzip
    stream). Returns the offset of each record (compressed offsets of the
    members for 'member', else offsets in the WARC text)."""
    offsets = []
    with open(path, "wb") as f:
        if layout == "stream":
            pos = 0
            for r in records:
                offsets.append(pos)
                pos += len(r)
            f.write(gzip.compress(b"".join(records)))
            return offsets
        for r in records:
            offsets.append(f.tell())
            f.write(gzip.compress(r) if layout == "member" else r)
    return offsets
