"""Batched writes of crawled games, listings and auctions (one transaction per batch).

Upserts go through SQLAlchemy's dialect inserts: `INSERT … ON DUPLICATE KEY UPDATE` on
MySQL/MariaDB and `INSERT … ON CONFLICT DO UPDATE` on SQLite.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, Table, func, select, update
from sqlalchemy.dialects import mysql, sqlite

from auctionspider.db.merge import AUCTION_COLUMNS, merge_auction
from auctionspider.db.models import Auction, AuctionSnapshot, Game, Listing

AUCTION = Auction.__table__
GAME = Game.__table__
LISTING = Listing.__table__
SNAPSHOT = AuctionSnapshot.__table__

# Keep IN (...) lists well under driver and SQLite parameter limits.
CHUNK = 500


def upsert(conn: Connection, table: Table, rows: Sequence[dict], key: Sequence[str],
           update_columns: Iterable[str] | None = None) -> None:
    """Insert rows, or update `update_columns` (default: all non-key) where `key` exists."""
    if not rows:
        return
    columns = list(rows[0])
    update_columns = [c for c in (update_columns or columns) if c not in key]
    dialect = conn.dialect.name
    # One statement without .values(), executed with the rows as parameters: SQLAlchemy
    # caches its compiled form and batches the rows ("insertmanyvalues").
    if dialect == "mysql":
        stmt = mysql.insert(table)
        stmt = stmt.on_duplicate_key_update({c: stmt.inserted[c] for c in update_columns})
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(key), set_={c: stmt.excluded[c] for c in update_columns})
    else:  # pragma: no cover - the contract is SQLite and MySQL/MariaDB only
        raise NotImplementedError(f"upsert on {dialect}")
    conn.execute(stmt, list(rows))


def upsert_games(conn: Connection, games: Sequence[dict], now: datetime) -> dict[str, int]:
    """Create or refresh games by slug; return {slug: id} for every slug given.

    A game is only ever added to the watchlist here, never removed (that is the user's
    call, in the admin), and known values are not replaced by missing ones.
    """
    merged: dict[str, dict] = {}
    for game in games:
        current = merged.setdefault(game["slug"], {"slug": game["slug"]})
        for field in ("name", "ludopedia_id", "ludostore_price_cents"):
            if game.get(field) not in (None, ""):
                current[field] = game[field]
        current["watched"] = current.get("watched", False) or bool(game.get("watched"))
    if not merged:
        return {}
    existing = _rows_by(conn, GAME, GAME.c.slug, list(merged))
    rows = []
    for slug, game in merged.items():
        old = existing.get(slug)
        row = {
            "slug": slug,
            "name": game.get("name") or (old and old["name"]) or slug.replace("-", " ").title(),
            "ludopedia_id": game.get("ludopedia_id", old and old["ludopedia_id"]),
            "ludostore_price_cents": game.get(
                "ludostore_price_cents", old and old["ludostore_price_cents"]),
            "watched": bool(game["watched"] or (old and old["watched"])),
            "created_at": old["created_at"] if old else now,
            "updated_at": now,
        }
        if old and all(row[k] == old[k] for k in ("name", "ludopedia_id", "ludostore_price_cents", "watched")):
            continue
        rows.append(row)
    upsert(conn, GAME, rows, key=["slug"],
           update_columns=["name", "ludopedia_id", "ludostore_price_cents", "watched", "updated_at"])
    ids = conn.execute(select(GAME.c.slug, GAME.c.id).where(GAME.c.slug.in_(list(merged))))
    return dict(ids.all())


def store_auctions(conn: Connection, seen: Sequence[dict], now: datetime) -> int:
    """Merge observed auctions into the table; append snapshots where a counter changed."""
    latest: dict[int, dict] = {}
    for item in seen:  # the same auction twice in one batch: the last observation wins
        latest[item["id"]] = item
    stored = _rows_by(conn, AUCTION, AUCTION.c.id, list(latest))
    rows, snapshots = [], []
    for auction_id, item in latest.items():
        if item.get("deleted") and auction_id not in stored:
            continue  # deleted before we ever saw it: nothing worth a row
        row, snapshot = merge_auction(stored.get(auction_id), item, item.get("observed_at") or now)
        if stored.get(auction_id) != row:
            rows.append(row)
        if snapshot:
            snapshots.append(snapshot)
    upsert(conn, AUCTION, [{c: r[c] for c in AUCTION_COLUMNS} for r in rows], key=["id"])
    if snapshots:
        conn.execute(SNAPSHOT.insert(), snapshots)
    return len(latest)


def upsert_listings(conn: Connection, listings: Sequence[dict], now: datetime) -> int:
    latest = {listing["id"]: listing for listing in listings}
    first_seen = dict(conn.execute(
        select(LISTING.c.id, LISTING.c.first_seen_at).where(LISTING.c.id.in_(list(latest)))
    ).all()) if latest else {}
    rows = [
        {
            "id": lid, "game_id": item.get("game_id"), "title": item["title"],
            "kind": item.get("kind") or "unknown", "condition": item.get("condition") or "unknown",
            "city": item.get("city"), "notes": item.get("notes"),
            "price_cents": item["price_cents"], "url": item["url"], "active": True,
            "first_seen_at": first_seen.get(lid, now), "last_seen_at": now,
        }
        for lid, item in latest.items()
    ]
    upsert(conn, LISTING, rows, key=["id"])
    return len(rows)


def deactivate_missing_listings(conn: Connection, game_id: int, seen_ids: Iterable[int]) -> None:
    """A game's ads page lists every active ad: the ones no longer there are gone."""
    stmt = update(LISTING).where(LISTING.c.game_id == game_id, LISTING.c.active.is_(True))
    seen_ids = list(seen_ids)
    if seen_ids:
        stmt = stmt.where(LISTING.c.id.not_in(seen_ids))
    conn.execute(stmt.values(active=False))


def _rows_by(conn: Connection, table: Table, column, values: list) -> dict:
    found = {}
    for start in range(0, len(values), CHUNK):
        chunk = values[start:start + CHUNK]
        for row in conn.execute(select(table).where(column.in_(chunk))).mappings():
            found[row[column.name]] = dict(row)
    return found


def count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()
