"""Brazilian prices ("R$ 3.138,00") as integer centavos. Never float."""
from __future__ import annotations

import re
from decimal import Decimal

from price_parser import Price

from auctionspider.parsing.errors import ParseError

# What a price on the site may look like: optional "R$", digits with optional "."
# thousands groups, optional ",dd" decimals. Anything else is not a price.
# ASCII digits: \d would let "R$ ١٢٠,٠٠" through.
_PRICE_SHAPE = re.compile(r"\s*(?:R\$)?\s*(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]{1,2})?\s*")
_NO_BIDS = {"", "sem lances", "sem lance"}
# Past this many digits a "price" is a misread page; Decimal's 28-digit arithmetic would
# also round it, and int() refuses strings of more than 4300 digits.
_MAX_DIGITS = 15


def parse_money_cents(text: str | None) -> int | None:
    """``"R$ 3.138,00"`` -> ``313800``; ``None``/``""``/``"SEM LANCES"`` -> ``None``.

    Raises ParseError for text that is not a price (``"R$ abc"``, ``"R$ 1,234"``).
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise ParseError(f"unparseable price {text!r}: not text")
    cleaned = " ".join(text.split())
    if cleaned.lower() in _NO_BIDS:
        return None
    if not _PRICE_SHAPE.fullmatch(cleaned):
        raise ParseError(f"unparseable price {text[:80]!r}")
    if sum(c.isdigit() for c in cleaned) > _MAX_DIGITS:
        raise ParseError(f"implausible price {text[:80]!r}: more than {_MAX_DIGITS} digits")
    amount = Price.fromstring(cleaned, decimal_separator=",").amount
    if amount is None:
        raise ParseError(f"unparseable price {text!r}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ParseError(f"unparseable price {text!r}: fractions of a centavo")
    return int(cents)


def format_brl(cents: int) -> str:
    """``313800`` -> ``"R$ 3.138,00"``."""
    if isinstance(cents, Decimal):
        cents = int(cents)
    sign = "-" if cents < 0 else ""
    reais, centavos = divmod(abs(int(cents)), 100)
    grouped = f"{reais:,}".replace(",", ".")
    return f"{sign}R$ {grouped},{centavos:02d}"
