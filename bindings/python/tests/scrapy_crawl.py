"""A real Scrapy crawl through pith.scrapy.PithPipeline, run by
test_scrapy.py in a process of its own (Twisted's reactor starts once):

    python3 scrapy_crawl.py START_URL OUT.jsonl

Starts at START_URL (an index page), follows its links, yields one item
per page with the response's bytes, and writes every item that comes out
of the pipeline as a JSON line (the kept body in base64)."""

import base64
import json
import sys

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, start, **kw):
        super().__init__(**kw)
        self.start_urls = [start]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url, "body": response.body,
               "content_type": response.headers.get("Content-Type"),
               "status": response.status}


def main():
    start, out = sys.argv[1], sys.argv[2]
    items = []
    process = CrawlerProcess(settings={
        "ITEM_PIPELINES": {"pith.scrapy.PithPipeline": 300},
        "PITH_KEEP_BODY": True,
        "PITH_ERROR_FIELD": "pith_error",
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": 8,
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    crawler = process.create_crawler(SiteSpider)

    def scraped(item, response, spider):
        d = dict(item)
        d["body"] = base64.b64encode(d["body"]).decode()
        if isinstance(d.get("content_type"), bytes):
            d["content_type"] = d["content_type"].decode("latin-1")
        items.append(d)

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    process.crawl(crawler, start=start)
    process.start()
    stats = crawler.stats.get_stats()
    with open(out, "w") as f:
        for d in items:
            f.write(json.dumps(d) + "\n")
        f.write(json.dumps({"stats": {k: v for k, v in stats.items()
                                      if k.startswith("pith/")}}) + "\n")


if __name__ == "__main__":
    main()
