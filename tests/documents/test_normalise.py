"""From raw text to a document: repair, normalising, dates, language, and make_document."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from dateline.config import Settings, load_settings
from dateline.documents.normalise import (
    LanguageCheck,
    clean_field,
    iso_date,
    make_document,
    normalise_text,
    text_hash,
)
from dateline.records import Dateline, Document, Origin, RawRecord, Reject

# id, raw text, normalised text
NORMALISED = [
    # Mojibake: UTF-8 read as Windows-1252 / Latin-1, and as Mac Roman.
    ("mojibake-apostrophe", "It\u00e2\u20ac\u2122s here", "It’s here"),
    ("mojibake-e-acute", "caf\u00c3\u00a9 society", "café society"),
    ("mojibake-mac-roman", "It\u201a\u00c4\u00f4s fine", "It’s fine"),
    ("mojibake-and-entity", "caf\u00c3\u00a9 &amp; bar", "café & bar"),
    # HTML entities, decoded once.
    ("entity-amp", "Tom &amp; Jerry", "Tom & Jerry"),
    ("entity-numeric", "It&#8217;s here", "It’s here"),
    ("entity-nbsp", "a&nbsp;b", "a b"),
    ("entity-lt-gt", "&lt;b&gt;", "<b>"),
    ("entity-once-only", "Tom &amp;amp; Jerry", "Tom &amp; Jerry"),
    # Unicode composition.
    ("nfc", "cafe\u0301", "caf\u00e9"),
    # Control characters.
    ("nul", "a\x00b", "ab"),
    ("bell", "a\x07b", "ab"),
    ("escape", "x\x1bq", "xq"),
    ("c1-control", "a\x85b", "a…b"),
    ("delete", "a\x7fb", "ab"),
    # Invisible formatting: dropped; right-to-left letters and the joiners kept.
    ("zero-width-space", "Pu\u200btin", "Putin"),
    ("word-joiner", "a\u2060b", "ab"),
    ("soft-hyphen", "soft\u00adhyphen", "softhyphen"),
    ("bom-inside", "a\ufeffb", "ab"),
    ("bidi-override", "\u202eabc\u202c", "abc"),
    ("bidi-marks-isolates", "a\u200eb\u200fc\u2066d\u2069\u061c", "abcd"),
    ("bidi-from-entity", "a&#x202e;b", "ab"),
    ("tag-characters", "a\U000e0041\U000e007fb", "ab"),
    ("joiners-kept", "a\u200cb\u200dc", "a\u200cb\u200dc"),
    ("rtl-letters-kept", "Baghdad (\u0628\u063a\u062f\u0627\u062f)",
     "Baghdad (\u0628\u063a\u062f\u0627\u062f)"),
    # Lone surrogates (from JSON escapes): U+FFFD.
    ("lone-surrogate", "a\ud800b", "a\ufffdb"),
    # Spaces.
    ("tab", "a\tb", "a b"),
    ("space-run", "a    b", "a b"),
    ("no-break-spaces", "a\u00a0\u00a0b", "a b"),
    ("outer-space", "  a b  ", "a b"),
    ("only-space", "  \n \t ", ""),
    ("empty", "", ""),
    # Lines and paragraphs.
    ("crlf-paragraphs", "one\r\ntwo\r\n\r\nthree", "one two\n\nthree"),
    ("cr-only", "one\rtwo", "one\n\ntwo"),
    ("many-blank-lines", "p1\n\n\n\np2", "p1\n\np2"),
    ("blank-line-with-spaces", "p1\n  \t\np2", "p1\n\np2"),
    ("lines-within-paragraph", "p1 a\np1 b\n\np2", "p1 a p1 b\n\np2"),
    ("single-newlines-are-paragraphs", "line one\nline two\nline three",
     "line one\n\nline two\n\nline three"),
    ("paragraph-spaces", "  p1   a \n\n   p2\tb  ", "p1 a\n\np2 b"),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [pytest.param(raw, out, id=name) for name, raw, out in NORMALISED]
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None), ("", None), ("  id-1 ", "id-1"), ("nul\x00id", "nulid"), ("\u200b", None),
        ("x\ud800", "x\ufffd"), ("caf\udce9", "caf\\xe9"), ("https://a.org/\u202e", "https://a.org/"),
    ],
)
def test_clean_field(value: str | None, expected: str | None) -> None:
    assert clean_field(value) == expected


def test_normalise_is_nfc_and_idempotent() -> None:
    text = normalise_text("Cafe\u0301 \u00e2\u20ac\u201c  Bogota\u0301\r\n\r\nNext\tline")
    assert unicodedata.is_normalized("NFC", text)
    assert "\u0301" not in text
    assert normalise_text(text) == text


# id, value, date
DATES = [
    ("iso-date", "2022-06-28", date(2022, 6, 28)),
    ("iso-datetime-utc", "2022-06-28T10:00:00Z", date(2022, 6, 28)),
    ("iso-datetime-offset", "2022-06-28T10:00:00+03:00", date(2022, 6, 28)),
    ("iso-datetime-local-date", "2022-06-28T23:30:00-05:00", date(2022, 6, 28)),
    ("iso-space", "2022-06-28 10:00:00", date(2022, 6, 28)),
    ("iso-leading-space", "  2022-06-28", date(2022, 6, 28)),
    ("rfc2822", "Tue, 28 Jun 2022 10:00:00 +0000", date(2022, 6, 28)),
    ("rfc2822-offset", "Tue, 28 Jun 2022 23:00:00 -0500", date(2022, 6, 28)),
    ("rfc2822-gmt", "Tue, 28 Jun 2022 10:00:00 GMT", date(2022, 6, 28)),
    ("garbage", "garbage", None),
    ("bad-month", "2022-13-01", None),
    ("bad-day", "Tue, 31 Feb 2022 10:00:00 +0000", None),
    ("slashes", "28/06/2022", None),
    ("empty", "", None),
    ("none", None, None),
]


@pytest.mark.parametrize(
    ("value", "expected"), [pytest.param(value, out, id=name) for name, value, out in DATES]
)
def test_iso_date(value: str | None, expected: date | None) -> None:
    assert iso_date(value) == expected


ENGLISH = (
    "Russian and Tajik presidents discussed closer cooperation in the defence sphere and the "
    "situation on the Tajik-Afghan border at their meeting on Tuesday, the press service said."
)
FRENCH = (
    "Les présidents russe et tadjik ont discuté mardi d'une coopération plus étroite dans le "
    "domaine de la défense et de la situation à la frontière afghane, a indiqué le service."
)
RUSSIAN = (
    "Президенты России и Таджикистана обсудили во вторник более тесное сотрудничество в сфере "
    "обороны и ситуацию на таджикско-афганской границе, сообщила пресс-служба."
)


@pytest.fixture(scope="module")
def language() -> LanguageCheck:
    return LanguageCheck(("en",), 40)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ENGLISH, "en", id="english"),
        pytest.param(FRENCH, "fr", id="french"),
        pytest.param(RUSSIAN, "ru", id="russian"),
        pytest.param("Hello there, friend.", None, id="short"),
        pytest.param("", None, id="empty"),
    ],
)
def test_language_check(language: LanguageCheck, text: str, expected: str | None) -> None:
    assert language(text) == expected


TASS = (
    "DUSHANBE, June 28. /TASS/. Issues of closer cooperation in the defense sphere, "
    "strengthening the Tajik-Afghan border and other matters were among the topics Russian and "
    "Tajik Presidents, Vladimir Putin and Emomali Rakhmon discussed at their meeting on Tuesday, "
    "the press service of the Tajik leader said."
)
ORIGIN = Origin("examples/tass.txt", 3)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(environ={})


def _raw(text: str | None, hints: tuple[str, ...] = (), **fields: str | None) -> RawRecord:
    return RawRecord({"text": text, **fields}, ORIGIN, hints=hints)


def test_make_document_from_tass(settings: Settings, language: LanguageCheck) -> None:
    document = make_document(_raw(TASS, ("2022-07-01",), published=None), settings, language)
    assert isinstance(document, Document)
    assert document.published == "2022-06-28"
    assert document.source == "TASS"
    assert document.dateline == Dateline("DUSHANBE", "June 28", "TASS")
    assert document.text.startswith("Issues of closer cooperation")
    assert document.language == "en"
    assert document.origin == ORIGIN
    assert document.id == document.text_hash == text_hash(document.text)


@pytest.mark.parametrize(
    ("fields", "hints", "published", "source"),
    [
        pytest.param({"published": "2022-06-30"}, ("2022-07-01",), "2022-06-30", "TASS",
                     id="published-wins-over-dateline"),
        pytest.param({}, (), None, "TASS", id="no-hint-no-date"),
        pytest.param({}, ("garbage", "2022-07-01"), "2022-06-28", "TASS", id="bad-hint-skipped"),
        pytest.param({"source": "ITAR-TASS"}, (), None, "ITAR-TASS", id="source-field-wins"),
    ],
)
def test_make_document_dates_and_sources(
    settings: Settings,
    language: LanguageCheck,
    fields: dict[str, str],
    hints: tuple[str, ...],
    published: str | None,
    source: str | None,
) -> None:
    document = make_document(_raw(TASS, hints, **fields), settings, language)
    assert isinstance(document, Document)
    assert (document.published, document.source) == (published, source)


def test_make_document_keeps_dateline_when_not_stripped(
    settings: Settings, language: LanguageCheck
) -> None:
    raw = RawRecord({"text": TASS}, ORIGIN, hints=("2022-07-01",), strip_dateline=False)
    document = make_document(raw, settings, language)
    assert isinstance(document, Document)
    assert document.dateline is None
    assert document.published is None
    assert document.text == TASS


def test_make_document_rejects_french(settings: Settings, language: LanguageCheck) -> None:
    text = "PARIS, 28 juin (AFP) - " + FRENCH
    reject = make_document(_raw(text), settings, language)
    assert isinstance(reject, Reject)
    assert reject.reason == "language"
    assert reject.origin == ORIGIN
    assert reject.excerpt.startswith("PARIS, 28 juin")


def test_make_document_accepts_french_when_allowed(language: LanguageCheck) -> None:
    settings = load_settings(environ={}, languages="en,fr")
    document = make_document(_raw(FRENCH), settings, language)
    assert isinstance(document, Document)
    assert document.language == "fr"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(" \r\n\t\x00 ", id="blank"),
    ],
)
def test_make_document_rejects_empty(
    settings: Settings, language: LanguageCheck, text: str | None
) -> None:
    reject = make_document(_raw(text), settings, language)
    assert isinstance(reject, Reject)
    assert reject.reason == "empty"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("tass-2022-06-28", "tass-2022-06-28", id="kept"),
        pytest.param("  tass-1  ", "tass-1", id="stripped"),
        pytest.param(None, None, id="none-is-hash"),
        pytest.param("   ", None, id="blank-is-hash"),
    ],
)
def test_make_document_id(
    settings: Settings, language: LanguageCheck, given: str | None, expected: str | None
) -> None:
    document = make_document(_raw(TASS, id=given), settings, language)
    assert isinstance(document, Document)
    assert document.id == (expected or text_hash(document.text))


def test_make_document_normalises_title_and_text(
    settings: Settings, language: LanguageCheck
) -> None:
    text = TASS.replace("Issues", "Issues&nbsp;of\u00a0", 1).replace("defense", "defense\r\n", 1)
    document = make_document(_raw(text, title="Putin &amp; Rakhmon\u00e2\u20ac\u2122s talks"),
                             settings, language)
    assert isinstance(document, Document)
    assert document.title == "Putin & Rakhmon’s talks"
    assert "\r" not in document.text and "\u00a0" not in document.text
    assert document.text.startswith("Issues of of closer")
