"""Pages of the replay site parsed by the project's parsers give back the world's values.

Also checks that the selectors the real pages need find the same structure on the
generated pages (the same check runs on a real fixture page, so both stay in step).
"""
from __future__ import annotations

import re
import urllib.request
from datetime import timezone

import pytest
from lxml import html as lxml_html

from auctionspider.replaysite import ReplaySite, World

auction_page = pytest.importorskip("auctionspider.parsing.auction_page")
game_ads = pytest.importorskip("auctionspider.parsing.game_ads")
parse_auction_page = auction_page.parse_auction_page
parse_game_ads = game_ads.parse_game_ads

CONDITION_CODE = {"Usado": "used", "Lacrado": "sealed", "Novo": "new"}


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def expected_auction(world: World, a, base_url: str) -> dict:
    st = a.state(world.now)
    return {
        "id": a.id, "lot_id": a.lot_id, "title": a.title, "subtitle": a.subtitle,
        "game_slug": a.game_slug, "edition": a.edition, "condition": a.condition_code,
        "seller": a.seller, "city": a.city, "state": a.uf, "status": st.status,
        "current_bid_cents": st.current_bid_cents, "bid_count": st.bid_count,
        "buy_now_cents": st.buy_now_cents, "final_price_cents": st.final_price_cents,
        "ends_at": a.ends_at, "followers": st.followers, "views": st.views,
        "ludopedia_game_id": world.games[a.game_slug].ludopedia_id
        if a.game_slug and world.games[a.game_slug].ludostore_price_cents else None,
        "ludostore_price_cents": world.games[a.game_slug].ludostore_price_cents if a.game_slug else None,
        "lot_items": sorted(o.id for o in world.lot_items(a.lot_id, world.now) if o.id != a.id),
        "description": squash(a.description),
    }


def parsed_auction(d: dict) -> dict:
    out = {k: d[k] for k in (
        "id", "lot_id", "title", "subtitle", "game_slug", "edition", "condition", "seller", "city",
        "state", "status", "current_bid_cents", "bid_count", "buy_now_cents", "final_price_cents",
        "ends_at", "followers", "views", "ludopedia_game_id", "ludostore_price_cents")}
    out["ends_at"] = d["ends_at"].astimezone(timezone.utc) if d["ends_at"] else None
    out["lot_items"] = sorted(i["id"] for i in d["lot_items"])
    out["description"] = squash(d["description"])
    return out


@pytest.mark.parametrize("advance_days", [0, 4, 12])
def test_auction_pages_parse_to_the_world_values(advance_days):
    world = World.generate(games=15, lots=40, seed=11)
    world.advance(days=advance_days)
    seen_status = set()
    with ReplaySite(world=world, fixtures_dir=None) as site:
        for a in world.auctions.values():
            url = site.url(a.path)
            d = parse_auction_page(read(url), url, world.now)
            if a.state(world.now).status == "deleted":
                assert d["deleted"] and d["status"] == "canceled"
                seen_status.add("deleted")
                continue
            assert parsed_auction(d) == expected_auction(world, a, site.base_url), a.id
            for item in d["lot_items"]:
                assert item["url"] == site.url(world.auction(item["id"]).path)
                assert item["title"] == world.auction(item["id"]).title
            seen_status.add(d["status"])
    assert seen_status >= ({"open"} if advance_days < 12 else {"sold", "unsold"})


def test_under_24h_and_more_than_24h_forms_parse():
    world = World.generate(games=10, lots=60, seed=4)
    forms = set()
    with ReplaySite(world=world, fixtures_dir=None) as site:
        for a in world.open_auctions():
            url = site.url(a.path)
            page = read(url)
            forms.add("count-down" if 'class="count-down"' in page else "title")
            assert parse_auction_page(page, url, world.now)["ends_at"].astimezone(timezone.utc) == a.ends_at
    assert forms == {"count-down", "title"}


