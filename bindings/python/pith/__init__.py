"""pith: the article in a web page (title, author, date, body), and scraped
text without its debris, from Python.

    import pith
    art = pith.extract(open("page.html", "rb").read(), "https://example.org/a")
    art.title, art.author, art.date, art.text     # keys of `pith extract --format json`
    pith.clean(scraped_text).text                 # what `pith clean` prints

A thin layer over the shared library libpith (ctypes, standard library only).
The C calls release the GIL, so threads extract pages in parallel.
"""

import collections
import ctypes
import json
import zlib

from . import _lib

__all__ = ["extract", "clean", "Article", "Cleaned", "Line", "PithError",
           "PithInputError", "PithLimitError", "PithArgumentError",
           "library_version", "rules", "__version__"]

_LIB = _lib.load()

library_version = _LIB.pith_version().decode()
__version__ = "0.1.0"

# enum pith_status (include/pith.h): the ones this module tells apart.
OK = 0
NO_ARTICLE = 1
ERR_ARGUMENT = 2
ERR_EMPTY = 4
ERR_NOT_HTML = 5
ERR_TOO_LARGE = 6
ERR_PARSE = 7
ERR_ENCODING = 8
ERR_LIMIT = 9
ERR_DECOMPRESS = 14
ERR_LANGUAGE = 27

_MODES = {"balanced": 0, "precision": 1, "recall": 2}
_INT_OPTIONS = ("max_input_bytes", "max_nodes", "max_depth",
                "max_output_bytes", "max_millis")
_BOOL_OPTIONS = ("images", "no_links", "no_tables")
_TEXT_OPTIONS = ("disabled_rules", "target_language")


class PithError(Exception):
    """A page or text pith could not process. .status is the library's
    status number, .kind its stable word (pith_status_kind: "empty",
    "not_html", "limit", ...), .message the library's reason."""

    def __init__(self, status, kind, message):
        super().__init__("%s: %s" % (kind, message))
        self.status = status
        self.kind = kind
        self.message = message


class PithInputError(PithError):
    """The input was rejected: empty, binary or not HTML, damaged gzip,
    unparsable, undecodable, or not in the target language."""


class PithLimitError(PithError):
    """The input is over a limit: max_input_bytes, or a document limit
    (nodes, depth, output size, time); the message names the option that
    raises it."""


class PithArgumentError(PithError, ValueError):
    """An invalid option (e.g. an unknown rule in disabled_rules)."""


_INPUT = (ERR_EMPTY, ERR_NOT_HTML, ERR_PARSE, ERR_ENCODING, ERR_DECOMPRESS,
          ERR_LANGUAGE)
_LIMIT = (ERR_TOO_LARGE, ERR_LIMIT)


def _kind(status):
    return _LIB.pith_status_kind(status).decode()


def _error(status, message):
    cls = (PithLimitError if status in _LIMIT else
           PithInputError if status in _INPUT else
           PithArgumentError if status == ERR_ARGUMENT else PithError)
    return cls(status, _kind(status), message)


def _string(ptr):
    return ctypes.string_at(ptr).decode("utf-8", "replace") if ptr else None


