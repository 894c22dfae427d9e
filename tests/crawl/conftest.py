"""Run the real `scrapy crawl leiloes` in a subprocess against a replay site."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CrawlResult:
    returncode: int
    log: str


def run_crawl(base_url: str, db_url: str, now: str, *args: str, env: dict | None = None,
              timeout: float = 240) -> CrawlResult:
    environment = {
        **os.environ,
        "LUDOPEDIA_BASE_URL": base_url,
        "DATABASE_URL": db_url,
        "LEILOES_POLITE": "0",
        "LEILOES_NOW": now,
        "LOG_LEVEL": "INFO",
        **(env or {}),
    }
    scrapy = Path(sys.executable).with_name("scrapy")
    done = subprocess.run([str(scrapy), "crawl", "leiloes", *args], cwd=PROJECT_ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)
    return CrawlResult(done.returncode, done.stdout + done.stderr)


@pytest.fixture
def crawl():
    return run_crawl
