"""The CAMEO coder: events from a document's parse, with actors, modality, date and place.

For each token that a pattern's trigger matches, the coder finds the source (subject, agent of
a passive, possessor or nationality of a nominal trigger, subject of a light verb) and the
target (as the pattern says), then codes one event per (source, target) pair.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.actors.knowledge import KnowledgeBase
from dateline.actors.resolve import Resolver
from dateline.events.codes import Code
from dateline.events.modality import governing_verb, modality
from dateline.events.patterns import Pattern
from dateline.events.stances import recode, threat_for
from dateline.records import Actor, Document, When
from dateline.sentences.tokens import Parse, Token
from dateline.when.attach import event_date
from dateline.where.gazetteer import Gazetteer
from dateline.where.locate import Locator

LIGHT_VERBS = {"have", "hold", "conduct", "begin", "resume", "host", "attend", "join", "launch",
               "carry", "stage", "impose", "announce", "make", "pay", "order", "start", "continue",
               "open", "sign", "conclude", "mount", "give", "provide", "deliver", "send", "issue",
               "level", "express", "offer", "extend", "lodge", "file"}
SPEECH_VERBS = {"say", "tell", "state", "announce", "report", "add", "note", "claim", "write"}
HABITUAL_WORDS = {"regularly", "often", "usually", "frequently", "routinely", "always",
                  "sometimes", "occasionally", "generally", "typically", "normally", "seldom", "rarely"}
PHONE_WORDS = {"phone", "telephone", "video", "call"}
EMBEDDING_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "nsubjpass", "oprd",
                  "attr", "compound", "nmod", "amod", "poss"}
HOSTILE_ROOTS = {"17", "18", "19", "20"}
#: Participles whose passive form states the subject's own stance: "is opposed to".
STATIVE_PASSIVES = {"oppose", "commit", "dedicate", "devote", "determine", "resolve"}
#: Nouns whose participle says what they say: "a declaration demanding ...".
MESSAGE_NOUNS = {"declaration", "statement", "letter", "resolution", "communique", "message",
                 "decree", "note", "memorandum", "petition", "editorial", "report"}
#: Roots whose "against X" names the adversary, which is the event's target.
ADVERSARY_ROOTS = {"13", "15", "17", "18", "19", "20"}
#: A visit to one's own country is a return home, not a visit.
SELF_VISITS = {"042", "043", "044"}
NOT_TRIGGER_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
#: Names that hold trigger words without reporting an act: "the Asia-Pacific Economic
#: Cooperation forum", "the Ceasefire Violations Committee".
NAME_ENTITIES = {"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}
#: Roles that name institutions rather than agents: "school shooting" is not by the school.
INSTITUTION_ROLES = {"EDU", "HLH", "BUS", "MED", "AGR", "ENV", "REL", "LAB"}
#: Nouns that carry a nominal trigger in front of them: "a mediation effort", "peace talks"
#: are no different from "mediation", "talks".
LIGHT_NOUNS = {"effort", "mission", "bid", "attempt", "initiative", "process", "campaign",
               "drive", "programme", "program", "operation"}
NOT_TARGET_PREPS = {"in", "at", "on", "during", "since", "after", "before", "near", "until",
                    "by", "of", "from", "inside", "outside", "across", "throughout", "within"}
FALLBACK_PREPS = {"to", "with", "for", "against", "on", "from"}


SAY_MUST = Pattern("demand.say.must", "say", "VERB", "", "", "100", ("ccomp",), False)


@dataclass(frozen=True)
class Found:
    """A trigger matched by a pattern, before actors are resolved."""

    pattern: Pattern
    trigger: int
    words: tuple[int, ...]  # every token of the trigger, light verb included


class DocumentCoder:
    """Codes one document; built per document over shared dictionaries."""

    def __init__(self, kb: KnowledgeBase, codes: dict[str, Code],
                 patterns: dict[tuple[str, str], list[Pattern]], gazetteer: Gazetteer,
                 document: Document, parse: Parse) -> None:
        self.kb, self.codes, self.patterns, self.gazetteer = kb, codes, patterns, gazetteer
        self.document, self.parse = document, parse
        self.published = _date(document.published)
        self.resolver = Resolver(kb, parse, document.published)
        countries = {a.country for m in self.resolver.mentions for a in m.actors if a.country}
        self.where = Locator(parse, gazetteer, document, self.published, countries)
        self._found: dict[int, Found] | None = None

    def found(self, i: int) -> Found | None:
        """The trigger found at token ``i``, if any."""
        if self._found is None:
            self._found = {f.trigger: f for f in self.triggers()}
        return self._found.get(i)

    # -- triggers ---------------------------------------------------------------------------

    def triggers(self) -> Iterator[Found]:
        yield from self._demands()
        for token in self.parse.tokens:
            if token.ent in NOT_TRIGGER_ENTITIES:
                continue  # "since 30 March" is no march
            if token.ent in NAME_ENTITIES and token.pos in ("NOUN", "PROPN") and token.text[:1].isupper():
                continue  # a word of a name
            pos = "NOUN" if token.pos in ("NOUN", "PROPN") else "VERB" if token.pos in (
                "VERB", "AUX") else ""
            for pattern in self.patterns.get((token.lemma, pos), ()):
                words = self._match(pattern, token)
                if words is not None:
                    yield Found(pattern, token.i, words)
                    break

    def _demands(self) -> Iterator[Found]:
        """"X said (that) Y must/should ...": X demands of Y (CAMEO 100). The speaker is the
        source; the subject of the reported clause is the target."""
        parse = self.parse
        for token in parse.tokens:
            if token.lemma not in SPEECH_VERBS | {"reiterate", "insist", "stress", "declare"}:
                continue
            for clause in parse.children(token.i, "ccomp"):
                if any(c.lower in ("must", "should") for c in parse.children(clause.i, "aux")):
                    yield Found(SAY_MUST, token.i, (token.i, clause.i))

    def _match(self, pattern: Pattern, token: Token) -> tuple[int, ...] | None:
        words = [token.i]
        for wanted, deps, attribute in (
            (pattern.object, ("dobj", "nsubjpass", "attr"), "lemma"),
            (pattern.particle, ("prt", "prep", "advmod", "compound", "amod")
             if pattern.pos == "NOUN" else ("prt", "prep", "advmod"), "lower"),
        ):
            if not wanted:
                continue
            found = [c for c in self.parse.children(token.i, *deps) if getattr(c, attribute) == wanted
                     and not self._dated(c.i)]
            if not found and attribute == "lemma":  # "ended mediation efforts"
                found = [m for c in self.parse.children(token.i, *deps) if c.lemma in LIGHT_NOUNS
                         for m in self.parse.children(c.i, "compound") if m.lemma == wanted]
            if not found and attribute == "lemma":  # "700 kg of medicine", "part of a stronghold"
                found = [o for c in self.parse.children(token.i, *deps)
                         for p in self.parse.children(c.i, "prep") if p.lower == "of"
                         for o in self.parse.children(p.i, "pobj") if o.lemma == wanted]
            if not found:
                return None  # the object ("impose" + "sanctions") or particle the trigger needs
            words.append(found[0].i)
        if pattern.pos == "NOUN" and token.dep == "compound" and self._phrase(token.i) != token.i:
            pass  # "a mediation effort"
        elif pattern.pos == "NOUN" and token.dep in ("attr", "compound"):
            return None  # "this is the second meeting": a description, not a report
        if pattern.pos == "NOUN" and token.dep == "conj" and self.parse.tokens[token.head].dep == "attr":
            return None
        return tuple(sorted(words))

    def _dated(self, i: int) -> bool:
        """Whether the preposition ``i`` only gives a date: "a strike on Monday"."""
        objects = self.parse.children(i, "pobj")
        return bool(objects) and all(o.ent in ("DATE", "TIME") for o in objects)

    def _phrase(self, i: int) -> int:
        """The noun phrase a nominal trigger heads, or the light noun it is compounded with."""
        token = self.parse.tokens[i]
        if token.dep == "compound" and self.parse.tokens[token.head].lemma in LIGHT_NOUNS:
            return token.head
        return i

    # -- events -----------------------------------------------------------------------------

    def events(self) -> Iterator[dict[str, Any]]:
        if self.kb.discarded(self.document.text, story=True):
            return  # an imported discard list rules the whole story out
        found = list(self.triggers())
        self._found = {f.trigger: f for f in found}
        taken = {w for f in found for w in f.words}
        for one in found:
            if not self._embedded(one, taken - set(one.words)) and not self._background(one):
                yield from self._code(one)

    def _embedded(self, found: Found, triggers: set[int]) -> bool:
        """Whether the trigger is the content of another event's trigger: "threatened to
        shell", "conceded to demands", "lifted a blockade", "staged a rally to demand". The
        outer event is the one coded."""
        token = self.parse.tokens[found.trigger]
        while (token.dep in EMBEDDING_DEPS or self._purpose(token)) and token.head != token.i:
            if token.dep == "acl" and self.parse.tokens[token.head].lemma in MESSAGE_NOUNS:
                return False  # "issued a statement demanding ...": the demand is the event
            purpose = self._purpose(token)
            token = self.parse.tokens[token.head]
            if token.i in triggers or (purpose and any(
                    c.i in triggers for c in self.parse.children(token.i, "dobj"))):
                return True  # "began a hunger strike to protest": the strike's purpose
        return False

    def _background(self, found: Found) -> bool:
        """Whether the trigger describes a participant rather than reports an event: "the
        rebels, who had taken them hostage", "a reminder to Iraq that it must cooperate"."""
        token = self.parse.tokens[found.trigger]
        for _ in range(8):
            if token.dep in ("relcl", "acl") and token.pos in ("VERB", "AUX") and not (
                    token.dep == "acl" and self.parse.tokens[token.head].lemma in MESSAGE_NOUNS):
                return True
            if token.head == token.i:
                return False
            token = self.parse.tokens[token.head]
        return False

    def _purpose(self, token: Token) -> bool:
        """"began a hunger strike to protest ...": the purpose of an act is part of it."""
        return token.dep == "advcl" and any(
            c.lower == "to" for c in self.parse.children(token.i, "aux"))

    def _habitual(self, i: int) -> bool:
        """"the presidents speak over the phone regularly": a habit, not an event."""
        token = self.parse.tokens[i]
        return token.tag in ("VBZ", "VBP") and any(
            c.lower in HABITUAL_WORDS for c in self.parse.children(i, "advmod"))

    def _code(self, found: Found) -> Iterator[dict[str, Any]]:
        parse, pattern = self.parse, found.pattern
        trigger = parse.tokens[found.trigger]
        if self._habitual(found.trigger) or self.kb.discarded(parse.sentences[trigger.sent].text):
            return
        mood = modality(parse, found.trigger)
        when = event_date(parse, found.trigger, self.published, future=mood == "planned")
        day = when.date if when.precision == "day" else None
        sources, targets, light = self._actors(found, day)
        cameo = pattern.cameo
        if cameo == "130":
            cameo = self._threatened(found) or cameo
        if cameo.startswith("04") and self._by_phone(found.trigger):
            cameo = "041"
        cameo, mood = recode(parse, found.trigger, cameo, mood)
        pairs: list[tuple[Actor, Actor | None]] = []
        if targets:
            pairs = [(s, t) for s in sources for t in targets if s.code != t.code
                     and not (cameo in SELF_VISITS and s.country == t.country)]
        elif len(sources) >= 2 and pattern.reciprocal:
            pairs = [(sources[0], t) for t in sources[1:]]
        elif sources and (not pattern.target or self._targetless_act(found)):
            pairs = [(s, None) for s in sources]
        if not pairs:
            return
        code = self.codes[cameo]
        sentence = parse.sentences[trigger.sent]
        words = sorted({*found.words, *([light] if light is not None else [])})
        trigger_text = " ".join(parse.tokens[w].text for w in words)
        confidence = 0.9
        if mood == "asserted" and self.published and when.date and when.date > self.published.isoformat():
            confidence = 0.5  # a past-tense report of a date still to come: suspicious
        for source, target in pairs:
            place = self.where.place(found.trigger, cameo, target, source, when)
            key = "|".join([self.document.id, str(sentence.index), str(found.trigger), source.code,
                            target.code if target else "", cameo])
            yield {
                "event_id": hashlib.sha1(key.encode()).hexdigest()[:20],
                "doc_id": self.document.id,
                "sentence": sentence.index,
                "published": self.document.published,
                "date": when.date, "date_precision": when.precision, "date_basis": when.basis,
                "source": _actor_dict(source),
                "target": _actor_dict(target) if target else None,
                "cameo": cameo, "cameo_root": cameo[:2],
                "quad_class": code.quad_class, "goldstein": code.goldstein,
                "plover": {"event": code.plover_event, "mode": code.plover_mode}
                if code.plover_event else None,
                "modality": mood,
                "location": None if place is None else {
                    "name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon},
                "evidence": {"text": sentence.text, "trigger": trigger_text, "rule": pattern.id},
                "confidence": confidence,
            }

    def _actors(self, found: Found, day: str | None) -> tuple[list[Actor], list[Actor], int | None]:
        parse, resolve = self.parse, self.resolver.resolve
        pattern = found.pattern
        trigger = parse.tokens[found.trigger]
        sources: list[Actor] = []
        targets: list[Actor] = []
        light: int | None = None
        if pattern.pos == "VERB":
            agents = [p for a in parse.children(trigger.i, "agent") for p in parse.children(a.i, "pobj")]
            passive = parse.children(trigger.i, "nsubjpass")
            if passive and not agents and trigger.lemma in STATIVE_PASSIVES:
                # "Israel is opposed to French mediation": a stance of the subject's own.
                sources = [a for p in passive for a in resolve(p.i, day)]
                targets = [a for p in parse.children(trigger.i, "prep") if p.lower == "to"
                           for o in parse.children(p.i, "pobj") for a in resolve(o.i, day)]
            elif passive:
                targets = [a for p in passive for a in resolve(p.i, day)] or [
                    a for p in passive for i in self._nested(p.i)
                    for a in resolve(i, day)][:1]  # "a camp for refugees was attacked"
                sources = [a for p in agents for a in resolve(p.i, day)]
            else:
                subject = self._subject(trigger.i)
                sources = resolve(subject, day) if subject is not None else []
        else:
            trigger = parse.tokens[self._phrase(trigger.i)]
            for child in parse.children(trigger.i, "poss"):
                sources += resolve(child.i, day)
            if not sources:
                for child in parse.children(trigger.i, "amod", "compound", "nmod"):
                    sources += [a for a in resolve(child.i, day)
                                if a.country and a.role not in INSTITUTION_ROLES]
            for prep in parse.children(trigger.i, "prep"):
                if prep.lower == "by":
                    for obj in parse.children(prep.i, "pobj"):
                        sources += resolve(obj.i, day)
            head = parse.tokens[trigger.head]
            if not sources and trigger.dep in ("dobj", "nsubjpass") and head.pos in ("VERB", "AUX"):
                subject = self._subject(head.i)
                if subject is not None:
                    sources = resolve(subject, day)
                    light = head.i
            if not sources and trigger.dep == "pobj":
                verb = parse.tokens[parse.tokens[trigger.head].head]
                if verb.pos in ("VERB", "AUX"):
                    subject = self._subject(verb.i)
                    sources = resolve(subject, day) if subject is not None else []
        if not targets:
            targets = self._targets(found, day)
            # "Albanians demonstrated in Serbia, where 24 people were killed": a target that is
            # the source again is no target; look further.
            targets = [t for t in targets if t.code not in {s.code for s in sources}]
        if sources and pattern.cameo[:2] in ADVERSARY_ROOTS and (
            not targets or all(t.country == sources[0].country for t in targets)
        ):
            # "mobilized reservists for a possible war against Iraq": the adversary, not the
            # source's own forces, is the target.
            targets = self._against(found.trigger, day) or targets
        if not targets and sources and pattern.cameo.startswith("14"):
            targets = self._protested(found, sources, day)
        if not targets and sources and pattern.cameo[:2] in HOSTILE_ROOTS:
            # "fired shells at targets in Jericho": force used against a place, not a named actor.
            place = self.where.place(found.trigger, pattern.cameo, None, None, When(None)) or next(
                (p for o in self._objects(found.trigger) for i in (o, *self._objects(o))
                 for p in [self.where.lookup(i)] if p is not None), None)  # "at targets in Jericho"
            if place is not None and place.country and place.name:
                targets = [Actor(place.name, place.country, place.name, place.country, None)]
        if pattern.pos == "NOUN" and not sources and len(targets) >= 2 and pattern.reciprocal:
            sources, targets = targets[:1], targets[1:]
        return sources, targets, light

    def _against(self, trigger: int, day: str | None) -> list[Actor]:
        """The actors named by an "against"/"toward(s)" phrase within the trigger's clause."""
        parse = self.parse
        for token in parse.subtree(trigger):
            if token.dep == "prep" and token.lower in ("against", "toward", "towards"):
                if any(a.dep in ("ccomp", "relcl", "advcl") and a.i != trigger
                       for a in self._path(token.i, trigger)):
                    continue
                for obj in parse.children(token.i, "pobj"):
                    actors = self.resolver.resolve(obj.i, day)
                    if actors:
                        return actors
        return []

    def _path(self, i: int, top: int) -> list[Token]:
        """The tokens from ``i`` up to (not including) ``top``."""
        path = []
        token = self.parse.tokens[i]
        while token.i != top and token.head != token.i:
            path.append(token)
            token = self.parse.tokens[token.head]
        return path

    def _protested(self, found: Found, sources: list[Actor], day: str | None) -> list[Actor]:
        """Whom a protest is against when no word says: what its purpose clause names ("to
        demand the resignation of President X", "in protest of Y's decision"), else the
        government of the country it takes place in, else of the protesters' own country."""
        parse = self.parse
        heads = {found.trigger, governing_verb(parse, found.trigger)}
        for head in heads:
            for clause in parse.children(head, "advcl", "xcomp", "prep"):
                for token in parse.subtree(clause.i):
                    if token.pos in ("PROPN", "NOUN") and token.i != clause.i:
                        named = token.dep == "poss" or (
                            token.dep == "pobj" and parse.tokens[token.head].lower == "against")
                        actors = [a for a in self.resolver.resolve(token.i, day)
                                  if (a.role or len(a.code) > 3 or named)
                                  and a.code not in {s.code for s in sources}]
                        if actors:
                            return actors
        place = self.where.place(found.trigger, found.pattern.cameo, None, sources[0], When(None))
        country = place.country if place is not None else sources[0].country
        return [Actor("", f"{country}GOV", None, country, "GOV")] if country else []

    def _by_phone(self, i: int) -> bool:
        """"telephone talks", "spoke by phone", "talked over the telephone"."""
        parse = self.parse
        if any(c.lower in PHONE_WORDS for c in parse.children(i, "compound", "amod")):
            return True
        return any(
            o.lower in PHONE_WORDS
            or any(c.lower in PHONE_WORDS for c in parse.children(o.i, "compound", "amod"))
            for p in parse.children(i, "prep") if p.lower in ("by", "over", "on", "via", "in")
            for o in parse.children(p.i, "pobj"))

    def _subject(self, i: int) -> int | None:
        """The subject of the verb ``i``, climbing through infinitives, conjuncts and clauses."""
        parse = self.parse
        for _ in range(4):
            token = parse.tokens[i]
            subjects = parse.children(i, "nsubj", "nsubjpass", "csubj")
            if subjects:
                return subjects[0].i
            if token.dep == "relcl":
                return token.head
            if token.dep in ("xcomp", "conj", "advcl", "acl", "pcomp", "acomp") and token.head != i:
                i = token.head
                head = parse.tokens[i]
                if head.pos == "ADJ" and head.dep == "acomp":
                    i = head.head  # "Norway is willing to send": through the adjective
                elif head.lemma in MESSAGE_NOUNS and token.dep == "acl" and (
                        self.parse.tokens[head.head].pos in ("VERB", "AUX")):
                    i = head.head  # "issued a declaration demanding ...": the issuer
                elif head.pos not in ("VERB", "AUX"):
                    return i if token.dep == "acl" else None
                continue
            return None
        return None

    def _targets(self, found: Found, day: str | None) -> list[Actor]:
        parse, pattern = self.parse, found.pattern
        trigger = found.trigger
        heads = list(dict.fromkeys([trigger, self._phrase(trigger), *found.words]))
        verb = governing_verb(parse, trigger)
        if pattern.pos == "NOUN" and verb != trigger:
            heads.append(verb)
        for item in pattern.target:
            kind, _, word = item.partition(":")
            for head in heads:
                objects: list[Token] = []
                if kind == "dobj":
                    objects = [c for c in parse.children(head, "dobj") if c.i not in found.words]
                elif kind == "dative":
                    objects = parse.children(head, "dative")
                elif kind == "poss":
                    objects = parse.children(head, "poss")
                elif kind == "ccomp":
                    objects = [s for c in parse.children(head, "ccomp")
                               for s in parse.children(c.i, "nsubj", "nsubjpass")]
                elif kind in ("prep", "place", "of"):
                    word = word or "of"
                    for prep in parse.children(head, "prep", "dative", "prt"):
                        if prep.lower == word:
                            objects += parse.children(prep.i, "pobj")
                actors = self._slot_actors(kind, objects, day)
                if actors:
                    return actors
        for item in pattern.target:
            # "the withdrawal of forces from Panama", "granted asylum to officers", "donated and
            # delivered goods to the school": the phrase hangs from the thing acted on.
            kind, _, word = item.partition(":")
            if kind not in ("prep", "place"):
                continue
            for head in self._themes(found):
                objects = [o for p in parse.children(head, "prep") if p.lower == word
                           for o in parse.children(p.i, "pobj")]
                actors = self._slot_actors(kind, objects, day)
                if actors:
                    return actors
        return self._fallback_targets(found, heads, day)

    def _slot_actors(self, kind: str, objects: list[Token], day: str | None) -> list[Actor]:
        """The actors a target slot's words name: places stand for their country."""
        if kind != "place":
            return [a for o in objects for a in self.resolver.resolve(o.i, day)]
        conjuncts = [c for o in objects for c in (o.i, *self.where.conjuncts(o.i))]
        places = [self.where.lookup(i) for i in conjuncts]
        return [Actor(p.name or "", p.country or "", p.name, p.country, None)
                for p in places if p is not None and p.country]

    def _themes(self, found: Found) -> list[int]:
        """The things a trigger acts on: its object (or a nominal's "of" phrase), and verbs
        conjoined with it that share its subject ("donated and delivered goods")."""
        parse = self.parse
        verbs = [found.trigger]
        if found.pattern.pos == "VERB":
            verbs += [c.i for c in parse.children(found.trigger, "conj")
                      if c.pos == "VERB" and not parse.children(c.i, "nsubj")]
        themes = [c.i for v in verbs for c in parse.children(v, "dobj")]
        themes += [o.i for w in (found.trigger, *found.words) for p in parse.children(w, "prep")
                   if p.lower == "of" for o in parse.children(p.i, "pobj")]
        return [*verbs[1:], *dict.fromkeys(themes)]

    def _fallback_targets(self, found: Found, heads: list[int], day: str | None) -> list[Actor]:
        """Targets the pattern does not name: the dative of a light verb ("gave Tanzania a
        grant"), or the object of the infinitive an intent verb governs ("offered to hand over
        to Great Britain", "agreed to lift embargoes on Iran")."""
        parse = self.parse
        places: list[int] = []
        if found.pattern.pos == "NOUN":
            places = [c.i for h in heads[1:] for c in parse.children(h, "dative")]
            # "its demand that Israel ease restrictions": the subject of the noun's clause.
            places += [s.i for c in parse.children(found.trigger, "acl", "ccomp")
                       for s in parse.children(c.i, "nsubj", "nsubjpass")]
        else:
            governed = self._inner_targets(found, day)
            if governed:
                return governed
            # "demanded that the US cancel its plans": the subject of the reported clause.
            for clause in parse.children(found.trigger, "ccomp"):
                places += [s.i for s in parse.children(clause.i, "nsubj", "nsubjpass")]
            # "rejected an offer from Afghanistan", "welcomed Reagan's statement": the actor
            # behind the thing acted on.
            for obj in parse.children(found.trigger, "dobj"):
                places += [c.i for c in parse.children(obj.i, "poss")]
                for prep in parse.children(obj.i, "prep"):
                    if prep.lower in ("from", "by", "of", "with", "to", "against", "on"):
                        places += [o.i for o in parse.children(prep.i, "pobj")]
            for xcomp in parse.children(found.trigger, "xcomp"):
                for child in parse.children(xcomp.i):
                    if child.dep in ("dobj", "dative"):
                        places.append(child.i)
                    elif child.dep == "prep" and child.lower in FALLBACK_PREPS:
                        places += [o.i for o in parse.children(child.i, "pobj")]
                for obj in parse.children(xcomp.i, "dobj"):
                    for prep in parse.children(obj.i, "prep"):
                        if prep.lower in FALLBACK_PREPS:
                            places += [o.i for o in parse.children(prep.i, "pobj")]
        if found.pattern.pos == "VERB":
            # Last, any object of the verb itself that names an actor ("kidnapped up to 16
            # Russian advisers", where the parse hangs the object under a particle).
            for child in parse.children(found.trigger):
                if child.dep in ("dobj", "dative") and not (
                        found.pattern.reciprocal and child.i in found.words):
                    places.append(child.i)  # but "exchanged prisoners" is between the sides
                elif child.dep in ("prep", "prt") and child.lower not in NOT_TARGET_PREPS:
                    for grand in parse.children(child.i):
                        if grand.dep == "pobj":
                            places.append(grand.i)
                        elif grand.dep == "prep" and grand.lower not in NOT_TARGET_PREPS:
                            places += [o.i for o in parse.children(grand.i, "pobj")]
        for i in places:
            actors = self.resolver.resolve(i, day)
            if actors:
                return actors
        for inner in self._inner(found, purpose=True):
            actors = self._targets(inner, day)
            if actors:
                return actors
        # "insisted on its demands that ...": the target of the act the verb is about.
        for prep in parse.children(found.trigger, "prep"):
            if prep.lower in ("on", "to", "for", "against", "over", "with"):
                for obj in parse.children(prep.i, "pobj"):
                    about = self.found(obj.i)
                    if about is not None and about.trigger != found.trigger:
                        actors = self._targets(about, day)
                        if actors:
                            return actors
        if found.pattern.pos == "VERB":
            # "suspended part of a military aid program for Bosnia": an actor further down the
            # object's phrases, not inside a clause of its own.
            for obj in parse.children(found.trigger, "dobj"):
                for i in self._nested(obj.i):
                    actors = self.resolver.resolve(i, day)
                    if actors:
                        return actors
        return []

    def _objects(self, i: int) -> list[int]:
        """The objects of the prepositions hanging from token ``i``."""
        return [o.i for p in self.parse.children(i, "prep") for o in self.parse.children(p.i, "pobj")]

    def _nested(self, i: int, depth: int = 3) -> Iterator[int]:
        """The nouns inside the phrase headed by ``i``, through prepositions, nearest first."""
        level = [i]
        for _ in range(depth):
            level = [o.i for j in level for p in self.parse.children(j, "prep")
                     if p.lower not in NOT_TARGET_PREPS - {"of"} for o in self.parse.children(p.i, "pobj")]
            yield from level


    def _threatened(self, found: Found) -> str | None:
        """The threat's own code from the act threatened: "threatened to shell" is a threat
        of military force (138), "threatened to impose sanctions" one of sanctions (1312)."""
        for xcomp in self.parse.children(found.trigger, "xcomp"):
            inner = self.found(xcomp.i)
            if inner is not None and inner.pattern.cameo[:2] in HOSTILE_ROOTS | {"14", "15", "16"}:
                return threat_for(inner.pattern.cameo)
        return None

    def _inner(self, found: Found, purpose: bool = False) -> Iterator[Found]:
        """The acts a trigger governs: its infinitive ("threatened to shell") and that
        infinitive's object ("threatened to impose a curfew"); with ``purpose``, the act of a
        purpose clause instead ("opened fire to disperse the crowd")."""
        parse = self.parse
        clauses = [c for c in parse.children(found.trigger, "advcl")
                   if any(a.lower == "to" for a in parse.children(c.i, "aux"))
                   ] if purpose else parse.children(found.trigger, "xcomp")
        for clause in clauses:
            for i in (clause.i, *(o.i for o in parse.children(clause.i, "dobj"))):
                inner = self.found(i)
                if inner is not None and inner.trigger != found.trigger:
                    yield inner


    def _targetless_act(self, found: Found) -> bool:
        """"Akayev agreed to resign": a stance on an act that has no target has none either."""
        inner = next(self._inner(found), None)
        return inner is not None and not inner.pattern.target

    def _inner_targets(self, found: Found, day: str | None) -> list[Actor]:
        """The target of the act a stance verb governs ("threatened to shell Iraqi towns",
        "agreed to lift sanctions on Iran"), else whom its condition names ("... unless
        Baghdad accepts", "... if the United States goes ahead")."""
        parse = self.parse
        for inner in self._inner(found):
            actors = self._targets(inner, day)
            if actors:
                return actors
        for head in (found.trigger, *(x.i for x in parse.children(found.trigger, "xcomp"))):
            for clause in parse.children(head, "advcl"):
                if any(c.lower in ("unless", "if") for c in parse.children(clause.i, "mark")):
                    for subject in parse.children(clause.i, "nsubj", "nsubjpass"):
                        actors = self.resolver.resolve(subject.i, day)
                        if actors:
                            return actors
        return []


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _actor_dict(actor: Actor) -> dict[str, Any]:
    return {"text": actor.text, "name": actor.name, "code": actor.code,
            "country": actor.country, "role": actor.role}
