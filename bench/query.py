"""Query benchmark: a store of N synthetic events, and the API's aggregate queries over it.

    .venv/bin/python bench/query.py [--events N] [--chunk N] [--runs N] [--store DIR] [--keep]
                                    [--no-compact] [--compare]

It writes N events (default 10,000,000) in chunks of --chunk events (default 500,000), each
chunk committed as the store's writer commits a batch: its events file under ``events/``, the
events' clusters under ``clusters/`` (``dateline.corpus.clusters.assign``), then its row under
``batches/`` (no documents: the timed queries read only events). Then it runs ``dateline
compact`` on the store (``dateline.store.compact.compact``), as a user would after a large
ingest: the events merged into one file sorted by date, and the tables of counts
(``dateline.corpus.counts``) written. --no-compact times the store as ingest left it.

The events are drawn with skewed, realistic-looking distributions: ~200 actor codes (40
countries with Russia, Ukraine, the US and China most frequent, times GOV/MIL/COP/OPP/REB/...
roles, Zipf-weighted), the 20 CAMEO roots weighted as in news coding (04 consult and 01
statements most common), quad class and Goldstein value from the root, dates over ten years
(90% to the day, 7% to the month, 3% to the year), the place's country mostly the source's.

It then opens the store with ``StoreReader`` (DuckDB views over the files) and times, through
``dateline.store.search``, the queries the HTTP API runs:

    dyad timeline   timeline(EventFilter(dyad=("RUS", "UKR")), "month")  /api/timeline?dyad=RUS,UKR
    root by month   root_timeline(EventFilter(), "month")                events per month and root
    network         network(EventFilter(), "code")                       edges: counts, mean Goldstein

each --runs times (default 20, after one untimed warm-up), and prints the median and the 95th
percentile in milliseconds. Goal: every median under 100 ms. --compare also times the same
queries over the events themselves (``StoreReader(root, counts=False)``), and checks that both
give the same answers.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dateline.corpus import clusters
from dateline.store import layout
from dateline.store.compact import compact
from dateline.store.queries import StoreReader
from dateline.store.search import EventFilter

COUNTRIES = [
    "RUS", "UKR", "USA", "CHN", "TUR", "IRN", "ISR", "PSE", "SYR", "IRQ", "AFG", "PAK", "IND", "GBR",
    "FRA", "DEU", "POL", "BLR", "KAZ", "UZB", "TJK", "KGZ", "TKM", "AZE", "ARM", "GEO", "MDA", "SAU",
    "EGY", "LBY", "JPN", "KOR", "PRK", "NGA", "ETH", "SDN", "VEN", "BRA", "MEX", "EUR",
]
ROLES = ["", "GOV", "MIL", "COP", "OPP", "REB", "LEG", "JUD", "BUS", "MED", "CVL", "REF", "GOVMIL"]
ROOT_WEIGHTS = {  # share of events by CAMEO root, roughly as news coders find them
    "01": 14, "02": 7, "03": 6, "04": 22, "05": 6, "06": 2, "07": 2, "08": 2, "09": 2, "10": 2,
    "11": 6, "12": 2, "13": 3, "14": 3, "15": 1, "16": 2, "17": 6, "18": 4, "19": 7, "20": 1,
}
GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}
PLOVER = {
    "01": "AGREE", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "COOPERATE", "06": "COOPERATE",
    "07": "AID", "08": "RETREAT", "09": "REQUEST", "10": "DEMAND", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE",
    "18": "ASSAULT", "19": "FIGHT", "20": "FIGHT",
}
MODALITIES = ["asserted", "planned", "negated", "hypothetical"]
START = date(2015, 1, 1)
DAYS = 3652


def actor_table() -> tuple[list[str], np.ndarray]:
    """About 200 actor codes and their Zipf-like weights."""
    codes = [c + r for c in COUNTRIES for r in ROLES][:200]
    ranks = np.arange(1, len(codes) + 1)
    country_rank = np.array([COUNTRIES.index(code[:3]) + 1 for code in codes])
    role_rank = np.array([ROLES.index(code[3:]) + 1 for code in codes])
    weights = 1.0 / (country_rank ** 1.1 * role_rank ** 0.8) + 0.0005 / ranks
    return codes, weights / weights.sum()


def dictionary(indices: np.ndarray, values: list[str]) -> pa.Array:
    """Strings by index into ``values`` (a dictionary array decoded)."""
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)),
                                          pa.array(values)).cast(pa.string())


def chunk(rng: np.random.Generator, start: int, n: int, batch: str) -> pa.Table:
    codes, weights = actor_table()
    source = rng.choice(len(codes), n, p=weights)
    target = rng.choice(len(codes), n, p=weights)
    same = np.array([c[:3] for c in codes])[source] == np.array([c[:3] for c in codes])[target]
    target = np.where(same & (rng.random(n) < 0.7), rng.choice(len(codes), n, p=weights), target)
    no_target = rng.random(n) < 0.08
    roots = list(ROOT_WEIGHTS)
    root_p = np.array(list(ROOT_WEIGHTS.values()), dtype=float)
    root = rng.choice(len(roots), n, p=root_p / root_p.sum())
    sub = rng.integers(0, 4, n)
    days = rng.integers(0, DAYS, n)
    day = pa.array((np.datetime64(START) + days.astype("timedelta64[D]")).astype("datetime64[D]"))
    full = pc.cast(day, pa.string())
    precision_draw = rng.random(n)
    precision = np.where(precision_draw < 0.9, 0, np.where(precision_draw < 0.97, 1, 2))
    month = pc.utf8_slice_codeunits(full, 0, 7)
    year = pc.utf8_slice_codeunits(full, 0, 4)
    is_day, is_month = pa.array(precision == 0), pa.array(precision == 1)
    when = pc.if_else(is_day, full, pc.if_else(is_month, month, year))
    published = pc.cast(pa.array((np.datetime64(START) + (days + rng.integers(0, 3, n))
                                  .astype("timedelta64[D]")).astype("datetime64[D]")), pa.string())
    country_of = [c[:3] for c in codes]
    place = np.where(rng.random(n) < 0.75, source, target)
    cameo = [r + str(s) for r in roots for s in range(4)]
    root_goldstein = np.array([GOLDSTEIN[r] for r in roots])
    quad = np.array([1 if r <= "05" else 2 if r <= "08" else 3 if r <= "14" else 4 for r in roots])
    ids = pc.cast(pa.array(np.arange(start, start + n)), pa.string())

    def actor(index: np.ndarray, missing: np.ndarray | None = None) -> pa.StructArray:
        code = dictionary(index, codes)
        role = dictionary(index, [c[3:] or "" for c in codes])
        fields = [code, code, code, dictionary(index, country_of), role]
        mask = None if missing is None else pa.array(missing)
        return pa.StructArray.from_arrays(fields, names=["text", "name", "code", "country", "role"],
                                          mask=mask)

    names = [f"Place {c}" for c in country_of]
    columns: dict[str, Any] = {
        "event_id": pc.binary_join_element_wise("ev", ids, ""),
        "doc_id": pc.cast(pa.array(np.arange(start, start + n) // 5), pa.string()),
        "sentence": pa.array(rng.integers(0, 30, n).astype(np.int32)),
        "published": published,
        "date": when,
        "date_precision": dictionary(precision, ["day", "month", "year"]),
        "date_basis": dictionary(rng.choice(3, n, p=[0.5, 0.3, 0.2]), ["explicit", "relative", "published"]),
        "source": actor(source),
        "target": actor(target, no_target),
        "cameo": dictionary(root * 4 + sub, cameo),
        "cameo_root": dictionary(root, roots),
        "quad_class": pa.array(quad[root].astype(np.int8)),
        "goldstein": pa.array(root_goldstein[root] + rng.normal(0, 0.5, n).round(1)),
        "plover": pa.StructArray.from_arrays(
            [dictionary(root, [PLOVER[r] for r in roots]), pa.nulls(n, pa.string())],
            names=["event", "mode"]),
        "modality": dictionary(rng.choice(4, n, p=[0.8, 0.12, 0.05, 0.03]), MODALITIES),
        "location": pa.StructArray.from_arrays(
            [dictionary(place, names), dictionary(place, country_of),
             pa.array(rng.uniform(-60, 70, n)), pa.array(rng.uniform(-180, 180, n))],
            names=["name", "country", "lat", "lon"]),
        "evidence": pa.StructArray.from_arrays(
            [dictionary(root, [f"A sentence that reports a {PLOVER[r].lower()} event." for r in roots]),
             dictionary(root, [PLOVER[r].lower() for r in roots]),
             dictionary(root, [f"synthetic.{r}.v1" for r in roots])], names=["text", "trigger", "rule"]),
        "confidence": pa.array(rng.uniform(0.5, 1.0, n).round(2)),
        "batch": dictionary(np.zeros(n, dtype=np.int32), [batch]),
        "generation": pa.nulls(n, pa.string()),
    }
    return pa.Table.from_pydict(columns).cast(layout.EVENT_FILES)


def build(root: Path, total: int, size: int, seed: int = 5) -> None:
    """Commit ``total`` events in batches of ``size``, as the store's writer does: the events
    file, the clusters file, then the batch's row (its commit mark); each renamed into place."""
    for table in (*layout.TABLES, "clusters"):
        (root / table).mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    written = 0
    while written < total:
        n = min(size, total - written)
        batch = layout.new_id()
        events = chunk(rng, written, n, batch)
        write(events, root / layout.part_path("events", batch), row_group_size=131_072)
        write(clusters.assign(events), root / layout.part_path("clusters", batch))
        row = {"batch": batch, "run": "bench", "written": datetime.now(UTC), "read": n // 5,
               "stored": n // 5, "duplicate": 0, "rejected": 0, "events": n}
        write(pa.Table.from_pylist([row], schema=layout.BATCHES), root / layout.part_path("batches", batch))
        written += n


def write(table: pa.Table, path: Path, **options: Any) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    pq.write_table(table, tmp, compression="zstd", **options)
    tmp.replace(path)


def timed(function: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    """Milliseconds: the first (cold) call, then the median and 95th percentile of ``runs``."""
    began = time.perf_counter()
    function()
    first = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return first, statistics.median(times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--chunk", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", type=Path, default=None, help="Build here (default: a temporary folder).")
    parser.add_argument("--keep", action="store_true", help="Reuse the --store if it has events.")
    parser.add_argument("--no-compact", dest="compact", action="store_false",
                        help="Time the store as ingest left it: no compaction, no counts tables.")
    parser.add_argument("--compare", action="store_true",
                        help="Also time the queries over the events; check that the answers agree.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dateline-query-") as scratch:
        root = args.store or Path(scratch) / "store"
        began = time.perf_counter()
        if not (args.keep and (root / "batches").is_dir()):
            build(root, args.events, args.chunk)
        built = time.perf_counter() - began
        print(f"store: {args.events:,} events committed in batches of {args.chunk:,}, {built:.1f} s")
        if args.compact:
            began = time.perf_counter()
            done = compact(root, grace_s=0)
            if done.written_files:
                print(f"compact: {done.merged_files} files merged into {done.written_files}"
                      f" ({', '.join(f'{t} {n:,} rows' for t, n in sorted(done.rows.items()))}),"
                      f" {time.perf_counter() - began:.1f} s")
        size = sum(p.stat().st_size for p in root.glob("*/*.parquet"))
        print(f"on disk: {len(list(root.glob('*/*.parquet')))} files, {size / 2**20:.0f} MiB")
        paths = [("counts tables" if args.compact else "events", True)]
        if args.compare:
            paths.append(("events (direct)", False))
        answers = []
        for label, counted in paths:
            with StoreReader(root, counts=counted) as reader:
                count = reader.count_events(EventFilter())
                queries: dict[str, Callable[[], Any]] = {
                    "dyad timeline (RUS,UKR by month)":
                        lambda: reader.timeline(EventFilter(dyad=("RUS", "UKR")), "month"),
                    "count by month and root": lambda: reader.root_timeline(EventFilter(), "month"),
                    "network (edges, mean Goldstein)": lambda: reader.network(EventFilter(), "code"),
                }
                print(f"\n{count:,} events visible, read from the {label}; {args.runs} runs each after"
                      " one cold run; goal: medians < 100 ms")
                print(f"{'query':36} {'cold ms':>9} {'median ms':>10} {'p95 ms':>9}  goal")
                for name, query in queries.items():
                    first, median, p95 = timed(query, args.runs)
                    verdict = "met" if median < 100 else "MISSED"
                    print(f"{name:36} {first:9.0f} {median:10.0f} {p95:9.0f}  {verdict}", flush=True)
                answers.append([query() for query in queries.values()])
        if len(answers) == 2:
            print("\nthe same answers from both:", "yes" if answers[0] == answers[1] else "NO")


if __name__ == "__main__":
    main()
