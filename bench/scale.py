"""Scale-out benchmark: bare spaCy, one process, and two workers (local and Dask), side by side.

    .venv/bin/python bench/scale.py [--corpus FILE] [--repeat N] [--workers N] [--batch-size N]
                                    [--only NAME ...]

Each configuration runs in a child process of this one (one process tree), on the same input,
while this process samples the memory (RSS) of every process under it:

    spacy     bare spaCy ``nlp.pipe`` over the documents' texts (the model loaded beforehand)
    extract   ``dateline.extract``: read, normalise, parse and code, in one process, no store
    inline    ``dateline.ingest`` in one process, into a fresh store
    local     ``dateline.ingest(engine="local", workers=N)``
    dask      ``dateline.ingest(engine="dask", workers=N)`` (a local cluster)
    dask-defaults  the same on a local cluster with Dask's own settings, not dateline's
              (``dateline.run.dask.LOCAL_CLUSTER``): what those settings save

Model loading is not timed in the one-process runs. For the engines, "seconds" is the whole run
(starting the workers and loading their models included) and the rate is the steady one, from
the first committed batch to the last. "CPU s" is the CPU time of every process of the run
(model loading included): on a machine shared with other work, it shows what the engines cost
beyond one process when the wall-clock figures cannot; "faults M" counts their minor page
faults, in millions (Linux). The corpus defaults to
../shared/corpora/bench-articles.jsonl; with --repeat N it is written N times with fresh ids
and texts, so that nothing is skipped as a duplicate. Every configuration uses the same batch
size (default 16: small enough that two workers get an even share of the 429 articles).
Goals (2 cores): extract >= 0.8x bare spaCy; two workers >= 1.8x one process; peak RSS <= 1 GB
per worker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bench-articles.jsonl"
NAMES = ("spacy", "extract", "inline", "local", "dask", "dask-defaults")
ENGINES = ("local", "dask", "dask-defaults")
MB = 1024 * 1024


def make_input(corpus: Path, repeat: int, folder: Path) -> Path:
    path = folder / "input.jsonl"
    with open(corpus, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        rows = [json.loads(line) for line in source if line.strip()]
        for copy in range(repeat):
            for row in rows:
                if repeat > 1:
                    row = {**row, "id": f"{row.get('id')}-{copy}", "text": f"{row['text']} ({copy})"}
                out.write(json.dumps(row) + "\n")
    return path


def child(name: str, path: Path, store: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """Run one configuration in this (child) process; its figures."""
    import dateline
    from dateline.documents.normalise import LanguageCheck, make_document
    from dateline.documents.readers import read_records
    from dateline.records import Document

    settings = dateline.load_settings(batch_size=batch_size)
    language = LanguageCheck(settings.languages, settings.language_min_chars)
    documents = [
        made for raw in read_records([str(path)], settings)
        if not isinstance(raw, dateline.Reject)
        and isinstance(made := make_document(raw, settings, language), Document)
    ]
    words = sum(len(d.text.split()) for d in documents)
    figures: dict[str, Any] = {"articles": len(documents), "words": words, "events": None}
    if name == "spacy":
        import spacy

        nlp = spacy.load(settings.model)
        start = time.perf_counter()
        for _ in nlp.pipe((d.text for d in documents), batch_size=settings.batch_size):
            pass
        figures["seconds"] = figures["steady"] = time.perf_counter() - start
        return figures
    coder = dateline.build_coder(settings) if name in ("extract", "inline") else None
    if name == "dask-defaults":
        import dateline.run.dask

        dateline.run.dask.LOCAL_CLUSTER = {}
    marks: list[tuple[float, int]] = []
    start = time.perf_counter()
    if name == "extract":
        figures["events"] = sum(1 for _ in dateline.extract([str(path)], settings=settings, coder=coder))
    else:
        counts = dateline.ingest(
            [str(path)], store=store, settings=settings, coder=coder,
            engine=name.split("-")[0], workers=None if name == "inline" else workers,
            progress=lambda c: marks.append((time.perf_counter(), c.read)),
        )
        figures["events"] = counts.events
        assert counts.stored == len(documents), counts.as_dict()
    end = time.perf_counter()
    figures["seconds"] = end - start
    figures["steady"] = end - start
    if name in ENGINES and len(marks) > 2:
        (first, done), (last, total) = marks[0], marks[-1]
        figures["steady"] = (last - first) * total / (total - done)
    return figures


def minor_faults(pid: int) -> int:
    """The minor page faults of a process so far (Linux; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[7])
    except (OSError, IndexError, ValueError):
        return 0


