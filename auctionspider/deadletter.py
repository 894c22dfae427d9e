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


def write(directory: str | os.PathLike, records: list[dict]) -> Path:
    """Append `records` to this process's dead-letter file; return its path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"deadletter-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}.jsonl"
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
