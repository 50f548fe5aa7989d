"""Where an event took place: the place attached to its trigger ("in Dushanbe", "to Ashgabat"),
then, for visits, the visited country, then the dateline city for events on the publication
date. Capitals used as actors ("Moscow said") are resolved by the actors stage, not here."""

from __future__ import annotations

from datetime import date

from dateline.events.modality import governing_verb
from dateline.records import Actor, Document, Place, When
from dateline.sentences.tokens import Parse
from dateline.where.gazetteer import Gazetteer

#: Codes whose "to X" names where the event happens (travel).
MOVEMENT_CODES = {"042", "043", "044"}


class Locator:
    """Places the events of one document."""

    def __init__(self, parse: Parse, gazetteer: Gazetteer, document: Document,
                 published: date | None, countries: set[str]) -> None:
        self.parse, self.gazetteer, self.document = parse, gazetteer, document
        self.published, self.countries = published, countries

    def lookup(self, i: int) -> Place | None:
        """The place named by the phrase at token ``i``, preferring the document's countries."""
        span = self.parse.entity_at(i)
        name = span.text if span is not None else self.parse.tokens[i].text
        return self.gazetteer.lookup(name, self.countries)

    def conjuncts(self, i: int) -> list[int]:
        found = []
        for child in self.parse.children(i, "conj"):
            found += [child.i, *self.conjuncts(child.i)]
        return found

    def place(self, trigger: int, cameo: str, target: Actor | None, source: Actor | None,
              when: When) -> Place | None:
        parse = self.parse
        heads = [trigger, governing_verb(parse, trigger)]
        words = ("in", "at") + (("to",) if cameo in MOVEMENT_CODES else ())
        places = [
            place
            for head in heads
            for prep in parse.children(head, "prep") if prep.lower in words
            for obj in parse.children(prep.i, "pobj")
            for place in map(self.lookup, [obj.i, *self.conjuncts(obj.i)])
            if place is not None
        ]
        if places and cameo in MOVEMENT_CODES and target is not None:
            # "visits to Tajikistan and Turkmenistan": each visit is in its own target's country.
            places = [p for p in places if p.country == target.country] or places
        if places:
            return places[0]
        if cameo == "042" and target is not None:
            return self.gazetteer.country(target.country)
        if cameo == "043" and source is not None:
            return self.gazetteer.country(source.country)
        dateline = self.document.dateline
        if dateline and dateline.place and self.published and when.date == self.published.isoformat():
            return self.gazetteer.lookup(dateline.place.split(",")[0].title(), self.countries)
        return None
