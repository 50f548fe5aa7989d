from __future__ import annotations

import dateline


def test_all_is_sorted_and_complete() -> None:
    assert dateline.__all__ == sorted(dateline.__all__)
    public = {name for name in vars(dateline) if not name.startswith("_")}
    modules = {"annotations", "Path", "cli", "config", "documents", "errors", "pipeline",
               "records", "store"}
    assert public - modules - set(dateline.__all__) == set()
