"""PETRARCH/Phoenix dictionaries, read into the knowledge base beside dateline's own data.

Three kinds, each named ``KIND:PATH`` in the ``dictionaries`` setting (``--dictionaries``):

    petrarch-actors     ``NAME_ [CODE]`` entries, ``+SYNONYM`` lines, code lines such as
                        ``[RUSGOV >080508]`` (from), ``[RUSGOV <080508]`` (until) and
                        ``[CODE 080508-120507]`` (a range); YYMMDD or YYYYMMDD dates
    petrarch-agents     ``NOUN_ {PLURAL} [~ROLE]`` entries and ``!SET! = A, B`` substitution sets
    petrarch-discards   phrases whose sentences are not coded (``+PHRASE``: the whole story)

``#`` starts a comment (outside brackets), ``<!-- -->`` blocks are comments, ``_`` joins words.
What cannot be used (a malformed code block, a prefix agent code such as ``[NGO~]``, an unknown
substitution set) is skipped and counted in ``Parsed.skipped``.

An entry's names become lookups for ``actors.resolve``: exact aliases in ``organisations``,
folded names in ``organisations_folded``, and, for a three-letter code, ``country_names`` and
(names ending in -IAN, -ESE, -ISH or -I) ``adjectives``. An entry with dated codes becomes
``Holder`` rows (office ``DICT``, its code kept; the latest to start first, the undated code
last) ahead of any the knowledge base already has.
A dictionary's entries win over the knowledge base's and over earlier dictionaries'; within one
file, the first entry for a name wins.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import product
from pathlib import Path
from typing import Generic, TypeVar

from dateline.actors.knowledge import Holder, KnowledgeBase, Role, fold, phrase_words
from dateline.errors import ConfigError

log = logging.getLogger(__name__)

KINDS = ("petrarch-actors", "petrarch-agents", "petrarch-discards")
CENTURY_BREAK = 30  # two-digit years below it are 20YY, the others 19YY
NULL_CODES = {"---", "+++", "###"}
ADJECTIVE_ENDINGS = ("IAN", "ESE", "ISH", "I")
MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an"}
SHORT = 4  # folded names this long or shorter (acronyms: "UN", "IMF") are matched exactly only

_BLOCK = re.compile(r"\[([^\]\[]*)\]")
_CODE = re.compile(r"(---|\+\+\+|###|[A-Za-z0-9]+)(?:/[A-Za-z0-9/]+)?\s*(.*)")
_DAY = r"(\d{8}|\d{6})"
_BOUND = re.compile(rf"([<>])\s*{_DAY}")
_RANGE = re.compile(rf"{_DAY}\s*-\s*{_DAY}")
_SET = re.compile(r"(![A-Za-z0-9]+!)\s*=\s*(.+)")
_AGENT = re.compile(r"(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_MARKER = re.compile(r"![A-Za-z0-9]+!")

T = TypeVar("T")


@dataclass(frozen=True)
class DatedCode:
    """A code and the ISO dates it holds from and until (``None``: open)."""

    code: str
    start: str | None = None
    end: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class ActorEntry:
    names: tuple[str, ...]  # the entry's name, then its synonyms; words joined by spaces
    codes: tuple[DatedCode, ...]
    line: int


@dataclass(frozen=True)
class AgentEntry:
    phrases: tuple[str, ...]  # every form, substitution sets expanded, plurals included
    code: str  # the role code, "~" removed
    line: int


@dataclass(frozen=True)
class Discard:
    phrase: str
    story: bool  # "+": the whole story is discarded, not only the sentence


@dataclass(frozen=True)
class Parsed(Generic[T]):
    entries: tuple[T, ...]
    skipped: int  # lines or code blocks that could not be used


# -- reading ------------------------------------------------------------------------------------


def parse_spec(spec: str) -> tuple[str, Path]:
    """``"KIND:PATH"`` as its kind and path; a ConfigError for a bad or unknown kind."""
    kind, colon, path = spec.partition(":")
    kind = kind.strip()
    if not colon or not path.strip():
        raise ConfigError(f"dictionary {spec!r}: expected KIND:PATH, KIND one of {', '.join(KINDS)}")
    if kind not in KINDS:
        raise ConfigError(f"dictionary {spec!r}: unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return kind, Path(path.strip())


def read_dictionary(path: str | Path) -> str:
    """A dictionary file's text (UTF-8, else Latin-1); a ConfigError when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read dictionary {path}: {error.strerror or error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def lines(text: str, blank: bool = False) -> Iterator[tuple[int, str]]:
    """Numbered lines without their comments; blank ones only with ``blank`` (as ``""``)."""
    in_block = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_block or line.startswith("<!"):
            in_block = "-->" not in line
            continue
        if not line:
            if blank:
                yield number, ""
            continue
        line = _uncomment(line).strip()
        if line:
            yield number, line


