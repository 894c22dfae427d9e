"""Item pipelines: validate every item, then store them in batches.

ValidatePipeline drops what cannot be stored (logged with the URL and the reason, counted
in the stats as `item_dropped_count` and in `crawl_run.items_dropped`). StorePipeline
buffers items and writes them in one transaction per batch; a batch that cannot be written
(the database refuses it, is gone or does not answer) goes to a dead-letter JSON Lines
file under var/ and the crawl goes on, so nothing is lost (see auctionspider.replay).
"""
from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from auctionspider import deadletter, validation
from auctionspider.clock import utcnow_naive
from auctionspider.db import store
from auctionspider.db.engine import first_line, get_engine
from auctionspider.items import AuctionItem, GameItem, ListingItem, as_dict

logger = logging.getLogger(__name__)


def utc_naive(value: datetime | None) -> datetime | None:
    """The database keeps naive UTC (MySQL DATETIME has no zone), to the second."""
    if value is None:
        return None
    if value.tzinfo is not None and value.tzinfo is not UTC:  # (UTC, the usual, needs no shift)
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None, microsecond=0)


class ValidatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        fields = as_dict(item)  # plain dict lookups: an Item's .get is a Python call, per field
        if isinstance(item, AuctionItem):
            problems = validation.auction_problems(fields)
            kind = "auction"
        elif isinstance(item, ListingItem):
            problems = validation.listing_problems(fields)
            kind = "listing"
        elif isinstance(item, GameItem):
            problems = validation.game_problems(fields)
            kind = "game"
        else:
            problems, kind = [f"unexpected item type {type(item).__name__}"], "unknown"
        if problems:
            self.stats.inc_value(f"leiloes/dropped/{kind}")
            raise DropItem(f"{kind} at {item.get('url')}: {'; '.join(problems)}")
        return item


class StorePipeline:
    """Buffers item records and writes them a batch per transaction.

    A batch is written when it holds `batch_size` items or its oldest item has waited
    `flush_seconds` (checked as items arrive; the end of the crawl writes the rest). Big
    batches are what make storing fast on a crawl that runs flat out (on SQLite a commit
    costs about as much as writing its rows: every index page the batch touched is
    written again); the age bound keeps a polite crawl, about an item a second, from
    holding an hour of items in memory, unseen by the dashboard.
    """

    def __init__(self, database_url: str, batch_size: int, stats, deadletter_dir: str,
                 flush_seconds: float = 60.0):
        self.database_url = database_url
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.stats = stats
        self.deadletter_path = deadletter.new_path(deadletter_dir)
        self.buffer: list[dict] = []
        self.buffered_since = 0.0  # time.monotonic() when the first buffered item came
        self.failing = False  # the last write failed: the database is (still) away

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.get("DATABASE_URL"), s.getint("STORE_BATCH_SIZE", 5000), crawler.stats,
                   s.get("DEADLETTER_DIR"), s.getfloat("STORE_FLUSH_SECONDS", 60.0))

    def open_spider(self):
        self.engine = get_engine(self.database_url)

    def process_item(self, item):
        if not self.buffer:
            self.buffered_since = time.monotonic()
        self.buffer.append(item_record(item))
        if (len(self.buffer) >= self.batch_size
                or time.monotonic() - self.buffered_since >= self.flush_seconds):
            self.flush()
        return item

    def close_spider(self):
        self.flush()

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        try:
            write_batch(self.engine, batch)
        except Exception as exc:  # whatever went wrong, the batch is kept
            self.dead_letter(batch, exc)
            return
        if self.failing:
            logger.info("database writes work again: storing items (%d dead-lettered so far)",
                        self.stats.get_value("leiloes/items_deadlettered", 0))
            self.failing = False
        self.stats.inc_value("leiloes/items_stored", len(batch))

    def dead_letter(self, batch: list[dict], exc: Exception) -> None:
        path = deadletter.write(self.deadletter_path, batch)
        self.stats.inc_value("leiloes/items_deadlettered", len(batch))
        self.stats.set_value("leiloes/deadletter_file", str(path))
        if not isinstance(exc, SQLAlchemyError):  # a bug, not the database: show where
            logger.exception("storing a batch failed: %d items saved to %s", len(batch), path)
        elif not self.failing:
            # One line per outage (the crawl's last line sums them up), not one per batch.
            logger.error("database write failed (%s): %d items saved to %s; store them later "
                         "with `python -m auctionspider.replay %s`", first_line(exc), len(batch), path, path)
        else:
            logger.debug("database still failing (%s): %d more items saved to %s",
                         first_line(exc), len(batch), path)
        self.failing = isinstance(exc, SQLAlchemyError)


def item_record(item) -> dict:
    """A plain, JSON-friendly dict tagged with its type: what a batch (or dead letter) holds."""
    record = as_dict(item)
    record["_type"] = type(item).__name__
    return record


def write_batch(engine, batch: list[dict]) -> None:
    """Store one batch of item records in a single transaction."""
    now = utcnow_naive()
    games, listings, auctions, ads_pages = [], [], [], []
    for record in batch:
        kind = record["_type"]
        if kind == "GameItem":
            games.append(record)
            if record.get("listing_ids") is not None:
                ads_pages.append(record)
        elif kind == "ListingItem":
            listings.append(record)
            if record.get("game_slug"):
                games.append({"slug": record["game_slug"]})
        elif kind == "AuctionItem":
            auctions.append(record)
            if record.get("game_slug"):
                games.append({
                    "slug": record["game_slug"], "name": record.get("game_name"),
                    "ludopedia_id": record.get("ludopedia_game_id"),
                    "ludostore_price_cents": record.get("ludostore_price_cents"),
                })
    with engine.begin() as conn:
        game_ids = store.upsert_games(conn, games, now)
        if listings:
            for listing in listings:
                listing["game_id"] = game_ids.get(listing.get("game_slug"))
                listing["observed_at"] = utc_naive(_as_datetime(listing.get("observed_at"))) or now
            store.upsert_listings(conn, listings, now)
        for page in ads_pages:
            store.deactivate_missing_listings(conn, game_ids[page["slug"]], page["listing_ids"])
        if auctions:
            rows = []
            for record in auctions:
                row = dict(record)
                row["game_id"] = game_ids.get(record.get("game_slug"))
                row["ends_at"] = utc_naive(_as_datetime(record.get("ends_at")))
                row["observed_at"] = utc_naive(_as_datetime(record.get("observed_at"))) or now
                rows.append(row)
            store.store_auctions(conn, rows, now)


def _as_datetime(value):
    # Dead-letter files hold ISO strings; live items hold datetimes.
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value
