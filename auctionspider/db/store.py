"""Batched writes of crawled games, listings and auctions (one transaction per batch).

Upserts go through SQLAlchemy's dialect inserts: `INSERT … ON DUPLICATE KEY UPDATE` on
MySQL/MariaDB and `INSERT … ON CONFLICT DO UPDATE` on SQLite. Auctions not yet stored get
a plain INSERT: on SQLite an upsert costs about twice as much per row (it also writes a
statement journal).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache

import pymysql.cursors
from sqlalchemy import (Boolean, Connection, DateTime, Integer, String, Table, bindparam, func,
                        select, update)
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.sql.dml import Insert

from auctionspider.db.merge import AUCTION_COLUMNS, SNAPSHOT_FIELDS, merge_auction
from auctionspider.db.models import Auction, AuctionSnapshot, Game, Listing

AUCTION = Auction.__table__
GAME = Game.__table__
LISTING = Listing.__table__
SNAPSHOT = AuctionSnapshot.__table__
# What a crawl may change in a game row (besides updated_at).
GAME_FIELDS = (GAME.c.name, GAME.c.ludopedia_id, GAME.c.ludostore_price_cents, GAME.c.watched)

# Ids per IN (...) list: a batch's lookups in one statement each (a round trip per
# statement), well under SQLite's 32,766 parameters (since 3.32).
CHUNK = 5000


def _in_list(column):
    """`column IN (...)` for the list given at execution as `values`. Integer ids are
    written into the statement as numbers: as 5,000 parameters, PyMySQL would escape
    each, at twice the cost of the lookup itself."""
    return column.in_(bindparam("values", expanding=True,
                                literal_execute=isinstance(column.type, Integer)))


def upsert(conn: Connection, table: Table, rows: Sequence[dict], key: Sequence[str],
           update_columns: Iterable[str] | None = None) -> None:
    """Insert rows, or update `update_columns` (default: all non-key) where `key` exists."""
    if not rows:
        return
    columns = list(rows[0])
    update_columns = [c for c in (update_columns or columns) if c not in key]
    dialect = conn.dialect.name
    if dialect == "mysql":
        stmt = mysql.insert(table)
        stmt = stmt.on_duplicate_key_update({c: stmt.inserted[c] for c in update_columns})
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(key), set_={c: stmt.excluded[c] for c in update_columns})
    else:  # pragma: no cover - the contract is SQLite and MySQL/MariaDB only
        raise NotImplementedError(f"upsert on {dialect}")
    execute_many(conn, stmt, columns, rows)


def execute_many(conn: Connection, stmt: Insert, columns: Sequence[str],
                 rows: Sequence[dict]) -> None:
    """Run an INSERT for many rows (dicts with `columns`) in as few round trips as it takes.

    `conn.execute(stmt, rows)` builds and converts a parameter set per row through the
    compiled statement, which costs more than the database's own work on rows this wide.
    Here the statement is compiled once and each value is converted as the driver needs
    (see `_converters`), once per distinct value for times: a batch's rows share their
    observation times. SQLite gets the rows through its driver's executemany; MySQL as
    multi-row INSERTs (see `_mysql_insert_rows`).
    """
    if not rows:
        return
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    # SQLite's driver takes positional parameters; PyMySQL's statements name them.
    names = list(compiled.positiontup or compiled.params)
    convert = [(i, fn) for i, fn in enumerate(_converters(stmt.table, names, conn)) if fn]
    params = []
    for row in rows:
        values = [row[name] for name in names]
        for i, fn in convert:
            values[i] = fn(values[i])
        params.append(tuple(values))
    if conn.dialect.name == "mysql":
        _mysql_insert_rows(conn, compiled.string, names, params)
    else:
        conn.exec_driver_sql(compiled.string, params)


def _converters(table: Table, columns: Sequence[str], conn: Connection) -> list:
    """Per column, the function that turns a value into what the driver is given, or None.

    On SQLite, SQLAlchemy's own bind processors, and DATETIME as the text SQLAlchemy
    stores (`_sqlite_datetime`). On MySQL, the value as an SQL literal (see
    `_mysql_insert_rows`).
    """
    dialect = conn.dialect
    if dialect.name == "mysql":
        escape = conn.connection.driver_connection.escape
        return [_mysql_literal(table.c[name].type, escape) for name in columns]
    converters = []
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, DateTime):
            converters.append(cache(_sqlite_datetime))
        else:
            converters.append(column_type.dialect_impl(dialect).bind_processor(dialect))
    return converters


def _sqlite_datetime(value: datetime | None) -> str | None:
    """A DATETIME as SQLAlchemy stores it in SQLite ("2025-09-01 12:00:00.000000", compared
    as text), at a tenth of the cost of its bind processor."""
    return None if value is None else value.isoformat(" ", "microseconds")


def _mysql_insert_rows(conn: Connection, sql: str, names: list[str],
                       literals: list[tuple[str, ...]]) -> None:
    """Send rows, already SQL literals, as multi-row INSERTs of at most about 1 MB each.

    This is what PyMySQL's executemany does (same statement shape, same size bound), with
    one difference: PyMySQL renders every value through its generic `escape`, a few calls
    deep per value. That was about a third of the time of storing an auction on MySQL;
    here each column's literal function is chosen once from its type.
    """
    match = pymysql.cursors.RE_INSERT_VALUES.match(sql)
    if match is None:  # pragma: no cover - the statements come from SQLAlchemy inserts
        raise ValueError(f"not a single-row INSERT ... VALUES statement: {sql[:80]}")
    prefix, template, suffix = match.group(1), match.group(2).rstrip(), match.group(3) or ""
    if template != "(" + ", ".join(f"%({name})s" for name in names) + ")":
        raise ValueError(f"unexpected VALUES clause {template[:80]}")  # pragma: no cover
    limit = pymysql.cursors.Cursor.max_stmt_length
    # no_parameters: the text is final, PyMySQL must not %-format it (a % in a title).
    run = conn.execution_options(no_parameters=True).exec_driver_sql
    chunk: list[str] = []
    size = len(prefix) + len(suffix)
    for values in literals:
        text = "(" + ",".join(values) + ")"  # the template's columns, in its order
        if chunk and size + len(text) + 1 > limit:
            run(prefix + ",".join(chunk) + suffix)
            chunk, size = [], len(prefix) + len(suffix)
        chunk.append(text)
        size += len(text) + 1
    run(prefix + ",".join(chunk) + suffix)


def _mysql_literal(column_type, escape):
    """The function that writes a value of this column type as a MySQL literal.

    Text goes through the connection's own `escape`, as PyMySQL escapes a bound string:
    quoted, escaped as the server's SQL mode wants (NO_BACKSLASH_ESCAPES included).
    """
    if isinstance(column_type, Boolean):
        return lambda value: "NULL" if value is None else ("1" if value else "0")
    if isinstance(column_type, Integer):
        return lambda value: "NULL" if value is None else str(int(value))
    if isinstance(column_type, DateTime):  # naive UTC, like the column
        return cache(lambda value: "NULL" if value is None else f"'{value.isoformat(' ')}'")
    if isinstance(column_type, String):  # Text included
        return lambda value: "NULL" if value is None else escape(value)
    raise TypeError(f"no MySQL literal for column type {column_type!r}")


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
    existing = _rows_by(conn, GAME, GAME.c.slug, list(merged), [GAME.c.id, *GAME_FIELDS])
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
            "created_at": now,  # only written when the game is new
            "updated_at": now,
        }
        if old and all(row[c.name] == old[c.name] for c in GAME_FIELDS):
            continue
        rows.append(row)
    upsert(conn, GAME, rows, key=["slug"],
           update_columns=[*(c.name for c in GAME_FIELDS), "updated_at"])
    ids = {slug: old["id"] for slug, old in existing.items()}
    new = [row["slug"] for row in rows if row["slug"] not in existing]
    for slug, row in _rows_by(conn, GAME, GAME.c.slug, new, [GAME.c.id]).items():
        ids[slug] = row["id"]
    return ids


def store_auctions(conn: Connection, seen: Sequence[dict], now: datetime) -> int:
    """Merge observed auctions into the table; append snapshots where a counter changed.

    Only new and changed rows are written. New ones get a plain INSERT: if another writer
    stored the same auction since the lookup, the batch fails (and is kept as a dead
    letter) rather than overwrite that row with a merge of stale data.
    """
    latest: dict[int, dict] = {}
    for item in seen:  # the same auction twice in one batch: the last observation wins
        latest[item["id"]] = item
    stored = _rows_by(conn, AUCTION, AUCTION.c.id, list(latest))
    new, changed, snapshot_ids = [], [], []
    for auction_id, item in latest.items():
        old = stored.get(auction_id)
        if old is None and item.get("deleted"):
            continue  # deleted before we ever saw it: nothing worth a row
        row, snapshot = merge_auction(old, item, item.get("observed_at") or now)
        if old is None:
            new.append(row)
        elif row != old:
            changed.append(row)
        if snapshot:
            snapshot_ids.append(auction_id)
    execute_many(conn, AUCTION.insert(), AUCTION_COLUMNS, new)
    upsert(conn, AUCTION, changed, key=["id"])
    # A snapshot copies the counters just written, at the row's last_seen_at (the time
    # of the observation that changed them).
    copy = SNAPSHOT.insert().from_select(
        ["auction_id", "observed_at", *SNAPSHOT_FIELDS],
        select(AUCTION.c.id, AUCTION.c.last_seen_at, *(AUCTION.c[f] for f in SNAPSHOT_FIELDS))
        .where(_in_list(AUCTION.c.id)))
    for start in range(0, len(snapshot_ids), CHUNK):
        conn.execute(copy, {"values": snapshot_ids[start:start + CHUNK]})
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
            "first_seen_at": first_seen.get(lid, item.get("observed_at") or now),
            "last_seen_at": item.get("observed_at") or now,
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


def _rows_by(conn: Connection, table: Table, key, values: list, columns=None) -> dict:
    """{key value: row as a dict} for the rows whose `key` is in `values` (all columns,
    or `key` plus `columns`)."""
    query = (select(table) if columns is None else select(key, *columns)).where(
        _in_list(key))  # one cached statement for every chunk
    found = {}
    for start in range(0, len(values), CHUNK):
        result = conn.execute(query, {"values": values[start:start + CHUNK]})
        names = list(result.keys())
        at = names.index(key.name)
        for row in result:  # plain tuples: Row._asdict() costs more than the query
            found[row[at]] = dict(zip(names, row))
    return found


def count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()
