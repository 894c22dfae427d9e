"""A deterministic synthetic Ludopedia: games, lots, auction items and fixed-price ads.

``World.generate(games=20, seed=0)`` builds a reproducible world (same seed, same world);
``World(now=...)`` plus ``add_game`` / ``add_lot`` / ``add_auction`` / ``add_listing``
builds a tiny hand-specified one for tests.

The world has a clock, ``world.now`` (aware UTC datetime, settable, see ``advance``). What
an auction page shows depends only on the auction and that clock: bids placed up to
``now`` are visible; once ``now >= ends_at`` the auction is ``sold`` (it had bids, the
final price is the last bid) or ``unsold``; from ``deleted_at`` on the page says the
auction was deleted.  ``Auction.state(now)`` returns those values, so tests can compare
what a parser read with what the world holds.

Money is integer centavos; times are aware UTC datetimes (the pages show Brasília time).
"""
from __future__ import annotations

import random
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

try:  # pragma: no cover - tzdata is normally present
    from zoneinfo import ZoneInfo

    BRT = ZoneInfo("America/Sao_Paulo")
except Exception:  # pragma: no cover
    BRT = timezone(timedelta(hours=-3), "BRT")

UTC = timezone.utc

#: The moment the real fixture pages were saved (2025-08-27 11:30 Brasília time).
DEFAULT_NOW = datetime(2025, 8, 27, 14, 30, tzinfo=UTC)

CONDITIONS = ("Usado", "Lacrado", "Novo")
KINDS = ("game", "combo", "accessory")

#: Ids and slugs used by the real fixture pages: never generated, so that the replay
#: site can serve the fixtures at their real paths next to a synthetic world.
FIXTURE_AUCTION_IDS = frozenset({
    627426, 627783, 628542,
    627413, 627414, 627418, 627424, 627425, 627427, 627429, 627430, 627431, 627432,
    628978, 628979, 628981, 628982, 628983,
})
FIXTURE_LOT_IDS = frozenset({87356, 87439})
FIXTURE_SLUGS = frozenset({"the-red-cathedral", "assyria"})


