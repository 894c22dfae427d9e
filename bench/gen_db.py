"""Generate a big bench database fast: `python -m bench.gen_db [--rows 1000000] [--db NAME]`.

Creates (or reuses, when it already holds exactly --rows auctions) a MariaDB database with
the crawl tables (Alembic), Django's tables (`python -m webapi migrate`), --games games and
--rows auctions inserted with pymysql executemany (multi-row INSERTs, 5,000 rows per
statement, checks off). The data lives in MariaDB, never in the repository.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pymysql
from sqlalchemy.engine import make_url

from auctionspider.db import schema
from bench.common import MYSQL_SERVER, PROJECT_ROOT

DEFAULT_DB = "leiloes_bench_big"
CONDITIONS = ("used", "used", "used", "sealed", "new", "unknown")
KINDS = ("game",) * 8 + ("combo", "accessory")
CITIES = (("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Curitiba", "PR"),
          ("Porto Alegre", "RS"), ("Belo Horizonte", "MG"), ("Recife", "PE"))
COLUMNS = ("id", "lot_id", "game_id", "title", "kind", "`condition`", "edition", "seller",
           "city", "state", "status", "current_bid_cents", "bid_count", "buy_now_cents",
           "final_price_cents", "ends_at", "followers", "views", "description", "url",
           "first_seen_at", "last_seen_at", "updated_at")


def db_url(name: str = DEFAULT_DB) -> str:
    server = make_url(MYSQL_SERVER).set(database=name, query={"charset": "utf8mb4"})
    return server.render_as_string(hide_password=False)


def _connect(db: str | None = None):
    server = make_url(MYSQL_SERVER)
    return pymysql.connect(host=server.host or "127.0.0.1", port=server.port or 3306,
                           user=server.username or "root", password=server.password or "",
                           database=db, charset="utf8mb4", autocommit=False)


def existing_rows(name: str) -> int | None:
    try:
        conn = _connect(name)
    except pymysql.err.OperationalError:
        return None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM auction")
            return cur.fetchone()[0]
    except pymysql.err.ProgrammingError:
        return None
    finally:
        conn.close()


def drop(name: str) -> None:
    conn = _connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    conn.close()


def auction_id(n: int) -> int:
    """The id of the n-th generated auction."""
    return 600_000 + n


def game_slug(i: int) -> str:
    return f"jogo-bench-{i:04d}"


def generate(rows: int, name: str = DEFAULT_DB, games: int = 500, seed: int = 1,
             force: bool = False, log=print) -> str:
    """Create the database (unless it already holds `rows` auctions); return its URL."""
    url = db_url(name)
    if not force and existing_rows(name) == rows:
        log(f"[gen_db] {name}: reusing {rows:,} auctions")
        return url
    t0 = time.perf_counter()
    conn = _connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()
    schema.upgrade(url)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "webapi", "migrate", "--noinput", "-v", "0"],
                   cwd=PROJECT_ROOT, env=env, check=True)
    rng = random.Random(seed)
    now = datetime.utcnow().replace(microsecond=0)
    conn = _connect(name)
    with conn.cursor() as cur:
        cur.execute("SET SESSION unique_checks=0, foreign_key_checks=0")
        cur.executemany(
            "INSERT INTO game (id, slug, name, ludopedia_id, watched, ludostore_price_cents, "
            "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [(i, game_slug(i), f"Jogo Bench {i}", 10000 + i, i <= 20,
              rng.choice((None, rng.randrange(10000, 60000))), now, now)
             for i in range(1, games + 1)])
        values = {i: rng.randrange(6000, 60000) for i in range(1, games + 1)}
        sql = f"INSERT INTO auction ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
        batch = []
        for n in range(rows):
            aid = auction_id(n)
            gid = rng.randrange(1, games + 1)
            ends = now + timedelta(minutes=rng.randrange(-730 * 1440, 10 * 1440))
            bids = rng.randrange(0, 12)
            bid = int(values[gid] * rng.uniform(0.5, 1.4)) if bids else None
            status = "open" if ends > now else ("sold" if bids else "unsold")
            if status != "open" and rng.random() < 0.02:
                status = "canceled"
            city, uf = rng.choice(CITIES)
            slug = game_slug(gid)
            batch.append((
                aid, 80_000 + n // 4, gid, f"Jogo Bench {gid}", rng.choice(KINDS),
                rng.choice(CONDITIONS), "Editora", f"vendedor{rng.randrange(20000)}", city, uf,
                status, bid, bids, None, bid if status == "sold" else None, ends,
                rng.randrange(50), rng.randrange(500), "Usado, em ótimo estado.",
                f"https://ludopedia.com.br/leilao/{aid}/{slug}",
                ends - timedelta(days=10), min(ends, now), min(ends, now)))
            if len(batch) == 5000:
                cur.executemany(sql, batch)
                conn.commit()
                batch = []
        if batch:
            cur.executemany(sql, batch)
        conn.commit()
    conn.close()
    log(f"[gen_db] {name}: {rows:,} auctions in {time.perf_counter() - t0:.0f}s")
    return url


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.gen_db", description=__doc__)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--games", type=int, default=500)
    p.add_argument("--force", action="store_true", help="regenerate even if it exists")
    args = p.parse_args(argv)
    print(generate(args.rows, args.db, args.games, force=args.force))


if __name__ == "__main__":
    main()
