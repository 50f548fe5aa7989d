"""The location behaviour table: news sentences and where their events took place.

Each case is a short text, coded as published on ``D`` (a Tuesday), and the locations expected
for the events it yields, written as a careful annotator would: ``(country, place)`` with the
CAMEO/ISO alpha-3 country code and the place the text (or the dateline) names, or
``(country, None)`` when only a country is named; ``None`` when nothing says where the event
took place. A case passes when the set of the events' locations is the expected set (place
names compared without accents: "Kandahar" is geonames' "Kandahār"). ``cameo`` keeps only the
events whose code starts with it.

A text may open with a dateline ("KABUL, June 28 (Reuters) - "): it is split off as a dispatch's
would be, and its place stands for the events dated on the publication date that name no
place. Capitals standing for their governments ("Moscow said") are actors, not places.

Cases the engine cannot get right for reasons outside ``dateline.where`` (actors, the coder,
dates, the knowledge base's data) are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import re

import pytest

import dateline
from dateline.actors.knowledge import fold
from dateline.documents.datelines import split_dateline

D = "2022-06-28"  # a Tuesday: "on Tuesday" is the publication date

Loc = tuple[str, "str | None"] | None

# Reasons for the known gaps outside dateline.where, one line each.

_ids: dict[str, int] = {}


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    base = "-".join(words[:7])
    _ids[base] = _ids.get(base, 0) + 1
    return base if _ids[base] == 1 else f"{base}-{_ids[base]}"


def case(text: str, *expected: Loc, cameo: str = "", xfail: str | None = None):
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(text, set(expected), cameo, marks=marks, id=_slug(text))


CASES = [
    # -- capitals ("in", "at") --------------------------------------------------------------
    case("Russian and Tajik officials held talks in Moscow on Monday.", ("RUS", "Moscow")),
    case("The foreign ministers of China and Pakistan met in Beijing on Tuesday.", ("CHN", "Beijing")),
    case("Iranian and Saudi diplomats met in Baghdad on Sunday.", ("IRQ", "Baghdad")),
    case("Thousands of Georgians protested in Tbilisi against the government on Saturday.",
         ("GEO", "Tbilisi")),
    case("The leaders of Armenia and Azerbaijan held talks in Brussels on Monday.", ("BEL", "Brussels")),
    case("Israeli jets struck Iranian targets in Damascus on Sunday.", ("SYR", "Damascus")),
    case("The presidents of Kenya and Uganda signed a trade agreement in Nairobi on Monday.",
         ("KEN", "Nairobi")),
    case("Ethiopian and Sudanese officials held talks in Addis Ababa on Monday.", ("ETH", "Addis Ababa")),
    case("Indonesian students protested outside the parliament in Jakarta on Monday.", ("IDN", "Jakarta")),
    case("Afghan police arrested three suspects in Kabul on Sunday.", ("AFG", "Kabul")),
    case("The Ukrainian president met the British prime minister in Kyiv on Friday.", ("UKR", "Kyiv")),
    case("Venezuelan and Colombian officials met in Caracas on Monday.", ("VEN", "Caracas")),
    case("Egyptian and Israeli negotiators held talks in Cairo on Sunday.", ("EGY", "Cairo")),
    case("U.S. and Cuban officials held talks in Havana on Monday.", ("CUB", "Havana")),
    case("Colombian and Venezuelan officials held talks in Bogota on Monday.", ("COL", "Bogotá")),
    case("The Colombian president met the Ecuadorian president in Bogotá on Monday.", ("COL", "Bogotá")),
    case("German and French officials met in the Hague on Monday.", ("NLD", "The Hague")),
    # A seat of government is in its capital.
    case("The U.S. president met the British prime minister at the White House on Monday.",
         ("USA", "Washington")),
    case("The Russian president received the Belarusian president at the Kremlin on Monday.",
         ("RUS", "Moscow")),
    # "the Georgian capital": the capital of the country the adjective names.
    case("Thousands of Georgians protested in the Georgian capital against the government on Saturday.",
         ("GEO", "Tbilisi")),
    case("Afghan police arrested three suspects in the Afghan capital on Sunday.", ("AFG", "Kabul")),
    # -- other cities ---------------------------------------------------------------------------
    case("Syrian troops clashed with rebels in Aleppo on Sunday.", ("SYR", "Aleppo")),
    case("Syrian troops clashed with rebels near Aleppo on Sunday.", ("SYR", "Aleppo")),
    case("Syrian troops clashed with rebels in the city of Aleppo on Sunday.", ("SYR", "Aleppo")),
    case("Putin met Erdogan in Sochi on Friday.", ("RUS", "Sochi")),
    case("Workers protested in Lyon against the French government's pension reform on Saturday.",
         ("FRA", "Lyon")),
    case("Thousands of French workers joined protests in Lyon on Thursday.", ("FRA", "Lyon")),
    case("Protesters in Lyon clashed with French police on Saturday.", ("FRA", "Lyon")),
    case("French students demonstrated in Marseille on Thursday.", ("FRA", "Marseille")),
    case("Turkish and Ukrainian officials held talks in Istanbul on Monday.", ("TUR", "Istanbul")),
    case("Talks between Russian and Ukrainian negotiators in Istanbul ended on Tuesday.",
         ("TUR", "Istanbul")),
    case("Indian and Chinese diplomats met in Geneva on Monday.", ("CHE", "Geneva")),
    case("Saudi and Iranian officials signed a deal in Jeddah on Sunday.", ("SAU", "Jeddah")),
    case("Pakistani troops killed five militants in Peshawar on Sunday.", ("PAK", "Peshawar")),
    case("The U.S. president met the Japanese prime minister in Hiroshima on Friday.",
         ("JPN", "Hiroshima")),
    case("Russian forces shelled Ukrainian positions in Kharkiv on Sunday.", ("UKR", "Kharkiv")),
    case("Russian forces shelled Ukrainian positions in Donetsk on Sunday.", ("UKR", "Donetsk")),
    case("Ukrainian forces shelled Russian positions near Kherson on Sunday.", ("UKR", "Kherson")),
    case("Nigerian troops clashed with Boko Haram fighters in Maiduguri on Sunday.",
         ("NGA", "Maiduguri")),
    case("Iraqi troops clashed with militants near Mosul on Sunday.", ("IRQ", "Mosul")),
    case("Israeli troops raided a refugee camp in Nablus on Monday.", ("PSE", "Nablus")),
    case("Chinese and Russian officials held talks in Vladivostok on Monday.", ("RUS", "Vladivostok")),
    case("Ukrainian and Russian officials met in St. Petersburg on Monday.", ("RUS", "Saint Petersburg")),
    case("Protesters rallied in New York against the U.S. president on Monday.",
         ("USA", "New York City")),
    case("Russian forces shelled Kharkiv on Sunday.", ("UKR", "Kharkiv")),
    # -- countries ------------------------------------------------------------------------------
    case("French troops fought Islamist militants in Mali on Tuesday.", ("MLI", None)),
    case("France deployed troops in Mali last year.", ("MLI", None)),
    case("Iranian and Saudi officials held talks in Iraq on Sunday.", ("IRQ", None)),
    case("Russian and Turkish officials held talks in Kazakhstan on Monday.", ("KAZ", None)),
    case("The Ukrainian president met the Polish president in Poland on Monday.", ("POL", None)),
    case("Turkish troops clashed with Kurdish militants in northern Iraq on Sunday.", ("IRQ", None)),
    case("Syrian troops clashed with rebels in the north of Syria on Sunday.", ("SYR", None)),
    case("Russian troops in Syria bombed rebel positions on Sunday.", ("SYR", None)),
    case("French workers staged strikes across France on Thursday.", ("FRA", None)),
    case("Russia invaded Ukraine in February.", ("UKR", None)),
    case("Protesters rallied in Texas against the U.S. president on Monday.", ("USA", "Texas")),
    case("Israeli troops raided a refugee camp in the West Bank on Monday.", ("PSE", None)),
    # -- visits: the place visited, else the visited country -------------------------------------
    case("Chinese Premier Li Keqiang visited Pakistan on Monday.", ("PAK", None)),
    case("The Indian prime minister visited China last week.", ("CHN", None)),
    case("In 2019, the Russian president visited Tajikistan.", ("TJK", None)),
    case("The Russian foreign minister arrived in Dushanbe on Tuesday.", ("TJK", "Dushanbe")),
    case("The Kazakh president arrived in Dushanbe on Monday.", ("TJK", "Dushanbe")),
    case("The Russian foreign minister flew to Ashgabat on Wednesday.", ("TKM", "Ashgabat")),
    case("The U.S. secretary of state travelled to Kyiv on Monday.", ("UKR", "Kyiv")),
    case("The Russian foreign minister travelled to Kiev on Monday.", ("UKR", "Kyiv")),
    case("The Chinese foreign minister arrived in Islamabad on Monday.", ("PAK", "Islamabad")),
    case("The Japanese prime minister arrived in Washington on Monday.", ("USA", "Washington")),
    case("The Iranian president will travel to Caracas next week.", ("VEN", "Caracas")),
    case("The British foreign secretary flew to Riyadh on Monday.", ("SAU", "Riyadh")),
    case("The German chancellor visited Kyiv on Thursday.", ("UKR", "Kyiv")),
    case("The Turkish president will visit Moscow next week.", ("RUS", "Moscow")),
    case("The Indian prime minister paid a visit to Moscow on Monday.", ("RUS", "Moscow")),
    case("The Russian foreign minister will visit Tajikistan and Turkmenistan next week.",
         ("TJK", None), ("TKM", None)),
    case("The Indian prime minister visited Moscow and Kyiv last week.", ("RUS", "Moscow"),
         ("UKR", "Kyiv")),
    # -- hosting: the place named, else the host's country ---------------------------------------
    case("Xi Jinping hosted the Russian president in Beijing on Monday.", ("CHN", "Beijing")),
    case("The Emir of Qatar hosted the Iranian foreign minister in Doha on Monday.", ("QAT", "Doha")),
    case("The Turkish president hosted the Swedish prime minister in Ankara on Monday.", ("TUR", "Ankara")),
    case("The Chinese president welcomed the Pakistani prime minister to Beijing on Monday.",
         ("CHN", "Beijing")),
    case("China hosted the Russian president on Monday.", ("CHN", None)),
    case("Kazakhstan hosted the Russian president on Monday.", ("KAZ", None)),
    case("The Indonesian president hosted the Chinese president on Monday.", ("IDN", None)),
    # -- namesakes: the document's countries, a qualifier, a state the document names -----------
    case("French police arrested ten protesters in Paris on Monday.", ("FRA", "Paris")),
    # An American story's bare "Paris" is still the capital of France, 86 times Paris, Texas.
    case("American and Iranian diplomats met in Paris on Monday.", ("FRA", "Paris")),
    case("U.S. police arrested two Mexican smugglers in Paris, Texas, on Monday.", ("USA", "Paris")),
    case("The U.S. Border Patrol arrested two Mexican smugglers near Paris, Texas, on Monday.",
         ("USA", "Paris")),
    case("Police in Texas arrested two Mexican smugglers in Paris on Monday.", ("USA", "Paris")),
    case("Texas authorities are investigating a smuggling ring. "
         "U.S. police arrested two Mexican smugglers in Paris on Monday.", ("USA", "Paris")),
    case("PARIS, Texas (AP) — U.S. police arrested two Mexican smugglers.", ("USA", "Paris")),
    case("PARIS, June 28 (AFP) - French police arrested ten protesters.", ("FRA", "Paris")),
    case("American police arrested two Russian spies in Moscow, Idaho, on Monday.", ("USA", "Moscow")),
    case("Russian and Ukrainian officials met in Moscow on Monday.", ("RUS", "Moscow")),
    case("Lebanese troops clashed with gunmen in Tripoli on Sunday.", ("LBN", "Tripoli")),
    case("Libyan militias clashed with government forces in Tripoli on Sunday.", ("LBY", "Tripoli")),
    case("Pakistani police arrested ten protesters in Hyderabad on Monday.", ("PAK", "Hyderabad")),
    case("Indian police arrested ten protesters in Hyderabad on Monday.", ("IND", "Hyderabad")),
    case("Spanish police arrested ten protesters in Valencia on Monday.", ("ESP", "Valencia")),
    case("Venezuelan police arrested ten protesters in Valencia on Monday.", ("VEN", "Valencia")),
    case("British police arrested ten protesters in Birmingham on Monday.", ("GBR", "Birmingham")),
    # -- capitals as actors are not places ---------------------------------------------------------
    case("Moscow said it would retaliate against new U.S. sanctions.", None),
    case("Beijing accused Washington of meddling in Hong Kong.", None),
    case("Washington imposed new sanctions on Moscow on Monday.", None),
    case("Tehran condemned the Israeli strike on Damascus on Sunday.", None),
    case("Kyiv accused Moscow of shelling civilians in Kharkiv on Sunday.", None),
    case("The Kremlin criticised Washington on Monday.", None),
    case("Beijing hosted the Pakistani prime minister on Monday.", ("CHN", None)),
    case("Moscow and Kyiv held talks in Istanbul on Monday.", ("TUR", "Istanbul")),
    case("MOSCOW, June 28 (Reuters) - Moscow said it would retaliate against new U.S. sanctions.",
         ("RUS", "Moscow")),
    case("BEIJING, June 28 (Reuters) - Beijing accused Washington of meddling in Hong Kong.",
         ("CHN", "Beijing")),
    # -- the dateline, for events on the publication date that name no place ----------------------
    case("KABUL, June 28 (Reuters) - Afghan police arrested three suspects on Tuesday.", ("AFG", "Kabul")),
    case("KABUL, June 28 (Reuters) - The Afghan government condemned Pakistan.", ("AFG", "Kabul")),
    case("KABUL, June 28 (Reuters) - Afghan police arrested three suspects on Sunday.", None),
    case("KABUL, June 28 (Reuters) - Afghan police arrested three suspects in Kandahar on Tuesday.",
         ("AFG", "Kandahar")),
    case("WASHINGTON (AP) — The U.S. president criticised China on Tuesday.", ("USA", "Washington")),
    case("NEW DELHI, June 28 (Reuters) - The Indian prime minister criticised Pakistan.",
         ("IND", "New Delhi")),
    case("ST. PETERSBURG, June 28 (Reuters) - The Russian president met the Kazakh president.",
         ("RUS", "Saint Petersburg")),
    case("THE HAGUE, June 28 (Reuters) - The Dutch prime minister criticised Russia.",
         ("NLD", "The Hague")),
    case("KYIV, Ukraine (AP) — The Ukrainian president accused Russia of war crimes.", ("UKR", "Kyiv")),
    case("BOGOTA, June 28 (Reuters) - The Colombian president criticised Venezuela.", ("COL", "Bogotá")),
    case("BEIJING, June 28 (Reuters) - Chinese and Russian officials held talks in Vladivostok on Tuesday.",
         ("RUS", "Vladivostok")),
    case("MOSCOW, June 28 (Reuters) - The Russian president visited Tajikistan on Tuesday.", ("TJK", None)),
    case("DUSHANBE, June 28. /TASS/. The Tajik president will visit Turkmenistan next week.",
         ("TKM", None)),
    case("DUSHANBE, June 28. /TASS/. The Tajik president met the Russian foreign minister in 2019.", None),
    case("DAMASCUS, June 28 (Reuters) - Syrian troops clashed with rebels in March.", None),
    # -- nowhere -----------------------------------------------------------------------------------
    case("The Indian prime minister criticised Pakistan on Monday.", None),
    case("The Indian prime minister criticised Pakistan.", None),
    case("The European Union imposed sanctions on Belarus on Monday.", None),
    case("The Iranian foreign minister praised the Chinese government on Monday.", None),
    case("Japan condemned North Korea's missile launch on Monday.", None),
    case("The Russian foreign minister spoke by phone with his Turkish counterpart on Monday.", None),
    case("The Ukrainian president accused Russia of war crimes in a statement on Monday.", None),
    case("Syrian troops clashed with rebels in March.", None),
]


DATELINE = re.compile(r"[A-Z][A-Z.' ]+(?:,| \()")  # "KABUL, June 28 (Reuters) - ", "WASHINGTON (AP) — "


def _document(text: str) -> dateline.Document:
    place = None
    if DATELINE.match(text):
        place, text = split_dateline(text)
        assert place is not None, f"no dateline found in {text!r}"
    return dateline.Document(id="t", text=text, text_hash="t", published=D, dateline=place)


def _location(event: dict) -> Loc:
    location = event["location"]
    if location is None:
        return None
    return location["country"], location["name"]


def _same(found: Loc, want: Loc) -> bool:
    if found is None or want is None:
        return found is want
    return found[0] == want[0] and fold(found[1] or "") == fold(want[1] or "")


@pytest.mark.parametrize(("text", "expected", "cameo"), CASES)
def test_location(coder: dateline.pipeline.Coder, text: str, expected: set[Loc], cameo: str) -> None:
    events = [e for e in coder.code([_document(text)]) if e["cameo"].startswith(cameo)]
    assert events, f"no event coded from {text!r}"
    found = {_location(e) for e in events}
    unmatched = [w for w in expected if not any(_same(f, w) for f in found)]
    extra = [f for f in found if not any(_same(f, w) for w in expected)]
    assert not unmatched and not extra, f"found {found}, expected {expected}"
    for event in events:
        location = event["location"]
        if location is not None:
            assert -90 <= location["lat"] <= 90 and -180 <= location["lon"] <= 180


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 70
