from __future__ import annotations

import pytest

from auctionspider.parsing import ParseError, parse_game_ads
from parsing_support import ADS_PAGE, ADS_URL, BASE, OPEN_PAGE, OPEN_URL, REPLAY


def by_id(result):
    return {row["id"]: row for row in result["rows"]}


def test_real_ads_page(fixture_html):
    result = parse_game_ads(fixture_html(ADS_PAGE), ADS_URL)
    assert result["game"] == {"slug": "the-red-cathedral", "name": "The Red Cathedral", "ludopedia_id": 25605}
    assert result["bad_rows"] == []
    rows = result["rows"]
    assert len(rows) == 15
    assert sum(r["link_type"] == "listing" for r in rows) == 13
    assert sum(r["link_type"] == "auction" for r in rows) == 2
    ids = by_id(result)
    assert ids[627426] == {
        "kind": "game",
        "product": "Jogo",
        "city": "Rio de Janeiro",
        "condition": "used",
        "notes": None,
        "price_cents": 11000,
        "link_type": "auction",
        "id": 627426,
        "url": f"{BASE}/leilao/627426/the-red-cathedral",
    }
    assert ids[628542] == {
        "kind": "game",
        "product": "Jogo",
        "city": "Belo Horizonte",
        "condition": "used",
        "notes": "Combo - Exp + Moedas + Insert",
        "price_cents": 59900,
        "link_type": "auction",
        "id": 628542,
        "url": f"{BASE}/leilao/628542/the-red-cathedral",
    }
    assert ids[244141] == {
        "kind": "accessory",
        "product": "The Red Cathedral - Insert 3D",
        "city": "Bonito",
        "condition": "sealed",
        "notes": "Insert 3D",
        "price_cents": 7500,
        "link_type": "listing",
        "id": 244141,
        "url": f"{BASE}/produto/244141/the-red-cathedral-insert-3d?ref=jogo_mercado",
    }
    assert ids[33825] == {
        "kind": "game",
        "product": "Jogo",
        "city": "Sao Paulo",
        "condition": "sealed",
        "notes": None,
        "price_cents": 27280,
        "link_type": "listing",
        "id": 33825,
        "url": f"{BASE}/produto/33825/the-red-cathedral?ref=jogo_mercado",
    }
    # page order is kept, every row has every key, prices are ints
    assert [r["id"] for r in rows][:3] == [33825, 53549, 104001]
    assert all(type(r["price_cents"]) is int and r["price_cents"] > 0 for r in rows)
    assert {r["condition"] for r in rows} == {"sealed", "used"}
    assert [r["kind"] for r in rows].count("accessory") == 1


def test_real_ads_page_on_a_replay_host(fixture_html):
    html = fixture_html(ADS_PAGE).replace(BASE, REPLAY)
    result = parse_game_ads(html, f"{REPLAY}/jogo/the-red-cathedral?v=anuncios")
    assert result["game"]["slug"] == "the-red-cathedral"
    assert by_id(result)[627426]["url"] == f"{REPLAY}/leilao/627426/the-red-cathedral"
    assert len(result["rows"]) == 15


