"""From noun phrases to actors: names, titles and nationalities, organisations, capitals, and
pronouns and definite descriptions resolved against earlier mentions in the document.

``Resolver`` is built once per document: it first finds every mention that names its actor
outright, so that "he", "they", "the two leaders" and "the presidents" can be resolved to the
latest fitting mention before them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from dateline.actors.knowledge import KnowledgeBase, fold
from dateline.records import Actor
from dateline.sentences.tokens import Parse, Token

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs"}
THING_PRONOUNS = {"it", "its"}
GROUP_NOUNS = {"leader", "president", "side", "party", "head", "country", "nation", "minister",
               "premier", "counterpart", "delegation", "government"}
NAME_DEPS = {"compound", "flat", "appos"}
QUANTITY_NOUNS = {"group", "member", "number", "dozen", "hundred", "thousand", "million", "some",
                  "many", "most", "all", "several", "few", "part", "majority", "team", "delegation",
                  "band", "contingent", "unit", "battalion", "convoy", "crowd"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


@dataclass(frozen=True)
class Mention:
    index: int  # the head token
    actors: tuple[Actor, ...]
    person: bool


def _actor(text: str, country: str, role: str | None, name: str | None = None) -> Actor:
    # A group's code ("LBNREB" for Hezbollah) already holds its role.
    code = country + (role or "") if len(country) == 3 else country
    return Actor(text=text, code=code, name=name, country=country[:3] or None, role=role)


class Resolver:
    """Resolves the actors of one parsed document, on an event date given per call."""

    def __init__(self, kb: KnowledgeBase, parse: Parse, published: str | None) -> None:
        self.kb, self.parse, self.published = kb, parse, published
        self.learned: dict[str, Actor] = {}
        self.mentions: list[Mention] = []
        self.home = self._home_country()
        for token in parse.tokens:
            if token.pos in ("NOUN", "PROPN") and token.dep not in NAME_DEPS and (
                token.pos == "PROPN" or self._role(token.i) is not None
            ):
                actors = self.resolve(token.i, published, memory=False)
                if actors:
                    person = any(self._is_person(t) for t in self._conjuncts(token.i))
                    self.mentions.append(Mention(token.i, tuple(actors), person))

    def _home_country(self) -> str | None:
        """The country the article is most about: the most named one, first named on a tie."""
        mentions: list[tuple[int, str]] = []  # (position, country)
        named: set[int] = set()
        for span in self.parse.entities:  # "the Ivory Coast", "South Korean": whole names first
            if span.label in ("GPE", "NORP") and span.end - span.start > 1:
                key = fold(span.text.removeprefix("the ").removeprefix("The "))
                code = self.kb.country_names.get(key) or self.kb.adjectives.get(key)
                if code:
                    mentions.append((span.start, code))
                    named.update(range(span.start, span.end))
        for token in self.parse.tokens:
            if token.i in named:
                continue
            if token.pos not in ("PROPN", "ADJ") and token.ent not in ("GPE", "NORP"):
                continue
            if self._in_stance_compound(token.i):
                continue  # "pro-Iranian"
            key = fold(token.text)
            code = self.kb.country_names.get(key) or self.kb.adjectives.get(key) or (
                self.kb.capitals.get(key) if token.ent == "GPE" else None)
            if code:
                mentions.append((token.i, code))
        counts: dict[str, int] = {}
        for _, code in sorted(mentions):
            counts[code] = counts.get(code, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda c: counts[c])

    # -- public -------------------------------------------------------------------------------

    def resolve(self, i: int, day: str | None, memory: bool = True) -> list[Actor]:
        """The actors that the phrase headed by token ``i`` refers to (several for "X and Y")."""
        found: list[Actor] = []
        for j in self._conjuncts(i):
            for actor in self._resolve_one(j, day, memory):
                if actor.code not in {a.code for a in found}:
                    found.append(actor)
        return found

    # -- one conjunct ---------------------------------------------------------------------------

    def _conjuncts(self, i: int) -> list[int]:
        found, stack = [], [i]
        while stack:
            j = stack.pop()
            found.append(j)
            stack.extend(c.i for c in self.parse.children(j, "conj"))
        return sorted(found)

    def _is_person(self, j: int) -> bool:
        token = self.parse.tokens[j]
        return token.ent == "PERSON" or (
            token.lemma in self.kb.roles and self.kb.roles[token.lemma].leader
        )

    def _resolve_one(self, j: int, day: str | None, memory: bool) -> list[Actor]:
        parse, kb = self.parse, self.kb
        token = parse.tokens[j]
        lower = token.lower
        if token.pos == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            return self._pronoun(token) if memory else []
        if token.tag == "WDT" or lower in ("which", "that", "who"):
            head = parse.tokens[token.head]
            relcl = head if head.dep == "relcl" else None
            return self.resolve(relcl.head, day, memory) if relcl else []
        # "A group of Chechen refugees", "members of the opposition": the people of the "of".
        if token.lemma in QUANTITY_NOUNS:
            for prep in parse.children(j, "prep"):
                if prep.lower == "of":
                    for obj in parse.children(prep.i, "pobj"):
                        found = self.resolve(obj.i, day, memory)
                        if found:
                            return found
        # A named person: a leader in office, or a name learned earlier in the document.
        person = self._person(j, day)
        if person:
            return [person]
        # A whole name: an organisation or a country, or a capital or seat standing for a government.
        phrase = self._name_phrase(j)
        span = parse.entity_at(j)
        names = [phrase, token.text]
        left = [t for t in self._left(j) if t.pos in ("PROPN", "NOUN", "ADJ", "ADP", "PART")]
        if left and left[-1].i == j - 1:
            names.insert(0, parse.span_text(left[0].i, j + 1))  # "Human Rights Watch"
        if span is not None and span.label in ("ORG", "GPE", "NORP", "LOC", "FAC"):
            names.insert(0, span.text)
        for text in names:
            if text in kb.organisations:
                return [_actor(text, kb.organisations[text], None)]
            key = fold(text.removeprefix("the ").removeprefix("The "))
            if key in kb.organisations_folded:
                return [_actor(text, kb.organisations_folded[key], None)]
            if key in kb.country_names:
                return [_actor(text, kb.country_names[key], None)]
            if key in kb.seats:
                return [_actor(text, kb.seats[key], "GOV")]
            if key in kb.capitals and token.ent in ("GPE", "") and self._role_dep(j) in (
                "nsubj", "nsubjpass", "poss", "agent", "pobj", "dobj"
            ) and not self._is_place_object(self._first_conjunct(j)):
                return [_actor(text, kb.capitals[key], "GOV")]
        # A nationality modifying a nominal trigger: "Israeli" in "Israeli strikes".
        if token.pos == "ADJ" and token.dep in ("amod", "compound", "nmod"):
            code = kb.adjectives.get(fold(token.text))
            return [_actor(token.text, code, None)] if code else []
        # A people named by its demonym: "the Palestinians", "Afghans".
        demonym = kb.adjectives.get(fold(token.text))
        if demonym and token.pos in ("PROPN", "NOUN") and (
                token.tag in ("NNPS", "NNS") or token.dep in ("nsubj", "nsubjpass", "dobj", "pobj")):
            # "Bosnian Serbs", "Iraqi Kurds": a nationality before an ethnic name is the country;
            # "ethnic Albanians in Serbia": an ethnic group belongs to where it lives.
            ethnic = any(t.lower == "ethnic" for t in self._left(j)) or any(
                c.lower in ("of", "in") for c in parse.children(j, "prep"))  # "the Albanians of Serbia"
            nationality = self._countries(j, day, memory, places=ethnic)
            if ethnic:
                nationality = [c for c in nationality if c != demonym] or (
                    [self.home] if self.home and self.home != demonym else [])
                return [_actor(token.text, nationality[0], "CVL")] if nationality else \
                    [_actor(token.text, demonym, None)]
            return [_actor(token.text, nationality[0] if nationality else demonym, None)]
        # A role, with nationalities or a possessor: "the Russian president", "Tajik border
        # guards", "Russia's foreign ministry", "Russian and Tajik presidents".
        role = self._role(j)
        # "police in Bishkek" are Kyrgyz police, but "the situation in Syria" is no actor.
        countries = self._countries(j, day, memory, places=role is not None)
        if role is None:
            if countries:
                return [_actor(self._span(j), c, None) for c in countries]
            # "the Asia-Pacific Economic Cooperation (APEC) forum": a name in apposition.
            for child in parse.children(j, "appos"):
                found = self._resolve_one(child.i, day, memory)
                if found:
                    return found
            return []
        role_code, leader = role
        if countries:
            actors = [_actor(self._span(j), c, role_code) for c in countries]
            self._learn_names(j, actors)
            return actors
        if memory and token.tag in ("NNS", "NNPS") and (leader or token.lemma in GROUP_NOUNS):
            group = self._latest(j, group=True)
            if group:
                return list(group)
        if memory and leader and token.tag == "NN":
            latest = self._latest(j, person=True)
            if latest:
                return list(latest)
        if self.home and not any(
            t.ent == "ORG" or t.lower in FOREIGN_WORDS
            # "rebels in Ruritania" name a place we do not know; "Darfur rebels" and "Yoruba
            # leaders" name a region or people within the country
            or (t.ent == "GPE" and t.dep not in ("compound", "amod"))
            for t in self._left(j)
        ):
            # "Judge Alejandro Rivera", "police": a domestic actor of the article's country
            # (not when the phrase names an organisation or a place we do not know).
            return [_actor(self._span(j), self.home, role_code)]
        return []

    def _person(self, j: int, day: str | None) -> Actor | None:
        parse = self.parse
        token = parse.tokens[j]
        if token.ent != "PERSON" and token.pos != "PROPN" and not (
            token.text[:1].isupper() and fold(token.text) in self.kb.holders
        ):
            return None
        span = parse.entity_at(j)
        name = span.text if span is not None and span.label == "PERSON" else self._name_phrase(j)
        keys = [fold(name)]
        words = name.split()
        if len(words) > 1:
            keys.append(fold(words[-1]))
        for key in keys:
            if key in self.learned:
                return self.learned[key]
            holders = self.kb.holders.get(key)
            if holders:
                held = [h for h in holders if h.held_on(day or self.published)]
                pick = held[0] if held else max(holders, key=lambda h: h.start)
                if pick.code:  # an entry of an imported dictionary keeps its own code
                    return Actor(text=name, code=pick.code, name=pick.name,
                                 country=pick.code[:3], role=pick.code[3:6] or None)
                return _actor(name, pick.country, "GOV", pick.name)
        return None

    def _name_phrase(self, j: int) -> str:
        parse = self.parse
        names = [c.i for c in parse.children(j) if c.dep in ("compound", "flat") and c.i < j]
        start = min([j, *names])
        while start > 0 and parse.tokens[start].dep == "det":
            start += 1
        return parse.span_text(start, j + 1)

    def _span(self, j: int) -> str:
        parse = self.parse
        left = [c.i for c in parse.children(j) if c.i < j and c.dep in MODIFIER_DEPS | {"det"}]
        return parse.span_text(min([j, *left]), j + 1)

    def _first_conjunct(self, j: int) -> int:
        """"Kyiv" in "Moscow and Kyiv": the first of the conjoined words, which holds their role."""
        while self.parse.tokens[j].dep == "conj" and self.parse.tokens[j].head != j:
            j = self.parse.tokens[j].head
        return j

    def _role_dep(self, j: int) -> str:
        return self.parse.tokens[self._first_conjunct(j)].dep

    def _is_place_object(self, j: int) -> bool:
        token = self.parse.tokens[j]
        if token.dep != "pobj":
            return False
        prep = self.parse.tokens[token.head]
        return prep.lower in ("in", "to", "at", "from", "near", "into", "inside", "outside")

    def _left(self, j: int) -> list[Token]:
        """The words before the head of the phrase headed by ``j`` (its modifiers' subtrees)."""
        return [t for t in self.parse.subtree(j) if t.i < j]

    def _role(self, j: int) -> tuple[str, bool] | None:
        """The role a phrase names: the longest known phrase among its words, the head first."""
        parse, kb = self.parse, self.kb
        token = parse.tokens[j]
        words = [t.i for t in self._left(j) if t.ent != "PERSON" and t.dep != "det"
                 and t.pos != "DET" and (t.pos != "PUNCT" or t.text == "-")]
        named = token.ent == "PERSON"
        if not named or token.lemma in kb.roles or fold(token.text) in kb.roles:
            words.append(j)
        best: tuple[int, str] | None = None
        for start in range(len(words)):
            for stop in range(start, len(words)):
                if words[stop] - words[start] != stop - start:
                    break
                last = parse.tokens[words[stop]]
                if not named and words[stop] != j and last.pos == "ADJ":
                    continue  # "military aid" is aid, not the military; "rebel positions" are theirs
                phrase = fold(parse.span_text(words[start], words[stop] + 1))
                if phrase in kb.roles:
                    rank = (stop - start) * 2 + (words[stop] == j)
                    if best is None or rank > best[0]:
                        best = (rank, phrase)
        if best is None and token.lemma in kb.roles:
            best = (0, token.lemma)
        if best is None:
            return None
        role = kb.roles[best[1]]
        return role.code, role.leader

    def _countries(self, j: int, day: str | None, memory: bool, places: bool = True) -> list[str]:
        """Country (or organisation) codes from a phrase's modifiers: adjectives, names,
        possessors, organisations, and (with ``places``) "of X", "in X", "from X"."""
        parse, kb = self.parse, self.kb
        found: list[str] = []
        skip: set[int] = set()
        left = self._left(j)
        for first, second in pairwise(left):
            pair = fold(f"{first.text} {second.text}")
            if "-" in (first.text, second.text) or self._in_stance_compound(second.i):
                continue
            if second.i == first.i + 1 and (pair in kb.adjectives or pair in kb.country_names):
                found.append(kb.adjectives.get(pair) or kb.country_names[pair])
                skip.update((first.i, second.i))  # "North Korean", "Sri Lankan"
        for token in left:
            if token.i in skip:
                continue
            if token.dep == "poss":
                skip.update(t.i for t in parse.subtree(token.i))
                found += [a.country if a.role or len(a.code) == 3 else a.code
                          for a in self.resolve(token.i, day, memory) if a.country]
                continue
            span = parse.entity_at(token.i)
            if span is not None and span.label == "PERSON" and span.end - 1 == token.i:
                person = self._person(token.i, day)  # "the Bush administration"
                if person is not None and person.country:
                    found.append(person.country)
                    continue
            if span is not None and span.label in ("ORG", "NORP", "GPE") and span.end - 1 == token.i:
                name = span.text.removeprefix("the ").removeprefix("The ")
                code = kb.organisations.get(name) or kb.organisations_folded.get(fold(name))
                if code:
                    found.append(code)
                    continue
            key = fold(token.text)
            if self._in_stance_compound(token.i):
                continue
            if token.text in kb.organisations and token.text.isupper():
                found.append(kb.organisations[token.text])
            elif key in kb.adjectives:
                found.append(kb.adjectives[key])
            elif key in kb.country_names:
                found.append(kb.country_names[key])
            elif "-" in token.text and not _stance_compound(token.text):
                found += [kb.adjectives[p] for p in map(fold, token.text.split("-"))
                          if p in kb.adjectives]
        for prep in parse.children(j, "prep"):
            if places and prep.lower in ("of", "in", "from") and not found:
                for obj in parse.children(prep.i, "pobj"):
                    found += [a.country for a in self.resolve(obj.i, day, memory) if a.country]
        return list(dict.fromkeys(found))

    def _in_stance_compound(self, i: int) -> bool:
        """Whether token ``i`` is the country word of "pro - Iranian" or "Syrian - backed"."""
        tokens = self.parse.tokens
        before = i >= 2 and tokens[i - 1].text == "-" and tokens[i - 2].lower in STANCE_PREFIXES
        after = i + 2 < len(tokens) and tokens[i + 1].text == "-" and (
            tokens[i + 2].lower in STANCE_SUFFIXES)
        return before or after

    def _learn_names(self, j: int, actors: list[Actor]) -> None:
        """"Tajik President Emomali Rakhmon": the name stands for that actor in this document."""
        if len(actors) != 1:
            return
        parse = self.parse
        for child in parse.children(j):
            if child.ent == "PERSON" or (child.pos == "PROPN" and child.dep in ("appos", "compound")):
                span = parse.entity_at(child.i)
                name = span.text if span else child.text
                for key in {fold(name), fold(name.split()[-1])}:
                    self.learned.setdefault(key, actors[0])
        if parse.tokens[j].dep == "compound":
            head = parse.tokens[parse.tokens[j].head]
            if head.ent == "PERSON":
                span = parse.entity_at(head.i)
                name = span.text if span else head.text
                for key in {fold(name), fold(name.split()[-1])}:
                    self.learned.setdefault(key, actors[0])

    # -- pronouns and definite descriptions ----------------------------------------------------

    def _pronoun(self, token: Token) -> list[Actor]:
        lower = token.lower
        if lower in PERSON_PRONOUNS:
            return list(self._latest(token.i, person=True) or ())
        if lower in GROUP_PRONOUNS:
            return list(self._latest(token.i, group=True) or self._latest(token.i, plural=True)
                        or ())
        if lower in THING_PRONOUNS:
            return list(self._latest(token.i, thing=True) or ())
        return []

    def _latest(self, i: int, person: bool = False, group: bool = False, plural: bool = False,
                thing: bool = False) -> tuple[Actor, ...] | None:
        """The latest mention before token ``i`` of the kind asked for."""
        for mention in reversed(self.mentions):
            if mention.index >= i:
                continue
            if group and len(mention.actors) >= 2:
                return mention.actors
            if person and mention.person and len(mention.actors) == 1:
                return mention.actors
            if plural and self.parse.tokens[mention.index].tag in ("NNS", "NNPS"):
                return mention.actors
            if thing and not mention.person and len(mention.actors) == 1 and \
                    self.parse.tokens[mention.index].tag in ("NNP", "NN"):
                return mention.actors
        if group:
            # "Putin met Xi. The two leaders ...": the last two people named, if no mention
            # named both at once.
            people: list[Actor] = []
            for mention in reversed(self.mentions):
                if mention.index < i and mention.person and len(mention.actors) == 1 and \
                        mention.actors[0].code not in {a.code for a in people}:
                    people.append(mention.actors[0])
                if len(people) == 2:
                    return tuple(reversed(people))
        return None


#: Words that put a role outside the article's country: "a regional peacekeeping force",
#: "foreign fighters".
FOREIGN_WORDS = {"foreign", "international", "regional", "multinational", "overseas", "peacekeeping",
                 "western", "allied", "coalition"}

#: "pro-Iranian", "anti-Syrian", "Syrian-backed", "Israeli-occupied": words that name a country
#: the phrase is for, against or held by, not the one it belongs to.
STANCE_PREFIXES = {"pro", "anti", "non", "ex"}
STANCE_SUFFIXES = {"backed", "sponsored", "supported", "allied", "occupied", "held", "controlled",
                   "funded", "armed", "trained", "administered", "annexed"}


def _stance_compound(word: str) -> bool:
    parts = word.lower().split("-")
    return parts[0] in STANCE_PREFIXES or parts[-1] in STANCE_SUFFIXES
