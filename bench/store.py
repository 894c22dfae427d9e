"""store row: N synthetic auction items through the real pipelines (validate -> batched
store, the crawl's STORE_BATCH_SIZE) into a fresh SQLite file and a fresh MariaDB database, vs one ORM
``session.add`` + ``commit`` per item (timed on a subset, compared as items/s). Each side
is the median of 3 runs; each run starts from a fresh database, and its baseline runs on
the database the pipeline just filled."""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from scrapy.statscollectors import MemoryStatsCollector
from sqlalchemy import func, select

from auctionspider.db import schema
from auctionspider.db.engine import get_engine, make_engine, session_factory
from auctionspider.db.models import Auction, AuctionSnapshot, Game
from auctionspider.items import AuctionItem
from auctionspider.pipelines import StorePipeline, ValidatePipeline
from auctionspider.settings import STORE_BATCH_SIZE, STORE_FLUSH_SECONDS
from bench.common import (Row, fmt_rate, fresh_mysql_db, fresh_sqlite, mysql_available)

NOW = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
GAMES = [f"jogo-{i:03d}" for i in range(200)]
CONDITIONS = ("used", "sealed", "new", "unknown")
KINDS = ("game", "combo", "accessory", "unknown")
CITIES = (("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Curitiba", "PR"), ("Recife", "PE"))
# Ludostore's price for a new copy is the game's (DESIGN.md): every auction page of a game
# shows the same one, or none when the store does not sell it.
_prices = random.Random(5)
LUDOSTORE_PRICES = {slug: _prices.choice((None, _prices.randrange(10000, 50000))) for slug in GAMES}


class _Crawler:  # what MemoryStatsCollector needs
    class settings:  # noqa: N801
        @staticmethod
        def getbool(name, default=False):
            return default


def synthetic_items(n: int, seed: int = 7, first_id: int = 1_000_000) -> list[AuctionItem]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        slug = rng.choice(GAMES)
        bids = rng.randrange(0, 15)
        bid = rng.randrange(2000, 60000) if bids else None
        ended = rng.random() < 0.4
        status = ("sold" if bids else "unsold") if ended else "open"
        city, uf = rng.choice(CITIES)
        aid = first_id + i
        items.append(AuctionItem(
            id=aid, lot_id=50_000 + i // 8, title=f"{slug.replace('-', ' ').title()} #{i}",
            subtitle="", game_slug=slug, game_name=slug.replace("-", " ").title(),
            ludopedia_game_id=10_000 + GAMES.index(slug),
            ludostore_price_cents=LUDOSTORE_PRICES[slug],
            kind=rng.choice(KINDS), kind_source="page", condition=rng.choice(CONDITIONS),
            edition="Devir Brasil", seller=f"vendedor{rng.randrange(2000)}", city=city, state=uf,
            status=status, current_bid_cents=bid, bid_count=bids,
            buy_now_cents=rng.choice((None, None, rng.randrange(10000, 90000))),
            final_price_cents=bid if status == "sold" else None,
            ends_at=NOW + timedelta(hours=rng.randrange(-500, 500)),
            followers=rng.randrange(60), views=rng.randrange(1000),
            description="Usado, em ótimo estado.\nCartas sleevadas. " * rng.randrange(1, 6),
            url=f"https://ludopedia.com.br/leilao/{aid}/{slug}", lot_items=[], deleted=False,
            observed_at=NOW,
        ))
    return items


def run_pipelines(url: str, items) -> float:
    """Seconds to push `items` through ValidatePipeline + StorePipeline, batched as a crawl
    does (the items come faster than STORE_FLUSH_SECONDS: batches are full)."""
    stats = MemoryStatsCollector(_Crawler())
    validate = ValidatePipeline(stats)
    with tempfile.TemporaryDirectory() as dead:
        store = StorePipeline(url, STORE_BATCH_SIZE, stats, dead, STORE_FLUSH_SECONDS)
        store.open_spider()
        t0 = time.perf_counter()
        for item in items:
            store.process_item(validate.process_item(item))
        store.close_spider()
        elapsed = time.perf_counter() - t0
    if stats.get_value("leiloes/items_deadlettered"):
        raise RuntimeError(f"store pipeline dead-lettered items on {url}")
    return elapsed


