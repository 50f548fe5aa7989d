"""The knowledge base: the project's dictionaries in ``dateline/data``, loaded once per pipeline.

    countries.tsv       names, adjectives, capitals and seats of government → country codes
    roles.tsv           agent nouns ("president", "troops") → CAMEO role codes
    organisations.tsv   IGOs and NGOs → CAMEO actor codes
    groups.tsv          armed groups, militant movements and political parties → actor codes
    leaders/*.tsv       heads of state and government, ministers, with their dates in office
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    capital: str
    lat: float | None
    lon: float | None
    capital_lat: float | None
    capital_lon: float | None


@dataclass(frozen=True)
class Role:
    code: str
    leader: bool


@dataclass(frozen=True)
class Holder:
    """A person in an office from ``start`` to ``end`` (ISO dates; ``end`` None: still there;
    ``start`` empty: since always). ``code``: the full actor code, where a dictionary gives one
    (``dictionaries.py``); ``None`` for the project's own leaders, coded as ``country`` + GOV."""

    country: str
    office: str
    title: str
    name: str
    start: str
    end: str | None
    code: str | None = None

    def held_on(self, day: str | None) -> bool:
        if not day:
            return self.end is None
        return self.start[: len(day)] <= day and (self.end is None or day <= self.end[: len(day)])


_WORDS = re.compile(r"[\w']+")


@lru_cache(maxsize=1 << 16)  # a pure function on the hot path of actor resolution
def fold(text: str) -> str:
    """A name key that forgives case, accents, hyphens and kh/h spellings."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("-", " ").replace("’", "'").replace(".", "")
    return " ".join(text.replace("kh", "h").split())


def phrase_words(text: str) -> list[str]:
    """The folded words of a phrase or a whole sentence (which bypasses ``fold``'s cache)."""
    return _WORDS.findall(fold.__wrapped__(text))


def read_table(file: Traversable | Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated data file: ``#`` lines are comments, then a header."""
    lines = (line for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    lines = (line for line in lines if not line.startswith("#"))
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k: (v or "").strip() for k, v in row.items() if k}


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # folded name → code
    adjectives: dict[str, str] = field(default_factory=dict)  # folded adjective → code
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital → code
    seats: dict[str, str] = field(default_factory=dict)  # folded seat of government → code
    roles: dict[str, Role] = field(default_factory=dict)  # folded phrase → role
    organisations: dict[str, str] = field(default_factory=dict)  # exact alias → code
    organisations_folded: dict[str, str] = field(default_factory=dict)
    holders: dict[str, list[Holder]] = field(default_factory=lambda: defaultdict(list))
    discards: set[str] = field(default_factory=set)  # folded phrases whose sentences are not coded
    story_discards: set[str] = field(default_factory=set)  # ... whose whole stories are not coded

    @property
    def longest_role(self) -> int:
        return max((len(k.split()) for k in self.roles), default=1)

    def place_names(self) -> list[str]:
        """Country names, aliases and capitals as written, for the parser's entity ruler."""
        return sorted(self._place_names)

    _place_names: set[str] = field(default_factory=set)

    def holders_named(self, name: str) -> list[Holder]:
        return self.holders.get(fold(name), [])

    def discarded(self, text: str, story: bool = False) -> bool:
        """Whether ``text`` holds a discard phrase (with ``story``: a story-level one), as
        whole words, forgiving case and accents as ``fold`` does."""
        phrases = self.story_discards if story else self.discards
        if not phrases:
            return False
        words = phrase_words(text)
        longest = max(len(p.split()) for p in phrases)
        return any(" ".join(words[i:i + n]) in phrases
                   for n in range(1, longest + 1) for i in range(len(words) - n + 1))


def load_knowledge(package: str = "dateline.data") -> KnowledgeBase:
    """The knowledge base from the packaged data files."""
    root = resources.files(package)
    kb = KnowledgeBase()
    for row in read_table(root / "countries.tsv"):
        code = row["code"]
        kb.countries[code] = Country(
            code, row["name"], row["capital"], _float(row["lat"]), _float(row["lon"]),
            _float(row["capital_lat"]), _float(row["capital_lon"]),
        )
        for name in [row["name"], *_split(row["aliases"])]:
            kb.country_names.setdefault(fold(name), code)
            if name.startswith("the "):  # "the Emirates" is also named without its article
                kb.country_names.setdefault(fold(name[4:]), code)
            kb._place_names.add(name)
        for adjective in _split(row["adjectives"]):
            kb.adjectives.setdefault(fold(adjective), code)
        if row["capital"]:
            kb.capitals.setdefault(fold(row["capital"]), code)
            kb._place_names.add(row["capital"])
        for seat in _split(row["seats"]):
            kb.seats.setdefault(fold(seat), code)
    for row in read_table(root / "roles.tsv"):
        role = Role(row["code"], row.get("leader") == "1")
        kb.roles.setdefault(fold(row["phrase"]), role)
        if row.get("plural"):
            kb.roles.setdefault(fold(row["plural"]), role)
    for row in read_table(root / "organisations.tsv"):
        for alias in [row["name"], *_split(row["aliases"])]:
            kb.organisations.setdefault(alias, row["code"])
            if len(alias) > 4 and not alias.isupper():
                kb.organisations_folded.setdefault(fold(alias), row["code"])
    groups = root / "groups.tsv"
    if groups.is_file():
        for row in read_table(groups):
            for alias in [row["name"], *_split(row["aliases"])]:
                kb.organisations.setdefault(alias, row["code"])
                if len(alias) > 4 and not alias.isupper():
                    kb.organisations_folded.setdefault(fold(alias), row["code"])
    for file in sorted((root / "leaders").iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".tsv"):
            continue
        for row in read_table(file):
            holder = Holder(row["country"], row["office"], row["title"], row["name"],
                            row["start"], row["end"] or None)
            for name in {row["name"], *_split(row["variants"])}:
                kb.holders[fold(name)].append(holder)
    return kb
