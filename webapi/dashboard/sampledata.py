"""A realistic, deterministic data set for screenshots, demos and browser tests.

    populate(now=None, seed=7) → {slug: game}

A few watched games with about a year of sold auctions (prices per condition drifting over
time, some unsold/canceled ones, combos and accessories that must not count), open
auctions ending in the next days, fixed-price ads and Ludostore prices. Written through
the Django models (bulk_create); the crawl tables must exist.

    python -m webapi.dashboard.sampledata     # fills DATABASE_URL (refuses a non-empty DB)
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

# slug, name, ludostore price (centavos), {condition: (typical price R$, sales/year)}, yearly drift
GAMES = [
    ("brass-birmingham", "Brass: Birmingham", 69990, {"used": (430, 70), "sealed": (620, 28), "new": (560, 12)}, 0.08),
    ("arcs", "Arcs", 59990, {"used": (380, 24), "sealed": (520, 20), "new": (470, 6)}, -0.10),
    ("ark-nova", "Ark Nova", 54990, {"used": (350, 60), "sealed": (480, 22), "new": (430, 10)}, -0.05),
    ("terra-mystica", "Terra Mystica", 44990, {"used": (260, 40), "sealed": (390, 8)}, 0.0),
    ("wingspan", "Wingspan", 39990, {"used": (230, 55), "sealed": (330, 18), "new": (300, 8)}, 0.03),
    ("spirit-island", "Spirit Island", None, {"used": (310, 3)}, 0.0),
]
SELLERS = ["joaog", "mariaboard", "ludofan", "meeple_rj", "dadosdeouro", "ana.jogos", "tabuleirista", "cubo_sp"]
CITIES = [("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Curitiba", "PR"), ("Belo Horizonte", "MG"), ("Porto Alegre", "RS"), ("Recife", "PE")]
CONDITION_TITLES = {"used": "usado, completo", "sealed": "lacrado", "new": "novo, sem uso"}


def _round_price(value: float) -> int:
    """Bids land on whole reais or 5-real steps, in centavos."""
    step = 5 if value > 100 else 1
    return int(round(value / step) * step) * 100


def populate(now: datetime | None = None, seed: int = 7, games=GAMES) -> dict:
    from webapi.models import Auction, Game, Listing

    rng = random.Random(seed)
    now = now or timezone.now()
    next_id = 900_000
    created: dict = {}
    auctions: list[Auction] = []
    listings: list[Listing] = []

    def auction(game, **fields) -> None:
        nonlocal next_id
        next_id += rng.randint(1, 40)
        seller = rng.choice(SELLERS)
        city, state = rng.choice(CITIES)
        ends_at = fields["ends_at"]
        auctions.append(
            Auction(
                id=next_id, lot_id=80_000 + next_id // 7, game=game, seller=seller, city=city,
                state=state, url=f"https://ludopedia.com.br/leilao/{next_id}/{game.slug}",
                first_seen_at=ends_at - timedelta(days=7), last_seen_at=min(ends_at, now),
                updated_at=min(ends_at, now), bid_count=fields.pop("bid_count", rng.randint(1, 14)),
                **fields,
            )
        )

    for slug, name, ludostore, conditions, drift in games:
        game = Game(slug=slug, name=name, watched=True, ludostore_price_cents=ludostore,
                    ludopedia_id=1000 + len(created), created_at=now - timedelta(days=400),
                    updated_at=now)
        game.save()
        created[slug] = game
        for condition, (typical, per_year) in conditions.items():
            for _ in range(per_year):
                age = rng.uniform(0.5, 364)
                level = typical * (1 - drift * age / 365)
                price = max(40, rng.lognormvariate(0, 0.16) * level)
                ends_at = now - timedelta(days=age)
                auction(game, title=f"{name} ({CONDITION_TITLES[condition]})", kind="game",
                        condition=condition, status="sold", current_bid_cents=_round_price(price),
                        final_price_cents=_round_price(price), ends_at=ends_at)
            # unsold / canceled: never count
            for status in ("unsold", "canceled"):
                auction(game, title=f"{name} ({CONDITION_TITLES[condition]})", kind="game",
                        condition=condition, status=status, bid_count=0,
                        ends_at=now - timedelta(days=rng.uniform(1, 300)))
        typical_used = next(iter(conditions.values()))[0]
        # combos and accessories: sold, but never part of the game's prices
        for _ in range(4):
            auction(game, title=f"Combo {name} + expansões", kind="combo", condition="used",
                    status="sold", final_price_cents=_round_price(typical_used * 2.2),
                    current_bid_cents=_round_price(typical_used * 2.2),
                    ends_at=now - timedelta(days=rng.uniform(1, 300)))
            auction(game, title=f"Insert para {name}", kind="accessory", condition="new",
                    status="sold", final_price_cents=_round_price(90), current_bid_cents=_round_price(90),
                    ends_at=now - timedelta(days=rng.uniform(1, 300)))
        # open auctions ending in the next week (bids from low to high)
        for factor, condition in ((0.7, "used"), (1.0, "used"), (1.35, "used"), (1.0, "sealed"), (None, "used")):
            if condition not in conditions:
                continue
            base = conditions[condition][0]
            auction(game, title=f"{name} ({CONDITION_TITLES[condition]})", kind="game",
                    condition=condition, status="open",
                    current_bid_cents=None if factor is None else _round_price(base * factor),
                    bid_count=0 if factor is None else rng.randint(1, 9),
                    ends_at=now + timedelta(hours=rng.uniform(3, 160)))
        for i, condition in enumerate(conditions):
            for _ in range(2):
                listings.append(
                    Listing(id=500_000 + len(listings), game=game, title=name, kind="game",
                            condition=condition, city="São Paulo", active=True,
                            price_cents=_round_price(conditions[condition][0] * rng.uniform(1.0, 1.25)),
                            url=f"https://ludopedia.com.br/produto/{500_000 + len(listings)}/{slug}",
                            first_seen_at=now - timedelta(days=20), last_seen_at=now)
                )
    Auction.objects.bulk_create(auctions)
    Listing.objects.bulk_create(listings)
    return created


def main() -> None:  # pragma: no cover - manual use
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")
    django.setup()
    from webapi.models import Game

    if Game.objects.exists():
        raise SystemExit("The database already has games; sample data goes into an empty one.")
    games = populate()
    print(f"sample data: {len(games)} games")


if __name__ == "__main__":  # pragma: no cover
    main()
