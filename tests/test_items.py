"""Items as the pipelines see them."""
from datetime import UTC, datetime

from auctionspider.items import AuctionItem, GameItem, as_dict


def test_as_dict_is_what_dict_of_the_item_gives():
    """as_dict reads Scrapy's Item storage directly (for speed); it must still mean dict(item)."""
    item = AuctionItem(id=1, title="Arcs", ends_at=datetime(2025, 9, 4, tzinfo=UTC), lot_items=[])
    item["status"] = "open"
    del item["title"]
    got = as_dict(item)
    assert got == dict(item) == {"id": 1, "ends_at": datetime(2025, 9, 4, tzinfo=UTC),
                                 "lot_items": [], "status": "open"}
    got["id"] = 2  # a copy: the pipelines change records without touching the item
    assert item["id"] == 1
    assert as_dict(GameItem()) == {}
    assert as_dict({"slug": "arcs"}) == {"slug": "arcs"}  # a plain dict item works too
