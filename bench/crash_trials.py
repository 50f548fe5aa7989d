"""Crash trials: kill -9 an ingest at random moments, check the store, run it again, check again.

    .venv/bin/python bench/crash_trials.py [--trials N] [--seed S] [--corpus FILE] [--docs N]
                                           [--concurrent] [--keep DIR]

First one clean run of the corpus (default ../shared/corpora/bench-articles.jsonl, 429 articles;
``--docs N`` takes its first N) gives the expected documents and events, and the run time T.
Then each of ``--trials`` trials (default 20):

1. ``dateline ingest CORPUS --store S`` starts in its own process group, with an engine and a
   batch size that vary by trial (inline, or local with 2 workers; batches of 4, 16 or 64);
2. the whole group (driver and workers) is killed with SIGKILL at a random moment between 1 s
   and T (a seeded RNG; the seed is printed);
3. the store must open and its queries run; every ``part-*`` file must be a whole Parquet file;
   the documents, events and rejects that the views show must be those the committed batches
   account for, each document once; files left by the cut-short commit (temporary files, files
   of a batch without its commit mark) are counted, and must not be seen;
4. the same command runs again, to the end: every document of the corpus must be stored exactly
   once (by id and by text hash, nothing else), with the events of the clean run; every run's
   accounting must hold (read = stored + duplicate + rejected), the re-run must account for the
   whole corpus, and no temporary or orphaned file may be left (reading
   ``STORE/documents/*.parquet`` directly, as pandas or R would, gives each document once).

With ``--concurrent``, each trial instead starts two ingests at once into one fresh store, of
overlapping parts of the corpus (the first two thirds and the last two thirds; one inline, one
with 2 local workers), and checks that every document is stored once, with the clean run's
events, and that the two runs' accounting adds up: their stored counts sum to the corpus, their
duplicates to the overlap.

Prints one row per trial and a summary; exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

import dateline
from dateline.store import layout

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bench-articles.jsonl"
ENGINES = (("inline", None), ("local", 2))
BATCH_SIZES = (4, 16, 64)


@dataclass
class Trial:
    number: int
    engine: str
    batch_size: int
    kill_s: float = 0.0
    finished_first: bool = False
    batches_before: int = 0
    documents_before: int = 0
    leftovers: int = 0
    documents_after: int = 0
    twice: int = 0
    duplicates: int = 0
    rerun_s: float = 0.0
    failures: list[str] = field(default_factory=list)


def command(corpus: Path, store: Path, engine: str, workers: int | None, batch_size: int) -> list[str]:
    line = [sys.executable, "-m", "dateline", "ingest", str(corpus), "--store", str(store), "-q",
            "--engine", engine, "--batch-size", str(batch_size)]
    return line + (["--workers", str(workers)] if workers else [])


def start(line: list[str]) -> subprocess.Popen[bytes]:
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}  # this checkout's dateline
    return subprocess.Popen(line, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, env=environment)


def finish(run: subprocess.Popen[bytes], timeout: float = 900) -> tuple[int, str]:
    _, err = run.communicate(timeout=timeout)
    return run.returncode, err.decode(errors="replace")


def contents(store: Path) -> dict[str, Any]:
    """What the store's views show, and what its files hold."""
    with dateline.open_store(store) as reader:
        docs = reader.db.execute("SELECT id, text_hash FROM documents").fetchall()
        events = [row[0] for row in reader.db.execute("SELECT event_id FROM events").fetchall()]
        rejects = reader.scalar("SELECT count(*) FROM rejects")
        stats = reader.stats()
        accounted = reader.db.execute(
            "SELECT coalesce(sum(stored), 0), coalesce(sum(events), 0), coalesce(sum(rejected), 0),"
            " count(*) FROM batches").fetchone()
    assert accounted is not None
    return {"docs": docs, "events": events, "rejects": rejects, "stats": stats,
            "accounted": tuple(int(v) for v in accounted)}


def leftovers(store: Path) -> list[str]:
    """Files of commits cut short: temporary files, and part files of uncommitted batches."""
    committed = {n[len("part-"):-len(".parquet")] for n in os.listdir(store / "batches")
                 if n.startswith("part-") and n.endswith(".parquet")}
    found = []
    for table in layout.TABLES:
        for name in os.listdir(store / table):
            batch = name[len("part-"):-len(".parquet")]
            if name.startswith(".tmp-") or (name.startswith("part-") and batch not in committed):
                found.append(f"{table}/{name}")
    return found


