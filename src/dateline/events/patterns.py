"""Event patterns: the rows of ``data/patterns.tsv``, indexed by trigger lemma.

Each pattern names a trigger (a lemma and its part of speech, with an optional object or
particle that must go with it), the CAMEO code, where the target is found, and whether a
plural source alone makes the event two-sided ("the two leaders met").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dateline.actors.knowledge import read_table
from dateline.errors import PipelineError


@dataclass(frozen=True)
class Pattern:
    id: str
    lemma: str
    pos: str
    object: str
    particle: str
    cameo: str
    target: tuple[str, ...]
    reciprocal: bool

    @property
    def specificity(self) -> int:
        return bool(self.object) + bool(self.particle)


def load_patterns(codes: set[str], path: str = "") -> dict[tuple[str, str], list[Pattern]]:
    """Patterns by (lemma, pos), the most specific first; an unknown code is an error.

    ``path`` names a patterns file to use instead of the packaged ``data/patterns.tsv``.
    """
    index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    file = Path(path) if path else resources.files("dateline.data") / "patterns.tsv"
    if not file.is_file():
        raise PipelineError(f"no patterns file at {file}")
    for row in read_table(file):
        pattern = Pattern(
            row["id"], row["lemma"].lower(), row["pos"].upper(), row.get("object", "").lower(),
            row.get("particle", "").lower(), row["cameo"],
            tuple(t.strip() for t in row.get("target", "").split(",") if t.strip()),
            row.get("reciprocal") == "1",
        )
        if pattern.cameo not in codes:
            raise PipelineError(f"pattern {pattern.id}: unknown CAMEO code {pattern.cameo!r}")
        index[(pattern.lemma, pattern.pos)].append(pattern)
    for patterns in index.values():
        patterns.sort(key=lambda p: -p.specificity)
    return dict(index)
