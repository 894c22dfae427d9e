"""Store dead-lettered items once the database is back.

    python -m auctionspider.replay var/deadletter/deadletter-….jsonl [more files]

Each file is stored in batches through the same code as the crawl (same merge rules, so
replaying twice, or after a newer crawl, changes nothing); a file fully stored is renamed
to `*.jsonl.done`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from auctionspider import deadletter
from auctionspider.db.engine import get_engine
from auctionspider.db.schema import upgrade
from auctionspider.pipelines import write_batch


def replay_file(path: Path, engine, batch_size: int = 500) -> int:
    records = list(deadletter.read(path))
    for start in range(0, len(records), batch_size):
        write_batch(engine, records[start:start + batch_size])
    path.rename(path.with_name(path.name + ".done"))
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auctionspider.replay", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--database-url", help="default: DATABASE_URL or the SQLite file")
    args = parser.parse_args(argv)
    try:
        upgrade(args.database_url)
        engine = get_engine(args.database_url)
        for path in args.files:
            print(f"{path}: {replay_file(path, engine)} items stored")
    except (SQLAlchemyError, OSError, ValueError) as exc:
        print(f"replay failed: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
