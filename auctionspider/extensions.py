"""Crawl bookkeeping: migrate the database, record each run in `crawl_run`, and end with
one readable summary line."""
from __future__ import annotations

import logging
import time
from scrapy import signals
from sqlalchemy import insert, update
from sqlalchemy.exc import SQLAlchemyError

from auctionspider.clock import utcnow_naive
from auctionspider.db.engine import get_engine
from auctionspider.db.models import CrawlRun
from auctionspider.db.schema import upgrade

logger = logging.getLogger(__name__)
CRAWL_RUN = CrawlRun.__table__


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {text[0] if text else ''}"


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
