"""The `leiloes` spider: Ludopedia auctions (and the fixed-price ads next to them).

    scrapy crawl leiloes                          # watchlist + /leiloes + ended auctions
    scrapy crawl leiloes -a jogos=arcs,the-red-cathedral   # just these games (now watched)

Start pages: each watched game's ads page, the site-wide `/leiloes` listing and every
stored open auction whose end has passed (to record how it ended). Auctions are found by
URL pattern (`/leilao/<id>/`), so a layout change in a listing does not hide them.
"""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import scrapy

from auctionspider.clock import utcnow
from auctionspider.db.engine import get_engine
from auctionspider.db.queries import KnownAuction, known_auctions, needs_fetch, watched_slugs
from auctionspider.items import AuctionItem, GameItem, ListingItem
from auctionspider.parsing.auction_page import parse_auction_page
from auctionspider.parsing.discovery import auction_links, listing_page_links
from auctionspider.parsing.errors import ParseError
from auctionspider.parsing.game_ads import parse_game_ads
from auctionspider.parsing.kinds import infer_kind


class LeiloesSpider(scrapy.Spider):
    name = "leiloes"

    def __init__(self, jogos: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jogos = [slug.strip() for slug in (jogos or "").split(",") if slug.strip()]
        self.database_unavailable = False
        # An auction's kind comes from its game's ads table when the table names it, but the
        # table may be read after the auction's own page (reached from /leiloes or its lot
        # while the table was being retried): keep the table's hints, and the items of the
        # watched games parsed without one, so the stored kind does not depend on which
        # page answered first.
        self.kind_hints: dict[int, dict] = {}
        self.parsed_without_hint: dict[int, AuctionItem] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = crawler.settings.get("LUDOPEDIA_BASE_URL").rstrip("/")
        host = urlsplit(spider.base_url).hostname
        # The crawl stays on the site it was pointed at (a replay site in tests).
        spider.allowed_domains = [host]
        spider.refresh_hours = crawler.settings.getfloat("AUCTION_REFRESH_HOURS", 24)
        return spider

    # --- start -------------------------------------------------------------------------

    async def start(self):
        if self.database_unavailable:
            return
        self.now = utcnow().replace(tzinfo=None)
        with get_engine(self.settings.get("DATABASE_URL")).connect() as conn:
            watched = watched_slugs(conn)
            self.known: dict[int, KnownAuction] = known_auctions(conn, self.now)
        games = self.jogos or watched
        self.ads_games = set(games)
        for slug in games:
            yield self.game_request(slug, watched=True)
        if not self.jogos:
            yield scrapy.Request(f"{self.base_url}/leiloes", callback=self.parse_listing)
            for auction_id, known in self.known.items():
                if known.status == "open" and known.ends_at and known.ends_at <= self.now:
                    yield self.auction_request(auction_id, known.url, force=True)

    def game_request(self, slug: str, watched: bool) -> scrapy.Request:
        return scrapy.Request(f"{self.base_url}/jogo/{slug}?v=anuncios",
                              callback=self.parse_game_ads, cb_kwargs={"watched": watched})

    def auction_request(self, auction_id: int, url: str, force: bool = False, **meta):
        """A request for an auction page, or None when we already know enough about it."""
        known = self.known.get(auction_id)
        if not force and not needs_fetch(known, self.now, self.refresh_hours):
            self.crawler.stats.inc_value("leiloes/auctions_skipped_known")
            return None
        if known is not None:
            meta["previous_ends_at"] = known.ends_at
        # Stored URLs may come from another host (a replay site); keep only the path.
        return scrapy.Request(self.base_url + urlsplit(url).path, callback=self.parse_auction,
                              errback=self.auction_failed, meta=meta, cb_kwargs={"auction_id": auction_id})

    # --- callbacks ---------------------------------------------------------------------

    def parse_game_ads(self, response, watched: bool):
        observed_at = utcnow()
        try:
            page = parse_game_ads(response.text, response.url)
        except ParseError as exc:
            self.crawler.stats.inc_value("leiloes/parse_errors/game_ads")
            self.logger.warning("ads page not understood: %s (%s)", response.url, exc.reason)
            # dropped by validation, so it is counted (item_dropped_count, crawl_run)
            yield GameItem(url=response.url, parse_error=f"ads page not understood: {exc.reason}")
            return
        for bad in page["bad_rows"]:
            self.crawler.stats.inc_value("leiloes/parse_errors/ads_row")
            self.logger.warning("ads row not understood on %s: %s", response.url, bad["reason"])
        game = page["game"]
        rows = page["rows"]
        yield GameItem(slug=game["slug"], name=game["name"], ludopedia_id=game["ludopedia_id"],
                       watched=watched, url=response.url,
                       # a row we could not read may be a live ad: deactivate nothing then
                       listing_ids=None if page["bad_rows"] else
                       [r["id"] for r in rows if r["link_type"] == "listing"])
        for row in rows:
            if row["link_type"] == "listing":
                yield ListingItem(id=row["id"], game_slug=game["slug"], title=_listing_title(row, game),
                                  kind=row["kind"], condition=row["condition"], city=row["city"],
                                  notes=row["notes"], price_cents=row["price_cents"], url=row["url"],
                                  observed_at=observed_at)
            else:
                hint = {"kind": row["kind"], "game_slug": game["slug"]}
                self.kind_hints[row["id"]] = hint
                parsed = self.parsed_without_hint.pop(row["id"], None)
                if parsed is not None:  # its page came first: store it again with this kind
                    yield _with_hint(parsed, hint)
                    continue
                request = self.auction_request(row["id"], row["url"])
                if request is not None:
                    yield request

    def parse_listing(self, response):
        """The site-wide listing: only URL patterns matter here (no saved copy of its layout)."""
        for auction_id, url in auction_links(response.text, response.url):
            request = self.auction_request(auction_id, url)
            if request is not None:
                yield request
        for url in listing_page_links(response.text, response.url):
            if "pagina=" in url:
                yield scrapy.Request(url, callback=self.parse_listing)

    def parse_auction(self, response, auction_id: int):
        observed_at = utcnow()
        try:
            page = parse_auction_page(response.text, response.url, observed_at,
                                      previous_ends_at=_aware(response.meta.get("previous_ends_at")))
        except ParseError as exc:
            self.crawler.stats.inc_value("leiloes/parse_errors/auction")
            yield AuctionItem(id=auction_id, url=response.url,
                              parse_error=f"auction page not understood: {exc.reason}")
            return
        self.crawler.stats.inc_value("leiloes/auction_pages_parsed")
        hint = self.kind_hints.get(auction_id, {})
        kind, source = infer_kind(page, hint.get("kind"))
        fields = {k: v for k, v in page.items() if k in AuctionItem.fields}
        fields.update(kind=kind, kind_source=source, observed_at=observed_at)
        if not fields.get("game_slug"):
            fields["game_slug"] = hint.get("game_slug")
        item = AuctionItem(**fields)
        if source != "ads" and item["game_slug"] in self.ads_games:
            self.parsed_without_hint[auction_id] = item
        yield item
        for other in page["lot_items"]:
            request = self.auction_request(other["id"], other["url"])
            if request is not None:
                yield request

    def auction_failed(self, failure):
        request = failure.request
        self.crawler.stats.inc_value("leiloes/fetch_errors/auction")
        self.logger.error("auction page failed: %s (%s)", request.url, failure.getErrorMessage())


def _with_hint(item: AuctionItem, hint: dict) -> AuctionItem:
    return AuctionItem(item, kind=hint["kind"], kind_source="ads",
                       game_slug=item.get("game_slug") or hint["game_slug"])


def _listing_title(row: dict, game: dict) -> str:
    """`Jogo`/`Combo` rows are the game itself; other rows carry the item's own name."""
    if row["kind"] == "accessory":
        return row["product"]
    return game["name"] if row["kind"] == "game" else f"{game['name']} ({row['product']})"


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
