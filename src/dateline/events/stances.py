"""Acts refused, promised and threatened, coded as CAMEO codes them.

CAMEO codes the stance, not the act: "refused to meet" is a rejection (125), "will not accept"
a rejection too, "will give aid" an expressed intent (033), "will impose sanctions" or "will
withdraw unless ..." a threat (1312, 130). ``recode`` takes the act's code and modality and
returns the code and modality of the event to record.
"""

from __future__ import annotations

from dateline.events.modality import governing_verb
from dateline.sentences.tokens import Parse

REFUSING_VERBS = {"refuse", "decline", "reject", "oppose", "resist", "balk"}

#: The rejection of an act, by the act's root (or code).
REFUSALS = {"03": "120", "04": "125", "045": "126", "046": "125", "05": "120", "06": "121",
            "07": "122", "08": "124", "0831": "1231", "0841": "1243", "085": "1244"}
#: The intent to do a cooperative act, by the act's root.
INTENTS = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
#: The threat of a hostile act, by the act's code prefix (longest first).
THREATS = {"1723": "1323", "1724": "1324", "163": "1312", "161": "1313", "162": "1311",
           "164": "134", "172": "132", "191": "1381", "192": "1382", "14": "133", "15": "138",
           "16": "131", "17": "137", "18": "1383", "19": "1384", "20": "138"}
HOSTILE_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}


def _lookup(table: dict[str, str], code: str) -> str | None:
    for length in (4, 3, 2):
        if code[:length] in table:
            return table[code[:length]]
    return None


def threat_for(cameo: str) -> str:
    """The code of a threat to do the hostile act coded ``cameo``."""
    return _lookup(THREATS, cameo) or "130"


def refused(parse: Parse, trigger: int) -> bool:
    """"refused to meet", "declined to sign", "will not accept": a rejection, not a denial."""
    verb = governing_verb(parse, trigger)
    token = parse.tokens[verb]
    if token.dep == "xcomp" and parse.tokens[token.head].lemma in REFUSING_VERBS:
        return True
    negated = any(c.dep == "neg" for c in parse.children(verb))
    future = any(c.lower in ("will", "would", "wo", "shall") for c in parse.children(verb, "aux"))
    return negated and future


def conditional(parse: Parse, trigger: int, marks: tuple[str, ...] = ("unless", "if")) -> bool:
    """"... unless Israel rescinds", "... if the United States goes ahead": a condition.

    "X will withdraw unless Y ..." is a threat; "X would meet Y if ..." an offer, so callers
    choose the marks that count."""
    verb = governing_verb(parse, trigger)
    for head in (verb, parse.tokens[verb].head):
        for clause in parse.children(head, "advcl"):
            if any(c.lower in marks for c in parse.children(clause.i, "mark")):
                return True
    return False


def recode(parse: Parse, trigger: int, cameo: str, mood: str) -> tuple[str, str]:
    """The code and modality to record for an act coded ``cameo`` with modality ``mood``."""
    root = cameo[:2]
    if mood == "negated" and refused(parse, trigger) and root in INTENTS | {"03": ""}:
        return _lookup(REFUSALS, cameo) or "120", "asserted"
    if mood in ("planned", "hypothetical") and (
        root in HOSTILE_ROOTS or (root in INTENTS and conditional(parse, trigger, ("unless",)))
    ):
        return threat_for(cameo), "asserted"
    if mood == "planned" and root in INTENTS and root != "04":
        return INTENTS[root], mood
    return cameo, mood
