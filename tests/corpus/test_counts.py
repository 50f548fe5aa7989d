"""The counts tables answer exactly what the same queries over the events answer: for every
query and filter, from a store as ingest left it, and from one compacted and then added to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.corpus import counts
from dateline.store.queries import StoreReader
from line_coder import LineCoder, random_documents, settings, write_documents

F = dateline.EventFilter

#: Filters that a counts table can express, and the tables that can (by what each query needs).
SERVED = [
    F(), F(dyad=("RUS", "UKR")), F(dyad=("tjk", "rus")), F(dyad=("RU", "UK")), F(dyad=("RUS", "RUS")),
    F(dyad=("RUS", "U")), F(dyad=("IGO", "RUS")), F(dyad=("US", "RUS")), F(actor="RUS"), F(actor="igo"),
    F(actor="U"), F(actor="US"), F(cameo="04"), F(cameo="1"), F(quad_class=1), F(quad_class=4),
    F(since="2022-03-01"), F(until="2022-06"), F(since="2022-05", until="2022-05"), F(until="2022"),
    F(dyad=("RUS", "UKR"), since="2022-02-15", quad_class=4), F(actor="UKR", until="2022-09-30"),
    F(cameo="19", quad_class=4, since="2022-04"),
]
#: Filters that need the events (a whole actor code, a full CAMEO code, a modality, a place...).
UNSERVED = [
    F(dyad=("RUSGOV", "UKR")), F(actor="RUSGOV", since="2022-01"), F(cameo="040"), F(modality="asserted"),
    F(country="RUS"), F(source="TASS"), F(q="RUS"), F(doc_id="doc0003"), F(actor="RUS", cameo="04"),
]


def queries(reader: StoreReader, where: dateline.EventFilter) -> Iterator[tuple[str, Callable[[], Any]]]:
    for interval in ("day", "week", "month", "year"):
        yield f"timeline {interval}", lambda i=interval: reader.timeline(where, i)  # type: ignore[misc]
        yield f"root_timeline {interval}", lambda i=interval: reader.root_timeline(where, i)  # type: ignore[misc]
    for level in ("code", "country"):
        yield f"network {level}", lambda lv=level: reader.network(where, lv)  # type: ignore[misc]
        yield f"dyads {level}", lambda lv=level: reader.dyads(where, lv)  # type: ignore[misc]
    yield "count", lambda: reader.count_events(where)


@pytest.fixture(scope="module", params=["ingested", "compacted, then added to"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("counts")
    store = folder / "store"
    docs = random_documents(460)
    first = write_documents(folder / "first.jsonl", docs[:400])
    options = {"settings": settings(store, batch_size=25), "coder": LineCoder()}
    assert dateline.ingest([str(first)], **options).stored == 400
    if request.param != "ingested":
        done = dateline.compact(store)
        assert done.rows["counts_day_dyad"] > 0 and done.rows["counts_pair"] > 0
    later = write_documents(folder / "later.jsonl", docs[400:])
    assert dateline.ingest([str(later)], **options).stored == 60
    return store


@pytest.fixture(scope="module")
def readers(store: Path) -> Iterator[tuple[StoreReader, StoreReader]]:
    with StoreReader(store) as fast, StoreReader(store, counts=False) as direct:
        assert direct.count_events(dateline.EventFilter()) > 1500
        yield fast, direct


@pytest.mark.parametrize("where", SERVED + UNSERVED, ids=repr)
def test_counts_and_events_agree(readers: tuple[StoreReader, StoreReader], where: F) -> None:
    fast, direct = readers
    for (name, answer), (_, expected) in zip(queries(fast, where), queries(direct, where), strict=True):
        assert answer() == expected(), name


def test_which_filters_the_counts_answer() -> None:
    for where in SERVED:
        assert counts.choose(where, ("date", "quad")) is not None, where  # the timeline
        assert counts.choose(where, ()) is not None, where  # a count
    assert counts.choose(F(), ("date", "root"))[0] is counts.DAY_ROOT  # type: ignore[index]
    assert counts.choose(F(), ("code",))[0] is counts.PAIR  # type: ignore[index]
    assert counts.choose(F(dyad=("RUS", "UKR")), ("date", "quad"))[0] is counts.DAY_DYAD  # type: ignore[index]
    assert counts.choose(F(dyad=("RUSGOV", "UKRGOV")), ("code",)) is not None
    assert counts.choose(F(since="2022"), ("code",)) is None
    for where in UNSERVED:
        assert counts.choose(where, ("date", "quad")) is None, where


def test_the_compacted_tables_are_small_and_sorted(store: Path) -> None:
    [path] = list((store / "counts_day_dyad").glob("compact-*.parquet")) or [None]
    if path is None:
        pytest.skip("not compacted")
    with StoreReader(store) as reader:
        events = reader.count_events(F())
        stored = {t.name: reader.scalar(f"SELECT count(*) FROM {t.name}_stored") for t in counts.TABLES}
        keys = [tuple(r.values()) for r in reader.rows(f"SELECT a, b, date FROM read_parquet('{path}')")]
        ordered = [tuple(r.values()) for r in reader.rows(
            f"SELECT a, b, date FROM read_parquet('{path}') ORDER BY a, b, date")]
    assert keys == ordered
    assert all(0 < n < events for n in stored.values()), stored


def test_counts_are_read_once_the_store_is_compacted(store: Path) -> None:
    compacted = bool(list((store / "counts_pair").glob("compact-*.parquet")))
    with StoreReader(store) as reader:
        source = reader.counts_source(counts.DAY_DYAD, F(dyad=("RUS", "UKR")))
    if not compacted:
        assert source is None  # the events are read: counting them all first would be slower
    else:  # the compacted counts, and the batches added since, filtered before they are counted
        assert source is not None and "uncounted_events WHERE" in source[0]
        assert source[1] == ["RUS", "UKR", "UKR", "RUS"]