class Sampler(threading.Thread):
    """Samples the RSS of a process and of everything under it until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.faults: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for process in processes:
                try:
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                self.peak[process.pid] = max(self.peak.get(process.pid, 0), rss)
                self.cpu[process.pid] = times.user + times.system
                self.faults[process.pid] = minor_faults(process.pid)
            time.sleep(0.1)

    def driver_and_workers(self) -> tuple[int, int | None]:
        driver = self.peak.get(self.root.pid, 0)
        others = [rss for pid, rss in self.peak.items() if pid != self.root.pid]
        return driver, max(others) if others else None


def measure(name: str, path: Path, folder: Path, workers: int, batch_size: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", name, "--input", str(path),
               "--store", str(folder / f"store-{name}"), "--workers", str(workers),
               "--batch-size", str(batch_size)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampler = Sampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{name} failed (exit {process.returncode})")
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    driver, worker = sampler.driver_and_workers()
    figures["driver_mb"] = driver / MB
    figures["worker_mb"] = (worker if worker is not None else driver) / MB
    figures["cpu_s"] = sum(sampler.cpu.values())
    figures["faults"] = sum(sampler.faults.values())
    return figures


def report(results: dict[str, dict[str, Any]], workers: int) -> None:
    head = (f"{'':13} {'procs':>5} {'seconds':>8} {'steady s':>8} {'articles/s':>10} {'words/s':>8} "
            f"{'events':>6} {'driver MB':>9} {'worker MB':>9} {'CPU s':>6} {'faults M':>8}")
    print(head)
    for name, f in results.items():
        procs = workers if name in ENGINES else 1
        events = "" if f["events"] is None else str(f["events"])
        print(f"{name:13} {procs:5d} {f['seconds']:8.1f} {f['steady']:8.1f} "
              f"{f['articles'] / f['steady']:10.1f} {f['words'] / f['steady']:8.0f} {events:>6} "
              f"{f['driver_mb']:9.0f} {f['worker_mb']:9.0f} {f['cpu_s']:6.1f} {f['faults'] / 1e6:8.2f}")

    def rate(name: str) -> float | None:
        return results[name]["articles"] / results[name]["steady"] if name in results else None

    checks = [("extract / bare spaCy", "extract", "spacy", 0.8),
              (f"local {workers} workers / inline", "local", "inline", 1.8),
              (f"dask {workers} workers / inline", "dask", "inline", 1.8),
              (f"dask-defaults {workers} w. / inline", "dask-defaults", "inline", 1.8)]
    for label, top, bottom, goal in checks:
        a, b = rate(top), rate(bottom)
        if a is not None and b is not None:
            print(f"{label:28} {a / b:5.2f}x  (goal >= {goal}x: {'met' if a / b >= goal else 'NOT met'})")
    peak = max(f["worker_mb"] for f in results.values())
    verdict = "met" if peak <= 1024 else "NOT met"
    print(f"{'peak RSS per worker':28} {peak:5.0f} MB (goal <= 1024 MB: {verdict})")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--only", nargs="+", choices=NAMES, default=list(NAMES))
    parser.add_argument("--child", choices=NAMES, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.input, args.store, args.workers, args.batch_size)))
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = make_input(args.corpus, args.repeat, folder)
        print(f"corpus: {args.corpus.name} x {args.repeat} ({path.stat().st_size / 1e6:.1f} MB), "
              f"batch size {args.batch_size}, {args.workers} workers")
        results = {}
        for config in [n for n in NAMES if n in args.only]:
            results[config] = measure(config, path, folder, args.workers, args.batch_size)
            print(f"  {config}: {results[config]['seconds']:.1f} s", file=sys.stderr)
    report(results, args.workers)


if __name__ == "__main__":
    main()
