"""Fault injection: each kind, counts that let retries succeed, pattern matching."""
from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request

import pytest
from _replay_helpers import fetch, get_text, raw_get

from auctionspider.replaysite import ReplaySite
from auctionspider.replaysite.faults import FaultPlan


@pytest.fixture
def site(small_world):
    with ReplaySite(world=small_world, fixtures_dir=None) as s:
        yield s


@pytest.fixture
def auction_path(small_world):
    return small_world.open_auctions()[0].path


def test_status_for_the_first_n_requests_then_the_page(site, auction_path):
    rule = site.faults.add(r"^/leilao/", "status", status=503, times=2)
    assert [fetch(site.url(auction_path))[0] for _ in range(3)] == [503, 503, 200]
    assert fetch(site.url("/leiloes"))[0] == 200  # other paths untouched
    assert (rule.hits, rule.remaining) == (2, 0)
    assert [s for _, p, s in site.request_log if p == auction_path] == [503, 503, 200]
    site.faults.status(r"/leiloes", 500)
    assert [fetch(site.url("/leiloes"))[0] for _ in range(2)] == [500, 200]


def test_rate_limit_429_with_retry_after(site):
    site.faults.rate_limit(r"/leiloes\?pagina=2", retry_after=2)
    status, headers, _ = fetch(site.url("/leiloes?pagina=2"))
    assert status == 429 and headers["Retry-After"] == "2"
    assert fetch(site.url("/leiloes"))[0] == 200
    assert fetch(site.url("/leiloes?pagina=2"))[0] == 200


def test_drop_closes_without_a_response(site, auction_path):
    site.faults.drop(r"^/leilao/")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        urllib.request.urlopen(site.url(auction_path), timeout=5).read()
    assert site.request_log[-1] == ("GET", auction_path, 0)
    assert fetch(site.url(auction_path))[0] == 200


def test_delay_makes_a_client_time_out(site, auction_path):
    site.faults.delay(r"^/leilao/", seconds=1.5)
    with pytest.raises((socket.timeout, TimeoutError, urllib.error.URLError)):
        urllib.request.urlopen(site.url(auction_path), timeout=0.3).read()
    assert fetch(site.url(auction_path))[0] == 200


def test_truncated_page(site, auction_path):
    full = get_text(site.url(auction_path)).encode()
    site.faults.truncate(r"^/leilao/", at_bytes=1500)
    status, headers, body = fetch(site.url(auction_path))
    assert status == 200 and body == full[:1500] and headers["Content-Length"] == "1500"
    # announced full length, connection closed early: the client sees a broken response
    site.faults.truncate(r"^/leilao/", at_bytes=1500, declare_full_length=True)
    r = raw_get(site.base_url, auction_path)
    assert int(r.headers["Content-Length"]) == len(full)
    with pytest.raises(http.client.IncompleteRead):
        r.read()
    assert fetch(site.url(auction_path))[2] == full


def test_empty_200(site, auction_path):
    site.faults.empty(r"^/leilao/")
    status, headers, body = fetch(site.url(auction_path))
    assert (status, body, headers["Content-Length"]) == (200, b"", "0")


def test_foreign_page(site, auction_path):
    site.faults.foreign(r"^/leilao/")
    status, _, body = fetch(site.url(auction_path))
    assert status == 200 and b"Just a moment" in body and b"leilao" not in body


def test_changed_layout(site, auction_path):
    normal = get_text(site.url(auction_path))
    site.faults.layout(r"^/leilao/", times=None)
    changed = get_text(site.url(auction_path))
    assert 'class="vl-produto' in normal or "SEM LANCES" in normal
    for old in ('class="termino"', 'class="leilao-dados-lance', 'class="title"', 'id="bloco-descricao-item"',
                'class="total-follow-item"', ' item-leilao"'):
        assert old not in changed
    assert 'class="fim-leilao"' in changed and 'class="titulo-item"' in changed
    assert get_text(site.url(auction_path)) == changed  # times=None: forever
    site.faults.clear()
    assert get_text(site.url(auction_path)) == normal


def test_rules_apply_in_order_with_method_filter_and_removal():
    plan = FaultPlan()
    a = plan.add(r"/x", "status", times=1, status=500)
    b = plan.add(r"/x", "empty", times=None, method="HEAD")
    assert plan.match("GET", "/x/1") is a
    assert plan.match("GET", "/x/1") is None
    assert plan.match("HEAD", "/x/1") is b
    plan.remove(b)
    assert plan.match("HEAD", "/x/1") is None and plan.rules == [a]
    with pytest.raises(ValueError):
        plan.add("/x", "explode")
