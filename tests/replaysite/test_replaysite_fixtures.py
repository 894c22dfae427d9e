"""The real saved pages served at their real paths, with links rewritten to the replay site."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from _replay_helpers import fetch, get_text

from auctionspider.replaysite import ReplaySite, World
from auctionspider.replaysite.server import rewrite_links

NOW = datetime(2025, 8, 27, 14, 30, tzinfo=timezone.utc)  # when the real pages were saved

ALL_LINKED = {627413, 627414, 627418, 627424, 627425, 627427, 627429, 627430, 627431, 627432,
              628978, 628979, 628981, 628982, 628983, 628542}


def test_fixture_pages_at_their_real_paths_with_links_rewritten(fixtures_dir):
    with ReplaySite(world=World(now=NOW), fixtures_dir=fixtures_dir) as site:
        pages = {
            "/jogo/the-red-cathedral?v=anuncios": "jogo_the-red-cathedral_anuncios.html",
            "/leilao/627426/the-red-cathedral": "leilao_627426_aberto_com_lances.html",
            "/leilao/627426/outro-slug": "leilao_627426_aberto_com_lances.html",
            "/leilao/627783/assyria": "leilao_627783_finalizado_sem_lances.html",
        }
        for path, name in pages.items():
            status, headers, body = fetch(site.url(path))
            assert status == 200 and headers["Content-Type"] == "text/html; charset=UTF-8"
            text = body.decode("utf-8")
            assert "ludopedia.com.br" not in text.lower(), path
            assert body == rewrite_links((fixtures_dir / name).read_bytes(), site.base_url)
            for href in re.findall(r'href="([^"]*)"', text):
                assert "ludopedia.com" not in href
        page = get_text(site.url("/leilao/627426/the-red-cathedral"))
        assert f'<a href="{site.base_url}/leiloes?id_leilao=87356">Leilão 87356</a>' in page
        assert f'<a href="{site.base_url}/jogo/the-red-cathedral">The Red Cathedral</a>' in page
        assert "Lance Atual" in page and "Ver Lances ( 8 )" in page
        # every other auction linked from the fixture pages answers "deleted", status 200
        ads = get_text(site.url("/jogo/the-red-cathedral?v=anuncios"))
        linked = {int(i) for i in re.findall(r"/leilao/(\d+)/", ads + page)} - {627426}
        assert linked == ALL_LINKED
        deleted = (fixtures_dir / "derived" / "leilao_excluido.html").read_bytes()
        for auction_id in sorted(linked):
            status, _, body = fetch(site.url(f"/leilao/{auction_id}/x"))
            assert status == 200 and body == rewrite_links(deleted, site.base_url)
            assert "Leilão não encontrado ou excluído" in body.decode()


def test_fixture_stage_switch(fixtures_dir):
    with ReplaySite(world=World(now=NOW), fixtures_dir=fixtures_dir) as site:
        assert "Ver Lances ( 8 )" in get_text(site.url("/leilao/627426/the-red-cathedral"))
        site.fixture_stage = "ended"
        page = get_text(site.url("/leilao/627426/the-red-cathedral"))
        assert "Finalizado (03/09 22:30)" in page and "R$ 250,00" in page and "Ver Lances ( 12 )" in page
        assert "ludopedia.com.br" not in page
        site.fixture_stage = "auto"
        assert "Ver Lances ( 8 )" in get_text(site.url("/leilao/627426/x"))
        site.world.advance(days=8)
        assert "Ver Lances ( 12 )" in get_text(site.url("/leilao/627426/x"))
        # Assyria is ended in every stage
        assert "SEM LANCES" in get_text(site.url("/leilao/627783/assyria"))


def test_fixtures_next_to_a_synthetic_world(fixtures_dir):
    world = World.generate(games=5, seed=2, now=NOW)
    with ReplaySite(world=world, fixtures_dir=fixtures_dir) as site:
        a = world.open_auctions()[0]
        assert f'value="{a.id}"' in get_text(site.url(a.path))
        assert "Ver Lances ( 8 )" in get_text(site.url("/leilao/627426/the-red-cathedral"))


def test_without_fixtures_the_real_paths_are_plain_world_paths():
    with ReplaySite(world=World(now=NOW), fixtures_dir=None) as site:
        status, _, body = fetch(site.url("/leilao/627426/the-red-cathedral"))
        assert status == 200 and "Leilão não encontrado ou excluído" in body.decode()
        assert fetch(site.url("/jogo/the-red-cathedral?v=anuncios"))[0] == 404


def test_rewrite_links_covers_every_form():
    html = (b'<a href="https://ludopedia.com.br/x">a</a><a href="http://ludopedia.com.br/y">'
            b'<a href="//ludopedia.com.br/z"><a href="https://www.ludopedia.com.br/w">'
            b'<form action="/login?redirect=https%3A%2F%2Fludopedia.com.br%2Fleilao%2F1">'
            b'<meta property="og:caption" content="ludopedia.com.br"/> contato@ludopedia.com.br'
            b'<img src="https://ludopedia-static.nyc3.cdn.digitaloceanspaces.com/a.png">')
    out = rewrite_links(html, "http://127.0.0.1:8123").decode()
    assert "ludopedia.com.br" not in out
    for path in ("/x", "/y", "/z", "/w"):
        assert f'href="http://127.0.0.1:8123{path}"' in out
    assert "redirect=http%3A%2F%2F127.0.0.1%3A8123%2Fleilao%2F1" in out
    assert 'content="127.0.0.1:8123"' in out
    assert "ludopedia-static.nyc3" in out  # other hosts untouched
