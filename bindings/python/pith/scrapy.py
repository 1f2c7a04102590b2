"""A Scrapy item pipeline: fills an item's title, text, author, date, ...
(the keys of `pith extract --format json`) from the page body it carries.

settings.py:

    ITEM_PIPELINES = {"pith.scrapy.PithPipeline": 300}
    PITH_BODY_FIELD = "body"                  # the item field with the page's bytes
    PITH_URL_FIELD = "url"                    # the page's URL (links, hostname)
    PITH_CONTENT_TYPE_FIELD = "content_type"  # the Content-Type header it came with
    PITH_FIELDS = None                # None: every key; or ["title", "text", ...]
    PITH_MODE = "balanced"            # or "precision", "recall"
    PITH_OPTIONS = {}                 # more keyword arguments of pith.extract()
    PITH_KEEP_BODY = False            # False: the body field is removed once read
    PITH_DROP_NO_ARTICLE = False      # True: drop items whose page has no article
    PITH_ERROR_FIELD = None           # None: drop items pith rejects; a name:
                                      # keep them, with {"kind", "message"} there
    PITH_IN_THREADS = True            # extract in Scrapy's thread pool

A spider yields e.g. {"url": response.url, "body": response.body,
"content_type": response.headers.get("Content-Type")}. Items without the
body field pass through untouched. For scrapy.Item classes only the
declared fields are filled. Counts go to the crawl stats under pith/.
"""

import pith

__all__ = ["PithPipeline"]


def _text(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


class PithPipeline:
    def __init__(self, body_field="body", url_field="url",
                 content_type_field="content_type", fields=None,
                 mode="balanced", options=None, keep_body=False,
                 drop_no_article=False, error_field=None, in_threads=True,
                 stats=None):
        if mode not in ("balanced", "precision", "recall"):
            raise ValueError("PITH_MODE must be balanced, precision or "
                             "recall, not %r" % (mode,))
        self.body_field = body_field
        self.url_field = url_field
        self.content_type_field = content_type_field
        self.fields = list(fields) if fields else None
        self.mode = mode
        self.options = dict(options or {})
        self.keep_body = keep_body
        self.drop_no_article = drop_no_article
        self.error_field = error_field
        self.in_threads = in_threads
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(
            body_field=s.get("PITH_BODY_FIELD", "body"),
            url_field=s.get("PITH_URL_FIELD", "url"),
            content_type_field=s.get("PITH_CONTENT_TYPE_FIELD",
                                     "content_type"),
            fields=s.getlist("PITH_FIELDS") or None,
            mode=s.get("PITH_MODE", "balanced"),
            options=s.getdict("PITH_OPTIONS"),
            keep_body=s.getbool("PITH_KEEP_BODY", False),
            drop_no_article=s.getbool("PITH_DROP_NO_ARTICLE", False),
            error_field=s.get("PITH_ERROR_FIELD") or None,
            in_threads=s.getbool("PITH_IN_THREADS", True),
            stats=crawler.stats)

    def _count(self, key):
        if self.stats is not None:
            self.stats.inc_value("pith/" + key)

    def _extract(self, body, url, content_type):
        try:
            return pith.extract(body, url, content_type=content_type,
                                mode=self.mode, **self.options)
        except pith.PithError as e:
            return e

    def process_item(self, item, spider):
        from itemadapter import ItemAdapter
        adapter = ItemAdapter(item)
        body = adapter.get(self.body_field)
        if body is None:
            return item
        url = _text(adapter.get(self.url_field))
        content_type = _text(adapter.get(self.content_type_field))
        if self.in_threads:
            from twisted.internet.threads import deferToThread
            d = deferToThread(self._extract, body, url, content_type)
            d.addCallback(self._fill, item)
            return d
        return self._fill(self._extract(body, url, content_type), item)

    def _fill(self, outcome, item):
        from itemadapter import ItemAdapter
        from scrapy.exceptions import DropItem
        adapter = ItemAdapter(item)
        if not self.keep_body and self.body_field in adapter:
            del adapter[self.body_field]
        if isinstance(outcome, pith.PithError):
            self._count("error/" + outcome.kind)
            if not self.error_field:
                raise DropItem("pith: %s" % outcome)
            adapter[self.error_field] = {"kind": outcome.kind,
                                         "message": outcome.message}
            return item
        self._count("article" if outcome.article else "no_article")
        if not outcome.article and self.drop_no_article:
            raise DropItem("pith: the page holds no article")
        declared = ItemAdapter.get_field_names_from_class(type(item))
        for key in self.fields or outcome.keys():
            if self.fields is None and declared is not None and \
                    key not in declared:
                continue
            adapter[key] = outcome[key]
        return item
