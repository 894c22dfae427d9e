from __future__ import annotations

import pytest

from auctionspider.parsing import auction_links, listing_page_links
from parsing_support import (
    ADS_PAGE,
    ADS_URL,
    BASE,
    DELETED_PAGE,
    OPEN_PAGE,
    OPEN_URL,
    REPLAY,
    SOLD_PAGE,
    UNSOLD_PAGE,
    UNSOLD_URL,
)

LOT_87356 = [
    627426, 628978, 627424, 627418, 627425, 627414, 627430, 627429, 627413, 628979, 627432,
    628982, 627431, 628983, 628981, 627427,
]  # page order: the breadcrumb's own link first, then the lot carousel


def test_auction_links_on_the_ads_page(fixture_html):
    assert auction_links(fixture_html(ADS_PAGE), ADS_URL) == [
        (627426, f"{BASE}/leilao/627426/the-red-cathedral"),
        (628542, f"{BASE}/leilao/628542/the-red-cathedral"),
    ]


@pytest.mark.parametrize("page", [OPEN_PAGE, SOLD_PAGE])
def test_auction_links_on_an_item_page(fixture_html, page):
    links = auction_links(fixture_html(page), OPEN_URL)
    assert [i for i, _ in links] == LOT_87356
    assert links[0] == (627426, f"{BASE}/leilao/627426/the-red-cathedral")
    assert (627427, f"{BASE}/leilao/627427/the-red-cathedral-contractors") in links


def test_vue_templates_are_not_links(fixture_html):
    html = fixture_html(OPEN_PAGE)
    assert ':href="jogo.link"' in html
    assert all("jogo.link" not in url for _, url in auction_links(html, OPEN_URL))


def test_auction_links_with_none_to_find(fixture_html):
    assert auction_links(fixture_html(UNSOLD_PAGE), UNSOLD_URL) == [
        (627783, f"{BASE}/leilao/627783/assyria")
    ]
    assert auction_links(fixture_html(DELETED_PAGE), OPEN_URL) == []
    assert auction_links("", OPEN_URL) == []


def test_auction_links_on_a_rewritten_host(fixture_html):
    html = fixture_html(OPEN_PAGE).replace(BASE, REPLAY)
    links = auction_links(html, f"{REPLAY}/leilao/627426/the-red-cathedral")
    assert [i for i, _ in links] == LOT_87356
    assert all(url.startswith(f"{REPLAY}/leilao/") for _, url in links)
    ads = fixture_html(ADS_PAGE).replace(BASE, REPLAY)
    assert auction_links(ads, f"{REPLAY}/jogo/the-red-cathedral?v=anuncios") == [
        (627426, f"{REPLAY}/leilao/627426/the-red-cathedral"),
        (628542, f"{REPLAY}/leilao/628542/the-red-cathedral"),
    ]


def test_listing_page_links_on_the_real_pages(fixture_html):
    assert listing_page_links(fixture_html(OPEN_PAGE), OPEN_URL) == [f"{BASE}/leiloes?id_leilao=87356"]
    assert listing_page_links(fixture_html(UNSOLD_PAGE), UNSOLD_URL) == [f"{BASE}/leiloes?id_leilao=87439"]
    # the menu's plain /leiloes and /gerenciar_leiloes are not listing pages
    assert listing_page_links(fixture_html(ADS_PAGE), ADS_URL) == []


def test_listing_page_links_on_a_rewritten_host(fixture_html):
    html = fixture_html(OPEN_PAGE).replace(BASE, REPLAY)
    assert listing_page_links(html, f"{REPLAY}/leilao/627426/x") == [f"{REPLAY}/leiloes?id_leilao=87356"]


def test_listing_snippet(snippet_html):
    html = snippet_html("leiloes_listing.html")
    base = f"{BASE}/leiloes"
    assert auction_links(html, base) == [
        (627426, f"{BASE}/leilao/627426/the-red-cathedral"),
        (627783, f"{BASE}/leilao/627783/assyria"),
    ]
    assert listing_page_links(html, base) == [
        f"{BASE}/leiloes?id_leilao=87356",
        f"{BASE}/leiloes?id_leilao=87439&ref=home",
        f"{BASE}/leiloes?pagina=1",
        f"{BASE}/leiloes?pagina=2",
        f"{BASE}/leiloes?pagina=3",
    ]


def test_listing_snippet_on_a_rewritten_host(snippet_html):
    html = snippet_html("leiloes_listing.html").replace(BASE, REPLAY)
    base = f"{REPLAY}/leiloes?pagina=2"
    assert auction_links(html, base) == [
        (627426, f"{REPLAY}/leilao/627426/the-red-cathedral"),
        (627783, f"{REPLAY}/leilao/627783/assyria"),
    ]
    assert listing_page_links(html, base) == [
        f"{REPLAY}/leiloes?id_leilao=87356",
        f"{REPLAY}/leiloes?id_leilao=87439&ref=home",
        f"{REPLAY}/leiloes?pagina=1",
        f"{REPLAY}/leiloes?pagina=2",
        f"{REPLAY}/leiloes?pagina=3",
    ]


def test_relative_links_join_against_the_page_url():
    html = (
        '<a href="../leilao/42/x">a</a> <a href="/leilao/43">b</a> <a href="leilao/44/y">c</a>'
        '<a href="/leilao/42/again">dup</a> <a href="/leilao/abc/">no id</a>'
        '<a href="/leilao/45/z#perguntas">fragment</a>'
    )
    assert auction_links(html, "http://127.0.0.1:8123/jogo/foo") == [
        (42, "http://127.0.0.1:8123/leilao/42/x"),
        (43, "http://127.0.0.1:8123/leilao/43"),
        # "leilao/44/y" resolves to /jogo/leilao/44/y: not an auction URL
        (45, "http://127.0.0.1:8123/leilao/45/z"),
    ]


def test_relative_pagination_links():
    html = '<a href="?pagina=3">3</a><a href="leiloes?pagina=4">4</a><a href="?v=anuncios">x</a>'
    assert listing_page_links(html, "http://127.0.0.1:8123/leiloes?pagina=2") == [
        "http://127.0.0.1:8123/leiloes?pagina=3",
        "http://127.0.0.1:8123/leiloes?pagina=4",
    ]
    # the same relative link on a game page is not the auction listing
    assert listing_page_links(html, "http://127.0.0.1:8123/jogo/foo") == []
