"""The gazetteer alone: names to places, with the knowledge base's capitals and countries and
geonames' cities, and the choice among namesakes."""

from __future__ import annotations

import pytest

from dateline.actors.knowledge import load_knowledge
from dateline.records import Place
from dateline.where.gazetteer import Gazetteer, build_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(load_knowledge())


def _named(place: Place | None) -> tuple[str | None, str | None] | None:
    return None if place is None else (place.country, place.name)


# name, the document's countries, the qualifier ("Paris, Texas") → (country, place name)
LOOKUPS = [
    # capitals
    ("Moscow", None, None, ("RUS", "Moscow")),
    ("Dushanbe", None, None, ("TJK", "Dushanbe")),
    ("Ashgabat", None, None, ("TKM", "Ashgabat")),
    ("Washington", None, None, ("USA", "Washington")),  # not Washington, Tyne and Wear
    ("Kyiv", None, None, ("UKR", "Kyiv")),
    ("New Delhi", None, None, ("IND", "New Delhi")),
    ("moscow", None, None, ("RUS", "Moscow")),  # case does not matter
    # big cities
    ("Aleppo", None, None, ("SYR", "Aleppo")),
    ("Lyon", None, None, ("FRA", "Lyon")),
    ("Sochi", None, None, ("RUS", "Sochi")),
    ("Istanbul", None, None, ("TUR", "Istanbul")),
    ("Mumbai", None, None, ("IND", "Mumbai")),
    ("New York", None, None, ("USA", "New York City")),
    ("St. Petersburg", None, None, ("RUS", "Saint Petersburg")),  # not the one in Florida
    ("Saint Petersburg", None, None, ("RUS", "Saint Petersburg")),
    # countries: no place name, the country's centroid
    ("Mali", None, None, ("MLI", None)),
    ("Tajikistan", None, None, ("TJK", None)),
    ("the Netherlands", None, None, ("NLD", None)),
    ("Georgia", {"USA"}, None, ("GEO", None)),  # a country before a state, whatever the story
    # names with diacritics, written with or without them
    ("Bogotá", None, None, ("COL", "Bogotá")),
    ("Bogota", None, None, ("COL", "Bogotá")),
    ("Córdoba", None, None, ("ARG", "Córdoba")),
    ("Cordoba", {"ESP"}, None, ("ESP", "Córdoba")),
    ("Kandahar", None, None, ("AFG", "Kandahār")),
    # "the" before a name, or not
    ("the Hague", None, None, ("NLD", "The Hague")),
    ("The Hague", None, None, ("NLD", "The Hague")),
    ("Hague", None, None, ("NLD", "The Hague")),
    # other spellings of a city, but not translations ("White House" is Casablanca's)
    ("Kiev", None, None, ("UKR", "Kyiv")),
    ("Odessa", None, None, ("UKR", "Odesa")),
    ("White House", None, None, None),
    # territories and CAMEO codes that are not ISO's
    ("Dili", None, None, ("TMP", "Dili")),
    ("Pristina", None, None, ("KSV", "Pristina")),
    ("San Juan", None, None, ("USA", "San Juan")),
    # namesakes: the document's countries, unless the first is ten times larger
    ("Tripoli", None, None, ("LBY", "Tripoli")),
    ("Tripoli", {"LBN"}, None, ("LBN", "Tripoli")),
    ("Hyderabad", None, None, ("IND", "Hyderabad")),
    ("Hyderabad", {"PAK"}, None, ("PAK", "Hyderabad")),
    ("Valencia", {"ESP"}, None, ("ESP", "Valencia")),
    ("Birmingham", {"USA"}, None, ("USA", "Birmingham")),
    ("Paris", None, None, ("FRA", "Paris")),
    ("Paris", {"FRA"}, None, ("FRA", "Paris")),
    ("Paris", {"USA"}, None, ("FRA", "Paris")),  # Paris, Texas is 86 times smaller
    ("Moscow", {"USA", "IRN"}, None, ("RUS", "Moscow")),
    # a qualifier decides
    ("Paris", None, "Texas", ("USA", "Paris")),
    ("Paris", {"FRA"}, "Texas", ("USA", "Paris")),
    ("Moscow", None, "Idaho", ("USA", "Moscow")),
    ("Athens", None, "Georgia", ("USA", "Athens")),  # no Athens in the country: the state
    ("Athens", None, "Greece", ("GRC", "Athens")),
    # states of the United States
    ("Texas", None, None, ("USA", "Texas")),
    # unknown
    ("Ruritania", None, None, None),
    ("", None, None, None),
]


