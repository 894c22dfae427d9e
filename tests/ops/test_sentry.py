"""Sentry: nothing without a DSN; events with release, environment and crawl context with
one; one 'layout probably changed' event for a crawl whose auction pages all fail to parse.
Events are captured through the SDK's transport interface (in memory, or a JSON Lines file
for crawls in a subprocess): nothing goes over the network."""
from __future__ import annotations

import logging
from datetime import UTC, datetime

import sentry_sdk
from scrapy import Request
from scrapy.logformatter import SPIDERERRORMSG
from scrapy.utils.test import get_crawler

from auctionspider.extensions import SentryReporter
from auctionspider.observability import MemoryTransport, init_sentry, package_release, read_events
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World
from auctionspider.spiders.leiloes import LeiloesSpider

from ops_support import FAKE_DSN, crawl_env, run_crawl

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


def test_without_a_dsn_nothing_starts_and_nothing_is_sent(monkeypatch, sentry_off):
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    transport = MemoryTransport()
    assert init_sentry("crawl", transport=transport) is False
    monkeypatch.setenv("SENTRY_DSN", "  ")
    assert init_sentry("crawl", transport=transport) is False
    logging.getLogger("auctionspider.test").error("boom")
    sentry_sdk.capture_message("nobody hears this")
    assert transport.events == []
    assert not sentry_sdk.get_client().is_active()


def test_an_error_logged_during_a_crawl_step_is_an_event_with_release_environment_and_context(
        monkeypatch, sentry_off):
    monkeypatch.setenv("SENTRY_DSN", FAKE_DSN)
    monkeypatch.setenv("SENTRY_ENVIRONMENT", "staging")
    monkeypatch.delenv("SENTRY_RELEASE", raising=False)
    transport = MemoryTransport()
    monkeypatch.setattr("auctionspider.observability.JsonLinesTransport", lambda path: transport)
    monkeypatch.setenv("SENTRY_TEST_TRANSPORT_FILE", "unused")

    crawler = get_crawler(LeiloesSpider)
    reporter = SentryReporter.from_crawler(crawler)
    assert reporter.enabled
    url = "https://ludopedia.com.br/leilao/627426/the-red-cathedral"
    request = Request(url, cb_kwargs={"auction_id": 627426})
    try:
        raise ValueError("unexpected markup")
    except ValueError:  # how Scrapy's scraper logs an exception raised in a callback
        logging.getLogger("scrapy.core.scraper").error(
            SPIDERERRORMSG, {"request": request, "referer": "None"}, exc_info=True)
    sentry_sdk.flush()

    (event,) = transport.events
    assert event["release"] == package_release() and event["release"].startswith("leiloes@")
    assert event["environment"] == "staging"
    assert event["tags"]["spider"] == "leiloes" and event["tags"]["component"] == "crawl"
    assert event["contexts"]["crawl"] == {"url": url, "auction_id": 627426}
    assert event["tags"]["auction_id"] == "627426"
    assert event["exception"]["values"][-1]["type"] == "ValueError"


def test_a_drop_burst_is_one_warning_event_with_examples(monkeypatch, sentry_off):
    transport = MemoryTransport()
    monkeypatch.setattr("auctionspider.extensions.SentryReporter.from_crawler", classmethod(
        lambda cls, crawler: cls(crawler, init_sentry("crawl", dsn=FAKE_DSN, transport=transport))))
    crawler = get_crawler(LeiloesSpider, {"SENTRY_DROP_BURST": 3})
    reporter = SentryReporter.from_crawler(crawler)
    spider = LeiloesSpider()
    for n in range(8):
        reporter.item_dropped({"url": f"https://x/leilao/{n}/a"}, None, Exception(f"bad price {n}"), spider)
    reporter.spider_closed(spider, "finished")
    (event,) = transport.events
    assert event["level"] == "warning"
    assert event["message"].startswith("8 items dropped in one crawl (more than 3)")
    assert "https://x/leilao/0/a: bad price 0" in event["message"]
    assert len(event["contexts"]["dropped"]["examples"]) == 5


def test_a_changed_layout_is_one_event_with_example_urls(db_url, tmp_path):
    events_file = tmp_path / "sentry.jsonl"
    world = World.generate(games=3, lots=10, seed=11, now=NOW)
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"/leilao/", "layout", times=None)
        env = crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path, SENTRY_DSN=FAKE_DSN,
                        SENTRY_ENVIRONMENT="test", SENTRY_TEST_TRANSPORT_FILE=str(events_file))
        result = run_crawl(env)
    events = read_events(events_file)
    layout = [e for e in events if "layout probably changed" in (e.get("message") or "")]
    assert len(layout) == 1, (events, result.log[-3000:])
    (event,) = layout
    failed, attempted = event["contexts"]["layout"]["failed"], event["contexts"]["layout"]["attempted"]
    assert failed == attempted >= 5
    assert event["message"].startswith(
        f"Ludopedia layout probably changed: {failed} of {attempted} auction pages failed to parse")
    examples = event["contexts"]["layout"]["example_urls"]
    assert 1 <= len(examples) <= 5 and all(f"{site.base_url}/leilao/" in url for url in examples)
    assert all(url in event["message"] for url in examples)
    assert event["environment"] == "test" and event["tags"]["spider"] == "leiloes"
    # the drops are explained by the layout event: no separate burst event
    assert not [e for e in events if "items dropped" in (e.get("message") or "")]


def test_a_failed_auction_page_in_a_real_crawl_reports_url_and_auction_id(db_url, tmp_path):
    events_file = tmp_path / "sentry.jsonl"
    world = World.generate(games=2, lots=3, seed=5, now=NOW)
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"^/leilao/", "status", status=500, times=None)
        env = crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path, SENTRY_DSN=FAKE_DSN,
                        SENTRY_TEST_TRANSPORT_FILE=str(events_file))
        result = run_crawl(env)
    failed = [e for e in read_events(events_file) if "auction page failed" in str(e.get("logentry"))]
    assert failed, result.log[-3000:]
    event = failed[0]
    assert event["contexts"]["crawl"]["url"].startswith(f"{site.base_url}/leilao/")
    assert isinstance(event["contexts"]["crawl"]["auction_id"], int)
    assert event["environment"] == "production" and event["release"].startswith("leiloes@")
