from __future__ import annotations

import types

import dateline


def test_all_is_sorted_and_complete() -> None:
    # Constants first, then classes, then functions: the order ruff's RUF022 keeps.
    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert dateline.__all__ == sorted(dateline.__all__, key=kind)
    public = {
        name for name, value in vars(dateline).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - {"annotations", "Path"} == set(dateline.__all__) - {"__version__"}
