"""crawl work row: how many requests a second crawl makes.

Replay site: 20 watched games, ~10,000 auctions all stored by a "last run" at T0 (bulk
inserted from the world's state at T0, last seen at T0). The clock then moves to T1, chosen
so that ~200 stored open auctions have ended. The real spider (subprocess,
AUCTION_REFRESH_HOURS=24) crawls at T1; requests are counted from the site's request log.
Baseline: re-fetching every stored open auction each run (game pages + listing pages +
every auction stored as open). Target: requests <= game pages + listing pages + ended + 5.
Nothing is published between T0 and T1 (auctions that would be are moved to T0), so the
allowance holds no new auctions.
"""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from auctionspider.db import schema
from auctionspider.db.engine import make_engine
from auctionspider.db.models import Auction, Game
from auctionspider.replaysite import ReplaySite, World
from bench.common import Row, fresh_sqlite
from bench.crawlrun import run_crawl

T0 = datetime(2025, 8, 27, 21, 15, tzinfo=UTC)  # 18:15 in Brasília, before the evening ends
ENDED_WANTED = 200


def _naive(dt):
    return dt.astimezone(UTC).replace(tzinfo=None) if dt else None


def build_world(lots: int):
    world = World.generate(games=20, lots=lots, seed=42, now=T0, days_before=10, days_after=10)
    # choose T1: the end time after T0 at which ~200 auctions (open at T0) have ended
    open_t0 = sorted(a.ends_at for a in world.auctions.values() if a.is_open(T0))
    best, count = None, 0
    for end in sorted(set(open_t0)):
        if end > T0 + timedelta(hours=20):
            break  # stay well inside the 24 h refresh window
        n = sum(1 for e in open_t0 if e <= end)
        if best is None or abs(n - ENDED_WANTED) < abs(count - ENDED_WANTED):
            best, count = end, n
        if n > ENDED_WANTED:
            break
    t1 = best + timedelta(minutes=1)
    # no auction is published between the two runs: the last run stored everything
    for a in world.auctions.values():
        if T0 < a.created_at <= t1:
            a.created_at = T0 - timedelta(minutes=1)
    world.changed()
    return world, t1


def store_last_run(world: World, url: str) -> dict:
    """Bulk insert what a crawl at T0 would have stored."""
    schema.upgrade(url)
    engine = make_engine(url)
    now = _naive(T0)
    games = [{"slug": g.slug, "name": g.name, "ludopedia_id": g.ludopedia_id, "watched": True,
              "ludostore_price_cents": g.ludostore_price_cents, "created_at": now,
              "updated_at": now} for g in world.games.values()]
    rows, open_count = [], 0
    with engine.begin() as conn:
        conn.execute(insert(Game.__table__), games)
        game_ids = {slug: gid for gid, slug in conn.exec_driver_sql("SELECT id, slug FROM game")}
        for a in world.auctions.values():
            if not a.is_published(T0) or a.is_deleted(T0):
                continue
            st = a.state(T0)
            open_count += st.status == "open"
            rows.append({
                "id": a.id, "lot_id": a.lot_id, "game_id": game_ids.get(a.game_slug),
                "title": a.title, "kind": a.kind, "condition": a.condition_code,
                "edition": a.edition, "seller": a.seller, "city": a.city, "state": a.uf,
                "status": st.status, "current_bid_cents": st.current_bid_cents,
                "bid_count": st.bid_count, "buy_now_cents": st.buy_now_cents,
                "final_price_cents": st.final_price_cents, "ends_at": _naive(a.ends_at),
                "followers": st.followers, "views": st.views, "description": a.description,
                "url": f"https://ludopedia.com.br{a.path}", "first_seen_at": now,
                "last_seen_at": now, "updated_at": now,
            })
        for i in range(0, len(rows), 1000):
            conn.execute(insert(Auction.__table__), rows[i:i + 1000])
    engine.dispose()
    return {"stored": len(rows), "stored_open": open_count, "games": len(games)}


def classify(log) -> dict:
    counts = {"game": 0, "listing": 0, "lot": 0, "auction": 0, "other": 0}
    for _method, target, _status in log:
        if target.startswith("/jogo/"):
            counts["game"] += 1
        elif target.startswith("/leiloes") and "id_leilao=" in target:
            counts["lot"] += 1
        elif target.startswith("/leiloes"):
            counts["listing"] += 1
        elif target.startswith("/leilao/"):
            counts["auction"] += 1
        else:
            counts["other"] += 1
    return counts


def run(quick: bool = False) -> list[Row]:
    lots = 700 if quick else 2_860  # ~3.5 items per lot -> ~10,000 auctions
    world, t1 = build_world(lots)
    url = fresh_sqlite("crawl_work.sqlite3")
    state = store_last_run(world, url)
    ended = sum(1 for a in world.auctions.values()
                if a.is_open(T0) and T0 < a.ends_at <= t1 and not a.is_deleted(T0))
    world.now = t1
    with ReplaySite(world=world, fixtures_dir=None) as site:
        site.reset_log()
        t0 = time.perf_counter()
        rc, log = run_crawl(site.base_url, url, t1, env={"AUCTION_REFRESH_HOURS": "24"})
        elapsed = time.perf_counter() - t0
        counts = classify(site.request_log)
    if rc != 0:
        raise RuntimeError(f"crawl exited {rc}: {log[-2000:]}")
    total = sum(counts.values())
    pages = counts["game"] + counts["listing"]
    allowed = pages + ended + 5
    baseline = pages + state["stored_open"]
    detail = (f"{total:,} requests ({counts['game']} game, {counts['listing']} listing, "
              f"{counts['lot']} lot, {counts['auction']} auction, {counts['other']} other; "
              f"{elapsed:.0f}s)")
    return [Row(
        "crawl work", "crawl work",
        f"replay: {state['games']} watched games, {state['stored']:,} stored auctions, "
        f"{ended} ended since the last run; second crawl",
        detail, f"re-fetch every stored open auction: {baseline:,} requests; "
        f"allowed {allowed:,} (pages + {ended} + 5)",
        total / allowed, "<= 1", extra={"counts": counts, "baseline": baseline})]
