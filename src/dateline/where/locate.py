"""Where an event took place, tried in this order:

1. a place a preposition attaches to the trigger or to the verb of its clause ("talks in
   Moscow", "clashes near Aleppo", "strikes across France"), "to" as well for travel
   (042-044: "flew to Ashgabat");
2. for events whose actors meet or act on one another in person (``IN_PERSON``: meetings,
   visits, signings, protests, arrests, attacks), a place the parser hangs on the trigger's
   subject or object instead ("met the British prime minister in Kyiv", "clashed with rebels
   in Aleppo", "protesters in Lyon clashed"); never for statements: "condemned the bombing in
   Kabul" was not said in Kabul;
3. for a visit (042) or an attack (18-20), the place that is its object ("visited Kyiv",
   "invaded Ukraine"); else for a visit the target's country, for hosting (043) the host's;
4. for events dated on the publication date, the dateline's place.

A place phrase can be qualified ("Paris, Texas"), name a capital by its country ("the
Georgian capital", "the capital of Georgia"), a part of a place ("the north of Syria") or a
seat of government that stands for its capital ("at the Kremlin", "at the White House").
Capitals used as actors ("Moscow said") are resolved by the actors stage, not here.
"""

from __future__ import annotations

from datetime import date

from dateline.events.modality import governing_verb
from dateline.records import Actor, Document, Place, When
from dateline.sentences.tokens import Parse, Token
from dateline.where.gazetteer import Gazetteer

#: Codes whose "to X" names where the event happens (travel).
MOVEMENT_CODES = {"042", "043", "044"}
#: Prepositions that place an event.
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
#: Codes (and roots) of events whose actors are together where they happen.
IN_PERSON = ("040", "042", "043", "044", "045", "046", "057", "14", "15", "17", "18", "19", "20")
#: Codes (and roots) whose object, when a place, is where the event happens.
PLACE_OBJECT = ("042", "18", "19", "20")
#: Entity labels that are never places.
NOT_PLACES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "NORP"}


class Locator:
    """Places the events of one document."""

    def __init__(self, parse: Parse, gazetteer: Gazetteer, document: Document,
                 published: date | None, countries: set[str]) -> None:
        self.parse, self.gazetteer, self.document = parse, gazetteer, document
        self.published, self.countries = published, countries
        # States the document names ("Texas police ... in Paris"); not "Georgia", a country too.
        self.states = {state for span in parse.entities if span.label == "GPE"
                       for state in [gazetteer.state(span.text)] if state}

    def lookup(self, i: int) -> Place | None:
        """The place named by the phrase at token ``i``, preferring the document's countries."""
        parse = self.parse
        token = parse.tokens[i]
        if token.lemma == "capital":  # "the Georgian capital", "the capital of Georgia"
            for child in parse.children(i, "amod", "compound", "prep"):
                words = self._objects(child.i) if child.lower == "of" else [child.i]
                for capital in (self.gazetteer.capital(self._name(w)) for w in words):
                    if capital is not None:
                        return capital
        if token.ent in NOT_PLACES or (not token.ent and token.pos != "PROPN"):
            # A common noun is no place name ("at the airport"), but can have one: "the north
            # of Syria", "the city of Aleppo", "the Jenin refugee camp".
            of = [o for p in parse.children(i, "prep") if p.lower == "of" for o in self._objects(p.i)]
            named = [c.i for c in parse.children(i, "compound", "nmod") if c.ent in ("GPE", "LOC")]
            return next(filter(None, map(self.lookup, of + named)), None)
        within = next((self._name(c.i) for c in parse.children(i, "appos", "npadvmod")
                       if c.ent == "GPE"), None)  # "Paris, Texas"
        return self.gazetteer.lookup(self._name(i), self.countries, within, self.states)

    def conjuncts(self, i: int) -> list[int]:
        found = []
        for child in self.parse.children(i, "conj"):
            found += [child.i, *self.conjuncts(child.i)]
        return found

    def place(self, trigger: int, cameo: str, target: Actor | None, source: Actor | None,
              when: When) -> Place | None:
        parse = self.parse
        heads = list(dict.fromkeys([trigger, governing_verb(parse, trigger)]))
        words = PLACE_PREPS | ({"to"} if cameo in MOVEMENT_CODES else set())
        places = self._places(heads, words)
        if not places and cameo.startswith(IN_PERSON):
            # The trigger's participants: subjects, objects, objects of its prepositions.
            nouns = [c.i for h in heads for c in parse.children(h, "nsubj", "nsubjpass", "dobj")]
            nouns += [o for h in heads for p in parse.children(h, "prep", "dative", "agent")
                      if p.lower not in words for o in self._objects(p.i)]
            places = self._places([j for n in nouns for j in (n, *self.conjuncts(n))], words)
        if not places and cameo.startswith(PLACE_OBJECT):  # "visited Kyiv", "invaded Ukraine"
            objects = [c.i for h in heads for c in parse.children(h, "dobj")]
            places = [p for o in objects for j in (o, *self.conjuncts(o))
                      for p in [self._locate(j)] if p is not None]
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
            name, _, region = dateline.place.partition(",")  # "PARIS, Texas"
            return self.gazetteer.lookup(name.strip().title(), self.countries,
                                         region.strip() or None, self.states)
        return None

    def _places(self, heads: list[int], words: set[str]) -> list[Place]:
        """The places that prepositions in ``words`` attach to any of ``heads``."""
        return [
            place
            for head in heads
            for prep in self.parse.children(head, "prep", "dative") if prep.lower in words
            for obj in self._objects(prep.i)
            for place in map(self._locate, [obj, *self.conjuncts(obj)])
            if place is not None
        ]

    def _locate(self, i: int) -> Place | None:
        """The place at token ``i``, or the capital of a seat of government ("at the Kremlin")."""
        return self.lookup(i) or self.gazetteer.seat(self._name(i))

    def _objects(self, prep: int) -> list[int]:
        return [o.i for o in self.parse.children(prep, "pobj")]

    def _name(self, i: int) -> str:
        span = self.parse.entity_at(i)
        token: Token = self.parse.tokens[i]
        return span.text if span is not None else token.text
