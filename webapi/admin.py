"""Django admin: browse the crawl data (read-only), edit the watchlist, manage API keys."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from webapi.models import (
    ApiKey,
    Auction,
    AuctionSnapshot,
    CrawlRun,
    Game,
    Listing,
    default_game_name,
)


def _brl(cents: int | None) -> str:
    if cents is None:
        return "—"
    reais, centavos = divmod(cents, 100)
    return f"R$ {reais:,}".replace(",", ".") + f",{centavos:02d}"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Crawl data is written by the crawler only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- games: the only crawl table edited here (watchlist, add by slug) ----------------------


class GameAddForm(forms.ModelForm):
    class Meta:
        model = Game
        fields = ["slug", "name"]

    name = forms.CharField(
        label="nome",
        max_length=300,
        required=False,
        help_text="Optional: defaults to the slug in title case; the crawl fills the real name.",
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().strip("/")
        if slug.startswith("http") or "/jogo/" in slug:
            slug = slug.split("/jogo/", 1)[-1].split("?", 1)[0].strip("/")
        if not slug:
            raise forms.ValidationError("Enter the game's Ludopedia slug (from /jogo/<slug>).")
        return slug

    def save(self, commit=True):
        game = super().save(commit=False)
        game.name = self.cleaned_data.get("name") or default_game_name(game.slug)
        game.watched = True
        if commit:
            game.save()
        return game


@admin.register(Game)
class GameAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "watched", "ludopedia_id", "ludostore_price", "updated_at")
    list_display_links = ("name",)
    list_editable = ("watched",)
    list_filter = ("watched",)
    search_fields = ("name", "slug")
    ordering = ("name",)
    actions = ["watch", "unwatch"]
    fields = (
        "slug", "name", "watched", "ludopedia_id", "ludostore_price_cents",
        "created_at", "updated_at",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = GameAddForm
            kwargs["fields"] = ["slug", "name"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["slug", "name"] if obj is None else list(self.fields)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return tuple(f for f in self.fields if f != "watched")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="preço Ludostore", ordering="ludostore_price_cents")
    def ludostore_price(self, obj: Game) -> str:
        return _brl(obj.ludostore_price_cents)

    def _set_watched(self, request, queryset, watched: bool) -> None:
        count = 0
        for game in queryset:  # save() sets updated_at
            if game.watched != watched:
                game.watched = watched
                game.save(update_fields=["watched", "updated_at"])
                count += 1
        state = "added to" if watched else "removed from"
        self.message_user(request, f"{count} game(s) {state} the watchlist.", messages.SUCCESS)

    @admin.action(description="Add to the watchlist")
    def watch(self, request, queryset):
        self._set_watched(request, queryset, True)

    @admin.action(description="Remove from the watchlist")
    def unwatch(self, request, queryset):
        self._set_watched(request, queryset, False)


# --- read-only crawl data --------------------------------------------------------------------


class SnapshotInline(admin.TabularInline):
    model = AuctionSnapshot
    fields = ("observed_at", "current_bid_cents", "bid_count", "followers", "views")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-observed_at",)
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Auction)
class AuctionAdmin(ReadOnlyAdmin):
    list_display = (
        "id", "title", "game", "status", "kind", "condition", "bid", "final_price",
        "bid_count", "ends_at", "seller", "state",
    )
    list_filter = ("status", "kind", "condition", "state", "ends_at", "game")
    search_fields = ("title", "seller", "=id", "=lot_id")
    date_hierarchy = "ends_at"
    list_select_related = ("game",)
    ordering = ("-ends_at", "-id")
    show_full_result_count = False  # no COUNT(*) over a big table on every page
    inlines = [SnapshotInline]
    readonly_fields = ("link",)

    @admin.display(description="lance atual", ordering="current_bid_cents")
    def bid(self, obj: Auction) -> str:
        return _brl(obj.current_bid_cents)

    @admin.display(description="preço final", ordering="final_price_cents")
    def final_price(self, obj: Auction) -> str:
        return _brl(obj.final_price_cents)

    @admin.display(description="Ludopedia")
    def link(self, obj: Auction) -> str:
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.url, obj.url)


@admin.register(AuctionSnapshot)
class AuctionSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("auction", "observed_at", "current_bid_cents", "bid_count", "followers", "views")
    list_select_related = ("auction",)
    search_fields = ("=auction__id",)
    date_hierarchy = "observed_at"
    show_full_result_count = False
    raw_id_fields = ("auction",)


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "game", "kind", "condition", "price", "city", "active", "last_seen_at")
    list_filter = ("active", "kind", "condition", "game")
    search_fields = ("title", "=id", "city")
    list_select_related = ("game",)
    show_full_result_count = False

    @admin.display(description="preço", ordering="price_cents")
    def price(self, obj: Listing) -> str:
        return _brl(obj.price_cents)


@admin.register(CrawlRun)
class CrawlRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id", "spider", "started_at", "finished_at", "finish_reason", "pages",
        "items_stored", "items_dropped", "errors",
    )
    list_filter = ("spider", "finish_reason")
    date_hierarchy = "started_at"


# --- API keys ----------------------------------------------------------------------------------


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are created with `python -m webapi create_api_key` (the key is shown once);
    here they can be browsed, renamed and revoked."""

    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "prefix", "revoked", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        count = queryset.update(revoked=True)
        self.message_user(request, f"{count} key(s) revoked.", messages.SUCCESS)
