"""The replay site: a local HTTP server that pretends to be ludopedia.com.br.

    from auctionspider.replaysite import ReplaySite, World

    world = World.generate(games=20, seed=0)
    with ReplaySite(world=world) as site:          # 127.0.0.1, a free port
        site.base_url                              # 'http://127.0.0.1:54321'
        ...                                        # crawl it
        world.advance(days=8)                      # auctions end
        site.request_log                           # [(method, path, status), ...]
        site.reset_log()
        site.faults.add(r"^/leilao/", "status", status=503, times=2)

URL scheme (every link on generated pages is absolute, on ``base_url``):

``/robots.txt``                          allow all but an irrelevant path
``/leiloes`` , ``/leiloes?pagina=N``     open items as ``.item-leilao`` cards grouped by lot,
                                         ``page_size`` (40) per page, ``?pagina=`` links
``/leiloes?id_leilao=N``                 a lot: all its (not deleted) items as cards
``/leilao/<id>/<slug>``                  an auction item (slug ignored); unknown or deleted
                                         id: the "Leilão não encontrado ou excluído" page, 200
``/jogo/<slug>?v=anuncios``              a game's ads table (listings + open auctions)
``/jogo/<slug>``                         a small game page linking the ads page
``/produto/<id>/<slug>``                 a fixed-price ad (unknown id: 404)
``/capas/<n>_t.jpg`` etc.                a tiny placeholder image

Real fixture pages (``fixtures_dir``; default ``$LUDOPEDIA_FIXTURES``, else
``<project root>/../shared/fixtures/ludopedia`` when it exists; ``None`` disables them)
are served at their real paths before the world is consulted, with every
``ludopedia.com.br`` URL rewritten to ``base_url``:

``/jogo/the-red-cathedral?v=anuncios``   jogo_the-red-cathedral_anuncios.html
``/leilao/627426/...``                   leilao_627426_aberto_com_lances.html, or with
                                         ``site.fixture_stage = "ended"``
                                         derived/leilao_627426_finalizado_com_lances.html
                                         (``"auto"``: ended once world.now passes its end)
``/leilao/627783/...``                   leilao_627783_finalizado_sem_lances.html
``/leilao/<other id>/...``               derived/leilao_excluido.html (status 200)

Pages are cached by (target, world.now, world.version, stage, page size); the world bumps
``version`` on ``add_*``. If you mutate world objects in place, call ``world.changed()``
or ``site.clear_cache()``.
"""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections import OrderedDict
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from . import templates as T
from .faults import FOREIGN_PAGE, FaultPlan, rename_layout
from .world import World

_AUTO = object()

HTML = "text/html; charset=UTF-8"
# a 1x1 transparent GIF
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
         b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

FIXTURE_FILES = {
    "ads:the-red-cathedral": "jogo_the-red-cathedral_anuncios.html",
    "leilao:627426:open": "leilao_627426_aberto_com_lances.html",
    "leilao:627426:ended": "derived/leilao_627426_finalizado_com_lances.html",
    "leilao:627783": "leilao_627783_finalizado_sem_lances.html",
    "deleted": "derived/leilao_excluido.html",
}
#: 627426 ends 03/09/2025 22:30 Brasília time (stage "auto" switches there).
FIXTURE_627426_ENDS = datetime.fromisoformat("2025-09-04T01:30:00+00:00")

_URL_RE = re.compile(rb"(?:https?:)?//(?:www\.)?ludopedia\.com\.br", re.I)
_ENC_RE = re.compile(rb"https?%3A%2F%2F(?:www\.)?ludopedia\.com\.br", re.I)
_BARE_RE = re.compile(rb"(?:www\.)?ludopedia\.com\.br", re.I)

_LEILAO_RE = re.compile(r"^/leilao/(\d+)(?:/[^/]*)?/?$")
_PRODUTO_RE = re.compile(r"^/produto/(\d+)(?:/[^/]*)?/?$")
_JOGO_RE = re.compile(r"^/jogo/([^/]+)/?$")


def default_fixtures_dir() -> Path | None:
    env = os.environ.get("LUDOPEDIA_FIXTURES")
    if env:
        return Path(env)
    candidate = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "ludopedia"
    return candidate if candidate.is_dir() else None


def rewrite_links(body: bytes, base_url: str) -> bytes:
    """Point every ludopedia.com.br URL (absolute, protocol-relative, www., percent-encoded,
    bare host names like ``og:caption``/e-mail) at ``base_url``."""
    base = base_url.rstrip("/").encode()
    host = base.split(b"://", 1)[-1]
    body = _URL_RE.sub(lambda m: base, body)
    body = _ENC_RE.sub(lambda m: quote(base_url.rstrip("/"), safe="").encode(), body)
    return _BARE_RE.sub(lambda m: host, body)


