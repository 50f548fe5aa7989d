"""Hostile-input benchmark: every hostile input of issue #9 at full size, through the command.

    .venv/bin/python bench/hostile.py [--small] [--dir DIR] [--only NAME ...] [--no-each]

Writes the inputs of ``tests/reliability/hostile_inputs.py`` into one directory (a 300 MB JSON
line, a CSV row and a wire-dump record of 300 MB, a gzip bomb that unpacks to 10 GB, JSON and
HTML nested 50,000 deep, entity bombs, a 2 MB article without a sentence, truncated WARC
files, mixed encodings, NUL bytes, bidi and zero-width characters, broken CSV quoting, ...),
then runs ``dateline ingest FILE --store S`` on each input alone (unless ``--no-each``) and
``dateline ingest DIR --store S`` on the whole directory, each as a child process, with the
default settings. For each run: the exit status, read / stored / duplicate / rejected (by
reason) from the store, seconds, and the child's peak resident memory. Checks that the
directory run exits 0, that ``read = stored + duplicate + rejected`` in the store, and that its
peak memory stays under 3 GB; exits 1 if not.

``--small`` writes the test suite's sizes instead (with ``max_decompressed_bytes`` lowered so
the small bomb still crosses it). ``--dir`` keeps the inputs there (default: a temporary
directory, removed afterwards).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from hostile_inputs import CASES, FULL, SMALL, SMALL_LIMITS, Run, run_ingest, write_case  # noqa: E402

import dateline  # noqa: E402

LIMIT = 3 * 1024**3  # peak resident memory allowed to the directory run, bytes


def _size(path: Path) -> str:
    size = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*"))
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"


def _stats(store: Path) -> dict[str, Any]:
    if not (store / "batches").is_dir():
        return {"read": 0, "stored": 0, "duplicate": 0, "rejected": {}}
    with dateline.open_store(store) as reader:
        return reader.stats()


def _row(name: str, size: str, run: Run, stats: dict[str, Any]) -> str:
    rejected = sum(stats["rejected"].values())
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(stats["rejected"].items())) or "-"
    return (f"{name:22} {size:>9} {run.returncode:>4} {stats['read']:>5} {stats['stored']:>6} "
            f"{stats['duplicate']:>4} {rejected:>5}  {reasons:28} {run.seconds:7.1f} "
            f"{run.peak_rss / 2**20:8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="the test suite's sizes")
    parser.add_argument("--dir", type=Path, default=None, help="write (and keep) the inputs here")
    parser.add_argument("--only", nargs="*", default=None, metavar="NAME", help="these inputs only")
    parser.add_argument("--each", action=argparse.BooleanOptionalAction, default=True,
                        help="also run each input alone (default)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dateline-hostile-"))
    folder = options.dir or work / "hostile"
    sizes = SMALL if options.small else FULL
    env = dict(os.environ)
    if options.small:
        env.update({f"DATELINE_{k.upper()}": str(v) for k, v in SMALL_LIMITS.items()})
    cases = [c for c in CASES if not options.only or c.name in options.only]
    try:
        paths = {case.name: write_case(case, folder, sizes) for case in cases}
        print(f"{len(cases)} hostile inputs in {folder} ({_size(folder)})", flush=True)
        print(f"{'input':22} {'size':>9} {'exit':>4} {'read':>5} {'stored':>6} {'dup':>4} "
              f"{'rej':>5}  {'reasons':28} {'seconds':>7} {'peak MB':>8}", flush=True)
        if options.each:
            for case in cases:
                store = work / f"store-{case.name}"
                run = run_ingest([str(paths[case.name])], store, env=env, timeout=600)
                print(_row(case.name, _size(paths[case.name]), run, _stats(store)), flush=True)
        store = work / "store-all"
        run = run_ingest([str(folder)], store, env=env, timeout=1800)
        stats = _stats(store)
        print(_row("ALL (one directory)", _size(folder), run, stats), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rejected = sum(stats["rejected"].values())
    identity = stats["read"] == stats["stored"] + stats["duplicate"] + rejected
    checks = {
        "exit status 0": run.returncode == 0,
        f"read {stats['read']} = stored {stats['stored']} + duplicate {stats['duplicate']} "
        f"+ rejected {rejected}": identity and stats["read"] > 0,
        f"peak memory {run.peak_rss / 2**30:.2f} GB < 3 GB": run.peak_rss < LIMIT,
    }
    for check, passed in checks.items():
        print(f"{'ok  ' if passed else 'FAIL'} {check}")
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
