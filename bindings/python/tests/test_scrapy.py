"""pith.scrapy.PithPipeline in a real Scrapy crawl of a site served on
127.0.0.1 by the project's test server (pith_testd, $PITH_TESTD): every
fixture page is crawled, and every item equals `pith extract --format
json` on the same bytes with the same URL and Content-Type. Skipped when
Debian's python3-scrapy is not installed."""

import base64
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

import pytest

import pith
from conftest import FIXTURES, HERE, run_cli

scrapy = pytest.importorskip(
    "scrapy", reason="install python3-scrapy (Debian's) to test the Scrapy "
    "pipeline")


@pytest.fixture(scope="module")
def site():
    testd = os.environ.get("PITH_TESTD")
    if not testd or not os.path.exists(testd):
        pytest.skip("set PITH_TESTD to the pith_testd program")
    p = subprocess.Popen([testd, "--pages", FIXTURES, "--hosts", "1"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
    try:
        ports = p.stdout.readline().split()
        assert ports[0] == "PORTS", ports
        yield "http://127.0.0.1:%s" % ports[1]
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def test_crawl_items_equal_cli(site, tmp_path):
    out = tmp_path / "items.jsonl"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.dirname(HERE), os.environ.get("PYTHONPATH", "")]))
    p = subprocess.run([sys.executable, os.path.join(HERE, "scrapy_crawl.py"),
                        site + "/pages/", str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    stats = lines.pop()["stats"]
    items = {it["url"]: it for it in lines}
    pages = sorted(os.path.basename(f)
                   for f in glob.glob(os.path.join(FIXTURES, "*.html")))
    assert sorted(u.rsplit("/", 1)[1] for u in items) == pages

    def compare(item):
        body = base64.b64decode(item["body"])
        # the bytes that were served are the fixture's bytes
        name = item["url"].rsplit("/", 1)[1]
        with open(os.path.join(FIXTURES, name), "rb") as f:
            assert f.read() == body, name
        path = tmp_path / name
        path.write_bytes(body)
        code, js, err = run_cli(["extract", "--format", "json",
                                 "--url", item["url"], "--content-type",
                                 item["content_type"], str(path)])
        if code not in (0, 1):
            return name, {"pith_error": item.get("pith_error"), "err": err}
        want = json.loads(js)
        got = {k: v for k, v in item.items()
               if k not in ("body", "content_type", "status")}
        return name, (got, want)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(compare, items.values()))
    mismatches = []
    errors = 0
    for name, r in results:
        if isinstance(r, dict):
            errors += 1
            e = r["pith_error"]
            if not e or e["message"] not in r["err"]:
                mismatches.append("%s: CLI failed: %s; item: %s" %
                                  (name, r["err"].strip(), e))
        elif r[0] != r[1]:
            keys = sorted(k for k in set(r[0]) | set(r[1])
                          if r[0].get(k) != r[1].get(k))
            mismatches.append("%s: %s" % (name, keys))
    print("\n%d pages crawled, %d mismatches" % (len(items), len(mismatches)))
    assert not mismatches, "\n".join(mismatches)
    articles = sum(1 for it in lines if it.get("article"))
    assert stats.get("pith/article", 0) == articles > len(items) // 2
    assert sum(v for k, v in stats.items() if k.startswith("pith/error/")) \
        == errors


class FakeItem(dict):
    pass


def test_pipeline_settings_in_process():
    from scrapy.exceptions import DropItem
    from scrapy.settings import Settings
    from pith.scrapy import PithPipeline

    class Crawler:
        settings = Settings({"PITH_FIELDS": ["title", "text"],
                             "PITH_MODE": "precision",
                             "PITH_DROP_NO_ARTICLE": True,
                             "PITH_IN_THREADS": False})
        stats = None

    pipe = PithPipeline.from_crawler(Crawler)
    with open(os.path.join(FIXTURES, "author-bio-box.html"), "rb") as f:
        html = f.read()
    item = pipe.process_item({"url": "https://example.org/x", "body": html,
                              "content_type": b"text/html"}, None)
    art = pith.extract(html, "https://example.org/x", mode="precision")
    assert item == {"url": "https://example.org/x", "title": art.title,
                    "text": art.text, "content_type": b"text/html"}
    with pytest.raises(DropItem):
        pipe.process_item({"body": b"<html><body><a href=/a>a</a></body>"
                                   b"</html>"}, None)
    with pytest.raises(DropItem):
        pipe.process_item({"body": b""}, None)
    untouched = {"name": "no body here"}
    assert pipe.process_item(dict(untouched), None) == untouched


def test_pipeline_scrapy_item_declared_fields():
    from pith.scrapy import PithPipeline

    class Page(scrapy.Item):
        url = scrapy.Field()
        body = scrapy.Field()
        title = scrapy.Field()
        author = scrapy.Field()
        pith_error = scrapy.Field()

    pipe = PithPipeline(in_threads=False, error_field="pith_error")
    with open(os.path.join(FIXTURES, "author-bio-box.html"), "rb") as f:
        html = f.read()
    item = pipe.process_item(Page(url="https://example.org/x", body=html),
                             None)
    assert dict(item) == {"url": "https://example.org/x",
                          "title": pith.extract(html).title,
                          "author": pith.extract(html).author}
    bad = pipe.process_item(Page(body=b""), None)
    assert bad["pith_error"]["kind"] == "empty"
