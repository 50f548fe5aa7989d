"""The API's pool of store views: reused while the store is unchanged, never lent twice at once,
and opened again once a batch is committed or a recode has switched."""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline
from conftest import EXAMPLES, SEED
from dateline.api.readers import ReaderPool
from dateline.store import layout
from dateline.store.files import store_files


def count(reader: dateline.StoreReader) -> int:
    return int(reader.scalar("SELECT count(*) FROM documents"))


def test_views_are_reused_until_the_store_changes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    pool = ReaderPool(store, idle=2)
    with pytest.raises(dateline.StoreError, match="no store"):
        pool.take()
    dateline.ingest([str(SEED)], store=store, events=False)

    state, first = pool.take()
    other_state, second = pool.take()  # lent to another request meanwhile: another view
    assert second is not first and count(first) == count(second) == 1
    pool.give(state, first)
    pool.give(other_state, second)
    state, again = pool.take()
    assert again in (first, second)
    pool.give(state, again)

    dateline.ingest([str(EXAMPLES / "articles.jsonl")], store=store, events=False)  # a new batch
    state, fresh = pool.take()
    assert fresh not in (first, second) and count(fresh) == 4
    with pytest.raises(Exception, match="closed"):
        count(first)  # the stale views were closed, not kept
    pool.give(state, fresh)

    layout.set_generation(store_files(store), layout.new_id())  # what a recode's switch does
    state, switched = pool.take()
    assert switched is not fresh and switched.generation == layout.current_generation(store_files(store))
    pool.give(state, switched)


def test_no_more_views_are_kept_than_idle(tmp_path: Path) -> None:
    store = tmp_path / "store"
    dateline.ingest([str(SEED)], store=store, events=False)
    pool = ReaderPool(store, idle=1)
    lent = [pool.take() for _ in range(3)]
    for state, reader in lent:
        pool.give(state, reader)
    kept = [reader for _, reader in lent if _is_open(reader)]
    assert len(kept) == 1


def _is_open(reader: dateline.StoreReader) -> bool:
    try:
        count(reader)
    except Exception:
        return False
    return True
