"""Scrapy settings for the leiloes crawl. Anything deployment-specific comes from the
environment (see README: DATABASE_URL, LUDOPEDIA_BASE_URL, LEILOES_POLITE, LOG_LEVEL, …)."""
import hashlib
import os

from auctionspider.db.engine import DEFAULT_SQLITE_PATH, PROJECT_ROOT, database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def default_lock_file(url: str) -> str:
    if url == f"sqlite:///{DEFAULT_SQLITE_PATH}":
        return str(PROJECT_ROOT / "var" / "crawl.lock")
    digest = hashlib.sha1(url.encode()).hexdigest()[:12]
    return str(PROJECT_ROOT / "var" / f"crawl-{digest}.lock")


BOT_NAME = "leiloes"
SPIDER_MODULES = ["auctionspider.spiders"]
NEWSPIDER_MODULE = "auctionspider.spiders"
# `scrapy crawl` with the crawl lock and meaningful exit codes (auctionspider/commands/crawl.py).
COMMANDS_MODULE = "auctionspider.commands"

LUDOPEDIA_BASE_URL = os.environ.get("LUDOPEDIA_BASE_URL", "https://ludopedia.com.br").rstrip("/")
DATABASE_URL = database_url()
DB_AUTO_MIGRATE = env_bool("DB_AUTO_MIGRATE", True)
# Items are written a batch per transaction: when STORE_BATCH_SIZE have been scraped, or
# when the oldest has waited STORE_FLUSH_SECONDS (see pipelines.StorePipeline).
STORE_BATCH_SIZE = int(os.environ.get("STORE_BATCH_SIZE", "5000"))
STORE_FLUSH_SECONDS = float(os.environ.get("STORE_FLUSH_SECONDS", "60"))
DEADLETTER_DIR = os.environ.get("DEADLETTER_DIR", str(PROJECT_ROOT / "var" / "deadletter"))
# One crawl at a time per database (`scrapy crawl` takes an flock on this file and exits
# 75 when it is held). Default var/crawl.lock for the default database, and a lock of its
# own for any other DATABASE_URL (tests and demos crawl their own databases in parallel).
CRAWL_LOCK_FILE = os.environ.get("CRAWL_LOCK_FILE") or default_lock_file(DATABASE_URL)
# A stored open auction is fetched again when it has ended, or when it was last seen
# this many hours ago (bid progress); 0 disables the periodic refresh.
AUCTION_REFRESH_HOURS = float(os.environ.get("AUCTION_REFRESH_HOURS", "24"))

# Politeness towards ludopedia.com.br; LEILOES_POLITE=0 turns it off for the replay site.
POLITE = env_bool("LEILOES_POLITE", True)
ROBOTSTXT_OBEY = POLITE
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2 if POLITE else 16
DOWNLOAD_DELAY = 1.0 if POLITE else 0
AUTOTHROTTLE_ENABLED = POLITE
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = int(os.environ.get("DOWNLOAD_TIMEOUT", "30"))
# Retries wait (auctionspider/middlewares.py): the server's Retry-After (at most
# RETRY_AFTER_MAX seconds, so a hostile value cannot stall the crawl), else exponential
# backoff from RETRY_BACKOFF_BASE seconds up to RETRY_BACKOFF_MAX, with jitter.
RETRY_TIMES = int(os.environ.get("RETRY_TIMES", "4"))
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = float(os.environ.get("RETRY_BACKOFF_BASE", "1"))
RETRY_BACKOFF_MAX = float(os.environ.get("RETRY_BACKOFF_MAX", "30"))
RETRY_AFTER_MAX = float(os.environ.get("RETRY_AFTER_MAX", "120"))

# Retries that wait (above), and a real, current browser User-Agent per request
# (see auctionspider/useragents.py).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "auctionspider.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "auctionspider.useragents.UserAgentMiddleware": 400,
}
FAKEUSERAGENT_PROVIDERS = ["auctionspider.useragents.CurrentBrowserProvider"]
# fake-useragent 2.x raises unless the fallback is a string; keep it a current browser too.
FAKEUSERAGENT_FALLBACK = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
USER_AGENT = FAKEUSERAGENT_FALLBACK

ITEM_PIPELINES = {
    "auctionspider.pipelines.ValidatePipeline": 100,
    "auctionspider.pipelines.StorePipeline": 800,
}
EXTENSIONS = {
    "auctionspider.extensions.CrawlRunRecorder": 0,
    "auctionspider.extensions.SentryReporter": 10,
}
# Sentry (auctionspider/observability.py): on when SENTRY_DSN is set; SENTRY_ENVIRONMENT,
# SENTRY_RELEASE tag the events. One warning event when more than this many items are
# dropped in a crawl.
SENTRY_DROP_BURST = int(os.environ.get("SENTRY_DROP_BURST", "20"))

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
