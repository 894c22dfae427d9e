"""The replay site over HTTP: routing, links, pagination, the clock, keep-alive, the log, the CLI."""
from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.parse
from datetime import timedelta

import pytest
from _replay_helpers import fetch, get_text, raw_get

from auctionspider.replaysite import ReplaySite, World
from auctionspider.replaysite.world import format_brl

AUCTION_LINK = re.compile(r'href="([^"]*/leilao/(\d+)/[^"]*)"')


@pytest.fixture
def site(small_world):
    with ReplaySite(world=small_world, fixtures_dir=None, page_size=7) as s:
        yield s


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def test_routes(site, small_world):
    w = small_world
    status, headers, body = fetch(site.url("/robots.txt"))
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"User-agent: *" in body and b"Disallow: /painel_admin/" in body and b"Allow: /" in body

    a = w.open_auctions()[0]
    html = get_text(site.url(a.path))
    assert f'<h3 class="title">' in html and f'value="{a.id}"' in html
    assert get_text(site.url(f"/leilao/{a.id}/qualquer-slug")) == html  # slug ignored
    assert get_text(site.url(f"/leilao/{a.id}")) == html

    for unknown in ("/leilao/1/nada", "/leilao/999999/x"):
        status, _, body = fetch(site.url(unknown))
        assert status == 200 and "Leilão não encontrado ou excluído" in body.decode()

    g = next(iter(w.games.values()))
    ads = get_text(site.url(f"/jogo/{g.slug}?v=anuncios"))
    assert "<th>Produto</th>" in ads and f'value="{g.ludopedia_id}" id="id_jogo"' in ads
    assert f"{site.base_url}/jogo/{g.slug}?v=anuncios" in get_text(site.url(f"/jogo/{g.slug}"))
    lot = w.lots[a.lot_id]
    lot_html = get_text(site.url(f"/leiloes?id_leilao={lot.id}"))
    assert {int(i) for _, i in AUCTION_LINK.findall(lot_html)} == {x.id for x in w.lot_items(lot.id)}
    li = next(iter(w.listings.values()))
    assert format_brl(li.price_cents) in get_text(site.url(f"/produto/{li.id}/x"))

    assert fetch(site.url("/produto/1/x"))[0] == 404
    assert fetch(site.url("/jogo/nao-existe?v=anuncios"))[0] == 404
    assert fetch(site.url("/qualquer/coisa"))[0] == 404
    assert "Leilão não encontrado" in fetch(site.url("/leiloes?id_leilao=1"))[2].decode()
    status, headers, _ = fetch(site.url(f"/capas/{g.ludopedia_id}_t.jpg"))
    assert status == 200 and headers["Content-Type"] == "image/gif"


def test_every_link_is_absolute_on_the_site(site, small_world):
    w = small_world
    a = next(a for a in w.open_auctions() if len(w.lots[a.lot_id].item_ids) > 1)
    pages = [a.path, "/leiloes", "/leiloes?pagina=2", f"/leiloes?id_leilao={a.lot_id}",
             f"/jogo/{a.game_slug}?v=anuncios", f"/jogo/{a.game_slug}",
             next(iter(w.listings.values())).path, "/"]
    for path in pages:
        html = get_text(site.url(path))
        assert "ludopedia.com.br" not in html
        for h in hrefs(html):
            assert h.startswith(site.base_url) or h in ("#", ""), (path, h)