class Article:
    """One page's extraction. Its attributes are the keys of
    `pith extract --format json` (title, author, date, text, markdown,
    comments, article, confidence, fingerprint, ...), whichever the library
    renders; .warnings lists what the library noticed without failing
    (unless the JSON itself has that key)."""

    def __init__(self, fields, warnings=()):
        self.__dict__["_fields"] = dict(fields)
        self.__dict__["_warnings"] = tuple(warnings)

    def __getattr__(self, name):
        fields = self.__dict__.get("_fields", {})
        if name in fields:
            return fields[name]
        if name == "warnings" and "_warnings" in self.__dict__:
            return self.__dict__["_warnings"]
        raise AttributeError("Article has no attribute %r (keys: %s)" %
                             (name, ", ".join(fields)))

    def __setattr__(self, name, value):
        raise AttributeError("Article is read-only")

    def __dir__(self):
        return sorted(set(self._fields) | {"to_dict", "keys", "warnings"})

    def __getitem__(self, key):
        return self._fields[key]

    def __contains__(self, key):
        return key in self._fields

    def __eq__(self, other):
        return isinstance(other, Article) and self._fields == other._fields

    __hash__ = None

    def __reduce__(self):
        # pickling (multiprocessing, caches) rebuilds from the fields
        return (Article, (self._fields, self._warnings))

    def keys(self):
        return self._fields.keys()

    def to_dict(self):
        """The fields as a new dict, equal to `pith extract --format json`
        parsed."""
        return json.loads(json.dumps(self._fields))

    def __repr__(self):
        return "Article(article=%r, title=%r, %d chars of text)" % (
            self._fields.get("article"), self._fields.get("title"),
            len(self._fields.get("text") or ""))


Line = collections.namedtuple("Line", "number text keep rule")
Line.__doc__ = ("One judged line of pith.clean(): its 1-based input line "
                "number, its text, whether it was kept, and the rule that "
                "decided (\"content\", \"caption-repeat\", ...).")


class Cleaned:
    """pith.clean()'s result: .text is what `pith clean` prints, .lines
    every non-blank input line with its verdict (blank lines are not judged:
    their numbers are skipped), .warnings what the library noticed."""

    def __init__(self, text, lines, warnings=()):
        self.text = text
        self.lines = lines
        self.warnings = tuple(warnings)

    @property
    def removed(self):
        return [line for line in self.lines if not line.keep]

    def to_dict(self):
        return {"text": self.text,
                "lines": [line._asdict() for line in self.lines]}

    def __repr__(self):
        kept = sum(1 for line in self.lines if line.keep)
        return "Cleaned(%d of %d lines kept)" % (kept, len(self.lines))


def _options(url, content_type, mode, options):
    """A pith_options, filled; returns (buffer, structure, keepalive)."""
    if mode not in _MODES:
        raise ValueError("mode must be one of %s, not %r" %
                         (", ".join(_MODES), mode))
    buf = ctypes.create_string_buffer(_lib.OPTIONS_BUFFER_BYTES)
    _LIB.pith_options_init(buf)
    opt = _lib.Options.from_buffer(buf)
    keep = []

    def text(value):
        b = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        keep.append(b)
        return b

    if url is not None:
        opt.url = text(url)
    if content_type is not None:
        opt.content_type = text(content_type)
    opt.mode = _MODES[mode]
    for name, value in options.items():
        if value is None:
            continue
        if name in _INT_OPTIONS:
            if not isinstance(value, int) or value < 0:
                raise ValueError("%s must be a non-negative int" % name)
            setattr(opt, name, value)
        elif name in _BOOL_OPTIONS:
            setattr(opt, name, 1 if value else 0)
        elif name in _TEXT_OPTIONS:
            if name == "disabled_rules" and not isinstance(value, str):
                value = ",".join(value)
            setattr(opt, name, text(value))
        else:
            raise TypeError("unknown option %r (known: %s)" % (
                name, ", ".join(_INT_OPTIONS + _BOOL_OPTIONS +
                                _TEXT_OPTIONS)))
    return buf, opt, keep


def _gunzip(data, limit):
    """Unpacks gzip input as the command line does: members one after
    another, anything after the last ignored; at most `limit` bytes."""
    out = []
    n = 0
    rest = data
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = d.decompress(rest, limit + 1 - n)
        except zlib.error:
            raise _error(ERR_DECOMPRESS, "the gzip data is damaged")
        out.append(chunk)
        n += len(chunk)
        if n > limit:
            raise _error(ERR_TOO_LARGE,
                         "larger than %d bytes, the input limit (raise it "
                         "with max_input_bytes)" % limit)
        if not d.eof:
            raise _error(ERR_DECOMPRESS, "the gzip data is damaged")
        rest = d.unused_data
        if rest[:2] != b"\x1f\x8b":
            return b"".join(out)


