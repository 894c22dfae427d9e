"""parse_auction_page on the real pages (every value of the fixtures README) and on
hand-written snippets for the cases the saved pages do not show."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from auctionspider.parsing import AUCTION_KEYS, ParseError, parse_auction_page
from parsing_support import (
    BASE,
    DELETED_PAGE,
    OBSERVED,
    OPEN_PAGE,
    OPEN_URL,
    REPLAY,
    SOLD_PAGE,
    UNSOLD_PAGE,
    UNSOLD_URL,
    ADS_PAGE,
    ADS_URL,
)

UTC = timezone.utc

LOT_87356_OTHER_IDS = [
    627413, 627414, 627418, 627424, 627425, 627427, 627429, 627430, 627431, 627432,
    628978, 628979, 628981, 628982, 628983,
]
RED_CATHEDRAL_DESCRIPTION = "Usado, em ótimo estado, edição em português Devir.\nCom sleeves!"
ASSYRIA_DESCRIPTION = (
    'Caixa com desgaste de prateleira. Manual levemente "amarrotado". Sinais de mofo no '
    "manual e no tabuleiro, não muito aparentes, tratados com Sanol. De resto, em ótimo "
    "estado. Regras em inglês, mas jogo independente de idioma."
)


# --------------------------------------------------------------------------- real pages
def test_open_auction_with_bids(fixture_html):
    page = parse_auction_page(fixture_html(OPEN_PAGE), OPEN_URL, OBSERVED)
    assert set(page) == set(AUCTION_KEYS)
    lot_items = page.pop("lot_items")
    assert page == {
        "id": 627426,
        "lot_id": 87356,
        "title": "The Red Cathedral",
        "subtitle": "",
        "game_slug": "the-red-cathedral",
        "game_name": "The Red Cathedral",
        "ludopedia_game_id": 25605,
        "edition": "Devir Brasil",
        "condition": "used",
        "seller": "cassiusf",
        "city": "Rio de Janeiro",
        "state": "RJ",
        "status": "open",
        "current_bid_cents": 12000,
        "bid_count": 8,
        "buy_now_cents": None,
        "final_price_cents": None,
        "ends_at": datetime(2025, 9, 4, 1, 30, tzinfo=UTC),
        "ludostore_price_cents": 20355,
        "followers": 40,
        "views": 184,
        "description": RED_CATHEDRAL_DESCRIPTION,
        "url": OPEN_URL,
        "deleted": False,
    }
    assert page["ends_at"].utcoffset() == timedelta(0)
    assert sorted(item["id"] for item in lot_items) == LOT_87356_OTHER_IDS
    assert len(lot_items) == 15
    assert 627426 not in {item["id"] for item in lot_items}
    assert lot_items[0] == {
        "id": 628978,
        "url": f"{BASE}/leilao/628978/a-saga-do-tomo-do-reino-ocidental",
        "title": "A Saga do Tomo do Reino Ocidental",
    }
    by_id = {item["id"]: item for item in lot_items}
    assert by_id[627427]["title"] == "The Red Cathedral: Contractors"
    assert by_id[627413]["title"] == "Gloomhaven: Buttons & Bugs"
    assert by_id[627429]["url"] == f"{BASE}/leilao/627429/g-i-joe-cartas-em-acao"


def test_open_auction_end_does_not_depend_on_observation(fixture_html):
    html = fixture_html(OPEN_PAGE)
    later = parse_auction_page(html, OPEN_URL, datetime(2030, 1, 1, tzinfo=UTC))
    assert later["ends_at"] == datetime(2025, 9, 4, 1, 30, tzinfo=UTC)
    assert later["status"] == "open"


def test_ended_without_bids(fixture_html):
    page = parse_auction_page(fixture_html(UNSOLD_PAGE), UNSOLD_URL, OBSERVED)
    assert set(page) == set(AUCTION_KEYS)
    assert page == {
        "id": 627783,
        "lot_id": 87439,
        "title": "Assyria",
        "subtitle": "",
        "game_slug": "assyria",
        "game_name": "Assyria",
        "ludopedia_game_id": None,
        "edition": "Rio Grande Games",
        "condition": "used",
        "seller": "GSReis",
        "city": "Rio de Janeiro",
        "state": "RJ",
        "status": "unsold",
        "current_bid_cents": None,
        "bid_count": 0,
        "buy_now_cents": None,
        "final_price_cents": None,
        # "Finalizado (26/08 22:00)": 2025, Brasília time
        "ends_at": datetime(2025, 8, 27, 1, 0, tzinfo=UTC),
        "ludostore_price_cents": None,
        "followers": 1,
        "views": 59,
        "description": ASSYRIA_DESCRIPTION,
        "url": UNSOLD_URL,
        "lot_items": [],
        "deleted": False,
    }


def test_ended_with_bids_is_sold(fixture_html):
    observed = datetime(2025, 9, 5, 12, 0, tzinfo=UTC)
    page = parse_auction_page(fixture_html(SOLD_PAGE), OPEN_URL, observed)
    assert page["status"] == "sold"
    assert page["final_price_cents"] == 25000
    assert page["current_bid_cents"] == 25000
    assert page["bid_count"] == 12
    assert page["ends_at"] == datetime(2025, 9, 4, 1, 30, tzinfo=UTC)  # 03/09 22:30 (2025)
    # everything else as on the open page
    assert page["id"] == 627426
    assert page["lot_id"] == 87356
    assert page["title"] == "The Red Cathedral"
    assert page["game_slug"] == "the-red-cathedral"
    assert page["ludopedia_game_id"] == 25605
    assert page["edition"] == "Devir Brasil"
    assert page["condition"] == "used"
    assert (page["seller"], page["city"], page["state"]) == ("cassiusf", "Rio de Janeiro", "RJ")
    assert page["buy_now_cents"] is None
    assert page["ludostore_price_cents"] == 20355
    assert (page["followers"], page["views"]) == (40, 184)
    assert page["description"] == RED_CATHEDRAL_DESCRIPTION
    assert sorted(i["id"] for i in page["lot_items"]) == LOT_87356_OTHER_IDS
    assert page["deleted"] is False


def test_winning_bid_in_a_bold_tag(fixture_html):
    html = fixture_html(SOLD_PAGE).replace(
        '<span class="vl-produto"> R$ 250,00 </span>', "Arrematado por <b>R$ 250,00</b>"
    )
    assert 'class="vl-produto"' not in html.split('leilao-dados-lance')[1][:600]
    page = parse_auction_page(html, OPEN_URL, datetime(2025, 9, 5, tzinfo=UTC))
    assert (page["status"], page["final_price_cents"], page["bid_count"]) == ("sold", 25000, 12)


def test_previous_ends_at_overrides_the_year(fixture_html):
    html = fixture_html(SOLD_PAGE)
    a_year_later = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)
    guessed = parse_auction_page(html, OPEN_URL, a_year_later)
    assert guessed["ends_at"] == datetime(2026, 9, 4, 1, 30, tzinfo=UTC)
    stored = datetime(2025, 9, 4, 1, 30, tzinfo=UTC)
    page = parse_auction_page(html, OPEN_URL, a_year_later, previous_ends_at=stored)
    assert page["ends_at"] == stored


def test_deleted_auction(fixture_html):
    url = f"{BASE}/leilao/627426/the-red-cathedral"
    page = parse_auction_page(fixture_html(DELETED_PAGE), url, OBSERVED)
    assert set(page) == set(AUCTION_KEYS)
    assert page == {
        "id": 627426,
        "lot_id": None,
        "title": "",
        "subtitle": "",
        "game_slug": None,
        "game_name": None,
        "ludopedia_game_id": None,
        "edition": None,
        "condition": "unknown",
        "seller": None,
        "city": None,
        "state": None,
        "status": "canceled",
        "current_bid_cents": None,
        "bid_count": 0,
        "buy_now_cents": None,
        "final_price_cents": None,
        "ends_at": None,
        "ludostore_price_cents": None,
        "followers": None,
        "views": None,
        "description": None,
        "url": url,
        "lot_items": [],
        "deleted": True,
    }


def test_deleted_page_without_id_in_url_is_an_error(fixture_html):
    with pytest.raises(ParseError, match="deleted"):
        parse_auction_page(fixture_html(DELETED_PAGE), f"{BASE}/leiloes", OBSERVED)


def test_login_alert_on_a_live_page_is_not_a_deletion(fixture_html):
    html = fixture_html(OPEN_PAGE)
    assert "alert alert-danger" in html  # "Para dar lances é necessário estar logado"
    assert parse_auction_page(html, OPEN_URL, OBSERVED)["deleted"] is False


def test_replayed_page_on_another_host(fixture_html):
    html = fixture_html(OPEN_PAGE).replace(BASE, REPLAY)
    url = f"{REPLAY}/leilao/627426/the-red-cathedral"
    page = parse_auction_page(html, url, OBSERVED)
    assert (page["id"], page["lot_id"], page["game_slug"]) == (627426, 87356, "the-red-cathedral")
    assert page["ludopedia_game_id"] == 25605
    assert len(page["lot_items"]) == 15
    assert all(item["url"].startswith(f"{REPLAY}/leilao/") for item in page["lot_items"])
    assert page["url"] == url


def test_id_from_the_page_when_the_url_has_none(fixture_html):
    page = parse_auction_page(fixture_html(OPEN_PAGE), f"{BASE}/some/other/path", OBSERVED)
    assert page["id"] == 627426


def test_other_ludopedia_page_is_not_an_auction(fixture_html):
    with pytest.raises(ParseError, match="not an auction page"):
        parse_auction_page(fixture_html(ADS_PAGE), ADS_URL, OBSERVED)


# ---------------------------------------------------------------- truncated real pages
@pytest.mark.parametrize("page_name", [OPEN_PAGE, UNSOLD_PAGE, SOLD_PAGE])
def test_truncated_inside_the_bid_block_never_gives_wrong_data(fixture_html, page_name):
    html = fixture_html(page_name)
    url = UNSOLD_URL if page_name == UNSOLD_PAGE else OPEN_URL
    observed = datetime(2025, 9, 5, tzinfo=UTC)
    full = parse_auction_page(html, url, observed)
    start = html.index('<div class="leilao-dados-lance')
    end = html.index("tot-count-view", start) + 60
    cuts = _cuts(html, start, end)
    errors = 0
    for cut in cuts:
        try:
            page = parse_auction_page(html[:cut], url, observed)
        except ParseError:
            errors += 1
            continue
        assert page == full, f"cut at {cut}: {html[cut - 40:cut]!r}"
    assert errors == len(cuts)  # a page cut short is never taken for a complete one


BID_FIELDS = ("status", "current_bid_cents", "bid_count", "final_price_cents", "ends_at")


def _cuts(html: str, start: int, end: int) -> list[int]:
    cuts = set(range(start, end, 3))
    for marker, extra in (("R$ ", 5), ("Lances ( ", 10), ("SEM LAN", 0), ("Finalizado (", 14)):
        at = html.find(marker, start, end)
        if at != -1:
            cuts.update(range(at, at + len(marker) + extra + 1))
    return sorted(cuts)


@pytest.mark.parametrize("page_name", [OPEN_PAGE, UNSOLD_PAGE, SOLD_PAGE])
def test_bid_block_cut_short_but_closed_is_an_error_or_right(fixture_html, page_name):
    """Even when something closes the document after the cut (so the truncation guard
    cannot see it), a half bid block gives a ParseError or the right values."""
    html = fixture_html(page_name)
    url = UNSOLD_URL if page_name == UNSOLD_PAGE else OPEN_URL
    observed = datetime(2025, 9, 5, tzinfo=UTC)
    full = parse_auction_page(html, url, observed)
    start = html.index('<div class="leilao-dados-lance')
    end = html.index("total-follow-item", start)
    accepted = 0
    for cut in _cuts(html, start, end):
        try:
            page = parse_auction_page(html[:cut] + "</div></body></html>", url, observed)
        except ParseError:
            continue
        accepted += 1
        got = {k: page[k] for k in BID_FIELDS}
        assert got == {k: full[k] for k in BID_FIELDS}, f"cut at {cut}: {html[cut - 40:cut]!r}"
    assert accepted > 0  # cuts after the bid value and count do still parse


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_anywhere_is_a_parse_error(fixture_html, fraction):
    html = fixture_html(OPEN_PAGE)
    with pytest.raises(ParseError, match="truncated"):
        parse_auction_page(html[: int(len(html) * fraction)], OPEN_URL, OBSERVED)


def test_unparseable_bid_is_a_parse_error(fixture_html):
    html = fixture_html(OPEN_PAGE).replace(
        '<span class="vl-produto"> R$ 120,00 </span>', '<span class="vl-produto"> R$ abc </span>'
    )
    with pytest.raises(ParseError, match="unparseable price"):
        parse_auction_page(html, OPEN_URL, OBSERVED)


def test_missing_bid_count_with_a_bid_is_a_parse_error(fixture_html):
    html = fixture_html(OPEN_PAGE).replace("Ver Lances ( 8 )", "Ver Lances")
    with pytest.raises(ParseError, match="bid count"):
        parse_auction_page(html, OPEN_URL, OBSERVED)


def test_unknown_end_format_is_a_parse_error(fixture_html):
    html = fixture_html(OPEN_PAGE).replace(
        '<span class="" title="03/09/2025 às 22:30">7d 11h  ( 03/09 22:30 ) </span>',
        "<span>em breve</span>",
    )
    with pytest.raises(ParseError, match="end time"):
        parse_auction_page(html, OPEN_URL, OBSERVED)


def test_parse_error_carries_reason_and_url(fixture_html):
    with pytest.raises(ParseError) as info:
        parse_auction_page(fixture_html(ADS_PAGE), ADS_URL, OBSERVED)
    assert info.value.url == ADS_URL
    assert info.value.reason.startswith("not an auction page")
    assert ADS_URL in str(info.value)


# ---------------------------------------------------------------- hand-written snippets
SNIPPET_URL = f"{REPLAY}/leilao/700001/brass-birmingham"
MORE_THAN_A_DAY = (
    '<span class="termino">Término: <span class="" title="10/10/2025 às 21:00">'
    "3d 2h ( 10/10 21:00 ) </span></span>"
)
COUNT_DOWN = (
    '<span class="termino">Término: <span class="count-down" title="Hoje às 22:00" '
    'data-dt_hr_fim="2025-08-26 22:00:00">05:12:33</span></span>'
)
BID_120 = (
    '<span class="block">Lance Atual : <span class="vl-produto"> R$ 120,00 </span></span>'
    '<a href="#" id="btn-lances" class="full-link">Ver Lances ( 3 )</a>'
)
NO_BIDS = '<span class="vl-produto sem-lance block">SEM LANCES</span>'
BUY_NOW = (
    '<form id="frm-compre-ja" method="post"><span class="sub-titulo">Compre Já por:</span>'
    '<span class="vl_compre_ja">R$ 1.350,00</span>'
    '<button class="btn btn-primary" type="submit">Compre Já</button></form>'
)


def auction_snippet(snippet_html, termino=MORE_THAN_A_DAY, bid=BID_120, extra=""):
    return (
        snippet_html("auction_item.html")
        .replace("<!--TERMINO-->", termino)
        .replace("<!--BID-->", bid)
        .replace("<!--EXTRA-->", extra)
    )


def test_snippet_all_fields(snippet_html):
    page = parse_auction_page(auction_snippet(snippet_html), SNIPPET_URL, OBSERVED)
    assert page == {
        "id": 700001,
        "lot_id": 90001,
        "title": "Brass: Birmingham",
        "subtitle": "Deluxe, com moedas de metal",
        "game_slug": "brass-birmingham",
        "game_name": "Brass: Birmingham",
        "ludopedia_game_id": None,
        "edition": "Ludofy Creative",
        "condition": "sealed",
        "seller": "fulano_de_tal",
        "city": "São José dos Campos",
        "state": "SP",
        "status": "open",
        "current_bid_cents": 12000,
        "bid_count": 3,
        "buy_now_cents": None,
        "final_price_cents": None,
        "ends_at": datetime(2025, 10, 11, 0, 0, tzinfo=UTC),
        "ludostore_price_cents": None,
        "followers": 1204,
        "views": 12345,
        "description": (
            "Primeiro parágrafo, quebrado no fonte.\nSegundo parágrafo.\n"
            "Linha solta\ndepois de um br."
        ),
        "url": SNIPPET_URL,
        "lot_items": [
            {"id": 700002, "url": f"{REPLAY}/leilao/700002/ark-nova", "title": "Ark Nova"},
            {"id": 700003, "url": f"{BASE}/leilao/700003/sleeves", "title": "Sleeves 63x88"},
        ],
        "deleted": False,
    }


def test_under_24_hours_count_down(snippet_html):
    html = auction_snippet(snippet_html, termino=COUNT_DOWN)
    observed = datetime(2025, 8, 26, 16, 47, tzinfo=BRT)
    page = parse_auction_page(html, SNIPPET_URL, observed)
    assert page["ends_at"] == datetime(2025, 8, 27, 1, 0, tzinfo=UTC)
    assert page["status"] == "open"
    assert (page["current_bid_cents"], page["bid_count"]) == (12000, 3)


def test_count_down_without_bids(snippet_html):
    html = auction_snippet(snippet_html, termino=COUNT_DOWN, bid=NO_BIDS)
    page = parse_auction_page(html, SNIPPET_URL, OBSERVED)
    assert (page["status"], page["current_bid_cents"], page["bid_count"]) == ("open", None, 0)
    assert page["final_price_cents"] is None


def test_buy_now_price(snippet_html):
    html = auction_snippet(snippet_html, extra=BUY_NOW)
    page = parse_auction_page(html, SNIPPET_URL, OBSERVED)
    assert page["buy_now_cents"] == 135000
    assert page["current_bid_cents"] == 12000


def test_thousands_separators_in_the_bid(snippet_html):
    bid = BID_120.replace("R$ 120,00", "R$ 1.234.567,89")
    page = parse_auction_page(auction_snippet(snippet_html, bid=bid), SNIPPET_URL, OBSERVED)
    assert page["current_bid_cents"] == 123456789


def test_finalizado_across_new_year(snippet_html):
    html = auction_snippet(
        snippet_html,
        termino='<span class="termino">Término: <span>Finalizado (31/12 22:00)</span></span>',
        bid=NO_BIDS,
    )
    observed = datetime(2026, 1, 2, 10, 0, tzinfo=UTC)
    page = parse_auction_page(html, SNIPPET_URL, observed)
    # 2025-12-31 22:00 in Brasília
    assert page["ends_at"] == datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    assert page["status"] == "unsold"


def test_finalizado_with_a_bid_across_new_year_and_previous(snippet_html):
    html = auction_snippet(
        snippet_html,
        termino='<span class="termino">Término: <span>Finalizado (31/12 22:00)</span></span>',
    )
    previous = datetime(2024, 12, 31, 20, 0, tzinfo=UTC)  # stored from a 2024 visit
    page = parse_auction_page(html, SNIPPET_URL, datetime(2026, 1, 2, tzinfo=UTC), previous)
    assert page["ends_at"] == datetime(2025, 1, 1, 1, 0, tzinfo=UTC)
    assert (page["status"], page["final_price_cents"], page["bid_count"]) == ("sold", 12000, 3)


def test_missing_optional_pieces_are_none(snippet_html):
    html = auction_snippet(snippet_html)
    for cut in (
        '<span class="total-follow-item" title="Total de pessoas seguindo esse item">1.204</span>',
        '<span class="tot-count tot-count-view">12.345</span>',
        '<h4>Deluxe, com moedas de metal</h4>',
        '<div class="col-xs-12 col-md-6"><b>Edição : </b> <a href="/editora/1/Ludofy">Ludofy Creative</a></div>',
    ):
        assert cut in html
        html = html.replace(cut, "")
    html = html.replace('id="bloco-descricao-item"', 'id="something-else"')
    page = parse_auction_page(html, SNIPPET_URL, OBSERVED)
    assert (page["followers"], page["views"], page["subtitle"]) == (None, None, "")
    assert (page["edition"], page["description"]) == (None, None)
    assert page["current_bid_cents"] == 12000  # the rest is still read


def test_unknown_condition(snippet_html):
    html = auction_snippet(snippet_html).replace("</b>Lacrado<", "</b>Avariado<")
    assert parse_auction_page(html, SNIPPET_URL, OBSERVED)["condition"] == "unknown"


def test_condition_new(snippet_html):
    html = auction_snippet(snippet_html).replace("</b>Lacrado<", "</b>Novo<")
    assert parse_auction_page(html, SNIPPET_URL, OBSERVED)["condition"] == "new"


def test_no_bid_block_is_a_parse_error(snippet_html):
    html = auction_snippet(snippet_html).replace("leilao-dados-lance", "algo-diferente")
    with pytest.raises(ParseError, match="no bid block"):
        parse_auction_page(html, SNIPPET_URL, OBSERVED)


def test_no_title_is_a_parse_error(snippet_html):
    html = auction_snippet(snippet_html).replace('<h3 class="title">', "<h3>")
    with pytest.raises(ParseError, match="no title"):
        parse_auction_page(html, SNIPPET_URL, OBSERVED)


def test_no_bid_value_is_a_parse_error(snippet_html):
    with pytest.raises(ParseError, match="bid value"):
        parse_auction_page(auction_snippet(snippet_html, bid=""), SNIPPET_URL, OBSERVED)


def test_no_id_anywhere_is_a_parse_error(snippet_html):
    html = (
        auction_snippet(snippet_html)
        .replace('<input type="hidden" id="id_anuncio" value="700001">', "")
        .replace('<li class="active"><a href="/leilao/700001/brass-birmingham">', "<li><a>")
    )
    with pytest.raises(ParseError, match="no auction id"):
        parse_auction_page(html, f"{REPLAY}/leiloes", OBSERVED)


def test_not_ludopedia_at_all(snippet_html):
    with pytest.raises(ParseError, match="not an auction page"):
        parse_auction_page(snippet_html("not_ludopedia.html"), "https://example.com/leilao/1/x", OBSERVED)


@pytest.mark.parametrize("html", ["", "   \n\t ", b"", "<html></html>\n"])
def test_empty_pages(html):
    with pytest.raises(ParseError) as info:
        parse_auction_page(html, OPEN_URL, OBSERVED)
    assert "empty" in info.value.reason or "not an auction page" in info.value.reason


def test_not_html_text():
    with pytest.raises(ParseError):
        parse_auction_page(None, OPEN_URL, OBSERVED)  # type: ignore[arg-type]


def test_bytes_input(fixture_html):
    html = fixture_html(OPEN_PAGE)
    assert parse_auction_page(html.encode("utf-8"), OPEN_URL, OBSERVED) == parse_auction_page(
        html, OPEN_URL, OBSERVED
    )


BRT = timezone(timedelta(hours=-3))