def _uncomment(line: str) -> str:
    depth = 0
    for index, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif char == "#" and depth == 0:
            return line[:index]
    return line


def words(name: str) -> str:
    """A dictionary phrase as words: ``"ARNOR_"`` is ``"ARNOR"``, ``"NEW_ZEALAND"`` two words."""
    return " ".join(name.replace("_", " ").split())


def iso_day(value: str) -> str | None:
    """``"080508"`` or ``"20080508"`` as ``"2008-05-08"``; ``None`` when it is no date."""
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year < CENTURY_BREAK else 1900 + year}{value[2:]}"
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return None


def parse_code(block: str) -> DatedCode | None:
    """The inside of one ``[...]`` code block; ``None`` when it is malformed. A null code
    (``---``) comes back as it is, for the caller to leave out."""
    match = _CODE.fullmatch(block.strip())
    if not match:
        return None
    code, rest = match[1].upper(), match[2].strip()
    if not rest:
        return DatedCode(code)
    if (bound := _BOUND.fullmatch(rest)) and (day := iso_day(bound[2])):
        return DatedCode(code, start=day) if bound[1] == ">" else DatedCode(code, end=day)
    if span := _RANGE.fullmatch(rest):
        start, end = iso_day(span[1]), iso_day(span[2])
        return DatedCode(code, start, end) if start and end else None
    return None


def parse_actors(text: str) -> Parsed[ActorEntry]:
    """The entries of an actor dictionary. Name lines with no code, one after another, are one
    entry with the code lines that follow them (before a blank line)."""
    entries: list[ActorEntry] = []
    skipped = 0
    names: list[str] = []
    codes: list[DatedCode] = []
    first, coded = 0, False  # coded: a code block seen for the entry, null or malformed ones too

    def close() -> None:
        nonlocal skipped, coded
        coded = False
        if names and codes:
            entries.append(ActorEntry(tuple(names), tuple(codes), first))
        elif names:
            skipped += 1  # an entry without a usable code
        names.clear()
        codes.clear()

    for number, line in lines(text, blank=True):
        head = line.split("[", 1)[0]
        if not line:
            if not coded:
                close()  # names that no code follows before a blank line
            continue
        if line.startswith("+"):
            if not names:
                skipped += 1
                continue
            head = head[1:]
        elif not line.startswith("[") and (coded or not names):
            # A new entry; name lines with no code yet share the code lines that follow.
            close()
            first = number
        name = words(head)
        if name:
            names.append(name)
        for block in _BLOCK.findall(line):
            coded = True
            code = parse_code(block)
            if code is None:
                skipped += 1
            elif code.code not in NULL_CODES:
                codes.append(code)
        if "[" in line and not _BLOCK.search(line):
            skipped += 1
    close()
    return Parsed(tuple(entries), skipped)


def parse_agents(text: str) -> Parsed[AgentEntry]:
    """The entries of an agent dictionary, substitution sets expanded and plurals formed."""
    sets: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    skipped = 0
    for number, line in lines(text):
        if substitution := _SET.fullmatch(line):
            sets[substitution[1].upper()] = [v.strip() for v in substitution[2].split(",") if v.strip()]
            continue
        match = _AGENT.fullmatch(line)
        code = match["code"].strip() if match else ""
        if not match or not re.fullmatch(r"~[A-Za-z0-9]+", code):
            skipped += 1  # no code, a malformed one, or a prefix code ("[NGO~]")
            continue
        phrase, plural = match["phrase"].strip(), match["plural"]
        forms = _substituted(phrase, sets)
        if forms is None:
            skipped += 1
            continue
        found = [words(f) for f in forms]
        if plural is not None:
            found.append(words(plural))  # "{}": none
        elif phrase == forms[0]:
            found.append(plural_of(found[0]))
        entries.append(AgentEntry(tuple(dict.fromkeys(f for f in found if f)), code[1:].upper(), number))
    return Parsed(tuple(entries), skipped)


def _substituted(phrase: str, sets: dict[str, list[str]]) -> list[str] | None:
    markers = _MARKER.findall(phrase)
    if not markers:
        return [phrase]
    if any(m.upper() not in sets for m in markers):
        return None
    pieces = _MARKER.split(phrase)
    return [pieces[0] + "".join(v + p for v, p in zip(choice, pieces[1:], strict=True))
            for choice in product(*(sets[m.upper()] for m in markers))]


