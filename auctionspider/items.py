"""Items the spider yields; the pipelines validate and store them."""
import scrapy


class GameItem(scrapy.Item):
    slug = scrapy.Field()
    name = scrapy.Field()
    ludopedia_id = scrapy.Field()
    ludostore_price_cents = scrapy.Field()
    watched = scrapy.Field()
    # Ids of every fixed-price ad on the game's ads page (None when not from that page):
    # the ones stored but missing here are marked inactive.
    listing_ids = scrapy.Field()
    url = scrapy.Field()
    # Set instead of the fields above when the ads page could not be understood.
    parse_error = scrapy.Field()


class ListingItem(scrapy.Item):
    id = scrapy.Field()
    game_slug = scrapy.Field()
    title = scrapy.Field()
    kind = scrapy.Field()
    condition = scrapy.Field()
    city = scrapy.Field()
    notes = scrapy.Field()
    price_cents = scrapy.Field()
    url = scrapy.Field()
    observed_at = scrapy.Field()  # when the ads page was read (a replay stores it as then)


class AuctionItem(scrapy.Item):
    """One auction item page as parsed (see parsing.auction_page), plus crawl context."""

    id = scrapy.Field()
    lot_id = scrapy.Field()
    title = scrapy.Field()
    subtitle = scrapy.Field()
    game_slug = scrapy.Field()
    game_name = scrapy.Field()
    ludopedia_game_id = scrapy.Field()
    ludostore_price_cents = scrapy.Field()
    kind = scrapy.Field()
    kind_source = scrapy.Field()  # "ads" (the game's ads table said) or "page" (inferred)
    condition = scrapy.Field()
    edition = scrapy.Field()
    seller = scrapy.Field()
    city = scrapy.Field()
    state = scrapy.Field()
    status = scrapy.Field()
    current_bid_cents = scrapy.Field()
    bid_count = scrapy.Field()
    buy_now_cents = scrapy.Field()
    final_price_cents = scrapy.Field()
    ends_at = scrapy.Field()
    followers = scrapy.Field()
    views = scrapy.Field()
    description = scrapy.Field()
    url = scrapy.Field()
    lot_items = scrapy.Field()
    deleted = scrapy.Field()
    observed_at = scrapy.Field()
    # Set instead of the fields above when the page could not be understood.
    parse_error = scrapy.Field()


def as_dict(item) -> dict:
    """A plain dict of an item's fields, for the pipelines' per-field work.

    `dict(item)` goes through `Item.__getitem__` once per field (~9 µs for an auction,
    more than validating it); an Item keeps its fields in a dict, `_values`, that is
    copied directly. tests/test_items.py checks the two agree."""
    values = getattr(item, "_values", None)
    return dict(values) if type(values) is dict else dict(item)
