"""The dashboard through Django's test client: login, watchlist, adding games, the game page."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from webapi.dashboard.templatetags.dashboard import brl, format_brl, pct


@pytest.fixture
def user(db, django_user_model):
    return django_user_model.objects.create_user("ana", password="senha-secreta-123")


@pytest.fixture
def browser_client(client, user):
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_brl_filter():
    assert format_brl(123456) == "R$\u00a01.234,56"
    assert brl(5) == "R$\u00a00,05"
    assert brl(100_000_000) == "R$\u00a01.000.000,00"
    assert brl(-550) == "-R$\u00a05,50"
    assert brl(None) == "—"
    assert pct(Decimal("12.5"), True) == "+12,5%"
    assert pct(Decimal("-3.0"), True) == "-3,0%"
    assert pct(None) == "—"


def test_pages_need_a_login(client, db):
    for path in ("/", "/jogo/arcs/"):
        r = client.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/login/?next=")
    r = client.post("/watchlist/adicionar/", {"jogo": "arcs"})
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_login_page_in_portuguese_and_logging_in(client, user):
    page = soup(client.get("/login/"))
    assert page.html["lang"] == "pt-BR"
    assert page.find("label", attrs={"for": "id_username"}).text == "Usuário"
    r = client.post("/login/", {"username": "ana", "password": "errada"})
    assert "Usuário ou senha incorretos" in r.content.decode()
    r = client.post("/login/", {"username": "ana", "password": "senha-secreta-123"})
    assert r.status_code == 302 and r["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_watchlist_rows(browser_client, build):
    game = build.game("brass-birmingham", name="Brass: Birmingham", ludostore=699_90)
    build.game("fora", name="Fora da watchlist", watched=False)
    # previous 90 days: 400, 400; last 90 days: 440, 440, 440 → +10%
    for days, price in ((100, 400), (120, 400), (10, 440), (20, 440), (30, 440)):
        build.auction(game, price=price * 100, days_ago=days)
    build.auction(game, price=9000_00, kind="combo", days_ago=5)
    page = soup(browser_client.get("/"))
    rows = page.select("table.watchlist tbody tr")
    assert [r["data-slug"] for r in rows] == ["brass-birmingham"]
    cells = [c.get_text(" ", strip=True) for c in rows[0].find_all("td")]
    assert cells[0] == "Brass: Birmingham"
    assert cells[1] == "R$\u00a0440,00"  # median of 400 400 440 440 440
    assert cells[3] == "5"
    assert cells[4] == "▲ +10,0%"
    assert cells[5] == "R$\u00a0699,90"
    assert page.find("label", attrs={"for": "id_jogo"}).text == "Adicionar jogo"


def test_watchlist_is_a_constant_number_of_queries(browser_client, build, django_assert_max_num_queries):
    for n in range(12):
        game = build.game(f"jogo-{n}")
        for d in range(5):
            build.auction(game, price=(100 + d) * 100, days_ago=d + 1)
    # session + user, games, every game's sales in one query
    with django_assert_max_num_queries(4):
        page = soup(browser_client.get("/"))
    assert len(page.select("table.watchlist tbody tr")) == 12


@pytest.mark.parametrize(
    "text, slug",
    [
        ("https://ludopedia.com.br/jogo/arcs", "arcs"),
        ("https://www.ludopedia.com.br/jogo/brass-birmingham?v=anuncios", "brass-birmingham"),
        ("ark-nova", "ark-nova"),
        ("Terra Mystica", "terra-mystica"),
    ],
)
def test_adding_a_game_by_url_or_slug(browser_client, text, slug):
    from webapi.models import Game

    r = browser_client.post("/watchlist/adicionar/", {"jogo": text}, follow=True)
    game = Game.objects.get(slug=slug)
    assert game.watched
    assert r.redirect_chain[-1][0] == f"/jogo/{slug}/"
    assert f"jogos={slug}" in r.content.decode()


def test_adding_marks_an_existing_game_watched_and_rejects_garbage(browser_client, build):
    from webapi.models import Game

    build.game("azul", name="Azul", watched=False)
    browser_client.post("/watchlist/adicionar/", {"jogo": "azul"})
    assert Game.objects.get(slug="azul").watched
    assert Game.objects.count() == 1
    r = browser_client.post("/watchlist/adicionar/", {"jogo": "???"}, follow=True)
    assert "Informe o endereço" in r.content.decode()
    assert Game.objects.count() == 1
    browser_client.post("/jogo/azul/remover/")
    assert not Game.objects.get(slug="azul").watched


@pytest.fixture
def brass(db, build):
    """Ten used sales (p25 157,50 / median 210,00 / p75 287,50), noise, open auctions."""
    game = build.game("brass-birmingham", name="Brass: Birmingham", ludostore=699_90)
    for i, price in enumerate([100, 120, 150, 180, 200, 220, 250, 300, 350, 500]):
        build.auction(game, price=price * 100, condition="used", days_ago=3 + 20 * i)
    build.auction(game, price=900_00, kind="combo", days_ago=2)
    build.auction(game, status="unsold", days_ago=2)
    build.auction(game, price=800_00, days_ago=500)
    build.auction(game, status="open", bid=120_00, days_ago=-1, title="Brass barato")
    build.auction(game, status="open", bid=200_00, days_ago=-2, title="Brass na faixa")
    build.auction(game, status="open", bid=400_00, days_ago=-0.5, title="Brass caro")
    build.auction(game, status="open", bid=None, days_ago=-3, title="Brass sem lance", bid_count=0)
    build.auction(game, status="open", bid=100_00, days_ago=-10, title="Brass daqui a 10 dias")
    build.listing(game, 300_00)
    return game


def test_game_page(browser_client, brass):
    page = soup(browser_client.get("/jogo/brass-birmingham/"))
    assert page.h1.text == "Brass: Birmingham"
    circles = page.select("svg.price-chart circle.sale")
    assert len(circles) == 10
    assert {c["data-condition"] for c in circles} == {"used"}
    assert page.select_one("svg.price-chart polyline.rolling-median")
    band = page.select_one("svg.price-chart rect.band")
    assert (band["data-p25-cents"], band["data-p75-cents"]) == ("15750", "28750")
    assert page.select_one("svg.price-chart g.ludostore")["data-price-cents"] == "69990"
    assert "R$" in page.select_one("svg.price-chart .y-axis").text
    overall = page.select_one('table.stats tr[data-condition="all"]')
    cells = [c.get_text(strip=True) for c in overall.find_all("td")]
    assert cells[:5] == ["10", "R$\u00a0100,00", "R$\u00a0118,00", "R$\u00a0157,50", "R$\u00a0210,00"]
    soon = page.select("table.soon tbody tr")
    titles = [r.a.text for r in soon]
    # ending soonest first, only the next 7 days
    assert titles == ["Brass caro", "Brass barato", "Brass na faixa", "Brass sem lance"]
    badges = [r.select_one(".badge").text if r.select_one(".badge") else None for r in soon]
    assert badges == ["Caro", "Barganha", "Preço justo", None]
    assert "Quanto você vai pagar?" in page.text


@pytest.mark.parametrize(
    "price, label",
    [("157,50", "Barganha"), ("250", "Preço justo"), ("287.50", "Preço justo"), ("600", "Caro")],
)
def test_price_form_gives_the_verdict_with_the_numbers(browser_client, brass, price, label):
    page = soup(browser_client.get("/jogo/brass-birmingham/", {"preco": price}))
    verdict = page.select_one(".verdict")
    assert verdict.select_one(".verdict-label").text == label
    numbers = {d.dt.text: d.dd.text for d in verdict.select("dl.numbers div")}
    assert numbers == {"p25": "R$\u00a0157,50", "Mediana": "R$\u00a0210,00",
                       "p75": "R$\u00a0287,50", "Vendas": "10"}
    assert re.search(r"percentil \d+,\d%", verdict.text)


def test_price_form_by_post_with_csrf(brass, user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = soup(client.get("/jogo/brass-birmingham/"))
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    r = client.post("/jogo/brass-birmingham/", {"preco": "250", "csrfmiddlewaretoken": token})
    assert soup(r).select_one(".verdict-label").text == "Preço justo"
    assert client.post("/jogo/brass-birmingham/", {"preco": "250"}).status_code == 403


def test_price_form_insufficient_data_and_errors(browser_client, brass):
    page = soup(browser_client.get("/jogo/brass-birmingham/", {"preco": "300", "condicao": "sealed"}))
    verdict = page.select_one(".verdict")
    assert verdict["data-verdict"] == "insufficient_data"
    assert verdict.select_one(".verdict-label").text == "Dados insuficientes"
    assert "R$\u00a0699,90" in verdict.text  # Ludostore as a reference
    page = soup(browser_client.get("/jogo/brass-birmingham/", {"preco": "abc"}))
    assert page.select_one(".verdict") is None
    assert "Informe um preço" in page.text


def test_game_page_queries_do_not_grow_with_data(browser_client, brass, build, django_assert_max_num_queries):
    for i in range(50):
        build.auction(brass, price=(200 + i) * 100, days_ago=1 + i)
    # session, user, game, sales, listings, last sales, ending soon
    with django_assert_max_num_queries(8):
        page = soup(browser_client.get("/jogo/brass-birmingham/", {"preco": "250"}))
    assert len(page.select("circle.sale")) == 60


def test_unknown_game_is_404(browser_client):
    assert browser_client.get("/jogo/nao-existe/").status_code == 404


def test_static_files_are_served_by_the_app(client):
    r = client.get("/static/dashboard/dashboard.css")
    assert r.status_code == 200
    body = b"".join(r.streaming_content) if r.streaming else r.content
    assert b"--accent" in body


def test_window_choice(browser_client, brass):
    page = soup(browser_client.get("/jogo/brass-birmingham/", {"dias": 730}))
    assert len(page.select("circle.sale")) == 11
    page = soup(browser_client.get("/jogo/brass-birmingham/", {"dias": "lixo"}))
    assert len(page.select("circle.sale")) == 10
