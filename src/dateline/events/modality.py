"""Modality: whether an event is reported as having happened, planned, negated or hypothetical."""

from __future__ import annotations

from dateline.sentences.tokens import Parse

PLAN_VERBS = {"plan", "intend", "schedule", "expect", "prepare", "aim", "hope", "seek", "want",
              "propose", "agree", "decide", "promise", "pledge", "vow", "threaten", "set", "due"}
NEGATING_VERBS = {"refuse", "decline", "fail", "deny", "cancel", "postpone", "call off"}
#: Verbs whose past tense turns "will" into "would": "said it would allow".
REPORTING_VERBS = {"say", "announce", "tell", "state", "declare", "indicate", "pledge", "promise",
                   "vow", "confirm", "report", "add", "insist", "warn", "decide", "agree"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can"}
READY_WORDS = {"willing", "ready", "prepared", "determined", "eager", "keen", "due", "set",
               "expected", "likely", "poised", "about"}
PLAN_MODIFIERS = {"planned", "upcoming", "forthcoming", "scheduled", "proposed", "next", "future",
                  "expected", "possible"}


def governing_verb(parse: Parse, i: int) -> int:
    """The verb whose clause holds token ``i`` (``i`` itself for a verb)."""
    token = parse.tokens[i]
    steps = 0
    while token.pos not in ("VERB", "AUX") and token.head != token.i and steps < 6:
        token = parse.tokens[token.head]
        steps += 1
    return token.i


def modality(parse: Parse, trigger: int) -> str:
    tokens = parse.tokens
    chain = [trigger]
    verb = governing_verb(parse, trigger)
    if verb != trigger:
        chain.append(verb)
    # Climb through infinitives and conjoined verbs: "plans to visit", "refused to meet".
    current = tokens[verb]
    while current.dep in ("xcomp", "conj", "advcl", "ccomp") and current.head != current.i:
        current = tokens[current.head]
        chain.append(current.i)
        if current.dep == "ccomp":
            break
    trigger_token = tokens[trigger]
    for i in chain:
        for child in parse.children(i):
            if child.dep == "neg" or child.lower in ("never",):
                return "negated"
        if i != trigger and tokens[i].lemma in NEGATING_VERBS:
            return "negated"
    if trigger_token.pos == "NOUN":
        for child in parse.children(trigger):
            if child.lower in PLAN_MODIFIERS:
                return "planned"
            if child.dep == "acl" and child.lemma in ("schedule", "plan", "set", "expect"):
                return "planned"
    for i in chain:
        token = tokens[i]
        for child in parse.children(i):
            if child.dep in ("aux", "auxpass") and child.lower in ("will", "shall", "'ll", "wo"):
                return "planned"
            if child.dep in ("aux", "auxpass") and child.lower == "would" and _reported(
                    parse, i) and not _conditioned(parse, chain):
                return "planned"  # "Iraq said it would allow ...": the future of a past report
            if child.dep in ("aux", "auxpass") and child.lower in HYPOTHETICAL_AUX:
                return "hypothetical"
            if child.dep == "mark" and child.lower in ("if", "unless", "whether"):
                return "hypothetical"
        if i != trigger and token.lemma in PLAN_VERBS and tokens[trigger].i > token.i:
            return "planned"
        if token.dep == "xcomp" and tokens[token.head].lower in READY_WORDS:
            return "planned"
        if token.lower == "going" and any(c.lower == "to" for c in parse.children(i)):
            return "planned"
    return "asserted"


def _reported(parse: Parse, i: int) -> bool:
    """Whether the clause of verb ``i`` is what a past-tense speech verb reports."""
    token = parse.tokens[i]
    head = parse.tokens[token.head]
    return token.dep == "ccomp" and head.lemma in REPORTING_VERBS and head.tag == "VBD"


def _conditioned(parse: Parse, chain: list[int]) -> bool:
    return any(c.lower in ("if", "unless") for i in chain for a in parse.children(i, "advcl")
               for c in parse.children(a.i, "mark"))