class Response:
    __slots__ = ("status", "body", "content_type", "headers")

    def __init__(self, status: int, body: bytes, content_type: str = HTML, headers=None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or ()


REASONS = {200: "OK", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 403: "Forbidden"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LudopediaReplay/1.0"
    timeout = 60  # idle keep-alive connections end after a minute
    site: "ReplaySite"  # set on the subclass made per site

    def log_message(self, format, *args):  # noqa: A002 - silence stderr logging
        pass

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        site = self.site
        target = self.path
        if "://" in target[:12]:  # absolute-form request target
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        rule = site.faults.match(self.command, target)
        if rule is not None:
            kind = rule.kind
            if kind == "drop":
                site._log(self.command, target, 0)
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if kind == "status":
                body = (f"<html><head><title>{rule.status}</title></head><body><h1>Erro {rule.status}"
                        "</h1></body></html>").encode()
                return self._send(Response(rule.status, body), target, head)
            if kind == "rate_limit":
                body = b"<html><body><h1>429 Too Many Requests</h1></body></html>"
                ra = rule.retry_after
                ra = str(int(ra)) if float(ra).is_integer() else str(ra)
                return self._send(Response(429, body, headers=(("Retry-After", ra),)), target, head)
            if kind == "empty":
                return self._send(Response(200, b""), target, head)
            if kind == "foreign":
                return self._send(Response(200, FOREIGN_PAGE.encode()), target, head)
            if kind == "delay":
                time.sleep(rule.seconds)
        resp = site.respond(target)
        if rule is not None and rule.kind == "layout" and resp.content_type == HTML:
            resp = Response(resp.status, rename_layout(resp.body.decode("utf-8")).encode("utf-8"),
                            resp.content_type, resp.headers)
        if rule is not None and rule.kind == "truncate":
            if rule.declare_full_length:
                return self._send(resp, target, head, cut_at=rule.at_bytes)
            resp = Response(resp.status, resp.body[: rule.at_bytes], resp.content_type, resp.headers)
        self._send(resp, target, head)

    def _send(self, resp: Response, target: str, head: bool, cut_at: int | None = None) -> None:
        lines = [f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'Status')}",
                 f"Server: {self.server_version}",
                 f"Date: {self.date_time_string()}",
                 f"Content-Type: {resp.content_type}",
                 f"Content-Length: {len(resp.body)}"]
        lines += [f"{k}: {v}" for k, v in resp.headers]
        if cut_at is not None:
            self.close_connection = True
        if self.close_connection:
            lines.append("Connection: close")
        else:
            lines.append("Connection: keep-alive")
        head_bytes = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        body = b"" if head else (resp.body if cut_at is None else resp.body[:cut_at])
        self.site._log(self.command, target, resp.status)
        try:
            self.wfile.write(head_bytes + body)
            if cut_at is not None:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            self.close_connection = True


