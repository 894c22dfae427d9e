"""Scrapy commands of this project (settings COMMANDS_MODULE): `crawl` is replaced by a
version that takes the crawl lock and exits non-zero when the crawl did not do its job."""
