"""PETRARCH/Phoenix dictionaries: parsing each kind, merging into the knowledge base, the
``dictionaries`` setting and ``--dictionaries`` option, and an event coded with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import dateline
from conftest import DATA, ROOT, code_text
from dateline.actors.dictionaries import (
    ActorEntry,
    DatedCode,
    extend,
    iso_day,
    lines,
    parse_actors,
    parse_agents,
    parse_code,
    parse_discards,
    parse_spec,
    read_dictionary,
)
from dateline.actors.knowledge import KnowledgeBase, load_knowledge
from dateline.cli import cli
from dateline.cli.options import settings_from
from dateline.errors import ConfigError

FOLDER = DATA / "dictionaries"
ACTORS = FOLDER / "middle-earth.actors.txt"
AGENTS = FOLDER / "middle-earth.agents.txt"
DISCARDS = FOLDER / "middle-earth.discards.txt"
SPECS = (f"petrarch-actors:{ACTORS}", f"petrarch-agents:{AGENTS}", f"petrarch-discards:{DISCARDS}")
PHOENIX = ROOT.parent / "shared" / "reference" / "petrarch" / "dictionaries"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb = load_knowledge()
    for spec in SPECS:
        extend(kb, *parse_spec(spec))
    return kb


# -- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("block", "expected"), [
    ("ARN", DatedCode("ARN")),
    ("pse", DatedCode("PSE")),
    ("RUSGOV >080508", DatedCode("RUSGOV", start="2008-05-08")),
    ("RUSGOV <080508", DatedCode("RUSGOV", end="2008-05-08")),
    ("RUSGOV 080508-120507", DatedCode("RUSGOV", "2008-05-08", "2012-05-07")),
    ("HOB < 950601", DatedCode("HOB", end="1995-06-01")),
    ("HOBGOV 19950601 - 19990815", DatedCode("HOBGOV", "1995-06-01", "1999-08-15")),
    ("UKRGOV > 20140607", DatedCode("UKRGOV", start="2014-06-07")),
    ("NGOCHRPRO214", DatedCode("NGOCHRPRO214")),
    ("ELR/GAL", DatedCode("ELR")),  # several codes: the first
    ("---", DatedCode("---")),  # the null code, left out by the reader
    ("DAL 2001-13-45", None),  # no such dates
    ("MNEGOV 20121204", None),  # a date with neither marker nor range
    ("GBRGOV >201005011", None),
    ("", None),
])
def test_code_blocks(block: str, expected: DatedCode | None) -> None:
    assert parse_code(block) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("080508", "2008-05-08"), ("291231", "2029-12-31"), ("300101", "1930-01-01"),
    ("19240101", "1924-01-01"), ("20130229", None), ("991301", None),
])
def test_dates(text: str, expected: str | None) -> None:
    assert iso_day(text) == expected


def test_comments_are_taken_out_but_not_inside_codes() -> None:
    text = "A_ [AAA] # a note\n<!-- one\ntwo -->\n# whole line\n\nB [###]\n<!-- one line -->\nC"
    assert list(lines(text)) == [(1, "A_ [AAA]"), (6, "B [###]"), (8, "C")]
    assert list(lines("A\n\nB", blank=True)) == [(1, "A"), (2, ""), (3, "B")]


def test_actor_entries_synonyms_and_dates() -> None:
    parsed = parse_actors(read_dictionary(ACTORS))
    entries = {e.names[0]: e for e in parsed.entries}
    assert entries["ARNOR"] == ActorEntry(("ARNOR", "ARNORIAN"), (DatedCode("ARN"),), 6)
    assert entries["GONDOR"].names == ("GONDOR", "GONDORIAN", "MINAS ANOR")  # "_" joins words
    assert entries["STEWARD MARDIL"].codes == (
        DatedCode("GONGOV", "1980-01-01", "1990-03-15"), DatedCode("GONELI", start="1990-03-16"))
    assert entries["KING ARVEDUI"].codes == (DatedCode("ARNREB", end="1990-01-01"), DatedCode("ARNGOV"))
    # Name lines with no code share the code lines that follow them.
    assert entries["RANGERS OF THE NORTH"].names == ("RANGERS OF THE NORTH", "NORTHERN RANGERS")
    assert entries["EOTHEOD"].codes == (DatedCode("EOT"),)
    # The null-coded entry and the one whose only code block is malformed (twice: the block
    # and the entry left with no code) are skipped; nothing from the comments is read.
    assert set(entries) == {"ARNOR", "GONDOR", "STEWARD MARDIL", "KING ARVEDUI", "WHITE COUNCIL",
                            "RANGERS OF THE NORTH", "EOTHEOD"}
    assert parsed.skipped == 3


def test_agent_entries_plurals_and_substitution_sets() -> None:
    parsed = parse_agents(read_dictionary(AGENTS))
    entries = {e.phrases[0]: e for e in parsed.entries}
    assert entries["MARCH WARDEN"].phrases == ("MARCH WARDEN", "MARCH WARDENS")
    assert entries["MARCH WARDEN"].code == "MIL"
    assert entries["BEACON KEEPER"].phrases == ("BEACON KEEPER", "BEACON KEEPERS OF OLD")
    assert entries["STEWARDRY"].phrases == ("STEWARDRY",)  # {}: no plural
    assert entries["HORSEMAN"].phrases == ("HORSEMAN", "HORSEMEN", "HORSEWOMAN", "HORSEWOMEN")
    assert entries["CHIEF WARDEN"].phrases == ("CHIEF WARDEN", "CHIEF WARDENS")
    assert entries["CHIEF WARDEN"].code == "COP"
    assert "SHIPWRIGHT GUILD" not in entries and "NO CODE HERE" not in entries
    assert parsed.skipped == 3  # a prefix code, an unknown substitution set, no code


def test_discard_phrases() -> None:
    parsed = parse_discards(read_dictionary(DISCARDS))
    assert [(d.phrase, d.story) for d in parsed.entries] == [
        ("HOBBIT RACES", False), ("LONG AGO", False), ("Midsummer Festival", True),
        ("PIPEWEED HARVEST", True)]


# -- the knowledge base ------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "key", "code"), [
    ("organisations", "Arnor", "ARN"),
    ("organisations", "ARNOR", "ARN"),
    ("organisations", "White Council", "IGOWHC"),
    ("organisations", "Rangers of the North", "ARNMIL"),
    ("organisations_folded", "the council of the wise", "IGOWHC"),
    ("organisations_folded", "northern rangers", "ARNMIL"),
    ("organisations_folded", "minas anor", "GON"),
    ("country_names", "arnor", "ARN"),
    ("country_names", "eotheod", "EOT"),
    ("adjectives", "arnorian", "ARN"),
    ("adjectives", "gondorian", "GON"),
])
def test_actor_names_become_lookups(kb: KnowledgeBase, table: str, key: str, code: str) -> None:
    assert getattr(kb, table)[key] == code


def test_only_country_codes_make_country_names(kb: KnowledgeBase) -> None:
    assert "white council" not in kb.country_names
    assert "rangers of the north" not in kb.country_names
    assert "Arnorian" not in kb.organisations  # a nationality, not a name


def test_dated_entries_become_office_holders(kb: KnowledgeBase) -> None:
    rows = kb.holders_named("Mardil Voronda")
    assert [(h.code, h.country, h.office, h.start, h.end) for h in rows] == [
        ("GONELI", "GON", "DICT", "1990-03-16", None), ("GONGOV", "GON", "DICT", "1980-01-01", "1990-03-15")]
    assert [h.code for h in kb.holders_named("Steward Mardil") if h.held_on("1985-06")] == ["GONGOV"]
    arvedui = kb.holders_named("Arvedui")
    assert [h.code for h in arvedui if h.held_on("1985-06-01")] == ["ARNREB", "ARNGOV"]  # the dated first
    assert [h.code for h in arvedui if h.held_on("2001")] == ["ARNGOV"]
    assert kb.organisations["King Arvedui"] == "ARNGOV"  # the undated code names it too


def test_the_latest_dated_code_to_start_wins(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text("SAMWISE_\n\t[HOBMIL 20080120-20121109]\n\t[ORCHOB 20100109-20100112]\n"
                    "\t[HOBGOV >20121109]\n")
    kb = load_knowledge()
    extend(kb, "petrarch-actors", path)
    held = {day: next(h.code for h in kb.holders_named("Samwise") if h.held_on(day))
            for day in ("2009-05-01", "2010-01-10", "2010-02-01", "2015-01-01")}
    assert held == {"2009-05-01": "HOBMIL", "2010-01-10": "ORCHOB", "2010-02-01": "HOBMIL",
                    "2015-01-01": "HOBGOV"}


def test_agents_become_roles(kb: KnowledgeBase) -> None:
    assert kb.roles["march wardens"].code == "MIL"
    assert kb.roles["horsewomen"].code == "MIL"
    assert kb.roles["beacon keepers of old"].code == "GOV"
    assert kb.roles["president"].leader  # dateline's own flag is kept


@pytest.mark.parametrize(("text", "story", "expected"), [
    ("Thousands watched the Hobbit races on Sunday.", False, True),
    ("They met long ago.", False, True),
    ("The hobbits raced home.", False, False),
    ("Arnor's envoys came to the midsummer festival.", False, True),
    ("Arnor's envoys came to the midsummer festival.", True, True),
    ("Thousands watched the hobbit races.", True, False),
])
def test_discards(kb: KnowledgeBase, text: str, story: bool, expected: bool) -> None:
    assert kb.discarded(text, story=story) is expected


def test_no_discards_discard_nothing() -> None:
    assert not load_knowledge().discarded("Thousands watched the hobbit races.")


def test_dictionary_entries_win(tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("RUSSIA_ [XYZ]\nSOMEWHERE [AAA]\nSOMEWHERE_ [BBB]\n")
    second.write_text("SOMEWHERE_ [CCC]\n")
    kb = load_knowledge()
    assert kb.country_names["russia"] == "RUS"
    assert extend(kb, "petrarch-actors", first) == 3
    assert kb.country_names["russia"] == "XYZ"  # over dateline's own
    assert kb.country_names["somewhere"] == "AAA"  # the first entry in one file
    extend(kb, "petrarch-actors", second)
    assert kb.country_names["somewhere"] == "CCC"  # a later file over an earlier one


# -- settings and options ----------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["petrarch-verbs:x.txt", "actors.txt", "petrarch-actors:", ":x"])
def test_a_bad_spec_is_a_config_error(spec: str) -> None:
    with pytest.raises(ConfigError, match=r"KIND|unknown kind"):
        parse_spec(spec)
    with pytest.raises(ConfigError):
        dateline.load_settings(environ={"DATELINE_DICTIONARIES": spec})


def test_an_unreadable_dictionary_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read dictionary"):
        extend(load_knowledge(), "petrarch-actors", tmp_path / "none.txt")
    with pytest.raises(ConfigError, match="unknown dictionary kind"):
        extend(load_knowledge(), "petrarch-verbs", ACTORS)


def test_settings_from_environment_file_and_options(tmp_path: Path) -> None:
    environ = {"DATELINE_DICTIONARIES": f"petrarch-actors:{ACTORS}, petrarch-agents:{AGENTS}"}
    assert dateline.load_settings(environ=environ).dictionaries == SPECS[:2]
    config = tmp_path / "dateline.toml"
    config.write_text(f'dictionaries = ["petrarch-discards:{DISCARDS}"]\n')
    assert dateline.load_settings(config, environ={}).dictionaries == SPECS[2:]
    assert settings_from(str(config), dictionaries=()).dictionaries == SPECS[2:]  # option left out
    assert settings_from(str(config), dictionaries=SPECS[:1]).dictionaries == SPECS[:1]


@pytest.mark.parametrize("command", ["extract", "ingest", "eval"])
def test_commands_refuse_a_bad_dictionary_before_coding(command: str, tmp_path: Path) -> None:
    given = ["--gold", str(FOLDER / "middle-earth.records.xml")] if command == "eval" else [str(ACTORS)]
    result = CliRunner().invoke(cli, [command, *given, "--dictionaries", "petrarch-verbs:x.txt"])
    assert isinstance(result.exception, ConfigError)


# -- coding with them --------------------------------------------------------------------------


def test_arnorian_troops_attack_gondor(tmp_path: Path, coder: dateline.pipeline.Coder) -> None:
    text = "Arnorian troops attacked Gondor on Monday."
    assert not code_text(coder, text)  # without the dictionary: no one known
    story = tmp_path / "story.txt"
    story.write_text(text + "\n")
    settings = dateline.load_settings(environ={}, dictionaries=(f"petrarch-actors:{ACTORS}",))
    events = list(dateline.extract([str(story)], settings=settings))
    assert [(e["source"]["country"], e["target"]["code"], e["cameo_root"]) for e in events] in (
        [("ARN", "GON", "18")], [("ARN", "GON", "19")])


def test_eval_takes_dictionaries() -> None:
    result = CliRunner().invoke(cli, [
        "eval", "--gold", str(FOLDER / "middle-earth.records.xml"), "--format", "json",
        *(f"--dictionaries={spec}" for spec in SPECS)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["who-what"]["found"] == 1


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="needs ../shared/reference beside the checkout")
def test_the_phoenix_dictionaries_load() -> None:
    kb = load_knowledge()
    counts = {name: extend(kb, kind, PHOENIX / name) for name, kind in [
        ("Phoenix.Countries.actors.txt", "petrarch-actors"),
        ("Phoenix.International.actors.txt", "petrarch-actors"),
        ("Phoenix.MilNonState.actors.txt", "petrarch-actors"),
        ("Phoenix.agents.txt", "petrarch-agents"),
        ("Phoenix.discards.txt", "petrarch-discards"),
    ]}
    assert counts["Phoenix.Countries.actors.txt"] > 15_000
    assert counts["Phoenix.International.actors.txt"] > 5_000
    assert counts["Phoenix.MilNonState.actors.txt"] > 800
    assert counts["Phoenix.agents.txt"] > 2_000
    assert counts["Phoenix.discards.txt"] > 400
    assert len(kb.organisations_folded) > 10_000 and len(kb.holders) > 20_000
    assert kb.discarded("He won the Asian Cup.")