@pytest.mark.parametrize(("name", "prefer", "within", "expected"), LOOKUPS,
                         ids=[f"{n or 'empty'}-{sorted(p or ())}-{w}" for n, p, w, _ in LOOKUPS])
def test_lookup(gazetteer: Gazetteer, name: str, prefer: set[str] | None, within: str | None,
                expected: tuple[str, str | None] | None) -> None:
    assert _named(gazetteer.lookup(name, prefer, within)) == expected


def test_a_state_the_document_names_decides(gazetteer: Gazetteer) -> None:
    assert _named(gazetteer.lookup("Paris", {"MEX"}, None, {"texas"})) == ("USA", "Paris")
    assert gazetteer.state("Texas") == "texas"
    assert gazetteer.state("Georgia") is None  # a country too: not taken for the state


def test_places_have_coordinates(gazetteer: Gazetteer) -> None:
    paris = gazetteer.lookup("Paris")
    texas = gazetteer.lookup("Paris", None, "Texas")
    assert paris is not None and texas is not None
    assert paris.lat == pytest.approx(48.86, abs=0.1) and paris.lon == pytest.approx(2.35, abs=0.1)
    assert texas.lat == pytest.approx(33.66, abs=0.1) and texas.lon == pytest.approx(-95.56, abs=0.1)


def test_a_country_is_at_its_own_centroid(gazetteer: Gazetteer) -> None:
    # Territories (New Caledonia, Greenland, Puerto Rico) are placed in their country but keep
    # their own centroid, and do not move the country's.
    france = gazetteer.lookup("France")
    assert france is not None and france.lat == pytest.approx(46.2, abs=1) and france.lon > 0
    assert gazetteer.country("FRA") == france
    greenland = gazetteer.lookup("Greenland")
    assert greenland is not None and greenland.country == "DNK" and greenland.lat > 60
    denmark = gazetteer.country("DNK")
    assert denmark is not None and denmark.lat == pytest.approx(56.3, abs=1)
    puerto_rico = gazetteer.lookup("Puerto Rico")
    assert puerto_rico is not None and puerto_rico.country == "USA" and puerto_rico.lat < 20


def test_capital_by_country(gazetteer: Gazetteer) -> None:
    assert _named(gazetteer.capital("Georgian")) == ("GEO", "Tbilisi")
    assert _named(gazetteer.capital("Afghan")) == ("AFG", "Kabul")
    assert _named(gazetteer.capital("Syria")) == ("SYR", "Damascus")
    assert gazetteer.capital("Martian") is None


def test_seats_of_government(gazetteer: Gazetteer) -> None:
    assert _named(gazetteer.seat("the Kremlin")) == ("RUS", "Moscow")
    assert _named(gazetteer.seat("White House")) == ("USA", "Washington")
    assert _named(gazetteer.seat("Élysée Palace")) == ("FRA", "Paris")
    assert gazetteer.seat("The Hague") is None  # a city of its own, found by lookup


def test_candidates_are_ranked(gazetteer: Gazetteer) -> None:
    countries = [p.country for p in gazetteer.candidates("Paris")]
    assert countries[0] == "FRA" and "USA" in countries
    assert gazetteer.candidates("Ruritania") == []
