"""What a study found, in one word, and which of its outcomes a sentence speaks of.

Plain data in and out: outcome rows are anything with `measure`, `direction`, `primary` and
`position` (model rows or dicts read through `_get`), so the rules are tested without a
database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studies.constants import DIRECTION_FINDINGS, FINDINGS

FINDING_LABELS = dict(FINDINGS)


def in_sentence(text: str) -> str:
    """A measure's name for the middle of a sentence: "Total abstinence" → "total
    abstinence", but "URICA score" and "KPT sessions" keep their capitals."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def finding_of(direction: str | None) -> str:
    """A headline outcome's direction as a finding; an outcome with no direction is
    "not_stated": the record states none, and none is guessed. (A study with no outcome
    at all is "not_reported", see `headline`.)"""
    return DIRECTION_FINDINGS.get(direction or "", "not_stated")


def _get(row, name, default=None):
    if isinstance(row, dict):
        return row.get(name, default)
    return getattr(row, name, default)


@dataclass(frozen=True)
class Headline:
    finding: str
    label: str
    measure: str  # "" when the study has no outcome on record
    basis: str  # "primary", "first_reported" or "none"

    @property
    def measure_in_sentence(self) -> str:
        return in_sentence(self.measure)

    @property
    def basis_words(self) -> str:
        return {
            "primary": "its primary outcome",
            "first_reported": "the first outcome its record reports; none is marked primary",
            "none": "no outcome on record",
        }[self.basis]


def headline(outcomes: Sequence) -> Headline:
    """The outcome a study is placed by: the first marked primary, else the first reported
    (records rarely say which outcome was primary, and the first one reported is the one the
    abstract leads with), in the rows' `position` order."""
    rows = sorted(outcomes, key=lambda o: (_get(o, "position", 0) or 0, _get(o, "id", 0) or 0))
    primary = [o for o in rows if _get(o, "primary")]
    if primary:
        row, basis = primary[0], "primary"
    elif rows:
        row, basis = rows[0], "first_reported"
    else:
        return Headline("not_reported", FINDING_LABELS["not_reported"], "", "none")
    finding = finding_of(_get(row, "direction"))
    return Headline(finding, FINDING_LABELS[finding], _get(row, "measure") or "", basis)


# ---------------------------------------------------------------------------------------
# Which outcome a claim is about

# Words every outcome and claim share that say nothing about which outcome is meant.
_STOP = frozenset(
    """
    a an and are as at be by for from in into is it its of on or than that the their this to
    was were with ketamine placebo control group groups patients participants people study
    trial score scores rate rates change total mean number week weeks day month months year
    years baseline after before during follow up relative reduced reduction increase
    increased higher lower more less vs versus per cent percent points point
    """.split()
)

# Endings stripped so that "abstinent", "abstaining" and "abstinence" meet, and
# "cravings" meets "craving". Crude on purpose: it only has to match an outcome's own words.
_ENDINGS = ("ences", "ence", "ents", "ent", "ings", "ing", "ions", "ion", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z-]+", (text or "").lower())
    return {_stem(w) for part in words for w in part.split("-") if w and w not in _STOP}


def outcomes_named_in(text: str, measures: Sequence[str]) -> list[int]:
    """Indexes of the measures that share a meaningful word with `text`, best first (more
    shared words first, then in the order given). "Ketamine tripled abstinence rates"
    names "Total abstinence", not "Days of heavy drinking"."""
    said = _words(text)
    scored = []
    for i, measure in enumerate(measures):
        shared = len(said & _words(measure))
        if shared:
            scored.append((-shared, i))
    return [i for _, i in sorted(scored)]
