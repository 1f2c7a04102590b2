"""pith.extract() against `pith extract` on every fixture page: the same
JSON, field for field, and .text byte for byte what the CLI prints; the
options of each fixture's NAME.args given as keyword arguments; errors,
modes, str input, gzip input."""

import concurrent.futures
import glob
import gzip
import json
import os

import pytest

import pith
from conftest import FIXTURES, run_cli

PAGES = sorted(glob.glob(os.path.join(FIXTURES, "*.html")))

# CLI options that only change how the CLI prints (not what is extracted):
# the binding always returns the fields, so they are left out of the
# comparison run.
PRINT_ONLY = {"--comments", "--explain"}


def fixture_args(page):
    path = page[:-len(".html")] + ".args"
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def binding_kwargs(args):
    """The keyword arguments of pith.extract() for CLI options."""
    kw = {}
    it = iter(args)
    for a in it:
        if a in PRINT_ONLY:
            continue
        if a in ("--precision", "--recall"):
            kw["mode"] = a[2:]
        elif a in ("--images", "--no-links", "--no-tables"):
            kw[a[2:].replace("-", "_")] = True
        elif a in ("--url", "--content-type", "--target-language"):
            kw[a[2:].replace("-", "_")] = next(it)
        else:
            raise AssertionError("no binding keyword for CLI option " + a)
    return kw


def cli_args(args):
    return [a for a in args if a not in PRINT_ONLY]


def cli_outputs(page):
    args = cli_args(fixture_args(page))
    code, js, err = run_cli(["extract", "--format", "json"] + args + [page])
    tcode, text, _ = run_cli(["extract"] + args + [page])
    assert code == tcode
    return code, js, text, err


@pytest.fixture(scope="module")
def expected():
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return dict(zip(PAGES, pool.map(cli_outputs, PAGES)))


def test_fixtures_exist():
    assert len(PAGES) >= 50, FIXTURES


@pytest.mark.parametrize("page", PAGES, ids=os.path.basename)
def test_fixture_matches_cli(page, expected):
    code, js, text, err = expected[page]
    with open(page, "rb") as f:
        html = f.read()
    kw = binding_kwargs(fixture_args(page))
    url = kw.pop("url", None)
    if code in (0, 1):
        art = pith.extract(html, url, **kw)
        assert art.to_dict() == json.loads(js)
        # .text is what `pith extract` prints, byte for byte
        assert art.text.encode("utf-8") == text
        assert art.article == (code == 0)
        for key, value in json.loads(js).items():
            assert getattr(art, key) == value, key
    else:
        with pytest.raises(pith.PithError) as e:
            pith.extract(html, url, **kw)
        assert e.value.message in err
        assert "(%s)" % e.value.kind in err or e.value.kind in err


def test_no_article_is_not_an_error(cli):
    html = (b"<html><head><title>Links</title></head><body><ul>" +
            b"".join(b'<li><a href="/p%d">Item %d</a></li>' % (i, i)
                     for i in range(40)) + b"</ul></body></html>")
    art = pith.extract(html)
    assert art.article is False
    assert art.text == ""
    assert art.title == "Links"


@pytest.mark.parametrize("data,kind,cls", [
    (b"", "empty", pith.PithInputError),
    (b"   \n\t ", "empty", pith.PithInputError),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not_html",
     pith.PithInputError),
    (b"\x1f\x8b\x08\x00garbage", "decompress", pith.PithInputError),
])
def test_rejected_input(data, kind, cls):
    with pytest.raises(cls) as e:
        pith.extract(data)
    assert e.value.kind == kind
    assert e.value.message
    assert isinstance(e.value.status, int)


