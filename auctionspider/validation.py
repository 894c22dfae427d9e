"""Checks an item must pass before it is stored (pure: item in, list of problems out)."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Integer, String

from auctionspider.db.models import AUCTION_KINDS, CONDITIONS, STATUSES, Auction, Game, Listing

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MONEY_FIELDS = ("current_bid_cents", "buy_now_cents", "final_price_cents", "ludostore_price_cents")
COUNT_FIELDS = ("followers", "views")
# What the columns hold on MySQL (SQLite is laxer): a value beyond them would make the
# database refuse the whole batch, so the item is dropped here, with its reason.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
TEXT_BYTES = 65_535
# An end time outside this is a misread page, not an auction.
ENDS_AT_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
# Item field -> the column it is stored in (the auction's game fields go to `game`).
_GAME_COLUMNS = dict(Game.__table__.c.items())
_AUCTION_COLUMNS = dict(Auction.__table__.c.items()) | {
    "game_slug": _GAME_COLUMNS["slug"], "game_name": _GAME_COLUMNS["name"],
    "ludopedia_game_id": _GAME_COLUMNS["ludopedia_id"],
    "ludostore_price_cents": _GAME_COLUMNS["ludostore_price_cents"],
}
_LISTING_COLUMNS = dict(Listing.__table__.c.items()) | {"game_slug": _GAME_COLUMNS["slug"]}


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _non_negative_or_none(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _sane_end(value) -> bool:
    if value is None:
        return True
    if not isinstance(value, datetime):
        return False
    if value.tzinfo is None:  # naive is UTC, as the store takes it
        value = value.replace(tzinfo=UTC)
    return ENDS_AT_RANGE[0] <= value < ENDS_AT_RANGE[1]


def _limits(columns: dict) -> list[tuple[str, bool, int]]:
    """(field, holds an integer, limit) per column, worked out once: the checks below run
    for every item of every crawl. An integer's limit is its largest value, a text's its
    length in characters (0: a TEXT column, measured in bytes)."""
    limits = []
    for field, column in columns.items():
        kind = column.type
        if isinstance(kind, Integer):  # BigInteger included
            limits.append((field, True, BIGINT_MAX if isinstance(kind, BigInteger) else INT_MAX))
        elif isinstance(kind, String):  # Text included (no length)
            limits.append((field, False, kind.length or 0))
    return limits


_AUCTION_LIMITS = _limits(_AUCTION_COLUMNS)
_LISTING_LIMITS = _limits(_LISTING_COLUMNS)
_GAME_LIMITS = _limits(_GAME_COLUMNS)


def _misfit(is_int: bool, limit: int, value) -> str | None:
    """Why ``value`` cannot be stored in its column (None when it can)."""
    if is_int:
        if not isinstance(value, int) or isinstance(value, bool):
            return "not an integer"
        if not -limit - 1 <= value <= limit:
            return "out of range"
    elif not isinstance(value, str):
        return "not text"
    elif limit and len(value) > limit:
        return f"longer than {limit} characters"
    elif not limit and len(value) > TEXT_BYTES // 4 and len(value.encode("utf-8")) > TEXT_BYTES:
        return f"longer than {TEXT_BYTES} bytes"  # (up to 4 bytes a character: rarely encoded)
    return None


def _column_problems(item: dict, limits: list[tuple[str, bool, int]]) -> list[str]:
    problems = []
    for field, is_int, limit in limits:
        value = item.get(field)
        if value is None:
            continue
        # the common case inline (a call per field and item adds up); the reason in _misfit
        if is_int:
            if type(value) is int and -limit - 1 <= value <= limit:
                continue
        elif type(value) is str and len(value) <= (limit or TEXT_BYTES // 4):
            continue
        why = _misfit(is_int, limit, value)
        if why:
            problems.append(f"{field} {why}: {str(value)[:80]!r}")
    return problems


def auction_problems(item: dict) -> list[str]:
    if item.get("parse_error"):
        return [item["parse_error"]]
    problems = []
    if not _positive_int(item.get("id")):
        problems.append(f"missing or bad auction id {item.get('id')!r}")
    if item.get("status") not in STATUSES:
        problems.append(f"unknown status {item.get('status')!r}")
    if item.get("deleted"):
        return problems
    if not (item.get("title") or "").strip():
        problems.append("no title")
    if item.get("kind") not in AUCTION_KINDS:
        problems.append(f"unknown kind {item.get('kind')!r}")
    if item.get("condition") not in CONDITIONS:
        problems.append(f"unknown condition {item.get('condition')!r}")
    for field in MONEY_FIELDS:
        if not _non_negative_or_none(item.get(field)):
            problems.append(f"bad price {field}={item.get(field)!r}")
    bids = item.get("bid_count")
    if not (isinstance(bids, int) and bids >= 0):
        problems.append(f"bad bid count {bids!r}")
    for field in COUNT_FIELDS:
        if not _non_negative_or_none(item.get(field)):
            problems.append(f"bad count {field}={item.get(field)!r}")
    if item.get("ludopedia_game_id") is not None and not _positive_int(item["ludopedia_game_id"]):
        problems.append(f"bad Ludopedia game id {item['ludopedia_game_id']!r}")
    if not _sane_end(item.get("ends_at")):
        problems.append(f"bad end time {item.get('ends_at')!r}")
    if item.get("status") == "sold" and item.get("final_price_cents") is None:
        problems.append("sold without a final price")
    if item.get("game_slug") is not None and not SLUG.match(item["game_slug"]):
        problems.append(f"bad game slug {item['game_slug']!r}")
    return problems + _column_problems(item, _AUCTION_LIMITS)


def listing_problems(item: dict) -> list[str]:
    problems = []
    if not _positive_int(item.get("id")):
        problems.append(f"missing or bad listing id {item.get('id')!r}")
    if not (isinstance(item.get("price_cents"), int) and item["price_cents"] >= 0):
        problems.append(f"bad price {item.get('price_cents')!r}")
    if not (item.get("title") or "").strip():
        problems.append("no title")
    if item.get("game_slug") is not None and not SLUG.match(item["game_slug"]):
        problems.append(f"bad game slug {item['game_slug']!r}")
    return problems + _column_problems(item, _LISTING_LIMITS)


def game_problems(item: dict) -> list[str]:
    if item.get("parse_error"):
        return [item["parse_error"]]
    if not SLUG.match(item.get("slug") or ""):
        return [f"bad game slug {item.get('slug')!r}"]
    problems = []
    if item.get("ludopedia_id") is not None and not _positive_int(item["ludopedia_id"]):
        problems.append(f"bad Ludopedia game id {item['ludopedia_id']!r}")
    return problems + _column_problems(item, _GAME_LIMITS)
