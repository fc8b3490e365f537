"""What a claim's words state, kept with the claim between runs. No Django.

Reading the words (`stated.stated_facts`) is the largest part of assessing a claim, and its
answer depends only on the words, their paragraph and the reader itself. A run stores the
facts it read with a key made of those three (`key_of`), and the next run reads them back
(`from_json`) while the key is the same: a changed quote, a recaptured article or a changed
reader reads the words again. The reader's part of the key is the text of the modules that
read: no number to remember to raise.
"""

from __future__ import annotations

import hashlib

from claims.assessment import facts, patterns, scope, stated
from claims.assessment.stated import Approval, Dose, Duration, NumberCheck, StatedFacts, plain
from core.versions import code_version

_SETS = ("substances", "routes", "designs", "comparators", "other_outcomes", "drug_classes")
_PAIR_SETS = ("outcomes", "body_effects", "mechanism_terms")
_PLAIN = ("n", "groups", "sessions", "significant", "research_needed", "scope")


READER = code_version(stated, patterns, facts, scope)


def key_of(quote: str, paragraph: str) -> str:
    """The key of the facts read from these words with this paragraph, by this reader."""
    text = "\0".join((READER, quote or "", paragraph or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def as_json(found: StatedFacts) -> dict:
    """The facts as JSON, those that differ from a reading of no words only (most claims
    state few), without the words themselves (`from_json` is given the quote)."""
    return {name: value for name, value in _json(found).items() if value != _NONE[name]}


def _json(found: StatedFacts) -> dict:
    data = {name: getattr(found, name) for name in _PLAIN}
    data.update({name: sorted(getattr(found, name)) for name in _SETS})
    data.update({name: sorted(map(list, getattr(found, name))) for name in _PAIR_SETS})
    data["doses"] = [[d.low, d.high, d.unit] for d in found.doses]
    data["durations"] = [[d.days, d.kind, d.words] for d in found.durations]
    data["approvals"] = [[list(a.purposes), a.only, a.words] for a in found.approvals]
    data["percentages"] = list(found.percentages)
    data["proportions"] = [list(p) for p in found.proportions]
    data["arithmetic"] = [[c.percentage, c.part, c.whole, c.agrees] for c in found.arithmetic]
    data["first_made"] = list(found.first_made) if found.first_made else None
    data["onsets"] = [list(o) for o in found.onsets]
    return data


def from_json(data: dict, quote: str) -> StatedFacts:
    """The facts `as_json` stored from `quote`, as they were read."""
    data = {**_NONE, **data}
    return StatedFacts(
        text=plain(quote),
        **{name: data[name] for name in _PLAIN},
        **{name: frozenset(data[name]) for name in _SETS},
        **{name: frozenset(map(tuple, data[name])) for name in _PAIR_SETS},
        doses=tuple(Dose(*d) for d in data["doses"]),
        durations=tuple(Duration(*d) for d in data["durations"]),
        approvals=tuple(Approval(tuple(p), only, words) for p, only, words in data["approvals"]),
        percentages=tuple(data["percentages"]),
        proportions=tuple(map(tuple, data["proportions"])),
        arithmetic=tuple(NumberCheck(*c) for c in data["arithmetic"]),
        first_made=tuple(data["first_made"]) if data["first_made"] else None,
        onsets=tuple(map(tuple, data["onsets"])),
    )


# What a reading of no words gives, as JSON: left out of what is stored.
_NONE = _json(StatedFacts())
