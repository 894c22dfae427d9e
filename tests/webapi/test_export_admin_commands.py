"""CSV export, the admin pages, the management commands, settings and stored times."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone as dt_timezone
from decimal import Decimal

import pytest
from django_support import T0
from django.core.management import call_command
from django.http import StreamingHttpResponse

from webapi.models import ApiKey, Game, hash_key

# --- CSV export -----------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200, response
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_auctions_csv(client, api_key, make, monkeypatch):
    from webapi.api import export

    monkeypatch.setattr(export, "CHUNK_SIZE", 7)  # several keyset chunks
    game = make.game("brass", name="Brass, Birmingham")
    for i in range(30):
        make.auction(id=500 + i, game=game if i % 2 else None, status="sold" if i % 3 == 0 else "open",
                     current_bid_cents=12000 + i, title=f'Item "{i}", usado\nsegunda linha')
    response = client.get("/api/v1/export/auctions.csv", HTTP_X_API_KEY=api_key)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 30 and [int(r["id"]) for r in rows] == list(range(500, 530))
    assert list(rows[0])[:6] == ["id", "lot_id", "game_id", "game_slug", "game_name", "title"]
    first, second = rows[0], rows[1]
    assert first["current_bid_cents"] == "12000" and first["current_bid"] == "120.00"
    assert second["current_bid"] == "120.01" and second["game_name"] == "Brass, Birmingham"
    assert first["game_slug"] == "" and first["final_price"] == ""
    assert first["title"] == 'Item "0", usado\nsegunda linha'
    assert first["ends_at"] == "2025-08-02T12:00:00+00:00"
    filtered = read_csv(client.get("/api/v1/export/auctions.csv",
                                   {"status": "sold", "game": "brass", "api_key": api_key}))
    assert [int(r["id"]) for r in filtered] == [503, 509, 515, 521, 527]


def test_auctions_csv_updated_since_and_empty(client, api_key, make):
    make.auction(id=1, updated_at=T0)
    make.auction(id=2, updated_at=T0 + timedelta(days=1))
    rows = read_csv(client.get("/api/v1/export/auctions.csv",
                               {"updated_since": "2025-08-02", "api_key": api_key}))
    assert [r["id"] for r in rows] == ["2"]
    response = client.get("/api/v1/export/auctions.csv", {"status": "canceled", "api_key": api_key})
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeffid,lot_id,") and raw.count("\r\n") == 1


def test_listings_csv(client, api_key, make):
    game = make.game("azul", name="Azul")
    make.listing(id=1, game=game, price_cents=9990, active=True)
    make.listing(id=2, game=None, price_cents=100, active=False, notes="com sleeves")
    rows = read_csv(client.get("/api/v1/export/listings.csv", HTTP_X_API_KEY=api_key))
    assert [(r["id"], r["price"], r["active"]) for r in rows] == [("1", "99.90", "true"), ("2", "1.00", "false")]
    assert rows[0]["game_slug"] == "azul" and rows[1]["notes"] == "com sleeves"
    rows = read_csv(client.get("/api/v1/export/listings.csv", {"active": "false", "api_key": api_key}))
    assert [r["id"] for r in rows] == ["2"]
    rows = read_csv(client.get("/api/v1/export/listings.csv", {"game": "azul", "api_key": api_key}))
    assert [r["id"] for r in rows] == ["1"]


def test_csv_is_streamed_lazily(client, api_key, make, django_assert_max_num_queries):
    make.auction(id=1)
    with django_assert_max_num_queries(3):  # auth only: rows are fetched while streaming
        response = client.get("/api/v1/export/auctions.csv", HTTP_X_API_KEY=api_key)
    assert isinstance(response, StreamingHttpResponse)
    assert len(read_csv(response)) == 1


def assert_csv_equals_json(csv_rows, json_rows, columns):
    """Every CSV cell is the JSON list's value: text as is, null empty, booleans lower-case,
    times in the same ISO form, money as the exact `_cents` / 100 with two decimals."""
    assert len(csv_rows) == len(json_rows) > 0
    for csv_row, json_row in zip(csv_rows, json_rows):
        assert tuple(csv_row) == tuple(columns)
        for name in columns:
            value = json_row[name]
            if f"{name}_cents" in json_row:
                cents = json_row[f"{name}_cents"]
                expected = "" if cents is None else f"{Decimal(cents) / 100:.2f}"
            elif isinstance(value, bool):
                expected = "true" if value else "false"
            else:
                expected = "" if value is None else str(value)
            assert csv_row[name] == expected, (json_row["id"], name)


def test_auctions_csv_equals_the_json_list_across_chunks(client, api, api_key, make, monkeypatch):
    from webapi.api import export
    from webapi.api.rows import AUCTION_COLUMNS

    monkeypatch.setattr(export, "CHUNK_SIZE", 4)  # chunk edges inside ties of updated_at
    game = make.game("brass", name="Brass, Birmingham")
    for i in range(13):
        make.auction(
            id=900 + i, game=game if i % 2 else None, lot_id=None if i % 3 else 77,
            updated_at=T0 + timedelta(minutes=i % 3),
            last_seen_at=T0 + timedelta(seconds=i, microseconds=250 * i),
            ends_at=None if i % 4 == 0 else T0 + timedelta(days=i),
            current_bid_cents=None if i == 5 else 1001 * i, buy_now_cents=i or None,
            final_price_cents=-5 if i == 7 else 10**9 + i, followers=None if i % 2 else i,
            edition=None if i % 2 else "2ª edição", title=f'Título "{i}", ação\nlinha 2',
        )
    for params in ({}, {"updated_since": "2025-08-01"}, {"game": "brass", "status": "open"}):
        csv_rows = read_csv(client.get("/api/v1/export/auctions.csv", params,
                                       HTTP_X_API_KEY=api_key))
        json_rows = api("/api/v1/auctions", limit=1000, **params).json()["results"]
        assert_csv_equals_json(csv_rows, json_rows, AUCTION_COLUMNS)
    by_update = read_csv(client.get("/api/v1/export/auctions.csv",
                                    {"updated_since": "2025-08-01", "api_key": api_key}))
    assert [r["id"] for r in by_update] == [str(900 + i) for k in range(3) for i in range(k, 13, 3)]


def test_listings_csv_equals_the_json_list(client, api, api_key, make, monkeypatch):
    from webapi.api import export
    from webapi.api.rows import LISTING_COLUMNS

    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    game = make.game("azul", name="Azul")
    for i in range(5):
        make.listing(id=10 + i, game=game if i % 2 else None, active=i % 2 == 0,
                     price_cents=i * 333, notes=None if i % 2 else "com sleeves, \"novo\"")
    csv_rows = read_csv(client.get("/api/v1/export/listings.csv", HTTP_X_API_KEY=api_key))
    assert_csv_equals_json(csv_rows, api("/api/v1/listings", limit=1000).json()["results"],
                           LISTING_COLUMNS)


def test_reais_text_is_the_apis_reais_with_two_decimals():
    from webapi.api.export import reais_text
    from webapi.api.schemas import reais

    for cents in [*range(-1005, 1005), 2**31 - 1, -(2**31), 10**15 + 7]:
        assert reais_text(cents) == f"{reais(cents):.2f}"
    assert reais_text(None) is None


# --- admin ----------------------------------------------------------------------------------


@pytest.fixture
def staff(admin_client, make):
    game = make.game("brass", name="Brass", watched=False)
    auction = make.auction(id=42, game=game, title="Brass: Birmingham lacrado", seller="joana")
    make.snapshot(auction)
    make.listing(id=43, game=game)
    make.crawl_run()
    ApiKey.generate("powerbi")
    return admin_client


CHANGELISTS = ["game", "auction", "auctionsnapshot", "listing", "crawlrun", "apikey"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_changelist_and_change_pages_render(staff, model):
    from django.apps import apps

    response = staff.get(f"/admin/webapi/{model}/")
    assert response.status_code == 200
    obj = apps.get_model("webapi", model).objects.first()
    response = staff.get(f"/admin/webapi/{model}/{obj.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["q=joana", "q=42", "q=birmingham", "q=xyz", "status__exact=sold", "kind__exact=game",
     "condition__exact=used", "state__exact=SP", "ends_at__year=2025", "game__id__exact=1"],
)
def test_admin_auction_filters_and_search(staff, query):
    assert staff.get(f"/admin/webapi/auction/?{query}").status_code == 200


def test_admin_search_finds_by_title_seller_and_id(staff):
    assert "Brass: Birmingham lacrado" in staff.get("/admin/webapi/auction/?q=joana").content.decode()
    assert "Brass: Birmingham lacrado" in staff.get("/admin/webapi/auction/?q=42").content.decode()
    assert "Brass: Birmingham lacrado" not in staff.get("/admin/webapi/auction/?q=pedro").content.decode()


def test_admin_crawl_data_is_read_only(staff):
    assert staff.get("/admin/webapi/auction/add/").status_code == 403
    assert staff.get("/admin/webapi/listing/add/").status_code == 403
    assert staff.post("/admin/webapi/auction/42/delete/", {"post": "yes"}).status_code == 403
    response = staff.post("/admin/webapi/auction/42/change/", {"title": "changed"})
    assert response.status_code == 403


def test_admin_watchlist_toggle_and_actions(staff):
    game = Game.objects.get(slug="brass")
    before = game.updated_at
    response = staff.post("/admin/webapi/game/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000", "form-0-id": str(game.pk), "form-0-watched": "on",
        "_save": "Salvar",
    })
    assert response.status_code == 302
    game.refresh_from_db()
    assert game.watched is True and game.updated_at >= before
    response = staff.post("/admin/webapi/game/", {"action": "unwatch", "_selected_action": [game.pk]})
    assert response.status_code == 302
    assert Game.objects.get(pk=game.pk).watched is False
    staff.post("/admin/webapi/game/", {"action": "watch", "_selected_action": [game.pk]})
    assert Game.objects.get(pk=game.pk).watched is True


def test_admin_add_game_by_slug(staff):
    response = staff.post("/admin/webapi/game/add/", {"slug": "https://ludopedia.com.br/jogo/ark-nova", "name": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    game = Game.objects.get(slug="ark-nova")
    assert game.name == "Ark Nova" and game.watched is True
    assert game.created_at is not None and game.updated_at is not None
    staff.post("/admin/webapi/game/add/", {"slug": "azul", "name": "Azul"})
    assert Game.objects.get(slug="azul").name == "Azul"
    response = staff.post("/admin/webapi/game/add/", {"slug": "azul", "name": ""})
    assert response.status_code == 200 and Game.objects.filter(slug="azul").count() == 1


def test_admin_requires_staff(client, db):
    response = client.get("/admin/webapi/auction/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_revokes_api_keys(staff, client):
    row, key = ApiKey.generate("old")
    staff.post("/admin/webapi/apikey/", {"action": "revoke", "_selected_action": [row.pk]})
    assert ApiKey.objects.get(pk=row.pk).revoked
    assert client.get("/api/v1/games", {"api_key": key}).status_code == 401


# --- management commands --------------------------------------------------------------------


def test_create_api_key_prints_a_working_key_stored_hashed(client, db):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "powerbi", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(key) >= 40 and "\n" not in key and "once" in err.getvalue() or "only now" in err.getvalue()
    row = ApiKey.objects.get(name="powerbi")
    assert row.key_hash == hash_key(key) and key not in (row.key_hash, row.prefix)
    assert not ApiKey.objects.filter(key_hash=key).exists()
    assert client.get("/api/v1/health", HTTP_X_API_KEY=key).status_code == 200
    call_command("revoke_api_key", "powerbi", stdout=io.StringIO())
    assert client.get("/api/v1/health", HTTP_X_API_KEY=key).status_code == 401


def test_revoke_unknown_key_fails(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("revoke_api_key", "nobody", stdout=io.StringIO())


def test_python_dash_m_webapi_runs_management_commands():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "webapi", "help", "create_api_key"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "create_api_key" in result.stdout


# --- settings -------------------------------------------------------------------------------


def test_database_url_conversion():
    from webapi.database import django_database, sqlalchemy_url_for

    sqlite = django_database("sqlite:////tmp/x/leiloes.sqlite3")
    assert sqlite["NAME"] == "/tmp/x/leiloes.sqlite3" and "sqlite3" in sqlite["ENGINE"]
    assert sqlalchemy_url_for(sqlite) == "sqlite:////tmp/x/leiloes.sqlite3"
    mysql = django_database("mysql+pymysql://u:p%40ss@db.example:3307/leiloes")
    assert mysql["ENGINE"] == "django.db.backends.mysql"
    assert (mysql["USER"], mysql["PASSWORD"], mysql["HOST"], mysql["PORT"], mysql["NAME"]) == (
        "u", "p@ss", "db.example", "3307", "leiloes")
    assert mysql["OPTIONS"]["charset"] == "utf8mb4" and "TIME_ZONE" not in mysql
    assert sqlalchemy_url_for(mysql) == "mysql+pymysql://u:p%40ss@db.example:3307/leiloes?charset=utf8mb4"
    with pytest.raises(ValueError):
        django_database("postgresql://x/y")


def test_settings_defaults_without_environment(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='webapi.settings'; django.setup();"
            "from django.conf import settings as s; from auctionspider.db.engine import DEFAULT_SQLITE_PATH;"
            "print(s.DEBUG, s.ALLOWED_HOSTS, s.TIME_ZONE, s.USE_TZ, s.LANGUAGE_CODE,"
            " s.DATABASES['default']['NAME'] == str(DEFAULT_SQLITE_PATH))")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['localhost',", "'127.0.0.1',", "'[::1]']",
                                     "America/Sao_Paulo", "True", "pt-br", "True"]
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    env.update(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="api.example.com, x.example",
               DJANGO_SECRET_KEY="s" * 50, DATABASE_URL=f"sqlite:///{tmp_path}/a.db")
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='webapi.settings'; django.setup();"
            "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.SECRET_KEY == 's'*50,"
            " s.DATABASES['default']['NAME'])")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "['api.example.com',", "'x.example']", "True", f"{tmp_path}/a.db"]
    assert "DJANGO_SECRET_KEY is not set" not in result.stderr


# --- data written by the crawl (SQLAlchemy): naive UTC read back correctly ----------------------


def test_crawl_written_naive_utc_times_are_read_as_utc(sa_engine, client, api_key):
    from sqlalchemy.orm import Session

    from auctionspider.db import models as m

    naive = datetime(2025, 8, 26, 22, 0, 0)  # 22:00 UTC = 19:00 in Brasília
    with Session(sa_engine) as session:
        game = m.Game(slug="brass", name="Brass", watched=True, created_at=naive, updated_at=naive)
        session.add(game)
        session.flush()
        for i in range(5):
            session.add(m.Auction(
                id=900 + i, game_id=game.id, title=f"Brass {i}", kind="game", condition="used",
                status="sold", current_bid_cents=12000, bid_count=1, url="https://x/",
                ends_at=naive, first_seen_at=naive, last_seen_at=naive,
                updated_at=naive + timedelta(seconds=i // 2),  # ties on updated_at
            ))
        session.add(m.CrawlRun(spider="leiloes", started_at=naive, finished_at=naive,
                               finish_reason="finished", pages=1, items_stored=5, items_dropped=0, errors=0))
        session.commit()

    from webapi.models import Auction

    stored = Auction.objects.get(id=900)
    assert stored.ends_at == datetime(2025, 8, 26, 22, 0, tzinfo=dt_timezone.utc)
    from django.utils import timezone

    assert timezone.localtime(stored.ends_at).strftime("%H:%M %z") == "19:00 -0300"
    body = client.get("/api/v1/auctions/900", HTTP_X_API_KEY=api_key).json()
    assert body["ends_at"] == "2025-08-26T22:00:00+00:00" and body["game_slug"] == "brass"
    assert client.get("/api/v1/health", HTTP_X_API_KEY=api_key).json()["last_crawl"]["started_at"] == (
        "2025-08-26T22:00:00+00:00")

    def walk(url):
        seen = []
        while url:
            page = client.get(url, HTTP_X_API_KEY=api_key).json()
            seen += [r["id"] for r in page["results"]]
            url = page["next"]
        return seen

    # Exact datetime comparisons against crawl-written values (keyset on updated_at, id).
    assert walk("/api/v1/auctions?updated_since=2025-08-26T22:00:00Z&limit=1") == [900, 901, 902, 903, 904]
    assert walk("/api/v1/auctions?updated_since=2025-08-26T22:00:01Z&limit=2") == [902, 903, 904]
    assert walk("/api/v1/auctions?ended_after=2025-08-26T22:00:00Z") == [900, 901, 902, 903, 904]
    assert walk("/api/v1/auctions?ended_before=2025-08-26T22:00:00Z") == []
    assert walk("/api/v1/auctions?ended_after=2025-08-26T19:00:00-03:00&ended_before=2025-08-26T22:00:01Z") == [
        900, 901, 902, 903, 904]


def test_admin_saved_game_is_readable_by_the_crawl(sa_engine, admin_client):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from auctionspider.db import models as m

    admin_client.post("/admin/webapi/game/add/", {"slug": "azul", "name": ""})
    with Session(sa_engine) as session:
        game = session.scalars(select(m.Game).where(m.Game.slug == "azul")).one()
        assert game.watched is True and game.name == "Azul"
        assert game.created_at.tzinfo is None
        assert abs(game.created_at - datetime.now(dt_timezone.utc).replace(tzinfo=None)) < timedelta(minutes=5)