def test_snippet_accessory_combo_and_bad_rows(snippet_html):
    url = f"{REPLAY}/jogo/wingspan?v=anuncios"
    result = parse_game_ads(snippet_html("game_ads.html"), url)
    assert result["game"] == {"slug": "wingspan", "name": "Wingspan", "ludopedia_id": 31234}
    assert result["rows"] == [
        {
            "kind": "game", "product": "Jogo", "city": "Curitiba", "condition": "new",
            "notes": None, "price_cents": 123456789, "link_type": "listing", "id": 5001,
            "url": f"{REPLAY}/produto/5001/wingspan?ref=jogo_mercado",
        },
        {
            "kind": "combo", "product": "Combo", "city": "Porto Alegre", "condition": "used",
            "notes": "Com expansão Europa", "price_cents": 45000, "link_type": "auction",
            "id": 800002, "url": f"{REPLAY}/leilao/800002/wingspan-combo",
        },
        {
            "kind": "accessory", "product": "Wingspan - Organizador de Cartas", "city": None,
            "condition": "sealed", "notes": None, "price_cents": 8990, "link_type": "listing",
            "id": 5003, "url": f"{BASE}/produto/5003/organizador?ref=jogo_mercado",
        },
        {
            "kind": "game", "product": "Jogo", "city": "Belém", "condition": "unknown",
            "notes": "caixa amassada", "price_cents": 7500, "link_type": "listing", "id": 5006,
            "url": f"{REPLAY}/produto/5006/wingspan",
        },
    ]
    bad = result["bad_rows"]
    assert len(bad) == 2
    assert "unparseable price" in bad[0]["reason"]
    assert "Recife" in bad[0]["html_snippet"]
    assert "link" in bad[1]["reason"]
    assert "Natal" in bad[1]["html_snippet"]
    assert all(len(b["html_snippet"]) <= 200 and b["html_snippet"].startswith("<tr") for b in bad)


def test_columns_are_found_by_header(snippet_html):
    html = snippet_html("game_ads.html")
    # swap Cidade and Condição columns, header and cells alike
    html = html.replace("<th>Cidade</th><th>Condição</th>", "<th>Condição</th><th>Cidade</th>")
    html = html.replace("<td> Curitiba </td><td> Novo </td>", "<td> Novo </td><td> Curitiba </td>")
    row = parse_game_ads(html, f"{REPLAY}/jogo/wingspan?v=anuncios")["rows"][0]
    assert (row["city"], row["condition"]) == ("Curitiba", "new")


def test_market_block_without_ads_is_empty(snippet_html):
    html = snippet_html("game_ads.html")
    start, end = html.index("<table"), html.index("</table>") + len("</table>")
    html = html[:start] + '<span class="text-muted">Nenhum anúncio</span>' + html[end:]
    result = parse_game_ads(html, f"{REPLAY}/jogo/wingspan?v=anuncios")
    assert result == {
        "game": {"slug": "wingspan", "name": "Wingspan", "ludopedia_id": 31234},
        "rows": [],
        "bad_rows": [],
    }


def test_page_without_ads_table_is_a_parse_error(fixture_html):
    with pytest.raises(ParseError, match="no ads table"):
        parse_game_ads(fixture_html(OPEN_PAGE), OPEN_URL)


def test_not_ludopedia_is_a_parse_error(snippet_html):
    with pytest.raises(ParseError, match="no ads table"):
        parse_game_ads(snippet_html("not_ludopedia.html"), "https://example.com/jogo/x")


@pytest.mark.parametrize("html", ["", "  \n"])
def test_empty_page_is_a_parse_error(html):
    with pytest.raises(ParseError, match="empty"):
        parse_game_ads(html, ADS_URL)


def test_truncated_page_is_a_parse_error(fixture_html):
    html = fixture_html(ADS_PAGE)
    cut = html.index("/produto/244141/")
    with pytest.raises(ParseError, match="truncated"):
        parse_game_ads(html[:cut], ADS_URL)


def test_slug_from_the_page_when_the_url_has_none(fixture_html):
    result = parse_game_ads(fixture_html(ADS_PAGE), f"{BASE}/algum/lugar")
    assert result["game"]["slug"] == "the-red-cathedral"
    assert len(result["rows"]) == 15


def test_ads_table_with_renamed_headers_is_a_parse_error_not_no_ads(snippet_html):
    """Reading it as "no ads" would mark every stored listing of the game inactive."""
    html = snippet_html("game_ads.html").replace(">Valor</th>", ">Quanto</th>")
    with pytest.raises(ParseError, match="no recognised ads table"):
        parse_game_ads(html, f"{REPLAY}/jogo/wingspan?v=anuncios")
