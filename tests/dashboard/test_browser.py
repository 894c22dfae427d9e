"""The dashboard in a real headless browser: Debian's `chromium` driven by Playwright.

The app runs in pytest-django's live server on the test database, filled with the sample
data set (six games, about a year of sales). A user logs in through the login form, opens
a game page, the chart has one point per sale in the window, the "Quanto você vai pagar?"
form answers with the verdict.

Screenshots of both pages go to the test's temporary folder; set UPDATE_SCREENSHOTS=1 (or
delete them) to (re)write docs/dashboard-watchlist.png and docs/dashboard-game.png.

Playwright never downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1): it drives
/usr/bin/chromium (`apt-get install chromium`, `make browser`). Without it the test skips
locally and fails in CI (CI set).
"""
from __future__ import annotations

import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"
USERNAME, PASSWORD = "colecionador", "meeple-dourado-2025"


def chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        message = f"Debian's chromium is not installed ({CHROMIUM}); run `make browser`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def browser(monkeypatch):
    executable = chromium_path()
    # Playwright's sync API runs an event loop in this thread; the test's own ORM queries
    # (counting the expected points) are synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sample(crawl_tables, django_user_model):
    from webapi.dashboard.sampledata import populate

    games = populate()
    django_user_model.objects.create_user(USERNAME, password=PASSWORD)
    return games


def save_screenshot(page, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    target = DOCS / name
    if os.environ.get("UPDATE_SCREENSHOTS") or not target.exists():
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)
    return shot


def test_log_in_open_a_game_read_the_chart_and_ask_for_a_verdict(live_server, sample, browser, tmp_path):
    from django.utils import timezone

    from webapi import stats
    from webapi.models import Auction

    started = time.monotonic()
    game = sample["brass-birmingham"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="pt-BR",
                            timezone_id="America/Sao_Paulo")
    page.set_default_timeout(15_000)

    # Not logged in: the dashboard sends us to the login form.
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("table.watchlist")
    assert page.url == f"{live_server.url}/"
    assert page.locator("table.watchlist tbody tr").count() == len(sample)
    save_screenshot(page, tmp_path, "dashboard-watchlist.png")

    # The game page: one chart point per sale of the game in the last 365 days.
    page.click(f"text={game.name}")
    page.wait_for_selector("svg.price-chart")
    assert page.locator("h1").inner_text() == game.name
    since = timezone.now() - timedelta(days=stats.DEFAULT_DAYS)
    sold = Auction.objects.filter(
        game=game, status="sold", kind="game", ends_at__gte=since
    ).count()
    all_sold = Auction.objects.filter(game=game, status="sold").count()
    assert sold > 50 and all_sold > sold  # combos/accessories exist and are left out
    assert page.locator("svg.price-chart circle.sale").count() == sold
    assert page.locator("svg.price-chart polyline.rolling-median").count() == 1
    assert page.locator("svg.price-chart rect.band").count() >= 1
    # the chart is really drawn: the points have a size on screen
    box = page.locator("svg.price-chart circle.sale").first.bounding_box()
    assert box and box["width"] > 0

    # "Quanto você vai pagar?"
    price_cents = 450_00
    page.fill("#id_preco", "450,00")
    page.select_option("#id_condicao", "used")
    page.click("form.price-form button[type=submit]")
    page.wait_for_selector(".verdict")
    expected = stats.fair_price(game, price_cents, condition="used")
    label = page.locator(".verdict-label").inner_text()
    assert label == stats.VERDICT_LABELS[expected["verdict"]]
    text = page.locator(".verdict").inner_text()
    assert "R$\u00a0450,00" in text or "R$ 450,00" in text
    assert "percentil" in text
    save_screenshot(page, tmp_path, "dashboard-game.png")

    elapsed = time.monotonic() - started
    print(f"browser test: {elapsed:.1f}s")
