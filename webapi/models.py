"""Django models.

The crawl tables (game, auction, auction_snapshot, listing, crawl_run) are owned by
SQLAlchemy/Alembic (auctionspider/db/models.py): they are mapped here with
`managed = False` and must match column for column (tests/webapi/test_model_contract.py
fails on any difference). Times are stored as naive UTC; with USE_TZ Django reads them
as aware UTC datetimes. Money is integer centavos.

ApiKey is Django's own (Django-migrated) table.
"""
from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

# --- crawl tables (owned by SQLAlchemy, read here) -----------------------------------

KIND_CHOICES = [
    ("game", "jogo"),
    ("combo", "combo"),
    ("accessory", "acessório"),
    ("unknown", "desconhecido"),
]
CONDITION_CHOICES = [
    ("new", "novo"),
    ("sealed", "lacrado"),
    ("used", "usado"),
    ("unknown", "desconhecido"),
]
STATUS_CHOICES = [
    ("open", "aberto"),
    ("sold", "vendido"),
    ("unsold", "não vendido"),
    ("canceled", "cancelado"),
]


class Game(models.Model):
    id = models.AutoField(primary_key=True)
    slug = models.CharField(
        "slug", max_length=200, unique=True, help_text="From the Ludopedia URL /jogo/<slug>."
    )
    name = models.CharField("nome", max_length=300)
    ludopedia_id = models.IntegerField("id Ludopedia", null=True, blank=True)
    watched = models.BooleanField(
        "na watchlist", default=False, help_text="Crawled on every run."
    )
    ludostore_price_cents = models.IntegerField(
        "preço Ludostore (centavos)", null=True, blank=True
    )
    created_at = models.DateTimeField("criado em")
    updated_at = models.DateTimeField("atualizado em")

    class Meta:
        managed = False
        db_table = "game"
        ordering = ["name"]
        verbose_name = "jogo"
        verbose_name_plural = "jogos"

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs):
        # The table has no server defaults: fill the timestamps the crawl would fill.
        now = timezone.now()
        if self.created_at is None:
            self.created_at = now
        self.updated_at = now
        if not self.name:
            self.name = default_game_name(self.slug)
        super().save(*args, **kwargs)


def default_game_name(slug: str) -> str:
    """`twilight-imperium-4a-edicao` → `Twilight Imperium 4a Edicao` (the crawl fixes it)."""
    return " ".join(capfirst(part) for part in slug.replace("_", "-").split("-") if part)


class Auction(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="Ludopedia's id, /leilao/<id>/…")
    lot_id = models.BigIntegerField("lote", null=True, blank=True)
    game = models.ForeignKey(
        Game,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_column="game_id",
        related_name="auctions",
        verbose_name="jogo",
    )
    title = models.CharField("título", max_length=500)
    kind = models.CharField("tipo", max_length=16, default="unknown", choices=KIND_CHOICES)
    condition = models.CharField(
        "condição", max_length=16, default="unknown", choices=CONDITION_CHOICES
    )
    edition = models.CharField("edição", max_length=200, null=True, blank=True)
    seller = models.CharField("vendedor", max_length=100, null=True, blank=True)
    city = models.CharField("cidade", max_length=100, null=True, blank=True)
    state = models.CharField("UF", max_length=2, null=True, blank=True)
    status = models.CharField("situação", max_length=16, default="open", choices=STATUS_CHOICES)
    current_bid_cents = models.IntegerField("lance atual (centavos)", null=True, blank=True)
    bid_count = models.IntegerField("lances", default=0)
    buy_now_cents = models.IntegerField("compre já (centavos)", null=True, blank=True)
    final_price_cents = models.IntegerField("preço final (centavos)", null=True, blank=True)
    ends_at = models.DateTimeField("termina em", null=True, blank=True)
    followers = models.IntegerField("seguidores", null=True, blank=True)
    views = models.IntegerField("visualizações", null=True, blank=True)
    description = models.TextField("descrição", null=True, blank=True)
    url = models.CharField("URL", max_length=500)
    first_seen_at = models.DateTimeField("visto primeiro em")
    last_seen_at = models.DateTimeField("visto por último em")
    updated_at = models.DateTimeField("atualizado em")

    class Meta:
        managed = False
        db_table = "auction"
        ordering = ["-ends_at", "-id"]
        verbose_name = "leilão"
        verbose_name_plural = "leilões"

    def __str__(self) -> str:
        return f"{self.id} — {self.title}"


