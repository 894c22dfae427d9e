"""Fixtures for the parsing tests; paths and helpers live in parsing_support.py."""
from __future__ import annotations

import pytest

from parsing_support import read_fixture, read_snippet


@pytest.fixture
def fixture_html():
    """``fixture_html("leilao_....html")`` -> the page's text (skips locally, fails in CI
    when the fixture folder is missing)."""
    return read_fixture


@pytest.fixture
def snippet_html():
    return read_snippet
