"""Operations tests: Sentry reporting, logs, the crawl lock and exit codes."""
from __future__ import annotations

import pytest
import sentry_sdk


@pytest.fixture
def sentry_off():
    """Leave the process's Sentry as it was found: off, no tags."""
    yield
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn="")  # "" (not None): the SDK would read SENTRY_DSN
    sentry_sdk.get_global_scope().clear()
    sentry_sdk.get_isolation_scope().clear()