class ReplaySite:
    """A replay site running in a background thread. Use as a context manager, or call
    ``start()`` / ``stop()``.

    :param world: the ``World`` to serve (default ``World.generate()``)
    :param fixtures_dir: folder of the real saved pages; default see module docstring;
        ``None`` disables them
    :param fixture_stage: ``"open"`` (default), ``"ended"`` or ``"auto"``
    :param page_size: items per ``/leiloes`` page (default 40)
    """

    def __init__(self, world: World | None = None, fixtures_dir=_AUTO, host: str = "127.0.0.1",
                 port: int = 0, page_size: int = 40, fixture_stage: str = "open",
                 cache_size: int = 4096):
        self.world = world if world is not None else World.generate()
        self.fixtures_dir = default_fixtures_dir() if fixtures_dir is _AUTO else (
            Path(fixtures_dir) if fixtures_dir else None)
        self.host = host
        self.port = port
        self.page_size = page_size
        self.fixture_stage = fixture_stage
        self.faults = FaultPlan()
        self._log_lock = threading.Lock()
        self._request_log: list[tuple[str, str, int]] = []
        self._cache: OrderedDict = OrderedDict()
        self._cache_lock = threading.Lock()
        self._cache_size = cache_size
        self._fixture_cache: dict[str, bytes] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # ---- lifecycle
    def start(self) -> "ReplaySite":
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = _Server((self.host, self.port), handler)
        self.port = self._server.server_address[1]
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"replaysite:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_forever(self) -> None:
        """Start and block until interrupted (used by the CLI)."""
        if self._server is None:
            self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    def __enter__(self) -> "ReplaySite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, path: str) -> str:
        return self.base_url + path

    # ---- request log
    def _log(self, method: str, target: str, status: int) -> None:
        with self._log_lock:
            self._request_log.append((method, target, status))

    @property
    def request_log(self) -> list[tuple[str, str, int]]:
        """A copy of ``(method, path, status)`` for every request (status 0: dropped)."""
        with self._log_lock:
            return list(self._request_log)

    def reset_log(self) -> None:
        with self._log_lock:
            self._request_log.clear()

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    # ---- routing
    def _stage(self) -> str:
        if self.fixture_stage == "auto":
            return "ended" if self.world.now >= FIXTURE_627426_ENDS else "open"
        return self.fixture_stage

    def respond(self, target: str) -> Response:
        """The response for a request target (path + query), without faults."""
        world = self.world
        key = (target, world.now, world.version, self.fixture_stage, self.page_size)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        resp = self._route(target)
        with self._cache_lock:
            self._cache[key] = resp
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return resp

    def _fixture(self, name: str) -> Response | None:
        if self.fixtures_dir is None:
            return None
        body = self._fixture_cache.get(name)
        if body is None:
            path = self.fixtures_dir / FIXTURE_FILES[name]
            try:
                raw = path.read_bytes()
            except OSError:
                return None
            body = rewrite_links(raw, self.base_url)
            self._fixture_cache[name] = body
        return Response(200, body)

    def _html(self, text: str, status: int = 200) -> Response:
        return Response(status, text.encode("utf-8"))

    def _route(self, target: str) -> Response:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        world, base, now = self.world, self.base_url, self.world.now

        if path == "/robots.txt":
            return Response(200, T.ROBOTS.encode(), "text/plain; charset=UTF-8")
        if path.startswith("/capas/") or path.endswith((".jpg", ".png", ".gif", ".jpeg")):
            return Response(200, PIXEL, "image/gif")
        if path.endswith((".css", ".js", ".svg")):
            return Response(200, b"", "text/css" if path.endswith(".css") else "text/plain")

        m = _LEILAO_RE.match(path)
        if m:
            aid = int(m.group(1))
            if aid == 627426:
                r = self._fixture(f"leilao:627426:{self._stage()}")
                if r:
                    return r
            if aid == 627783:
                r = self._fixture("leilao:627783")
                if r:
                    return r
            a = world.auction(aid)
            if a is not None and a.is_published(now) and not a.is_deleted(now):
                return self._html(T.render_auction(world, a, base, now))
            return self._fixture("deleted") or self._html(T.render_deleted_auction(base))

        if path in ("/leiloes", "/leiloes/"):
            if "id_leilao" in query:
                try:
                    lot = world.lot(int(query["id_leilao"][0]))
                except ValueError:
                    lot = None
                if lot is None:
                    return self._html(T.render_lot_not_found(base))
                return self._html(T.render_lot(world, lot, base, now))
            try:
                page_no = int(query.get("pagina", ["1"])[0])
            except ValueError:
                page_no = 1
            return self._html(T.render_leiloes(world, base, now, max(1, page_no), self.page_size))

        m = _JOGO_RE.match(path)
        if m:
            slug = m.group(1)
            ads = query.get("v", [""])[0] == "anuncios"
            if ads and slug == "the-red-cathedral":
                r = self._fixture("ads:the-red-cathedral")
                if r:
                    return r
            g = world.game(slug)
            if g is None:
                return self._html(T.render_not_found(base, "Jogo não encontrado"), 404)
            if ads:
                return self._html(T.render_game_ads(world, g, base, now))
            return self._html(T.render_game(world, g, base, now))

        m = _PRODUTO_RE.match(path)
        if m:
            li = world.listing(int(m.group(1)))
            if li is None:
                return self._html(T.render_not_found(base, "Anúncio não encontrado"), 404)
            return self._html(T.render_listing(world, li, base))

        if path == "/":
            links = "".join(f'<li><a href="{base}/jogo/{g.slug}?v=anuncios">{T.esc(g.name)}</a></li>'
                            for g in list(world.games.values())[:200])
            return self._html(T.page(base, "Ludopedia", [], f'<p><a href="{base}/leiloes">Leilões</a></p>'
                                                              f'<ul class="lista-jogos">{links}</ul>'))
        return self._html(T.render_not_found(base), 404)
