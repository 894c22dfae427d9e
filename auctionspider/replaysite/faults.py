"""Fault injection for the replay site.

Every request is checked against the rules in ``site.faults`` (a ``FaultPlan``) before it
is served. A rule has a regex ``pattern`` (``re.search`` on the request target: path plus
query string, e.g. ``/leilao/600123/azul`` or ``/leiloes?pagina=2``), a ``kind``, and a
count ``times``: it fires for the first ``times`` matching requests (``None``: forever)
and then lets requests through, so a spider's retries eventually succeed. The first
rule (in insertion order) with shots left wins; a request matches at most one rule.

    with ReplaySite(world=w) as site:
        site.faults.add(r"^/leilao/", "status", status=503, times=2)
        site.faults.add(r"/leiloes\\?pagina=3", "rate_limit", retry_after=2)   # 429
        site.faults.add(r"/leilao/600010/", "drop")                  # close, no response
        site.faults.add(r"/jogo/", "delay", seconds=5)               # answer late (timeouts)
        site.faults.add(r"/leilao/", "truncate", at_bytes=2000)      # body cut at 2000 bytes
        site.faults.add(r"/leilao/", "truncate", at_bytes=2000, declare_full_length=True)
        site.faults.add(r"/leilao/", "empty")                        # 200, empty body
        site.faults.add(r"/leilao/", "foreign")                      # a non-Ludopedia page
        site.faults.add(r"/leilao/", "layout")                       # class names renamed
        rule = site.faults.add(r"/robots.txt", "status", status=500, times=None)
        rule.hits        # how many requests it hit so far
        site.faults.remove(rule); site.faults.clear()

Shortcuts: ``faults.status(pattern, 503, times=1)``, ``faults.rate_limit(pattern,
retry_after=2)``, ``faults.drop(pattern)``, ``faults.delay(pattern, seconds)``,
``faults.truncate(pattern, at_bytes)``, ``faults.empty(pattern)``,
``faults.foreign(pattern)``, ``faults.layout(pattern)``.

Kinds:

``status``      answer ``status`` (default 500) with a short HTML error body.
``rate_limit``  answer 429 with ``Retry-After: <retry_after>`` (default 2 seconds).
``drop``        close the connection without sending anything (request log status 0).
``delay``       sleep ``seconds`` (default 5), then serve the real page.
``truncate``    serve the real page cut at ``at_bytes`` bytes; by default with a matching
                ``Content-Length`` (a well-formed response with half a page), with
                ``declare_full_length=True`` the full length is announced and the
                connection is closed after ``at_bytes`` (the client sees a broken response).
``empty``       ``200`` with an empty body (``Content-Length: 0``).
``foreign``     ``200`` with a page that is not Ludopedia (a captive-portal/CDN challenge).
``layout``      the real page with its class names and block ids renamed (``vl-produto``
                -> ``valor-atual``, ``termino`` -> ``fim-leilao``, ``item-leilao`` ->
                ``card-leilao`` ...), so a parser's selectors find nothing.

Optionally ``method="GET"`` restricts a rule to one HTTP method. Rules are thread-safe.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

KINDS = ("status", "rate_limit", "drop", "delay", "truncate", "empty", "foreign", "layout")

#: class / id renames applied by the ``layout`` fault.
LAYOUT_RENAMES = {
    "vl-produto": "valor-atual",
    "vl_compre_ja": "valor-compre-agora",
    "vl_produto_store": "valor-loja",
    "termino": "fim-leilao",
    "count-down": "contagem",
    "item-leilao": "card-leilao",
    "leilao-dados-lance": "dados-do-leilao",
    "total-follow-item": "seguidores-item",
    "tot-count-view": "visualizacoes",
    "title": "titulo-item",
    "nm-loja": "nome-loja",
    "media-body": "corpo-midia",
    "breadcrumb": "trilha",
    "bloco-descricao-item": "descricao-do-item",
    "proximo_lance": "valor-anuncio",
    "anuncio-sub-titulo": "obs-anuncio",
    "nome-produto": "produto-nome",
    "prod-preco": "produto-preco",
    "table": "tabela",
}

_ATTR_RE = re.compile(r'\b(class|id)="([^"]*)"')

FOREIGN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title></head>
<body><div class="challenge-form"><h1>Checking your browser before accessing the site.</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds&hellip;</p></div></body></html>
"""


def rename_layout(html: str) -> str:
    """Rename the class and id tokens of ``LAYOUT_RENAMES`` inside class/id attributes."""

    def fix(m: re.Match) -> str:
        tokens = [LAYOUT_RENAMES.get(t, t) for t in m.group(2).split(" ")]
        return f'{m.group(1)}="{" ".join(tokens)}"'

    return _ATTR_RE.sub(fix, html)


@dataclass
class FaultRule:
    pattern: str
    kind: str
    times: int | None = 1
    status: int = 500
    retry_after: float = 2
    seconds: float = 5.0
    at_bytes: int = 1024
    declare_full_length: bool = False
    method: str | None = None
    hits: int = 0
    _regex: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {KINDS}")
        self._regex = re.compile(self.pattern)

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(0, self.times - self.hits)


class FaultPlan:
    """The ordered, thread-safe list of fault rules of one replay site."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, pattern: str, kind: str, times: int | None = 1, **options) -> FaultRule:
        rule = FaultRule(pattern, kind, times, **options)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        with self._lock:
            if rule in self._rules:
                self._rules.remove(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def match(self, method: str, target: str) -> FaultRule | None:
        """The rule that handles this request (consuming one of its shots), or None."""
        with self._lock:
            if not self._rules:
                return None
            for rule in self._rules:
                if rule.times is not None and rule.hits >= rule.times:
                    continue
                if rule.method and rule.method.upper() != method.upper():
                    continue
                if rule._regex.search(target):
                    rule.hits += 1
                    return rule
        return None

    # shortcuts
    def status(self, pattern: str, status: int = 500, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "status", times, status=status, **kw)

    def rate_limit(self, pattern: str, retry_after: float = 2, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "rate_limit", times, retry_after=retry_after, **kw)

    def drop(self, pattern: str, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "drop", times, **kw)

    def delay(self, pattern: str, seconds: float = 5.0, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "delay", times, seconds=seconds, **kw)

    def truncate(self, pattern: str, at_bytes: int = 1024, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "truncate", times, at_bytes=at_bytes, **kw)

    def empty(self, pattern: str, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "empty", times, **kw)

    def foreign(self, pattern: str, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "foreign", times, **kw)

    def layout(self, pattern: str, times: int | None = 1, **kw) -> FaultRule:
        return self.add(pattern, "layout", times, **kw)