def check_visible(store: Path) -> tuple[dict[str, Any], list[str]]:
    """Step 3: the store opens, every part file is whole, the views agree with the commits."""
    failures = []
    for table in layout.TABLES:
        for path in (store / table).glob("part-*.parquet"):
            try:
                pq.read_metadata(path)
            except Exception as error:  # a half-written file under a visible name
                failures.append(f"{path.name} is not a whole Parquet file: {error}")
    seen = contents(store)
    stored, events, rejected, _ = seen["accounted"]
    ids = [d[0] for d in seen["docs"]]
    if len(ids) != stored:
        failures.append(f"the views show {len(ids)} documents, the commits account for {stored}")
    if len(seen["events"]) != events:
        failures.append(f"the views show {len(seen['events'])} events, the commits account for {events}")
    if seen["rejects"] != rejected:
        failures.append(f"the views show {seen['rejects']} rejects, the commits account for {rejected}")
    failures += check_once(seen["docs"])
    failures += check_accounting(seen["stats"])
    return seen, failures


def check_once(docs: list[tuple[str, str]]) -> list[str]:
    failures = []
    ids = [d[0] for d in docs]
    hashes = [d[1] for d in docs]
    if len(set(ids)) != len(ids):
        failures.append(f"{len(ids) - len(set(ids))} document ids stored more than once")
    if len(set(hashes)) != len(hashes):
        failures.append(f"{len(hashes) - len(set(hashes))} texts stored more than once")
    return failures


def check_accounting(stats: dict[str, Any]) -> list[str]:
    return [
        f"run {run['run']}: read {run['read']} != stored + duplicate + rejected"
        for run in stats["runs"]
        if run["read"] != run["stored"] + run["duplicate"] + sum(run["rejected"].values())
    ]


