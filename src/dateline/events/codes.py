"""The CAMEO event code table (names, Goldstein values, quad classes) and its PLOVER map."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from dateline.actors.knowledge import read_table


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None


def load_codes(package: str = "dateline.data") -> dict[str, Code]:
    table = {}
    for row in read_table(resources.files(package) / "cameo.tsv"):
        table[row["code"]] = Code(
            row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]),
            row["plover_event"] or None, row["plover_mode"] or None,
        )
    return table