def test_listing_pages_cover_every_open_item_once(site, small_world):
    w = small_world
    expected = [a.id for a in w.open_auctions()]
    assert len(expected) > 2 * site.page_size
    seen, page, visited = [], "/leiloes", set()
    while page and page not in visited:
        visited.add(page)
        html = get_text(site.url(page))
        cards = re.findall(r'<div class="item text-center  item-leilao">(.*?)Ver leilão', html, re.S)
        seen += [int(AUCTION_LINK.search(c).group(2)) for c in cards]
        nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
        page = urllib.parse.urlsplit(nxt.group(1)).path + "?" + urllib.parse.urlsplit(nxt.group(1)).query if nxt else None
    assert seen == expected  # each exactly once, in order
    assert len(visited) == -(-len(expected) // site.page_size)
    last = get_text(site.url("/leiloes?pagina=1"))
    assert f"{site.base_url}/leiloes?pagina={len(visited)}" in last  # the last page is linked
    assert "Nenhum leilão encontrado" in get_text(site.url("/leiloes?pagina=999"))


def test_default_page_size_is_40(small_world):
    with ReplaySite(world=small_world, fixtures_dir=None) as site:
        html = get_text(site.url("/leiloes"))
    assert html.count('class="item text-center  item-leilao"') == min(40, len(small_world.open_auctions()))


def test_advancing_the_clock_ends_auctions_sold_or_unsold(small_world):
    w = World(now=small_world.now)
    g = w.add_game("Brass: Birmingham", ludopedia_id=4321, ludostore_price_cents=89990)
    ends = w.now + timedelta(days=2, hours=3)
    with_bids = w.add_auction(game=g, ends_at=ends, start_price_cents=30000,
                              bids=[(w.now - timedelta(hours=1), 30000), (w.now - timedelta(minutes=5), 125000)])
    without = w.add_auction(game=g, ends_at=ends, start_price_cents=20000, lot=with_bids.lot_id)
    with ReplaySite(world=w, fixtures_dir=None) as site:
        page = get_text(site.url(with_bids.path))
        assert '<span class="vl-produto"> R$ 1.250,00 </span>' in page and "Ver Lances ( 2 )" in page
        assert re.search(r'<span class="termino">Término: <span class="" title="\d\d/\d\d/2025 às \d\d:\d\d">2d 3h', page)
        ads = get_text(site.url(f"/jogo/{g.slug}?v=anuncios"))
        assert f"{with_bids.path}" in ads and f"{without.path}" in ads

        w.advance(days=2)  # 3 h left: the count-down form
        page = get_text(site.url(with_bids.path))
        assert re.search(r'<span class="count-down" data-dt_hr_fim="\d{4}-\d\d-\d\d \d\d:\d\d:00" title="(Hoje|Amanhã) às', page)
        w.advance(hours=4)  # ended
        page = get_text(site.url(with_bids.path))
        assert re.search(r"Finalizado \(\d\d/\d\d \d\d:\d\d\)", page)
        assert '<span class="vl-produto"> R$ 1.250,00 </span>' in page and "Ver Lances ( 2 )" in page
        assert 'class="vl_compre_ja"' not in page and 'id="vl_lance"' not in page
        page = get_text(site.url(without.path))
        assert "Finalizado" in page and "SEM LANCES" in page and "btn-lances" not in page
        ads = get_text(site.url(f"/jogo/{g.slug}?v=anuncios"))
        assert "/leilao/" not in ads  # only open auctions are listed
        assert with_bids.id not in [int(i) for _, i in AUCTION_LINK.findall(get_text(site.url("/leiloes")))]


def test_keep_alive_and_content_length(site, small_world):
    host, port = site.base_url.split("://")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    paths = ["/robots.txt", "/leiloes", small_world.open_auctions()[0].path, "/nada"]
    sockets = set()
    for p in paths * 2:
        conn.request("GET", p)
        r = conn.getresponse()
        body = r.read()
        assert int(r.headers["Content-Length"]) == len(body)
        assert r.version == 11 and r.headers["Connection"] == "keep-alive"
        sockets.add(id(conn.sock))
    assert len(sockets) == 1  # one connection served all requests
    conn.request("HEAD", "/leiloes")
    r = conn.getresponse()
    assert r.read() == b"" and int(r.headers["Content-Length"]) > 1000
    conn.close()


def test_request_log_and_reset(site):
    fetch(site.url("/robots.txt"))
    fetch(site.url("/leiloes?pagina=2"))
    fetch(site.url("/nada"))
    assert site.request_log == [("GET", "/robots.txt", 200), ("GET", "/leiloes?pagina=2", 200),
                                ("GET", "/nada", 404)]
    site.reset_log()
    assert site.request_log == []


def test_pages_are_cached_per_clock_and_world_version(site, small_world):
    a = small_world.open_auctions()[0]
    first = get_text(site.url(a.path))
    assert get_text(site.url(a.path)) == first
    small_world.add_auction(game=a.game_slug, lot=a.lot_id, title="Zzz item novo", ends_at=a.ends_at)
    assert "Zzz item novo" in get_text(site.url(a.path))  # version bump invalidates


def test_cli_prints_the_base_url_first(small_world):
    proc = subprocess.Popen([sys.executable, "-m", "auctionspider.replaysite", "--port", "0", "--games", "3",
                             "--seed", "1", "--now", "2025-08-27T14:30:00Z", "--no-fixtures"],
                            stdout=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline().strip()
        m = re.fullmatch(r"Replay site on (http://127\.0\.0\.1:(\d+))", first)
        assert m, first
        r = raw_get(m.group(1), "/robots.txt")
        assert r.status == 200 and b"User-agent" in r.read()
        r = raw_get(m.group(1), "/leiloes")
        assert r.status == 200 and b"item-leilao" in r.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
