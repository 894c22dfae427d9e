"""Dead letters: item batches the database refused, kept as JSON Lines to store later."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path


def _default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def new_path(directory: str | os.PathLike) -> Path:
    """The file one crawl's dead letters go to (created on first write)."""
    return Path(directory) / f"deadletter-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}.jsonl"


def write(path: str | os.PathLike, records: list[dict]) -> Path:
    """Append `records` to `path`, synced to disk before returning."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, default=_default, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return path


def read(path: str | os.PathLike) -> Iterator[dict]:
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not a JSON line ({exc.msg})") from exc
