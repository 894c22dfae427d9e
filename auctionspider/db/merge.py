"""How a new observation of an auction combines with what is stored (pure functions).

Status only moves forward (open → sold | unsold | canceled). Once an auction has ended,
its status, final price and end time are kept whatever a later page says: a deleted page
or a failed fetch after the end must not erase how it ended.
"""
from __future__ import annotations

from datetime import datetime

from auctionspider.db.models import FINAL_STATUSES, Auction

AUCTION_COLUMNS = tuple(Auction.__table__.columns.keys())

SNAPSHOT_FIELDS = ("current_bid_cents", "bid_count", "followers", "views")
# Descriptive fields: a later observation replaces them only with a real value.
DESCRIPTIVE_FIELDS = (
    "lot_id", "game_id", "title", "edition", "seller", "city", "state", "buy_now_cents",
    "followers", "views", "description", "url",
)


def merge_auction(stored: dict | None, seen: dict, now: datetime) -> tuple[dict, bool]:
    """Return (row to write, whether to snapshot it) for one observed auction.

    `stored` is the current row (None if new); `seen` has the table's columns plus
    `kind_source` ("ads" when the kind came from a game's ads table, else "page") and
    `deleted` (the site said the auction does not exist). A snapshot is due when the row
    is new or one of SNAPSHOT_FIELDS changed; it copies those fields at `now`.
    """
    if stored is None:
        row = {col: seen.get(col) for col in AUCTION_COLUMNS}
        row["bid_count"] = row["bid_count"] or 0
        row["kind"] = row["kind"] or "unknown"
        row["condition"] = row["condition"] or "unknown"
        row["title"] = row["title"] or ""
        row.update(first_seen_at=now, last_seen_at=now, updated_at=now)
        return row, True

    row = dict(stored)
    row["last_seen_at"] = now
    if seen.get("deleted"):
        # Only an open auction can become canceled; an ended one keeps its record.
        if stored["status"] == "open":
            row["status"] = "canceled"
    elif stored["status"] in FINAL_STATUSES:
        # Ended: keep how it ended; still refresh counters and descriptions.
        _take_descriptive(row, seen)
    else:
        _take_descriptive(row, seen)
        row["status"] = seen["status"]
        row["current_bid_cents"] = seen.get("current_bid_cents")
        row["bid_count"] = seen.get("bid_count") or 0
        if seen.get("ends_at") is not None:
            row["ends_at"] = seen["ends_at"]
        row["final_price_cents"] = seen.get("final_price_cents") if seen["status"] == "sold" else None
        if seen.get("condition") not in (None, "unknown"):
            row["condition"] = seen["condition"]
    if seen.get("kind") not in (None, "unknown") and (
        seen.get("kind_source") == "ads" or stored.get("kind") in (None, "unknown")
    ):
        row["kind"] = seen["kind"]

    changed = any(row[f] != stored.get(f) for f in AUCTION_COLUMNS if f not in _BOOKKEEPING)
    if changed:
        row["updated_at"] = now
    return row, any(row[f] != stored.get(f) for f in SNAPSHOT_FIELDS)


def _take_descriptive(row: dict, seen: dict) -> None:
    for field in DESCRIPTIVE_FIELDS:
        value = seen.get(field)
        if value not in (None, ""):
            row[field] = value


_BOOKKEEPING = ("first_seen_at", "last_seen_at", "updated_at")
