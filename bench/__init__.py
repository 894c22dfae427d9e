"""Benchmarks: `python -m bench [--quick] [--only parse,store,...]` (see bench/__main__.py)."""
