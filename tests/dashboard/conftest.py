"""The dashboard tests share tests/stats/conftest.py's fixtures (the tests/webapi test
database, data builders). tests/ is not a package, so that file is loaded by path."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "leiloes_tests_stats_conftest"
_shared = sys.modules.get(_NAME)
if _shared is None:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parents[1] / "stats" / "conftest.py"
    )
    _shared = importlib.util.module_from_spec(_spec)
    sys.modules[_NAME] = _shared
    _spec.loader.exec_module(_shared)

django_db_setup = _shared.django_db_setup
crawl_tables = _shared.crawl_tables
now = _shared.now
build = _shared.build
api_key = _shared.api_key
api = _shared.api
Builder = _shared.Builder
clear_crawl_tables = _shared.clear_crawl_tables

for _name, _value in _shared.public_helpers(_shared.webapi_conftest).items():
    globals().setdefault(_name, _value)