def test_limits():
    page = b"<html><body>" + b"<div><p>Some words here.</p></div>" * 500 + \
        b"</body></html>"
    with pytest.raises(pith.PithLimitError) as e:
        pith.extract(page, max_input_bytes=1000)
    assert e.value.kind == "too_large"
    with pytest.raises(pith.PithLimitError) as e:
        pith.extract(page, max_nodes=100)
    assert e.value.kind == "limit"
    assert "max_nodes" in e.value.message or "node" in e.value.message
    # the CLI says the same in its own words
    code, _, err = run_cli(["extract", "--max-nodes", "100", "-"], page)
    assert code == 4 and "limit" in err


def test_bad_arguments():
    with pytest.raises(pith.PithArgumentError) as e:
        pith.extract(b"<p>x</p>", disabled_rules="no-such-rule")
    assert e.value.kind == "argument"
    assert isinstance(e.value, ValueError)
    with pytest.raises(ValueError):
        pith.extract(b"<p>x</p>", mode="fast")
    with pytest.raises(TypeError):
        pith.extract(b"<p>x</p>", colour="blue")
    with pytest.raises(TypeError):
        pith.extract(12345)


def test_modes_match_cli():
    page = os.path.join(FIXTURES, "mode-precision.html")
    with open(page, "rb") as f:
        html = f.read()
    texts = set()
    for mode in ("balanced", "precision", "recall"):
        flag = [] if mode == "balanced" else ["--" + mode]
        _, out, _ = run_cli(["extract"] + flag + [page])
        text = pith.extract(html, mode=mode).text
        assert text.encode() == out, mode
        texts.add(text)
    assert len(texts) >= 2  # the modes do differ on this page


def test_disabled_rules_list_or_string():
    page = os.path.join(FIXTURES, "author-bio-box.html")
    with open(page, "rb") as f:
        html = f.read()
    rules = pith.rules()
    assert "credit" in rules and "caption" in rules
    a = pith.extract(html, disabled_rules=["credit", "caption"])
    b = pith.extract(html, disabled_rules="credit,caption")
    assert a == b


def test_str_input_is_utf8():
    page = os.path.join(FIXTURES, "charset-header-only.html")
    with open(page, "rb") as f:
        raw = f.read()
    from_bytes = pith.extract(raw, content_type="text/html; charset=windows-1251")
    # the same page decoded by the caller: passed on as UTF-8, whatever
    # charset the caller's content_type named
    from_str = pith.extract(raw.decode("windows-1251"),
                            content_type="text/html; charset=windows-1251")
    assert from_str.text == from_bytes.text
    assert from_str.title == from_bytes.title
    assert any(ord(c) > 0x400 for c in from_str.text)


def test_gzip_input_like_cli(tmp_path):
    page = os.path.join(FIXTURES, "author-bio-box.html")
    with open(page, "rb") as f:
        html = f.read()
    packed = gzip.compress(html)
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(packed)
    _, out, _ = run_cli(["extract", str(gz)])
    assert pith.extract(packed).text.encode() == out
    assert pith.extract(packed + gzip.compress(b"")).text.encode() == out
    with pytest.raises(pith.PithInputError) as e:
        pith.extract(packed[:len(packed) // 2])
    assert e.value.kind == "decompress"
    with pytest.raises(pith.PithLimitError):
        pith.extract(gzip.compress(b"<p>" + b"a" * 100000), max_input_bytes=5000)


def test_article_object():
    page = os.path.join(FIXTURES, "author-bio-box.html")
    with open(page, "rb") as f:
        art = pith.extract(f.read(), "https://example.org/a/b")
    d = art.to_dict()
    assert d["hostname"] == art.hostname == "example.org"
    assert art["title"] == art.title
    assert "text" in art and list(art.keys()) == list(d)
    d["title"] = "changed"
    assert art.title != "changed"  # to_dict() is a copy
    with pytest.raises(AttributeError):
        art.no_such_key
    with pytest.raises(AttributeError):
        art.title = "x"
    assert isinstance(art.warnings, tuple)
    import copy
    import pickle
    again = pickle.loads(pickle.dumps(art))
    assert again == art and again.text == art.text
    assert copy.deepcopy(art).to_dict() == art.to_dict()
