"""`scrapy crawl`, with the crawl lock and an exit status that tells what happened.

Exit status:
  0   the crawl ran (pages that failed are in the log, the stats and crawl_run)
  75  another crawl holds the lock (CRAWL_LOCK_FILE): this one did not start
  69  the database was unreachable at start (one log line says why)
  65  items could not be stored and were dead-lettered: store them with
      `python -m auctionspider.replay <file>` once the database is back
  1   Scrapy could not start the crawl (bad spider name or arguments, ...)
"""
from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from auctionspider.commands.lock import CrawlLock, LockBusy

EXIT_LOCKED = 75
EXIT_DATABASE_UNAVAILABLE = 69
EXIT_DEADLETTERED = 65


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider (one crawl at a time: takes the crawl lock)"

    def run(self, args, opts) -> None:
        assert self.settings is not None
        lock = CrawlLock(self.settings.get("CRAWL_LOCK_FILE"))
        try:
            lock.acquire()
        except LockBusy as busy:
            print(str(busy), file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            self._run_locked(args, opts)
        finally:
            lock.release()

    def _run_locked(self, args, opts) -> None:
        # Scrapy's own checks and messages for the arguments (one spider, by name).
        if len(args) != 1:
            return super().run(args, opts)
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get("leiloes/database_unavailable"):
            # The reason is already in the log, on one line.
            self.exitcode = EXIT_DATABASE_UNAVAILABLE
            return
        deadlettered = stats.get("leiloes/items_deadlettered", 0)
        if deadlettered:
            # The store pipeline names the one file this crawl wrote.
            shown = stats.get("leiloes/deadletter_file", "<file>")
            print(f"{deadlettered} items could not be stored and were dead-lettered; once the "
                  f"database is back, store them with: python -m auctionspider.replay {shown}",
                  file=sys.stderr)
            self.exitcode = EXIT_DEADLETTERED