def check_complete(store: Path, expected: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Step 4: every document once, the clean run's events, nothing left over."""
    seen, failures = check_visible(store)
    if sorted(seen["docs"]) != expected["docs"]:
        missing = len(set(expected["docs"]) - set(seen["docs"]))
        extra = len(set(seen["docs"]) - set(expected["docs"]))
        failures.append(f"documents differ from the clean run: {missing} missing, {extra} extra")
    if sorted(seen["events"]) != expected["events"]:
        failures.append(f"{len(seen['events'])} events, the clean run stored {len(expected['events'])}")
    left = leftovers(store)
    if left:
        failures.append(f"{len(left)} files left over: {', '.join(left[:3])}")
    with duckdb.connect() as db:
        row = db.execute("SELECT count(*), count(DISTINCT id) FROM read_parquet(?)",
                         [str(store / "documents" / "part-*.parquet")]).fetchone()
    if row is None or row[0] != row[1] or row[0] != len(expected["docs"]):
        failures.append(f"documents/*.parquet read directly: {row} rows (total, distinct ids)")
    return seen, failures


def subset(corpus: Path, docs: int | None, folder: Path) -> Path:
    if docs is None:
        return corpus
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / f"first-{docs}.jsonl"
    path.write_text("\n".join(lines[:docs]) + "\n", encoding="utf-8")
    return path


def clean_run(corpus: Path, folder: Path) -> tuple[dict[str, Any], float]:
    store = folder / "clean"
    began = time.perf_counter()
    code, err = finish(start(command(corpus, store, "inline", None, 64)))
    took = time.perf_counter() - began
    if code != 0:
        sys.exit(f"the clean run failed ({code}): {err}")
    seen = contents(store)
    shutil.rmtree(store)
    return {"docs": sorted(seen["docs"]), "events": sorted(seen["events"]),
            "read": seen["stats"]["read"]}, took


def kill_trial(number: int, rng: random.Random, corpus: Path, folder: Path, expected: dict[str, Any],
               longest: float) -> Trial:
    engine, workers = ENGINES[number % len(ENGINES)]
    trial = Trial(number, f"{engine}{'/' + str(workers) if workers else ''}",
                  BATCH_SIZES[number % len(BATCH_SIZES)])
    store = folder / f"trial-{number}"
    line = command(corpus, store, engine, workers, trial.batch_size)
    trial.kill_s = round(rng.uniform(1.0, longest), 2)
    run = start(line)
    try:
        run.wait(timeout=trial.kill_s)
        trial.finished_first = True
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    finish(run)
    if not (store / "batches").is_dir():  # killed before the store was made: nothing to see
        trial.batches_before = 0
    else:
        seen, failures = check_visible(store)
        trial.failures += [f"after the kill: {f}" for f in failures]
        trial.batches_before = seen["accounted"][3]
        trial.documents_before = len(seen["docs"])
        trial.leftovers = len(leftovers(store))
    began = time.perf_counter()
    code, err = finish(start(line))
    trial.rerun_s = time.perf_counter() - began
    if code != 0:
        trial.failures.append(f"the re-run failed ({code}): {err.strip()[-300:]}")
        return trial
    seen, failures = check_complete(store, expected)
    trial.failures += [f"after the re-run: {f}" for f in failures]
    trial.documents_after = len(seen["docs"])
    trial.twice = len(seen["docs"]) - len(set(seen["docs"]))
    rerun = seen["stats"]["runs"][-1]
    trial.duplicates = rerun["duplicate"]
    if rerun["read"] != expected["read"]:
        trial.failures.append(f"the re-run read {rerun['read']} records, the corpus has {expected['read']}")
    if rerun["duplicate"] != trial.documents_before:
        trial.failures.append(f"the re-run counted {rerun['duplicate']} duplicates, "
                              f"{trial.documents_before} were stored before the kill")
    shutil.rmtree(store)
    return trial


def concurrent_trial(number: int, corpus: Path, folder: Path, expected: dict[str, Any]) -> Trial:
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    third = len(lines) // 3
    parts = [lines[: len(lines) - third], lines[third:]]
    overlap = len(parts[0]) + len(parts[1]) - len(lines)
    paths = []
    for i, part in enumerate(parts):
        path = folder / f"part-{number}-{i}.jsonl"
        path.write_text("\n".join(part) + "\n", encoding="utf-8")
        paths.append(path)
    trial = Trial(number, "inline+local/2", BATCH_SIZES[number % len(BATCH_SIZES)])
    store = folder / f"concurrent-{number}"
    began = time.perf_counter()
    runs = [start(command(path, store, engine, workers, trial.batch_size))
            for path, (engine, workers) in zip(paths, ENGINES, strict=True)]
    for run in runs:
        code, err = finish(run)
        if code != 0:
            trial.failures.append(f"a run failed ({code}): {err.strip()[-300:]}")
    trial.rerun_s = time.perf_counter() - began
    if trial.failures:
        return trial
    seen, failures = check_complete(store, expected)
    trial.failures += failures
    trial.documents_after = len(seen["docs"])
    trial.twice = len(seen["docs"]) - len(set(seen["docs"]))
    runs_seen = seen["stats"]["runs"]
    stored = sum(r["stored"] for r in runs_seen)
    duplicate = sum(r["duplicate"] for r in runs_seen)
    trial.duplicates = duplicate
    if len(runs_seen) != 2 or sorted(r["read"] for r in runs_seen) != sorted(len(p) for p in parts):
        trial.failures.append(f"the runs read {[r['read'] for r in runs_seen]}, "
                              f"expected {[len(p) for p in parts]}")
    if stored != len(lines) or duplicate != overlap:
        trial.failures.append(f"the runs stored {stored} (expected {len(lines)}) and counted "
                              f"{duplicate} duplicates (expected the overlap, {overlap})")
    shutil.rmtree(store)
    return trial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None, help="default: one drawn and printed")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--docs", type=int, default=None, help="only the corpus' first N records")
    parser.add_argument("--concurrent", action="store_true",
                        help="two ingests at once of overlapping inputs, instead of kills")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder, and keep it")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="dateline-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    try:
        corpus = subset(args.corpus, args.docs, folder)
        expected, took = clean_run(corpus, folder)
        print(f"corpus     {corpus.name}: {expected['read']} records, {len(expected['docs'])} documents, "
              f"{len(expected['events'])} events; clean run {took:.1f} s")
        print(f"seed       {seed}" + ("  (kills between 1 s and the clean run's time)"
                                       if not args.concurrent else ""))
        print(f"{'trial':>5} {'engine':<15} {'batch':>5} {'kill s':>7} {'batches':>7} {'docs':>5} "
              f"{'unseen':>6} {'after':>5} {'twice':>5} {'dup':>5} {'run s':>7}  result")
        trials = []
        for number in range(1, args.trials + 1):
            if args.concurrent:
                trial = concurrent_trial(number, corpus, folder, expected)
            else:
                trial = kill_trial(number, rng, corpus, folder, expected, max(1.5, took))
            trials.append(trial)
            kill = "done" if trial.finished_first else f"{trial.kill_s:.2f}"
            print(f"{trial.number:>5} {trial.engine:<15} {trial.batch_size:>5} "
                  f"{'-' if args.concurrent else kill:>7} {trial.batches_before:>7} "
                  f"{trial.documents_before:>5} {trial.leftovers:>6} {trial.documents_after:>5} "
                  f"{trial.twice:>5} {trial.duplicates:>5} {trial.rerun_s:>7.1f}  "
                  + ("ok" if not trial.failures else "FAILED: " + "; ".join(trial.failures)),
                  flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    failed = [t for t in trials if t.failures]
    killed = [t for t in trials if not t.finished_first and not args.concurrent]
    mid = [t for t in killed if 0 < t.documents_before < len(expected["docs"])]
    print(json.dumps({
        "mode": "concurrent" if args.concurrent else "kill -9",
        "trials": len(trials), "passed": len(trials) - len(failed), "seed": seed,
        "killed_mid_run": len(mid), "killed_before_a_commit": sum(t.batches_before == 0 for t in killed),
        "finished_before_the_kill": sum(t.finished_first for t in trials),
        "documents_each_after_rerun": sorted({t.documents_after for t in trials}),
        "unseen_files_after_kills": sum(t.leftovers for t in trials),
        "seconds": round(time.perf_counter() - began, 1),
    }))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
