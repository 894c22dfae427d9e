"""Error reporting to Sentry, for the crawl and the web app.

    init_sentry("crawl")   # the crawl (called by auctionspider.extensions.SentryReporter)
    init_sentry("web")     # the web app (called from webapi/settings.py)

Environment:
  SENTRY_DSN            where events go; unset or empty: Sentry stays off, nothing is sent.
  SENTRY_ENVIRONMENT    the environment tag (default "production").
  SENTRY_RELEASE        the release tag (default "leiloes@<installed package version>").
  SENTRY_TEST_TRANSPORT_FILE
                        testing hook: events are appended as JSON lines to this file
                        instead of being sent anywhere (no network). Used by the tests,
                        which run crawls in a subprocess; never set it in production.

ERROR log records become events (with the traceback when one is logged), INFO records
become breadcrumbs. Events carry `component` (crawl | web), and, for the crawl, the
spider name and — when the log record is about a request or an item — the URL and the
auction id (context "crawl", tags `url` / `auction_id`).
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
from importlib import metadata

import sentry_sdk
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.transport import Transport

AUCTION_URL = re.compile(r"/leilao/(\d+)(?:/|\b)")
ANY_URL = re.compile(r"https?://[^\s()<>'\"]+")


def package_release() -> str:
    try:
        return f"leiloes@{metadata.version('leiloes')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - not installed
        return "leiloes@unknown"


class MemoryTransport(Transport):
    """Keeps every event in memory (tests): `.events` is a list of event dicts."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []
        self._lock = threading.Lock()

    def capture_envelope(self, envelope) -> None:
        for item in envelope.items:
            event = item.get_event() or item.get_transaction_event()
            if event is not None:
                with self._lock:
                    self.events.append(event)

    def flush(self, timeout=None, callback=None) -> None:
        return None


class JsonLinesTransport(MemoryTransport):
    """Appends every event as one JSON line to a file (the SENTRY_TEST_TRANSPORT_FILE hook)."""

    def __init__(self, path: str, options=None):
        super().__init__(options)
        self.path = path

    def capture_envelope(self, envelope) -> None:
        before = len(self.events)
        super().capture_envelope(envelope)
        with self._lock, open(self.path, "a", encoding="utf-8") as out:
            for event in self.events[before:]:
                out.write(json.dumps(event, default=str) + "\n")


def read_events(path) -> list[dict]:
    """The events a JsonLinesTransport wrote (tests)."""
    try:
        with open(path, encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]
    except FileNotFoundError:
        return []


def crawl_context(message: str, args) -> dict:
    """URL and auction id of the request/item a Scrapy or spider log record is about."""
    context: dict = {}
    if isinstance(args, dict):
        request = args.get("request")
        if request is not None and hasattr(request, "url"):
            context["url"] = request.url
            auction_id = getattr(request, "cb_kwargs", {}).get("auction_id")
            if auction_id is not None:
                context["auction_id"] = auction_id
        item = args.get("item")
        if item is not None and hasattr(item, "get"):
            if item.get("url"):
                context.setdefault("url", item.get("url"))
            if type(item).__name__ == "AuctionItem" and item.get("id") is not None:
                context.setdefault("auction_id", item.get("id"))
    if "url" not in context:
        found = ANY_URL.search(message or "")
        if found:
            context["url"] = found.group(0).rstrip(".,;")
    if "auction_id" not in context and context.get("url"):
        found = AUCTION_URL.search(context["url"])
        if found:
            context["auction_id"] = int(found.group(1))
    return context


def _before_send(event, hint):
    record = (hint or {}).get("log_record")
    if record is not None:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the event
            message = str(record.msg)
        context = crawl_context(message, record.args)
        if context:
            event.setdefault("contexts", {}).setdefault("crawl", {}).update(context)
            tags = event.setdefault("tags", {})
            if "url" in context:
                tags.setdefault("url", context["url"][:200])
            if "auction_id" in context:
                tags.setdefault("auction_id", str(context["auction_id"]))
    return event


def init_sentry(component: str, *, dsn: str | None = None, transport: Transport | None = None,
                integrations: list | None = None, **options) -> bool:
    """Start Sentry for `component` when SENTRY_DSN (or `dsn`) is set; True when started.

    `transport` replaces the network transport (tests). Without a DSN nothing is
    initialised and nothing is ever sent.
    """
    dsn = dsn if dsn is not None else os.environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    if transport is None and os.environ.get("SENTRY_TEST_TRANSPORT_FILE"):
        transport = JsonLinesTransport(os.environ["SENTRY_TEST_TRANSPORT_FILE"])
    all_integrations = [LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)]
    all_integrations += list(integrations or [])
    if component == "web" and not any(type(i).__name__ == "DjangoIntegration" for i in all_integrations):
        from sentry_sdk.integrations.django import DjangoIntegration

        all_integrations.append(DjangoIntegration())
    settings = dict(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "").strip() or "production",
        release=os.environ.get("SENTRY_RELEASE", "").strip() or package_release(),
        integrations=all_integrations,
        # No PII: send_default_pii is deprecated in sentry-sdk 2.x and left unset (its
        # default, off: no user, cookies or bodies); data_collection is not used either.
        before_send=_before_send,
        traces_sample_rate=0,
    )
    if transport is not None:
        settings["transport"] = transport
    settings.update(options)
    sentry_sdk.init(**settings)
    sentry_sdk.get_global_scope().set_tag("component", component)
    return True


def sentry_enabled() -> bool:
    client = sentry_sdk.get_client()
    return client.is_active() and bool(client.dsn)