def plural_of(phrase: str) -> str:
    """The regular plural of a phrase's last word: STATES, CHURCHES, AUTHORITIES."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"(S|SH|CH|X|Z)$", last, re.I):
        last += "ES"
    elif re.search(r"[^AEIOU]Y$", last, re.I):
        last = last[:-1] + "IES"
    else:
        last += "S"
    return f"{head} {last}" if head else last


def parse_discards(text: str) -> Parsed[Discard]:
    """The phrases of a discard list."""
    found = []
    for _, line in lines(text):
        story = line.startswith("+")
        phrase = words(line[1:] if story else line)
        if phrase:
            found.append(Discard(phrase, story))
    return Parsed(tuple(found), 0)


# -- merging into the knowledge base ------------------------------------------------------------


def extend(kb: KnowledgeBase, kind: str, path: str | Path) -> int:
    """Read the dictionary at ``path`` into ``kb``; returns the entries added."""
    if kind not in KINDS:
        raise ConfigError(f"unknown dictionary kind {kind!r}; known: {', '.join(KINDS)}")
    text = read_dictionary(path)
    if kind == "petrarch-actors":
        added, skipped = add_actors(kb, (parsed := parse_actors(text)).entries), parsed.skipped
    elif kind == "petrarch-agents":
        added, skipped = add_agents(kb, (agents := parse_agents(text)).entries), agents.skipped
    else:
        added, skipped = add_discards(kb, (found := parse_discards(text)).entries), found.skipped
    log.info("dictionary %s (%s): %d entries added, %d lines skipped", path, kind, added, skipped)
    return added


def add_actors(kb: KnowledgeBase, entries: tuple[ActorEntry, ...]) -> int:
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        default = next((c.code for c in entry.codes if not c.dated), None)
        # Where several hold on one day, the latest to start wins: a range inside a longer one
        # ("[ORCHOB 100109-100112]" within "[HOBMIL 080120-121109]"), a later regime.
        dated = sorted((c for c in entry.codes if c.dated), key=lambda c: c.start or "", reverse=True)
        if dated:
            shown = display(entry.names[0])
            rows = [Holder(c.code[:3], "DICT", "", shown, c.start or "", c.end, c.code) for c in dated]
            if default:
                rows.append(Holder(default[:3], "DICT", "", shown, "", None, default))
            for key in dict.fromkeys(fold(n) for n in entry.names):
                if _first(seen, "holders", key):
                    kb.holders[key] = rows + kb.holders.get(key, [])
        if default:
            _add_names(kb, entry.names, default, seen)
    return len(entries)


def _add_names(kb: KnowledgeBase, names: tuple[str, ...], code: str, seen: set[tuple[str, str]]) -> None:
    country = len(code) == 3 and code.isalpha()
    for name in names:
        key = fold(name)
        if not key:
            continue
        adjective = country and name.upper().endswith(ADJECTIVE_ENDINGS)
        if country:
            if _first(seen, "country_names", key):
                kb.country_names[key] = code
            if adjective and _first(seen, "adjectives", key):
                kb.adjectives[key] = code
        if adjective:
            continue
        short = len(key) <= SHORT and " " not in key
        for alias in dict.fromkeys([name] if short else [name, display(name)]):
            if _first(seen, "organisations", alias):
                kb.organisations[alias] = code
        if not short and _first(seen, "organisations_folded", key):
            kb.organisations_folded[key] = code


def _first(seen: set[tuple[str, str]], table: str, key: str) -> bool:
    if (table, key) in seen:  # this file has set the key already: its first entry wins
        return False
    seen.add((table, key))
    return True


def display(name: str) -> str:
    """A dictionary name as it is written in text: ``"RANGERS OF THE NORTH"`` as ``"Rangers of
    the North"``."""
    shown = []
    for number, word in enumerate(name.split()):
        if number and word.lower() in MINOR_WORDS:
            shown.append(word.lower())
        else:
            shown.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(shown)


def add_agents(kb: KnowledgeBase, entries: tuple[AgentEntry, ...]) -> int:
    seen: set[str] = set()
    for entry in entries:
        for phrase in entry.phrases:
            key = fold(phrase)
            if key and key not in seen:
                seen.add(key)
                known = kb.roles.get(key)
                kb.roles[key] = Role(entry.code, known.leader if known else False)
    return len(entries)


def add_discards(kb: KnowledgeBase, entries: tuple[Discard, ...]) -> int:
    for entry in entries:
        key = " ".join(phrase_words(entry.phrase))
        if key:
            kb.discards.add(key)
            if entry.story:
                kb.story_discards.add(key)
    return len(entries)
