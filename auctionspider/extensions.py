"""Crawl bookkeeping: migrate the database, record each run in `crawl_run`, and end with
one readable summary line."""
from __future__ import annotations

import logging
import time
from scrapy import signals
from sqlalchemy import insert, update
from sqlalchemy.exc import SQLAlchemyError

from auctionspider.clock import utcnow_naive
from auctionspider.db.engine import first_line, get_engine
from auctionspider.db.models import CrawlRun
from auctionspider.db.schema import upgrade

logger = logging.getLogger(__name__)
CRAWL_RUN = CrawlRun.__table__


def run_counts(stats: dict) -> dict:
    """crawl_run's counters from Scrapy's stats."""
    return {
        "pages": stats.get("response_received_count", 0),
        "items_stored": stats.get("leiloes/items_stored", 0),
        "items_dropped": stats.get("item_dropped_count", 0),
        "errors": stats.get("log_count/ERROR", 0),
    }


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.database_url = settings.get("DATABASE_URL")
        self.auto_migrate = settings.getbool("DB_AUTO_MIGRATE", True)
        self.run_id: int | None = None
        self.started = time.monotonic()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.started = time.monotonic()
        try:
            if self.auto_migrate:
                upgrade(self.database_url)
            with get_engine(self.database_url).begin() as conn:
                result = conn.execute(insert(CRAWL_RUN).values(
                    spider=spider.name, started_at=utcnow_naive(), pages=0, items_stored=0,
                    items_dropped=0, errors=0))
                self.run_id = result.inserted_primary_key[0]
        except SQLAlchemyError as exc:
            # One line, no traceback wall: the operator needs to know the DB is down.
            logger.error("database unavailable at start (%s); crawl aborted", first_line(exc))
            self.crawler.stats.set_value("leiloes/database_unavailable", True)
            spider.database_unavailable = True

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        counts = run_counts(stats)
        elapsed = time.monotonic() - self.started
        logger.info(
            "crawl %s: %s pages, %s items stored, %s dropped, %s dead-lettered, %s errors in %.1fs",
            reason, counts["pages"], counts["items_stored"], counts["items_dropped"],
            stats.get("leiloes/items_deadlettered", 0), counts["errors"], elapsed)
        if self.run_id is None:
            return
        try:
            with get_engine(self.database_url).begin() as conn:
                conn.execute(update(CRAWL_RUN).where(CRAWL_RUN.c.id == self.run_id).values(
                    finished_at=utcnow_naive(), finish_reason=reason[:100], **counts))
        except SQLAlchemyError as exc:
            logger.error("could not record the crawl run (%s)", first_line(exc))


class SentryReporter:
    """Crawl errors to Sentry (when SENTRY_DSN is set; see auctionspider.observability).

    ERROR log records become events through the logging integration, with the URL and
    auction id of the request or item they are about. On top of that, at the end of a
    crawl: ONE event when more than SENTRY_DROP_BURST items were dropped (count, example
    URLs and reasons), and ONE event when more than a fifth of the auction pages (at
    least 5 attempted) failed to parse: the site's layout probably changed.
    """

    EXAMPLES = 5
    LAYOUT_MIN_PAGES = 5
    LAYOUT_FAILED_SHARE = 0.2

    def __init__(self, crawler, enabled: bool):
        self.crawler = crawler
        self.enabled = enabled
        self.burst = crawler.settings.getint("SENTRY_DROP_BURST", 20)
        self.dropped = 0
        self.drop_examples: list[dict] = []
        self.parse_error_examples: list[str] = []
        if enabled:  # before any spider_opened handler logs (e.g. "database unavailable")
            import sentry_sdk

            sentry_sdk.get_global_scope().set_tag("spider", getattr(crawler.spidercls, "name", None))
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        from auctionspider.observability import init_sentry

        return cls(crawler, init_sentry("crawl"))

    def spider_opened(self, spider):
        if self.enabled:
            import sentry_sdk

            sentry_sdk.get_global_scope().set_tag("spider", spider.name)
            sentry_sdk.get_global_scope().set_context("crawl_settings", {
                "base_url": self.crawler.settings.get("LUDOPEDIA_BASE_URL"),
                "jogos": ",".join(getattr(spider, "jogos", []) or []) or None,
            })

    def item_dropped(self, item, response, exception, spider=None):
        self.dropped += 1
        url = item.get("url") if hasattr(item, "get") else None
        if len(self.drop_examples) < self.EXAMPLES:
            self.drop_examples.append({"url": url, "reason": str(exception)[:300]})
        if hasattr(item, "get") and item.get("parse_error") and url \
                and len(self.parse_error_examples) < self.EXAMPLES:
            self.parse_error_examples.append(url)

    def spider_closed(self, spider, reason):
        if not self.enabled:
            return
        import sentry_sdk

        stats = self.crawler.stats
        failed = stats.get_value("leiloes/parse_errors/auction", 0)
        attempted = failed + stats.get_value("leiloes/auction_pages_parsed", 0)
        layout_changed = attempted >= self.LAYOUT_MIN_PAGES and failed > self.LAYOUT_FAILED_SHARE * attempted
        if layout_changed:
            with sentry_sdk.new_scope() as scope:
                scope.set_tag("alert", "layout_changed")
                scope.set_context("layout", {"failed": failed, "attempted": attempted,
                                             "example_urls": self.parse_error_examples})
                scope.fingerprint = ["leiloes-layout-changed"]
                examples = "\n".join(self.parse_error_examples)
                sentry_sdk.capture_message(
                    f"Ludopedia layout probably changed: {failed} of {attempted} auction pages "
                    f"failed to parse\n{examples}", level="error")
        # The layout event already explains a burst of parse-error drops.
        if self.dropped > self.burst and not layout_changed:
            with sentry_sdk.new_scope() as scope:
                scope.set_tag("alert", "dropped_items")
                scope.set_context("dropped", {"count": self.dropped, "threshold": self.burst,
                                              "examples": self.drop_examples})
                scope.fingerprint = ["leiloes-dropped-burst"]
                examples = "\n".join(f"{e['url']}: {e['reason']}" for e in self.drop_examples)
                sentry_sdk.capture_message(
                    f"{self.dropped} items dropped in one crawl (more than {self.burst})\n{examples}",
                    level="warning")
        sentry_sdk.flush(timeout=5)