def test_game_ads_pages_parse_to_the_world_values():
    world = World.generate(games=12, lots=50, seed=8)
    with ReplaySite(world=world, fixtures_dir=None) as site:
        for g in world.games.values():
            url = site.url(f"/jogo/{g.slug}?v=anuncios")
            d = parse_game_ads(read(url), url)
            assert (d["game"]["slug"], d["game"]["name"], d["game"]["ludopedia_id"]) == \
                (g.slug, g.name, g.ludopedia_id)
            assert d["bad_rows"] == []
            want = [("listing", li.id, li.kind, CONDITION_CODE[li.condition],
                     li.city, li.price_cents, squash(li.notes) or None, site.url(li.path) + "?ref=jogo_mercado")
                    for li in world.game_listings(g.slug) if li.active]
            want += [("auction", a.id, a.kind, a.condition_code, a.city, a.shown_price_cents(world.now),
                      squash(a.subtitle) or None, site.url(a.path))
                     for a in sorted(world.game_auctions(g.slug), key=lambda a: a.id) if a.is_open(world.now)]
            got = [(r["link_type"], r["id"], r["kind"], r["condition"], r["city"], r["price_cents"],
                    r["notes"], r["url"]) for r in d["rows"]]
            assert got == want, g.slug


# ---------------------------------------------------------------- structure vs the real page

SELECTORS = [
    "//ol[contains(@class,'breadcrumb')]//a[contains(@href,'/leiloes?id_leilao=')]",
    "//div[@id='page-content']//h3[contains(concat(' ',@class,' '),' title ')]",
    "//h3[contains(concat(' ',@class,' '),' title ')]/following-sibling::*[1][self::h4]",
    "//div[contains(@class,'row-info')]/div/b[starts-with(normalize-space(.),'Ficha')]/following-sibling::a[contains(@href,'/jogo/')]",
    "//div[contains(@class,'row-info')]/div/b[starts-with(normalize-space(.),'Edi')]",
    "//div[contains(@class,'row-info')]/div/b[starts-with(normalize-space(.),'Estado do Item')]",
    "//div[contains(@class,'row-info')]//div[contains(@class,'media-body')]/a[contains(@class,'nm-loja')]",
    "//div[contains(@class,'leilao-dados-lance')]/span[contains(@class,'termino')]/span",
    "//div[contains(@class,'leilao-dados-lance')]//span[contains(@class,'vl-produto')]",
    "//div[contains(@class,'leilao-dados-lance')]//a[@id='btn-lances']",
    "//div[contains(@class,'leilao-dados-lance')]//span[contains(@class,'total-follow-item')]",
    "//div[contains(@class,'leilao-dados-lance')]//span[contains(@class,'tot-count-view')]",
    "//div[contains(@class,'ludostore-box')]//a[contains(@href,'id_jogo=')]//span[contains(@class,'vl_produto_store')]",
    "//div[@id='bloco-descricao-item']",
    "//div[@id='bloco-itens-leilao']//div[contains(@class,'item-leilao')]/h4[contains(@class,'nome-produto')]",
    "//div[@id='bloco-itens-leilao']//div[contains(@class,'item-leilao')]//span[contains(@class,'prod-preco')]",
]


def test_real_selectors_find_the_same_structure_on_generated_pages(fixtures_dir):
    real = lxml_html.fromstring((fixtures_dir / "leilao_627426_aberto_com_lances.html").read_bytes())
    world = World(now=World.generate(games=1, lots=1).now)
    g = world.add_game("Terra Mystica", ludopedia_id=777, ludostore_price_cents=49990, publisher="Galápagos Jogos")
    lot = world.add_lot(seller="ana_bg", city="Niterói", uf="RJ")
    a = world.add_auction(game=g, lot=lot, bids=[30000, 31000], description="Ótimo estado.")
    world.add_auction(game=g, lot=lot, title="Terra Mystica - Insert 3D", kind="accessory")
    with ReplaySite(world=world, fixtures_dir=None) as site:
        mine = lxml_html.fromstring(read(site.url(a.path)).encode())
    for xp in SELECTORS:
        assert real.xpath(xp), f"selector no longer matches the real page: {xp}"
        assert mine.xpath(xp), f"generated page lacks: {xp}"
