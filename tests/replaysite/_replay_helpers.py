"""HTTP helpers for the replay-site tests (a module with a unique name, imported directly)."""
from __future__ import annotations

import http.client
import urllib.error
import urllib.request

def fetch(url: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    """(status, headers, body) without raising on HTTP error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_text(url: str) -> str:
    status, _, body = fetch(url)
    assert status == 200, (url, status)
    return body.decode("utf-8")


def raw_get(base_url: str, path: str, timeout: float = 10) -> http.client.HTTPResponse:
    host, port = base_url.split("://", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    conn.request("GET", path)
    return conn.getresponse()
