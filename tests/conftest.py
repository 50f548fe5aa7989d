from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest

import dateline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tass-2022-06-28-dushanbe.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def settings(tmp_path: Path) -> dateline.Settings:
    return dateline.load_settings(environ={}, store=str(tmp_path / "store"))


def assert_accounted(counts: dateline.Accounting) -> None:
    assert counts.read == counts.stored + counts.duplicate + sum(counts.rejected.values())

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def shared_scorer() -> Any:
    """The project's scorer, ../shared/eval/score.py, as a module; skips when it is not there."""
    import importlib.util

    if not SCORER.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def coder() -> dateline.pipeline.Coder:
    """The event coder with spaCy and the dictionaries, loaded once per test session."""
    return dateline.build_coder(dateline.load_settings())


def code_text(coder: dateline.pipeline.Coder, text: str, published: str = "2022-06-28") -> list[dict]:
    from dateline.records import Document

    doc = Document(id="t", text=text, text_hash="t", published=published)
    return coder.code([doc])


@pytest.fixture
def memory_url(tmp_path: Path) -> Iterator[str]:
    """A fresh memory:// store (one filesystem per process: each test takes its own folder)."""
    url = f"memory://{tmp_path.name}/store"
    yield url
    memory = fsspec.filesystem("memory")
    if memory.exists(f"/{tmp_path.name}"):
        memory.rm(f"/{tmp_path.name}", recursive=True)
