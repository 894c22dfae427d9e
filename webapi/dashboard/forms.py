"""Dashboard forms: add a game to the watchlist; "Quanto você vai pagar?"."""
from __future__ import annotations

import re

from django import forms
from django.utils.text import slugify

from webapi import stats

_URL_SLUG = re.compile(r"ludopedia\.com\.br/jogo/([^/?#\s]+)", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,199}$")

CONDITION_CHOICES = [("", "Qualquer condição")] + [
    (c, stats.CONDITION_LABELS[c]) for c in stats.CONDITIONS
]


def slug_from_input(text: str) -> str:
    """'https://ludopedia.com.br/jogo/arcs?v=anuncios' / 'arcs' / 'Brass: Birmingham' → slug."""
    text = (text or "").strip()
    match = _URL_SLUG.search(text)
    if match:
        return match.group(1).lower()
    if _SLUG.match(text):
        return text
    return slugify(text)


class AddGameForm(forms.Form):
    jogo = forms.CharField(
        label="Adicionar jogo",
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": "https://ludopedia.com.br/jogo/arcs ou arcs", "autocomplete": "off"}
        ),
        help_text="O endereço do jogo na Ludopedia ou o seu slug.",
    )

    def clean_jogo(self) -> str:
        slug = slug_from_input(self.cleaned_data["jogo"])
        if not _SLUG.match(slug):
            raise forms.ValidationError(
                "Informe o endereço do jogo na Ludopedia (…/jogo/<nome>) ou o seu slug."
            )
        return slug


class PriceForm(forms.Form):
    preco = forms.CharField(
        label="Preço (R$)",
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "250,00", "inputmode": "decimal"}),
    )
    condicao = forms.ChoiceField(label="Condição", choices=CONDITION_CHOICES, required=False)

    def clean_preco(self) -> int:
        try:
            return stats.parse_reais(self.cleaned_data["preco"])
        except ValueError:
            raise forms.ValidationError("Informe um preço em reais, por exemplo 250 ou 250,50.")
