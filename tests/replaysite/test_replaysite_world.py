"""The synthetic world: determinism, realism, scale, the clock and hand-built worlds."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from auctionspider.replaysite.world import (
    BRT, CONDITIONS, FIXTURE_AUCTION_IDS, FIXTURE_SLUGS, Bid, World, format_brl, slugify,
)

NOW = datetime(2025, 8, 27, 14, 30, tzinfo=timezone.utc)


def snapshot(w: World):
    return (
        [(g.slug, g.name, g.ludopedia_id, g.ludostore_price_cents) for g in w.games.values()],
        [(l.id, l.seller, l.city, l.uf, tuple(l.item_ids)) for l in w.lots.values()],
        [(a.id, a.lot_id, a.title, a.kind, a.condition, a.start_price_cents, a.ends_at,
          tuple(a.bids), a.buy_now_cents, a.description, a.deleted_at) for a in w.auctions.values()],
        [(li.id, li.title, li.price_cents, li.city) for li in w.listings.values()],
    )


def test_same_seed_same_world_other_seed_other_world():
    a = World.generate(games=10, seed=42, now=NOW)
    b = World.generate(games=10, seed=42, now=NOW)
    c = World.generate(games=10, seed=43, now=NOW)
    assert snapshot(a) == snapshot(b)
    assert snapshot(a) != snapshot(c)


def test_generated_values_look_like_ludopedia():
    w = World.generate(games=30, seed=0, now=NOW)
    auctions = list(w.auctions.values())
    assert len(w.games) == 30 and len(w.lots) == 90
    assert all(a.id >= 600000 for a in auctions)
    assert not FIXTURE_AUCTION_IDS & set(w.auctions)
    assert not FIXTURE_SLUGS & set(w.games)
    assert {a.condition for a in auctions} == set(CONDITIONS)
    assert {a.kind for a in auctions} == {"game", "combo", "accessory"}
    assert any(a.buy_now_cents for a in auctions) and any(a.deleted_at for a in auctions)
    assert any(not a.bids for a in auctions) and any(len(a.bids) > 5 for a in auctions)
    for a in auctions:
        assert a.lot_id in w.lots and a.id in w.lots[a.lot_id].item_ids
        assert re.fullmatch(r"[A-Z]{2}", a.uf) and a.city
        assert 3000 <= a.start_price_cents <= 300000
        amounts = [b.amount_cents for b in a.bids]
        assert amounts == sorted(set(amounts)) and all(x <= 300000 for x in amounts)
        assert [b.at for b in a.bids] == sorted(b.at for b in a.bids)
        assert all(a.created_at <= b.at <= a.ends_at for b in a.bids)
        end = a.ends_at.astimezone(BRT)
        assert end.minute in (0, 30) and 19 <= end.hour <= 23
    # accents in texts, thousands separators in prices
    assert any(re.search(r"[ãçéóêá]", a.description) for a in auctions)
    assert any(c for c, _ in [(l.city, l.uf) for l in w.lots.values()] if "ã" in c or "í" in c or "ó" in c)
    assert any(a.state(w.now).current_bid_cents and a.state(w.now).current_bid_cents >= 100000
               or (a.buy_now_cents or 0) >= 100000 for a in auctions)
    statuses = {a.state(w.now).status for a in auctions}
    assert {"open", "sold", "unsold"} <= statuses


def test_scale_ten_thousand_auctions_with_id_lookups():
    w = World.generate(games=100, lots=3000, seed=1, now=NOW)
    assert len(w.auctions) >= 10000
    assert len(w.games) == 100
    some = list(w.auctions)[::997]
    assert all(w.auction(i).id == i for i in some)
    assert w.auction(1) is None and w.lot(1) is None and w.game("nope") is None
    assert len(set(w.auctions)) == len(w.auctions)
    assert len({g.ludopedia_id for g in w.games.values()}) == 100


def test_slugify_and_money_format_match_the_site():
    assert slugify("G.I. JOE: Cartas em Ação") == "g-i-joe-cartas-em-acao"
    assert slugify("Robinson Crusoé - Upgrade Pack") == "robinson-crusoe-upgrade-pack"
    assert slugify("Gloomhaven: Buttons & Bugs") == "gloomhaven-buttons-bugs"
    assert format_brl(12000) == "R$ 120,00"
    assert format_brl(313800) == "R$ 3.138,00"
    assert format_brl(27280) == "R$ 272,80"
    assert format_brl(123456789) == "R$ 1.234.567,89"


def test_hand_built_world_and_the_clock():
    w = World(now=NOW)
    g = w.add_game("Azul", ludopedia_id=1234, ludostore_price_cents=25990)
    lot = w.add_lot(seller="fulano", city="Curitiba", uf="PR", id=90001)
    ends = NOW + timedelta(days=2)
    sold = w.add_auction(id=700001, game="azul", lot=lot, start_price_cents=10000, ends_at=ends,
                         bids=[(NOW - timedelta(hours=2), 10000), (NOW + timedelta(hours=5), 12000)])
    unsold = w.add_auction(id=700002, game=g, lot=90001, title="Azul - Insert 3D", kind="accessory",
                           condition="Lacrado", start_price_cents=5000, ends_at=ends)
    gone = w.add_auction(id=700003, game=g, lot=lot, ends_at=ends, deleted=True)
    plain = w.add_auction(game=g, bids=[5000, 6000])  # a new lot, default end in 3 days
    assert (sold.title, sold.slug, sold.edition, sold.seller, sold.city, sold.uf) == \
        ("Azul", "azul", g.publisher, "fulano", "Curitiba", "PR")
    assert w.lot_items(90001) == [sold, unsold]  # sorted by title; deleted ones hidden
    assert plain.lot_id != lot.id and len(plain.bids) == 2 and isinstance(plain.bids[0], Bid)

    st = sold.state(w.now)
    assert (st.status, st.current_bid_cents, st.bid_count, st.final_price_cents) == ("open", 10000, 1, None)
    assert unsold.state(w.now).current_bid_cents is None
    assert gone.state(w.now).status == "deleted"

    version = w.version
    w.advance(days=3)
    assert w.now == NOW + timedelta(days=3) and w.version == version  # the clock is no data change
    st = sold.state(w.now)
    assert (st.status, st.current_bid_cents, st.bid_count, st.final_price_cents) == ("sold", 12000, 2, 12000)
    st = unsold.state(w.now)
    assert (st.status, st.final_price_cents, st.buy_now_cents) == ("unsold", None, None)

    w.now = NOW
    assert sold.state(w.now).status == "open"
    with pytest.raises(ValueError):
        w.now = datetime(2025, 1, 1)  # naive
    with pytest.raises(ValueError):
        w.add_auction(id=700001, game=g)


def test_open_auctions_follow_the_clock():
    w = World.generate(games=8, seed=5, now=NOW)
    open_now = w.open_auctions()
    assert open_now and all(a.is_open(w.now) for a in open_now)
    assert open_now == sorted(open_now, key=lambda a: (a.ends_at, a.lot_id, a.title.casefold(), a.id))
    w.advance(days=11)
    assert w.open_auctions() == []