def slugify(text: str) -> str:
    """Ludopedia-style slug: ``G.I. JOE: Cartas em Ação`` -> ``g-i-joe-cartas-em-acao``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def format_brl(cents: int) -> str:
    """``123456`` -> ``R$ 1.234,56``."""
    reais, cent = divmod(int(cents), 100)
    return "R$ " + f"{reais:,}".replace(",", ".") + f",{cent:02d}"


def _aware(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return dt.astimezone(UTC)


# --------------------------------------------------------------------------- data

@dataclass
class Game:
    slug: str
    name: str
    ludopedia_id: int
    ludostore_price_cents: int | None = None
    publisher: str = "Galápagos Jogos"
    publisher_id: int = 1
    year: int = 2020

    @property
    def path(self) -> str:
        return f"/jogo/{self.slug}"


@dataclass
class Lot:
    id: int
    seller: str
    city: str
    uf: str
    seller_id: int = 1
    rules: str = ""
    item_ids: list[int] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/leiloes?id_leilao={self.id}"


@dataclass(frozen=True)
class Bid:
    at: datetime
    amount_cents: int


@dataclass(frozen=True)
class AuctionState:
    """What the auction page shows at one moment."""

    status: str  # open | sold | unsold | deleted
    current_bid_cents: int | None  # last visible bid (None: "SEM LANCES")
    bid_count: int
    final_price_cents: int | None  # set when sold
    followers: int
    views: int
    buy_now_cents: int | None  # shown only while open


@dataclass
class Auction:
    id: int
    lot_id: int
    title: str
    slug: str
    kind: str  # game | combo | accessory
    condition: str  # Usado | Lacrado | Novo
    start_price_cents: int
    ends_at: datetime
    created_at: datetime
    seller: str
    city: str
    uf: str
    game_slug: str | None = None
    subtitle: str = ""
    edition: str | None = None
    edition_id: int | None = None
    bids: list[Bid] = field(default_factory=list)
    buy_now_cents: int | None = None
    followers: int = 0
    views: int = 0
    description: str = ""
    deleted_at: datetime | None = None

    @property
    def path(self) -> str:
        return f"/leilao/{self.id}/{self.slug}"

    @property
    def condition_code(self) -> str:
        return {"Usado": "used", "Lacrado": "sealed", "Novo": "new"}.get(self.condition, "unknown")

    def is_deleted(self, now: datetime) -> bool:
        return self.deleted_at is not None and now >= self.deleted_at

    def is_published(self, now: datetime) -> bool:
        """Put up for auction by ``now`` (before that the site does not know it)."""
        return self.created_at <= now

    def is_open(self, now: datetime) -> bool:
        return self.created_at <= now < self.ends_at and not self.is_deleted(now)

    def visible_bids(self, now: datetime) -> list[Bid]:
        if now >= self.ends_at:
            return self.bids
        # bids are sorted by time; count those placed up to now
        n = 0
        for b in self.bids:
            if b.at <= now:
                n += 1
            else:
                break
        return self.bids[:n]

    def state(self, now: datetime) -> AuctionState:
        bids = self.visible_bids(now)
        current = bids[-1].amount_cents if bids else None
        span = (self.ends_at - self.created_at).total_seconds() or 1.0
        frac = min(1.0, max(0.05, (now - self.created_at).total_seconds() / span))
        followers = int(round(self.followers * frac))
        views = max(1, int(round(self.views * frac)))
        if self.is_deleted(now) or not self.is_published(now):
            status = "deleted"  # the site answers "não encontrado ou excluído"
        elif now >= self.ends_at:
            status = "sold" if bids else "unsold"
        else:
            status = "open"
        buy_now = self.buy_now_cents if status == "open" and (current or 0) < (self.buy_now_cents or 0) else None
        return AuctionState(
            status=status,
            current_bid_cents=current,
            bid_count=len(bids),
            final_price_cents=current if status == "sold" else None,
            followers=followers,
            views=views,
            buy_now_cents=buy_now,
        )

    def shown_price_cents(self, now: datetime) -> int:
        """Price on cards and in the game ads table: the current bid, else the start price."""
        bids = self.visible_bids(now)
        return bids[-1].amount_cents if bids else self.start_price_cents


@dataclass
class Listing:
    """A fixed-price ad (``/produto/<id>/<slug>``)."""

    id: int
    game_slug: str
    title: str
    slug: str
    kind: str  # game | combo | accessory
    condition: str
    city: str
    uf: str
    price_cents: int
    notes: str = ""
    seller: str = ""
    active: bool = True

    @property
    def path(self) -> str:
        return f"/produto/{self.id}/{self.slug}"


# --------------------------------------------------------------------------- pools

GAME_NAMES = [
    "Azul", "Catan", "Carcassonne", "Ticket to Ride", "Pandemic", "Wingspan", "Terraforming Mars",
    "Brass: Birmingham", "Gloomhaven", "Scythe", "Everdell", "Cascadia", "Ark Nova",
    "Dune: Imperium", "Lords of Waterdeep", "Sagrada", "Splendor", "7 Wonders", "7 Wonders Duel",
    "Agricola", "Puerto Rico", "Caylus", "Orléans", "Concordia", "Great Western Trail",
    "Viticulture", "Spirit Island", "Mansões da Loucura", "Arkham Horror: O Jogo de Cartas",
    "Eldritch Horror", "Zombicide: Black Plague", "Blood Rage", "Rising Sun", "Kemet",
    "Cyclades", "Twilight Imperium", "Eclipse: Segunda Aurora da Galáxia", "Mage Knight",
    "Nemesis", "Clank!", "Paladinos do Reino Ocidental", "Arquitetos do Reino Ocidental",
    "Salteadores do Mar do Norte", "Coup", "Love Letter", "Bang!", "Codenames", "Just One",
    "The Crew: A Busca pelo Planeta Nove", "Hanabi", "Patchwork", "Kingdomino", "Takenoko",
    "Tokaido", "Istanbul", "Marco Polo", "Troyes", "Le Havre", "Grand Austria Hotel",
    "Lorenzo il Magnifico", "Os Castelos de Borgonha", "Maracaibo", "Teotihuacan",
    "Tzolk'in: O Calendário Maia", "Trajan", "Barrage", "On Mars", "Lisboa", "Vinhos",
    "Gaia Project", "Terra Mystica", "Clans of Caledonia", "Underwater Cities", "Pax Pamir",
    "Root", "Oath", "Os Charlatões de Quedlinburg", "Santorini", "Dixit", "Mysterium",
    "Sherlock Holmes: Detetive Consultor", "Detetive: Um Jogo de Investigação", "Robinson Crusoé",
    "Mombasa", "Hansa Teutonica", "Through the Ages", "Power Grid: Alta Voltagem",
    "Castles of Mad King Ludwig", "Century: A Rota das Especiarias", "Azul: Vitrais de Sintra",
    "Café", "Praça São Marcos", "Ganz Schön Clever", "Cartógrafos", "Lost Ruins of Arnak",
    "Tapestry", "Anachrony", "Feast for Odin", "Caverna: Os Fazendeiros das Cavernas",
    "Nova Luna", "Heat: Pedal to the Metal", "Sky Team", "Mistfall", "Coimbra",
    "Fliegen Sie Mit", "A Guerra do Anel", "Senhor dos Anéis: Jornadas na Terra-média",
    "Star Wars: Rebellion", "Game of Thrones: O Jogo de Tabuleiro", "Battlestar Galactica",
    "Dead of Winter", "Descent: Lendas da Escuridão", "Marvel Champions", "Unmatched",
]
EXPANSIONS = ["Expansão Piratas", "Fogo e Gelo", "Mercadores", "Cidades e Cavaleiros",
              "Lendas", "Expansão do Norte", "Segundo Ato", "Horizontes", "A Grande Viagem"]
ACCESSORIES = ["Insert 3D", "Sleeves premium", "Playmat de neoprene", "Moedas de metal",
               "Organizador em MDF", "Dice tower", "Tokens de acrílico", "Miniaturas pintadas"]
LOOSE_ACCESSORIES = ["Kit de dados RPG (35 dados)", "Caixa organizadora de cartas",
                     "Lote de sleeves 63,5 x 88 mm", "Tapete de jogo genérico 60 x 60 cm",
                     "Bandejas para componentes", "Marcadores de pontuação em madeira"]
PUBLISHERS = [
    ("Galápagos Jogos", 4), ("Devir Brasil", 3525), ("Conclave Editora", 1221),
    ("Grok Games", 2870), ("Meeple BR Jogos", 1990), ("PaperGames", 560),
    ("Ludofy Creative", 4010), ("Mandala Jogos", 3304), ("Across the Board", 3780),
    ("Funbox", 2455), ("Calamity Games", 4102), ("Bucaneiros Jogos", 3333),
    ("MS Jogos", 2007), ("Rio Grande Games", 1), ("Buró", 3897), ("Editora Flow", 4222),
]
CITIES = [
    ("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"), ("Curitiba", "PR"),
    ("Porto Alegre", "RS"), ("Florianópolis", "SC"), ("Brasília", "DF"), ("Salvador", "BA"),
    ("Recife", "PE"), ("Fortaleza", "CE"), ("Goiânia", "GO"), ("Campinas", "SP"),
    ("Niterói", "RJ"), ("Ribeirão Preto", "SP"), ("São José dos Campos", "SP"),
    ("Juiz de Fora", "MG"), ("Uberlândia", "MG"), ("Londrina", "PR"), ("Maringá", "PR"),
    ("Caxias do Sul", "RS"), ("Joinville", "SC"), ("Blumenau", "SC"), ("Vitória", "ES"),
    ("Natal", "RN"), ("João Pessoa", "PB"), ("Maceió", "AL"), ("Aracaju", "SE"),
    ("Teresina", "PI"), ("São Luís", "MA"), ("Belém", "PA"), ("Manaus", "AM"), ("Cuiabá", "MT"),
    ("Campo Grande", "MS"), ("Porto Velho", "RO"), ("Palmas", "TO"), ("Macapá", "AP"),
    ("Boa Vista", "RR"), ("Rio Branco", "AC"), ("Santos", "SP"), ("Sorocaba", "SP"),
    ("Petrópolis", "RJ"), ("Pelotas", "RS"), ("Feira de Santana", "BA"), ("Itajubá", "MG"),
]
NICK_A = ["marcos", "ana", "rafa", "juliana", "pedro", "camila", "thiago", "leticia", "bruno",
          "fernanda", "gustavo", "patricia", "joao", "larissa", "diego", "carol", "vini", "bia",
          "caio", "renata", "lucas", "mariana", "andre", "tati"]
NICK_B = ["_ludico", "meeple", ".boardgames", "jogos", "_bg", "dados", "77", "_rj", "tabuleiro",
          "83", "_colecao", "games", "_sp", "2019", "cubos"]
CONDITION_NOTES = {
    "Usado": ["Usado, em ótimo estado, edição em português.", "Jogado poucas vezes, completo.",
              "Caixa com pequeno desgaste nos cantos; componentes em perfeito estado.",
              "Cartas com sleeves desde a primeira partida.",
              "Manual levemente amassado, de resto impecável."],
    "Lacrado": ["Lacrado de fábrica, nunca aberto.", "Lacrado, comprado na pré-venda.",
                "Ainda no plástico original."],
    "Novo": ["Novo, aberto apenas para conferência dos componentes.",
             "Novo, destacado mas nunca jogado.", "Sem uso, todas as peças conferidas."],
}
EXTRA_NOTES = ["Com sleeves!", "Acompanha insert.", "Envio muito bem embalado.",
               "Regras em português.", "Não faço trocas.", "Retirada em mãos também é possível.",
               "Ótimo para quem está começando no hobby.", "Dúvidas? Pergunte antes de dar lance."]
LOT_RULES = [
    "- Frete por conta do comprador.\n- O pagamento deve ser realizado em até 3 dias úteis após o término do leilão.\n- Postagem somente após confirmação do pagamento pela Ludopedia.",
    "Leilão para reduzir a coleção.\n\nPor favor só dê lance se for realmente comprar.",
    "Envio em até 5 dias úteis após a confirmação do pagamento.\nLances não honrados serão negativados!",
    "Leiam atentamente a descrição de cada jogo.\nQualquer dúvida, envie mensagem antes de efetuar seu lance.",
]
SUBTITLES = ["", "", "", "", "Com sleeves", "Edição de colecionador", "Completo", "Em português",
             "Com insert"]
LISTING_NOTES = ["", "", "", "Lacrado", "Loja Brechó Lúdico", "Com sleeves", "Pouco jogado",
                 "Aceito propostas"]


# --------------------------------------------------------------------------- world

class World:
    """The synthetic site. See the module docstring."""

    def __init__(self, now: datetime | None = None):
        self._now = _aware(now or DEFAULT_NOW)
        self.games: dict[str, Game] = {}
        self.games_by_ludopedia_id: dict[int, Game] = {}
        self.lots: dict[int, Lot] = {}
        self.auctions: dict[int, Auction] = {}
        self.listings: dict[int, Listing] = {}
        self._auctions_by_game: dict[str, list[int]] = {}
        self._listings_by_game: dict[str, list[int]] = {}
        self.version = 0  # bumped on every change; part of cache keys
        self._lock = threading.RLock()
        self._open_cache: tuple | None = None
        self._next_auction_id = 600001
        self._next_lot_id = 85001
        self._next_listing_id = 30001
        self._next_ludopedia_id = 1001

    # ---- clock
    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        self._now = _aware(value)

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        """``world.advance(days=8)``: move the clock forward; returns the new ``now``."""
        self._now = self._now + (delta or timedelta()) + timedelta(**kwargs)
        return self._now

    # ---- construction
    def _touch(self) -> None:
        self.version += 1
        self._open_cache = None

    def changed(self) -> None:
        """Call after mutating world objects in place (drops cached pages)."""
        self._touch()

    def add_game(self, name: str, slug: str | None = None, ludopedia_id: int | None = None,
                 ludostore_price_cents: int | None = None, publisher: str = "Galápagos Jogos",
                 publisher_id: int = 4, year: int = 2020) -> Game:
        with self._lock:
            slug = slug or slugify(name)
            if slug in self.games:
                raise ValueError(f"game {slug!r} exists")
            if ludopedia_id is None:
                while self._next_ludopedia_id in self.games_by_ludopedia_id:
                    self._next_ludopedia_id += 1
                ludopedia_id = self._next_ludopedia_id
            g = Game(slug, name, ludopedia_id, ludostore_price_cents, publisher, publisher_id, year)
            self.games[slug] = g
            self.games_by_ludopedia_id[ludopedia_id] = g
            self._touch()
            return g

    def add_lot(self, seller: str = "vendedor_teste", city: str = "São Paulo", uf: str = "SP",
                id: int | None = None, rules: str = "", seller_id: int | None = None) -> Lot:
        with self._lock:
            if id is None:
                while self._next_lot_id in self.lots or self._next_lot_id in FIXTURE_LOT_IDS:
                    self._next_lot_id += 1
                id = self._next_lot_id
                self._next_lot_id += 1
            if id in self.lots:
                raise ValueError(f"lot {id} exists")
            lot = Lot(id, seller, city, uf, seller_id or (1000 + id % 90000), rules)
            self.lots[id] = lot
            self._touch()
            return lot

    def _new_auction_id(self) -> int:
        while self._next_auction_id in self.auctions or self._next_auction_id in FIXTURE_AUCTION_IDS:
            self._next_auction_id += 1
        aid = self._next_auction_id
        self._next_auction_id += 1
        return aid

    def add_auction(self, *, game: str | Game | None = None, lot: int | Lot | None = None,
                    id: int | None = None, title: str | None = None, kind: str = "game",
                    condition: str = "Usado", start_price_cents: int = 10000,
                    bids: list | None = None, ends_at: datetime | None = None,
                    created_at: datetime | None = None, buy_now_cents: int | None = None,
                    subtitle: str = "", edition: str | None = None,
                    edition_id: int | None = None, followers: int = 0, views: int = 0,
                    description: str = "", deleted: bool = False,
                    deleted_at: datetime | None = None, seller: str | None = None,
                    city: str | None = None, uf: str | None = None) -> Auction:
        """Add one auction item. Unset values get simple defaults:

        * ``lot``: a new lot of ``seller``/``city``/``uf`` (defaults ``vendedor_teste``,
          ``São Paulo``/``SP``);
        * ``ends_at``: ``now + 3 days``; ``created_at``: ``ends_at - 7 days``;
        * ``bids``: ``Bid`` objects, ``(datetime, cents)`` pairs, or plain cents (placed one
          minute apart starting one minute after ``created_at``);
        * ``title``: the game's name; ``edition``: the game's publisher;
        * ``deleted=True``: deleted from the start (``deleted_at = created_at``).
        """
        with self._lock:
            g = self.games[game] if isinstance(game, str) else game
            if lot is None:
                lot = self.add_lot(seller or "vendedor_teste", city or "São Paulo", uf or "SP")
            lot_obj = self.lots[lot] if isinstance(lot, int) else lot
            if id is None:
                id = self._new_auction_id()
            if id in self.auctions:
                raise ValueError(f"auction {id} exists")
            ends_at = _aware(ends_at) if ends_at else self._now + timedelta(days=3)
            created_at = _aware(created_at) if created_at else ends_at - timedelta(days=7)
            norm: list[Bid] = []
            for i, b in enumerate(bids or []):
                if isinstance(b, Bid):
                    norm.append(b)
                elif isinstance(b, tuple):
                    norm.append(Bid(_aware(b[0]), int(b[1])))
                else:
                    norm.append(Bid(created_at + timedelta(minutes=i + 1), int(b)))
            norm.sort(key=lambda b: b.at)
            title = title or (g.name if g else "Item sem ficha")
            if deleted and deleted_at is None:
                deleted_at = created_at
            a = Auction(
                id=id, lot_id=lot_obj.id, title=title, slug=slugify(title), kind=kind,
                condition=condition, start_price_cents=start_price_cents, ends_at=ends_at,
                created_at=created_at, seller=seller or lot_obj.seller, city=city or lot_obj.city,
                uf=uf or lot_obj.uf, game_slug=g.slug if g else None, subtitle=subtitle,
                edition=edition if edition is not None else (g.publisher if g else None),
                edition_id=edition_id if edition_id is not None else (g.publisher_id if g else None),
                bids=norm, buy_now_cents=buy_now_cents, followers=followers, views=views,
                description=description, deleted_at=_aware(deleted_at) if deleted_at else None,
            )
            self.auctions[id] = a
            lot_obj.item_ids.append(id)
            if a.game_slug:
                self._auctions_by_game.setdefault(a.game_slug, []).append(id)
            self._touch()
            return a

    def add_listing(self, *, game: str | Game, price_cents: int, id: int | None = None,
                    title: str | None = None, kind: str = "game", condition: str = "Usado",
                    city: str = "São Paulo", uf: str = "SP", notes: str = "",
                    seller: str = "", active: bool = True) -> Listing:
        with self._lock:
            g = self.games[game] if isinstance(game, str) else game
            if id is None:
                while self._next_listing_id in self.listings:
                    self._next_listing_id += 1
                id = self._next_listing_id
                self._next_listing_id += 1
            title = title or g.name
            li = Listing(id, g.slug, title, slugify(title), kind, condition, city, uf,
                         price_cents, notes, seller, active)
            self.listings[id] = li
            self._listings_by_game.setdefault(g.slug, []).append(id)
            self._touch()
            return li

    # ---- queries (O(1) by id)
    def auction(self, auction_id: int) -> Auction | None:
        return self.auctions.get(auction_id)

    def lot(self, lot_id: int) -> Lot | None:
        return self.lots.get(lot_id)

    def game(self, slug: str) -> Game | None:
        return self.games.get(slug)

    def listing(self, listing_id: int) -> Listing | None:
        return self.listings.get(listing_id)

    def lot_items(self, lot_id: int, now: datetime | None = None) -> list[Auction]:
        """The lot's items not deleted at ``now``, sorted by title like the real site."""
        now = now or self._now
        lot = self.lots.get(lot_id)
        if lot is None:
            return []
        items = [self.auctions[i] for i in lot.item_ids]
        return sorted((a for a in items if a.is_published(now) and not a.is_deleted(now)),
                      key=lambda a: (a.title.casefold(), a.id))

    def game_auctions(self, slug: str) -> list[Auction]:
        return [self.auctions[i] for i in self._auctions_by_game.get(slug, ())]

    def game_listings(self, slug: str) -> list[Listing]:
        return [self.listings[i] for i in self._listings_by_game.get(slug, ())]

    def open_auctions(self, now: datetime | None = None) -> list[Auction]:
        """Open auctions at ``now`` in site-listing order (end time, lot, title, id)."""
        now = now or self._now
        key = (now, self.version)
        cache = self._open_cache
        if cache is not None and cache[0] == key:
            return cache[1]
        items = sorted((a for a in self.auctions.values() if a.is_open(now)),
                       key=lambda a: (a.ends_at, a.lot_id, a.title.casefold(), a.id))
        self._open_cache = (key, items)
        return items

    # ---- generation
    @classmethod
    def generate(cls, games: int = 20, lots: int | None = None,
                 items_per_lot: tuple[int, int] = (1, 6),
                 listings_per_game: tuple[int, int] = (2, 8), seed: int = 0,
                 now: datetime | None = None, deleted_share: float = 0.03,
                 days_before: int = 10, days_after: int = 10) -> "World":
        """A reproducible world: same arguments, same world (ids, texts, prices, bids).

        ``lots`` defaults to ``games * 3``. Lot end times spread from ``days_before``
        days before ``now`` to ``days_after`` days after it (with the defaults, about half
        the auctions are still open; a long ``days_after`` lets a demo replay months), always at
        a Brasília-evening hour or half hour. 100 games and 3,000 lots (about 10,000
        auctions) generate in about a second.
        """
        rng = random.Random(seed)
        w = cls(now=now)
        now = w.now
        if lots is None:
            lots = games * 3
        # games
        names = list(GAME_NAMES)
        rng.shuffle(names)
        used_ids: set[int] = set()
        game_values: dict[str, int] = {}
        for i in range(games):
            base = names[i % len(names)]
            name = base if i < len(names) else f"{base} ({i // len(names) + 1}ª Edição)"
            if slugify(name) in FIXTURE_SLUGS or slugify(name) in w.games:
                name = f"{name} {i}"
            lid = rng.randint(1000, 69999)
            while lid in used_ids or lid == 25605:
                lid = rng.randint(1000, 69999)
            used_ids.add(lid)
            value = rng.choice([rng.randint(60, 300), rng.randint(150, 700), rng.randint(400, 2400)])
            value_cents = value * 100
            store = value_cents + rng.randint(0, 99) if rng.random() < 0.6 else None
            pub, pub_id = rng.choice(PUBLISHERS)
            g = w.add_game(name, ludopedia_id=lid, ludostore_price_cents=store,
                           publisher=pub, publisher_id=pub_id, year=rng.randint(1995, 2024))
            game_values[g.slug] = value_cents
        game_list = list(w.games.values())
        # lots and auction items
        w._next_auction_id = 600001
        w._next_lot_id = 85001
        for _ in range(lots):
            city, uf = rng.choice(CITIES)
            seller = rng.choice(NICK_A) + rng.choice(NICK_B)
            if rng.random() < 0.3:
                seller = seller.capitalize()
            lot = w.add_lot(seller, city, uf, rules=rng.choice(LOT_RULES),
                            seller_id=rng.randint(1000, 190000))
            w._next_lot_id += rng.randint(0, 2)
            end_local = (now + timedelta(minutes=rng.randint(-days_before * 24 * 60, days_after * 24 * 60))).astimezone(BRT)
            end_local = end_local.replace(hour=rng.choice([19, 20, 21, 22, 23]),
                                          minute=rng.choice([0, 0, 30]), second=0, microsecond=0)
            ends_at = end_local.astimezone(UTC)
            created_at = ends_at - timedelta(days=rng.randint(7, 14), hours=rng.randint(0, 12))
            for _ in range(rng.randint(*items_per_lot)) if game_list else ():
                w._generate_item(rng, lot, ends_at, created_at, game_list, game_values, deleted_share)
                w._next_auction_id += rng.randint(0, 2)
        # fixed-price listings
        for g in game_list:
            for _ in range(rng.randint(*listings_per_game)):
                w._generate_listing(rng, g, game_values[g.slug])
                w._next_listing_id += rng.randint(1, 4000)
        return w

    def _generate_item(self, rng: random.Random, lot: Lot, ends_at: datetime,
                       created_at: datetime, game_list: list[Game],
                       game_values: dict[str, int], deleted_share: float) -> Auction:
        g = rng.choice(game_list)
        value = game_values[g.slug]
        r = rng.random()
        subtitle = rng.choice(SUBTITLES)
        if r < 0.75:
            kind, title = "game", g.name
        elif r < 0.87:
            kind = "combo"
            title = f"{g.name} + {rng.choice(EXPANSIONS)}"
            subtitle = "Combo - " + rng.choice(["Base + Expansão", "Exp + Moedas + Insert",
                                                  "Jogo + 2 expansões", "Base + promos"])
            value = int(value * 1.5)
        elif r < 0.97:
            kind = "accessory"
            acc = rng.choice(ACCESSORIES)
            title = f"{g.name} - {acc}"
            subtitle = acc
            value = rng.randint(30, 180) * 100
        else:
            kind, g = "accessory", None
            title = rng.choice(LOOSE_ACCESSORIES)
            value = rng.randint(30, 150) * 100
        condition = rng.choices(CONDITIONS, weights=(65, 20, 15))[0]
        if condition != "Usado":
            value = int(value * 1.2)
        start = max(3000, (int(value * rng.uniform(0.35, 0.75)) // 1000) * 1000)
        start = min(start, 250000)
        # bids
        n_bids = 0 if rng.random() < 0.3 else min(int(rng.expovariate(1 / 7)) + 1, 30)
        bids: list[Bid] = []
        amount = start
        span = (ends_at - created_at).total_seconds()
        times = sorted(created_at + timedelta(seconds=span * (1 - rng.random() ** 2.5))
                       for _ in range(n_bids))
        for i, t in enumerate(times):
            if i:
                step = 1000 if amount < 30000 else (3000 if amount < 100000 else 5000)
                amount += step * rng.randint(1, 3)
            if amount > 300000:
                break
            bids.append(Bid(t.replace(microsecond=0), amount))
        buy_now = None
        if rng.random() < 0.2:
            top = bids[-1].amount_cents if bids else start
            buy_now = max(top + 2000, (int(value * rng.uniform(1.0, 1.3)) // 1000) * 1000)
            buy_now = min(buy_now, 300000)
            if buy_now <= top:
                buy_now = None
        desc = rng.choice(CONDITION_NOTES[condition])
        if rng.random() < 0.7:
            desc += "\n\n" + rng.choice(EXTRA_NOTES)
        deleted_at = None
        if rng.random() < deleted_share:
            deleted_at = created_at + (ends_at - created_at) * rng.random()
            deleted_at = deleted_at.replace(microsecond=0)
        return self.add_auction(
            game=g, lot=lot, title=title, kind=kind, condition=condition,
            start_price_cents=start, bids=bids, ends_at=ends_at, created_at=created_at,
            buy_now_cents=buy_now, subtitle=subtitle, followers=rng.randint(0, 60),
            views=rng.randint(15, 600), description=desc, deleted_at=deleted_at,
            edition=(g.publisher if g and kind != "accessory" else None),
            edition_id=(g.publisher_id if g and kind != "accessory" else None),
        )

    def _generate_listing(self, rng: random.Random, g: Game, value: int) -> Listing:
        r = rng.random()
        if r < 0.8:
            kind, title = "game", g.name
        elif r < 0.9:
            kind, title = "combo", f"{g.name} + {rng.choice(EXPANSIONS)}"
        else:
            kind, title = "accessory", f"{g.name} - {rng.choice(ACCESSORIES)}"
            value = rng.randint(30, 180) * 100
        condition = rng.choices(CONDITIONS, weights=(55, 35, 10))[0]
        price = int(value * rng.uniform(0.7, 1.4))
        price = max(3000, price - price % 5) if rng.random() < 0.5 else max(3000, (price // 100) * 100)
        city, uf = rng.choice(CITIES)
        return self.add_listing(game=g, price_cents=price, title=title, kind=kind,
                                condition=condition, city=city, uf=uf,
                                notes=rng.choice(LISTING_NOTES) if kind != "accessory" else title.split(" - ")[-1],
                                seller=rng.choice(NICK_A) + rng.choice(NICK_B))