def run_orm_baseline(url: str, items) -> float:
    """Seconds for one ORM session.add(Auction(...)) + commit per item (games pre-created)."""
    engine = make_engine(url)
    Session = session_factory(engine)
    now = NOW.replace(tzinfo=None)
    with Session() as s:
        existing = {g.slug: g.id for g in s.scalars(select(Game))}
        for slug in GAMES:
            if slug not in existing:
                s.add(Game(slug=slug, name=slug, watched=False, created_at=now, updated_at=now))
        s.commit()
        game_ids = {g.slug: g.id for g in s.scalars(select(Game))}
    t0 = time.perf_counter()
    with Session() as s:
        for it in items:
            s.add(Auction(
                id=it["id"], lot_id=it["lot_id"], game_id=game_ids[it["game_slug"]],
                title=it["title"], kind=it["kind"], condition=it["condition"],
                edition=it["edition"], seller=it["seller"], city=it["city"], state=it["state"],
                status=it["status"], current_bid_cents=it["current_bid_cents"],
                bid_count=it["bid_count"], buy_now_cents=it["buy_now_cents"],
                final_price_cents=it["final_price_cents"],
                ends_at=it["ends_at"].astimezone(UTC).replace(tzinfo=None),
                followers=it["followers"], views=it["views"], description=it["description"],
                url=it["url"], first_seen_at=now, last_seen_at=now, updated_at=now))
            s.commit()
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return elapsed


def _count(url: str) -> tuple[int, int]:
    with get_engine(url).connect() as conn:
        return (conn.execute(select(func.count()).select_from(Auction)).scalar_one(),
                conn.execute(select(func.count()).select_from(AuctionSnapshot)).scalar_one())


def run(quick: bool = False) -> list[Row]:
    n = 5_000 if quick else 50_000
    n_base = 300 if quick else 1_000  # per baseline run
    repeats = 3  # both sides: the median of 3 runs
    items = synthetic_items(n)
    targets = [("SQLite", lambda: fresh_sqlite("store_bench.sqlite3"))]
    if mysql_available():
        targets.append(("MariaDB", lambda: fresh_mysql_db("leiloes_bench_store")))
    rows = []
    for label, make_url in targets:
        pipe_rates, base_rates = [], []
        for rep in range(repeats):
            # the pipeline on a fresh DB, then the baseline on the same (now populated) DB
            url = make_url()
            schema.upgrade(url)
            pipe_rates.append(n / run_pipelines(url, items))
            stored = _count(url)
            if stored != (n, n):  # every item a row and a first snapshot
                raise RuntimeError(f"{label}: stored {stored} (auctions, snapshots) of {n} items")
            base_items = synthetic_items(n_base, seed=11 + rep, first_id=9_000_000 + rep * n_base)
            base_rates.append(n_base / run_orm_baseline(url, base_items))
            get_engine(url).dispose()
        pipe_rate, base_rate = statistics.median(pipe_rates), statistics.median(base_rates)
        rows.append(Row(
            f"store {label}", "store",
            f"{n:,} synthetic auction items -> {label}, batches of {STORE_BATCH_SIZE:,}",
            f"{fmt_rate(pipe_rate, 'items/s')} (median of {repeats})",
            f"ORM add+commit per item {fmt_rate(base_rate, 'items/s')} "
            f"(median of {repeats} x {n_base:,})",
            pipe_rate / base_rate, ">= 20"))
    if len(targets) == 1:
        rows.append(Row("store MariaDB", "store", "MariaDB unreachable at 127.0.0.1:3306",
                        "-", "-", None, ">= 20"))
    return rows
