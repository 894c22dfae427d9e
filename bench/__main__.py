"""`python -m bench [--quick] [--strict] [--only parse,store,crawl_work,crawl_speed,api,export,load]`.

Prints one Markdown table and writes bench/results.md and bench/results.json
(a list of {name, ratio, target, met}). The api and export rows use a 1,000,000-auction
MariaDB made once by `python -m bench.gen_db` (reused while it holds that many rows). Every
figure is a ratio against a baseline
measured in the same run (absolute times on a shared machine are noisy).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback

from bench.common import BENCH_DIR, Row

ALL = ["parse", "store", "crawl_work", "crawl_speed", "api", "export", "load"]
QUICK = ["parse", "store"]


def table(rows: list[Row]) -> str:
    lines = ["| what | workload | measured | baseline | ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:,.2f}"
        lines.append(f"| {r.name} | {r.workload} | {r.measured} | {r.baseline} | {ratio} | "
                     f"{r.target} | {'yes' if r.met else '**no**'} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="parse and store rows, reduced size")
    p.add_argument("--only", help="comma-separated rows: " + ",".join(ALL))
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a target is missed (default: only when a row fails to run)")
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else (QUICK if args.quick else ALL)
    unknown = [n for n in names if n not in ALL]
    if unknown:
        p.error(f"unknown rows {unknown}; choose from {ALL}")
    rows: list[Row] = []
    started = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            rows.extend(module.run(quick=args.quick))
        except Exception as exc:  # one broken row must not hide the others
            traceback.print_exc()
            rows.append(Row(name, name, f"failed: {type(exc).__name__}: {exc}"[:200],
                            "-", "-", None, "-"))
        print(f"[bench] {name} done in {time.perf_counter() - t0:.1f}s", file=sys.stderr,
              flush=True)
    text = table(rows)
    mode = "quick" if args.quick else "full"
    md = (f"# Benchmarks ({mode}, {time.strftime('%Y-%m-%d %H:%M:%S')}, "
          f"{time.perf_counter() - started:.0f}s)\n\nEvery ratio is against a baseline "
          f"measured in the same run; times are medians over repeated runs.\n\n{text}\n")
    print(text)
    (BENCH_DIR / "results.md").write_text(md, encoding="utf-8")
    (BENCH_DIR / "results.json").write_text(json.dumps(
        [{"name": r.name, "ratio": None if r.ratio is None else round(r.ratio, 3),
          "target": r.target, "met": r.met} for r in rows], indent=2) + "\n", encoding="utf-8")
    failed = any(r.target == "-" for r in rows)
    missed = not all(r.met for r in rows)
    return 1 if failed or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
