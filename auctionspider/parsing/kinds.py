"""What an auctioned item is: the game itself, a combo, an accessory, or unknown."""
from __future__ import annotations

import unicodedata


def _folded(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def infer_kind(page: dict, ads_kind: str | None = None) -> tuple[str, str]:
    """Return (kind, source). The game's ads table (`Produto`: Jogo/Combo/other) decides when
    the auction was seen there; otherwise an item page with no subtitle whose title is the
    game's name is the game; anything else is unknown."""
    if ads_kind:
        return ads_kind, "ads"
    if not (page.get("subtitle") or "").strip() and page.get("game_name") and \
            _folded(page.get("title")) == _folded(page["game_name"]):
        return "game", "page"
    return "unknown", "page"