def _input(data, opt, what):
    if isinstance(data, str):
        return data.encode("utf-8", "replace"), True
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError("%s must be bytes or str, not %s" %
                        (what, type(data).__name__))
    if data[:2] == b"\x1f\x8b":
        limit = opt.max_input_bytes or 64 * 1024 * 1024
        data = _gunzip(data, limit)
    return data, False


def _utf8_type(content_type, default):
    media = (content_type or default).split(";")[0].strip() or default
    return media + "; charset=utf-8"


def _warnings(result):
    return [_string(_LIB.pith_result_warning(result, i))
            for i in range(_LIB.pith_result_warning_count(result))]


def _run(fn, data, buf):
    result = ctypes.c_void_p()
    # ctypes drops the GIL for the whole call: other threads run meanwhile
    status = fn(data, len(data), buf, ctypes.byref(result))
    return status, result


def _raise_for(status, result):
    if result:
        message = _string(_LIB.pith_result_message(result))
        _LIB.pith_result_free(result)
    else:
        message = _LIB.pith_strerror(status).decode()
    raise _error(status, message or _LIB.pith_strerror(status).decode())


def extract(html, url=None, *, content_type=None, mode="balanced",
            **options):
    """Extracts the article of one page.

    html: the page as bytes (its charset found from content_type, the
    page's <meta> or detection, as the command line does; gzip data is
    unpacked) or as str (passed on as UTF-8).
    url: the page's URL (resolves links and images, fills hostname).
    content_type: the HTTP Content-Type it was served with.
    mode: "balanced", "precision" or "recall".
    options: max_input_bytes, max_nodes, max_depth, max_output_bytes,
    max_millis, disabled_rules (str or list of rule names),
    target_language, images, no_links, no_tables.

    Returns an Article (article == False when the page holds none); raises
    PithError (PithInputError, PithLimitError, PithArgumentError)."""
    buf, opt, keep = _options(url, content_type, mode, options)
    data, decoded = _input(html, opt, "html")
    if decoded:
        ct = _utf8_type(content_type, "text/html").encode()
        keep.append(ct)
        opt.content_type = ct
    status, result = _run(_LIB.pith_extract, data, buf)
    if status not in (OK, NO_ARTICLE):
        _raise_for(status, result)
    try:
        fields = json.loads(ctypes.string_at(_LIB.pith_result_json(result)))
        warnings = _warnings(result)
    finally:
        _LIB.pith_result_free(result)
    return Article(fields, warnings)


def clean(text, *, mode="balanced", **options):
    """Cleans scraped text of its debris (captions, credits, share lines,
    teasers). text: str, or bytes in any common encoding (gzip unpacked).
    Options as for extract() (the limits and disabled_rules apply).
    Returns a Cleaned; raises PithError."""
    buf, opt, keep = _options(None, options.pop("content_type", None), mode,
                              options)
    data, decoded = _input(text, opt, "text")
    if decoded:
        ct = _utf8_type(None, "text/plain").encode()
        keep.append(ct)
        opt.content_type = ct
    status, result = _run(_LIB.pith_clean_text, data, buf)
    if status not in (OK, NO_ARTICLE):
        _raise_for(status, result)
    try:
        kept = _string(_LIB.pith_result_text(result)) or ""
        lines = []
        for i in range(_LIB.pith_result_line_count(result)):
            lines.append(Line(
                _LIB.pith_result_line_number(result, i),
                _string(_LIB.pith_result_line_text(result, i)),
                bool(_LIB.pith_result_line_kept(result, i)),
                _string(_LIB.pith_result_line_rule(result, i))))
        warnings = _warnings(result)
    finally:
        _LIB.pith_result_free(result)
    return Cleaned(kept, lines, warnings)


def rules():
    """The names of the debris rules (for disabled_rules)."""
    names = []
    while True:
        name = _LIB.pith_rule_name(len(names))
        if name is None:
            return names
        names.append(name.decode())