class AuctionSnapshot(models.Model):
    id = models.BigAutoField(primary_key=True)
    auction = models.ForeignKey(
        Auction,
        on_delete=models.DO_NOTHING,
        db_column="auction_id",
        related_name="snapshots",
        verbose_name="leilão",
    )
    observed_at = models.DateTimeField("observado em")
    current_bid_cents = models.IntegerField("lance atual (centavos)", null=True, blank=True)
    bid_count = models.IntegerField("lances")
    followers = models.IntegerField("seguidores", null=True, blank=True)
    views = models.IntegerField("visualizações", null=True, blank=True)

    class Meta:
        managed = False
        db_table = "auction_snapshot"
        ordering = ["auction_id", "observed_at", "id"]
        verbose_name = "snapshot de leilão"
        verbose_name_plural = "snapshots de leilão"

    def __str__(self) -> str:
        return f"{self.auction_id} @ {self.observed_at:%Y-%m-%d %H:%M}"


class Listing(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="Ludopedia's id, /produto/<id>/…")
    game = models.ForeignKey(
        Game,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_column="game_id",
        related_name="listings",
        verbose_name="jogo",
    )
    title = models.CharField("título", max_length=500)
    kind = models.CharField("tipo", max_length=16, default="unknown", choices=KIND_CHOICES)
    condition = models.CharField(
        "condição", max_length=16, default="unknown", choices=CONDITION_CHOICES
    )
    city = models.CharField("cidade", max_length=100, null=True, blank=True)
    notes = models.TextField("observações", null=True, blank=True)
    price_cents = models.IntegerField("preço (centavos)")
    url = models.CharField("URL", max_length=500)
    active = models.BooleanField("ativo", default=True)
    first_seen_at = models.DateTimeField("visto primeiro em")
    last_seen_at = models.DateTimeField("visto por último em")

    class Meta:
        managed = False
        db_table = "listing"
        ordering = ["-last_seen_at", "-id"]
        verbose_name = "anúncio"
        verbose_name_plural = "anúncios"

    def __str__(self) -> str:
        return f"{self.id} — {self.title}"


class CrawlRun(models.Model):
    id = models.AutoField(primary_key=True)
    spider = models.CharField(max_length=50)
    started_at = models.DateTimeField("início")
    finished_at = models.DateTimeField("fim", null=True, blank=True)
    finish_reason = models.CharField("motivo do fim", max_length=100, null=True, blank=True)
    pages = models.IntegerField("páginas", default=0)
    items_stored = models.IntegerField("itens gravados", default=0)
    items_dropped = models.IntegerField("itens descartados", default=0)
    errors = models.IntegerField("erros", default=0)

    class Meta:
        managed = False
        db_table = "crawl_run"
        ordering = ["-started_at", "-id"]
        verbose_name = "execução do crawler"
        verbose_name_plural = "execuções do crawler"

    def __str__(self) -> str:
        return f"{self.spider} {self.started_at:%Y-%m-%d %H:%M}"


# --- Django's own tables ----------------------------------------------------------------

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    """sha256 hex of a key. Keys are 256-bit random tokens, so a fast hash is enough."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKey(models.Model):
    """An API key for /api/v1/. Only its sha256 is stored; the key is shown once."""

    name = models.CharField("nome", max_length=100, help_text="Who or what uses the key.")
    prefix = models.CharField(
        "prefixo", max_length=KEY_PREFIX_LENGTH, editable=False,
        help_text="The key's first characters, to recognise it.",
    )
    key_hash = models.CharField("hash", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("criada em", auto_now_add=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True, editable=False)
    revoked = models.BooleanField("revogada", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "chave de API"
        verbose_name_plural = "chaves de API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def generate(cls, name: str) -> tuple["ApiKey", str]:
        """Create and store a new key; returns (row, plain key). The plain key is not kept."""
        key = secrets.token_urlsafe(32)
        row = cls.objects.create(name=name, prefix=key[:KEY_PREFIX_LENGTH], key_hash=hash_key(key))
        return row, key

    @classmethod
    def lookup(cls, key: str | None) -> "ApiKey | None":
        """The active key row for a presented plain key, else None."""
        if not key or len(key) > 200:
            return None
        return cls.objects.filter(key_hash=hash_key(key), revoked=False).first()
