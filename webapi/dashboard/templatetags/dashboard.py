"""Template filters of the dashboard: Brazilian money and percentages.

    {% load dashboard %}
    {{ 123456|brl }}            → R$ 1.234,56   (centavos in)
    {{ trend|pct }}             → +12,5%        (a Decimal/number of percent in)
    {{ verdict|verdict_label }} → Preço justo
    {{ "used"|condition_label }} → Usado
"""
from __future__ import annotations

from decimal import Decimal

from django import template

from webapi import stats

register = template.Library()


def format_brl(cents: int | None, empty: str = "—") -> str:
    """123456 → 'R$ 1.234,56'; -550 → '-R$ 5,50'; None → '—'."""
    if cents is None or cents == "":
        return empty
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{sign}R$\u00a0{grouped},{frac:02d}"


def format_number(value, decimals: int = 1) -> str:
    """Decimal('12.5') → '12,5' (pt-BR decimal comma)."""
    if value is None:
        return "—"
    text = f"{Decimal(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def brl(cents) -> str:
    return format_brl(cents)


@register.filter
def pct(value, signed: bool = False) -> str:
    """A percentage with a decimal comma; `|pct:True` adds a + to positive values."""
    if value is None:
        return "—"
    text = format_number(value, 1) + "%"
    return f"+{text}" if signed and Decimal(value) > 0 else text


@register.filter
def verdict_label(value: str) -> str:
    return stats.VERDICT_LABELS.get(value, value)


@register.filter
def condition_label(value: str) -> str:
    return stats.CONDITION_LABELS.get(value, value)
