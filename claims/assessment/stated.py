"""What a claim's words state, as facts a study can be compared with. No Django.

`stated_facts(quote, paragraph="")` reads the substances of use named, the routes of
administration, design words, the number of participants and of groups, doses with their
units, the number of sessions, durations (of treatment, follow-up, time points), comparators,
outcomes with their direction, words of statistical significance, regulatory approvals, and
the numbers stated, with a check that a percentage agrees with the "x of y" beside it.

Explicit rules, each a small pattern over the words, so that every fact can name the words
it was read from; `tests/claims/stated_facts_table.py` holds what each seed claim states, as
labelled by hand. A fact the words do not state is empty or None: never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.assessment.facts import routes_named
from claims.assessment.patterns import CaseFree, Family
from claims.assessment.scope import WORLD, claim_scope

# --- Numbers in words ------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "single": 1, "both": 2,
}  # fmt: skip
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"


def _number(text: str) -> float:
    text = text.lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text)


# --- Facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dose:
    low: float
    high: float | None  # a range's upper end ("1 to 2 mg/kg"); None for one value
    unit: str  # "mg/kg" or "mg"


@dataclass(frozen=True)
class Duration:
    days: float
    kind: str  # "for" (treatment or trial length), "follow_up", "at" (a time point), "within"
    words: str  # as written: "two-year follow-up"


@dataclass(frozen=True)
class Approval:
    purposes: tuple[str, ...]  # "anesthesia", "pain", "depression", "opioid use disorder"
    only: bool  # "only FDA-approved as ..."
    words: str


@dataclass(frozen=True)
class NumberCheck:
    """A percentage stated beside the "x of y" it claims to express, and whether they agree."""

    percentage: float
    part: int
    whole: int
    agrees: bool

    @property
    def computed(self) -> float:
        return round(100 * self.part / self.whole, 1)


@dataclass(frozen=True)
class StatedFacts:
    text: str = ""  # the words read, with typographic quotes and dashes made plain
    substances: frozenset[str] = frozenset()
    routes: frozenset[str] = frozenset()
    designs: frozenset[str] = frozenset()
    n: int | None = None
    groups: int | None = None
    doses: tuple[Dose, ...] = ()
    sessions: int | None = None
    durations: tuple[Duration, ...] = ()
    comparators: frozenset[str] = frozenset()
    outcomes: frozenset[tuple[str, str]] = frozenset()
    significant: bool = False
    approvals: tuple[Approval, ...] = ()
    percentages: tuple[float, ...] = ()
    proportions: tuple[tuple[int, int], ...] = ()
    arithmetic: tuple[NumberCheck, ...] = ()
    # Outcomes beyond the addiction measures ("adverse effects", "spiritual growth").
    other_outcomes: frozenset[str] = frozenset()
    research_needed: bool = False  # "further trials are needed"
    # Background facts (checked against `studies.models.SettledFact`):
    body_effects: frozenset[tuple[str, str]] = frozenset()  # ("blood_pressure", "decrease")
    mechanism_terms: frozenset[tuple[str, str]] = frozenset()  # ("NMDA", "neurotransmitter")
    drug_classes: frozenset[str] = frozenset()  # "dissociative anesthetic"
    first_made: tuple[int, int] | None = None  # (1960, 1969) for "developed in the 1960s"
    onsets: tuple[tuple[str, str], ...] = ()  # ("opioid_use_disorder_medications", "weeks")
    # Whether the words report a study's finding or make a claim about the world.
    scope: str = WORLD

    @property
    def clauses(self) -> list[str]:
        return [c for c in re.split(r"(?<=[.;!?])\s+|;\s*", self.text) if c]

    @property
    def numbers_disagree(self) -> tuple[NumberCheck, ...]:
        return tuple(check for check in self.arithmetic if not check.agrees)


def stated_facts(quote: str, paragraph: str = "") -> StatedFacts:
    """The facts a claim's words state. `paragraph` (the text around the quote) is read only
    where the quote points back at it ("these purposes")."""
    text, paragraph = plain(quote), plain(paragraph)
    return StatedFacts(
        text=text,
        substances=substances(text),
        routes=frozenset(routes_named(text)),
        designs=designs(text),
        n=participants(text),
        groups=groups(text),
        doses=doses(text),
        sessions=sessions(text),
        durations=durations(text),
        comparators=comparators(text),
        outcomes=outcomes(text),
        significant=significant(text),
        approvals=approvals(text, paragraph),
        percentages=percentages(text),
        proportions=proportions(text),
        arithmetic=arithmetic(text),
        other_outcomes=other_outcomes(text),
        research_needed=research_needed(text),
        body_effects=body_effects(text),
        mechanism_terms=mechanism_terms(text),
        drug_classes=drug_classes(text, paragraph),
        first_made=first_made(text),
        onsets=onsets(text),
        scope=claim_scope(text),
    )


_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "\u00a0": " "})


def plain(text: str) -> str:
    """Typographic quotes, dashes and spaces as plain ones: the patterns match either."""
    return (text or "").translate(_PLAIN)


# --- Substances -------------------------------------------------------------------------

# Specific substances of use; "addiction" in general is not one. Opioid *receptors* are
# pharmacology, and methadone or buprenorphine are treatments, not substances of use.
_SUBSTANCES = {
    "alcohol": r"\balcohol(?!ic beverages? industry)\w*|\bdrinking\b|\bAUD\b",
    "opioids": r"\bopi(?:oid|ate)s?\b(?!\s+receptors?)|\bheroin\b|\bfentanyl\b|\bOUD\b",
    "cocaine": r"\bcocaine\b|\bcrack\b",
    "cannabis": r"\bcannabis\b|\bmarijuana\b",
    "tobacco": r"\btobacco\b|\bnicotine\b|\bsmok(?:ing|ers?)\b",
    "stimulants": r"\b(?:meth)?amphetamines?\b|\bstimulant use\b",
}


_SUBSTANCE_FAMILY = Family(_SUBSTANCES)


def substances(text: str) -> frozenset[str]:
    return _SUBSTANCE_FAMILY.named_in(text)


# --- Design words -----------------------------------------------------------------------

_DESIGNS = {
    "randomized": r"\brandomi[sz]ed\b|\brandomly assigned\b|\bRCTs?\b",
    "double_blind": r"\bdouble[- ]blind(?:ed)?\b",
    "placebo_controlled": r"\bplacebo[- ]controlled\b",
    "trial": r"\btrials?\b|\bRCTs?\b",
    "meta_analysis": r"\bmeta[- ]analys[ie]s\b",
    "systematic_review": r"\bsystematic reviews?\b",
    "case_report": r"\bcase (?:reports?|studies|series)\b",
    "pilot": r"\bpilot (?:study|trial)\b",
}
_DESIGN_FAMILY = Family(_DESIGNS)
_DENIED_RE = re.compile(r"\b(?:not|non|no|lacked|without)[\s-]+(?:\w+\s+)?$", re.IGNORECASE)


def designs(text: str) -> frozenset[str]:
    """Design words, but not those the text denies ("these were not placebo-controlled
    trials", "lacked control groups")."""
    found = set()
    for code, match in _DESIGN_FAMILY.matches(text):
        if code not in found and not _DENIED_RE.search(text[: match.start()]):
            found.add(code)
    return frozenset(found)


# --- Participants and groups ------------------------------------------------------------

_PEOPLE = (
    r"(?:participants|patients|people|subjects|adults|individuals|volunteers|veterans|men|"
    r"women|users|addicts|alcoholics|drinkers|smokers)"
)
_PARTICIPANTS_RE = CaseFree(
    r"\b(?P<n>\d{1,6}|" + "|".join(k for k in _NUMBER_WORDS if _NUMBER_WORDS[k] > 2) + r")"
    r"(?![.,]\d)(?!\s*(?:million|billion|thousand|%|percent))"
    r"(?:\s+[a-z-]+){0,3}?\s+" + _PEOPLE + r"\b",
)


def participants(text: str) -> int | None:
    """The number of people a study included: "70 detoxified heroin addicts"."""
    found = _PARTICIPANTS_RE.search(text)
    return int(_number(found.group("n"))) if found else None


_GROUPS_RE = CaseFree(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:treatment\s+|study\s+)?(?:groups|arms|conditions)\b",
)


def groups(text: str) -> int | None:
    """How many groups a study compared: "divided into two groups", "both groups"."""
    found = _GROUPS_RE.search(text)
    if found:
        return int(_number(found.group("n")))
    return None


# --- Doses and sessions -----------------------------------------------------------------

_PER_KG = r"(?:mg/kg|mg per kg|mg/kilogram|milligrams?\s+(?:for each|per|a)\s+kilogram(?:\s+of\s+body\s*weight)?)"
_DOSE_RE = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)\s*(?:(?:to|-)\s*(?P<high>\d+(?:\.\d+)?)\s*)?"
    r"(?P<unit>" + _PER_KG + r"|mg|milligrams?)\b",
    re.IGNORECASE,
)


def doses(text: str) -> tuple[Dose, ...]:
    found = []
    for match in _DOSE_RE.finditer(text):
        unit = "mg" if match.group("unit").lower() in ("mg", "milligram", "milligrams") else "mg/kg"
        high = float(match.group("high")) if match.group("high") else None
        found.append(Dose(float(match.group("low")), high, unit))
    return tuple(dict.fromkeys(found))


_SESSION_NOUN = r"(?:infusions?|sessions?|doses?|treatments?|injections?)"
_SESSIONS_RE = CaseFree(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:[\w-]+\s+){0,3}?" + _SESSION_NOUN + r"\b",
)


def sessions(text: str) -> int | None:
    """How many sessions: "a single infusion", "three weekly ketamine infusions"."""
    found = _SESSIONS_RE.search(text)
    return int(_number(found.group("n"))) if found else None


# --- Durations --------------------------------------------------------------------------

_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_UNIT = r"(?P<unit>hours?|days?|weeks?|months?|years?)"
_DURATION_PATTERNS = (
    ("follow_up", r"\b(?P<n>" + _NUMBER + r")[- ]" + _UNIT + r"\s+follow[- ]?ups?\b"),
    ("follow_up", r"\bfollow[- ]?ups?\s+(?:of|at)\s+(?P<n>" + _NUMBER + r")[- ]" + _UNIT + r"\b"),
    ("within", r"\bwithin\s+(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\b"),
    (
        "for",
        r"\bfor\s+(?:up\s+to\s+|about\s+|around\s+)?(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\b",
    ),
    ("for", r"\bover\s+(?:the\s+course\s+of\s+)?(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\b"),
    ("within", r"\bin\s+(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\b"),
    ("for", r"\b(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\s+of\b"),
    ("for", r"\b(?:a|an)\s+(?P<n>" + _NUMBER + r")-" + _UNIT + r"\s+(?!follow)"),
    ("at", r"\b(?:at|after)\s+(?P<n>" + _NUMBER + r")\s+" + _UNIT + r"\b"),
)


# Every duration pattern names a unit: a text naming none has no duration to look for.
_ANY_UNIT = CaseFree(r"hour|day|week|month|year")
_DURATIONS = tuple((kind, CaseFree(pattern)) for kind, pattern in _DURATION_PATTERNS)


def durations(text: str) -> tuple[Duration, ...]:
    if not _ANY_UNIT.search(text):
        return ()
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DURATIONS:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # already read by a more specific pattern
            unit = match.group("unit").lower().rstrip("s")
            days = _number(match.group("n")) * _UNIT_DAYS[unit]
            # In the words as written: the match is read in lower case.
            words = text[match.start() : match.end()].strip()
            found.append(Duration(round(days, 4), kind, words))
            taken.append(match.span())
    return tuple(found)


# --- Comparators ------------------------------------------------------------------------

_COMPARATORS = {
    "active_placebo": r"\bactive placebo\b",
    "placebo": r"\bplacebo\b(?![- ]controlled)|\bsaline\b",
    "low_dose": r"\blow[- ]dose\b",
    "midazolam": r"\bmidazolam\b",
    "without_ketamine": r"\bwithout ketamine\b|\bdid not receive ketamine\b|\bno ketamine\b",
    # The words before "control" looked at behind it: a pattern that opens with a word is
    # searched faster than one that opens by looking back.
    "control_group": r"\bcontrol(?<!lacked control)(?<!without control)(?<!no control) groups?\b",
}


_COMPARATOR_FAMILY = Family(_COMPARATORS)


def comparators(text: str) -> frozenset[str]:
    found = set(_COMPARATOR_FAMILY.named_in(text))
    if "active_placebo" in found and not re.search(
        r"\bplacebo\b(?![- ]controlled)", re.sub(r"active placebo", "", text, flags=re.I), re.I
    ):
        found.discard("placebo")  # an active placebo is not also an inert one
    return frozenset(found)


# --- Outcomes and their direction -------------------------------------------------------

_MEASURES = {
    "craving": r"\bcravings?\b",
    "withdrawal": r"\bwithdrawal\b",
    "relapse": r"\brelaps\w*(?!\s+prevention)|\brestarting\b",
    "abstinence": r"\babstinen\w*|\babstain\w*|\bsober\w*",
    # Use of a substance, not a "use disorder" (a condition), nor what one abstains from.
    "use": (
        r"\b(?=[cadohs])"  # the first letters of the words below: a quick test before the looks back
        r"(?<!abstain from )(?<!abstained from )(?<!abstaining from )(?<!abstinence from )"
        r"(?:(?:cocaine|alcohol|drug|opioid|heroin|substance)\s+(?:use|consumption)\b"
        r"(?!\s+disorders?)|consumption\b|self-administration\b|drinking\b)"
    ),
    "outcome": r"\boutcomes?\b",
}
_DECREASE = (
    r"\b(?:reduc\w*|decreas\w*|lower\w*|less|fewer|alleviat\w*|relief|reliev\w*|mitigat\w*|"
    r"curb\w*|cut\w*|prevent(?:s|ed|ing)?|diminish\w*|eliminat\w*)\b"
)
_INCREASE = (
    r"\b(?:increas\w*|higher|more|prolong\w*|sustain\w*|greater|longer|maintain\w*|"
    r"promot\w*)\b"
)
_IMPROVE = r"\b(?:improv\w*|better|enhanc\w*)\b"
_DIRECTIONS = tuple(
    (direction, re.compile(pattern, re.IGNORECASE))
    for direction, pattern in (
        ("decrease", _DECREASE), ("increase", _INCREASE), ("improve", _IMPROVE),
    )  # fmt: skip
)
_NEGATED = r"\b(?:not|no|never|without)\b"
# How far before a measure its verb may stand ("reduced craving for and self-administration
# of cocaine"), and after it for a noun of change ("craving reduction").
_BEFORE, _AFTER = 60, 20
# How far after a measure a comparative may state its direction, when nothing stands before.
_COMPARED = 50
_MEASURE_FAMILY = Family(_MEASURES)


# Read for every outcome of every study a claim is weighed against: the library's few
# hundred measure names, read once.
@lru_cache(maxsize=4096)
def measures_named(text: str) -> frozenset[str]:
    """The outcome measures a text names, direction or not: "Total abstinence" → abstinence."""
    return _MEASURE_FAMILY.named_in(text or "") - {"outcome"}


# "No effect on relapse", "no significant difference in craving": a result of none.
_NO_EFFECT = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?(?:effect|difference|change|benefit|reduction|improvement)s?\s+"
    r"(?:on|in|for)\s+(?:the\s+)?(?:\w+\s+){0,2}?\s*$",
    re.IGNORECASE,
)
# "Time to relapse" is a measure where more is better: a longer time is less relapse.
_TIME_TO = re.compile(r"\b(?:time\s+to|delay(?:ed|s)?(?:\s+in)?)\s*$", re.IGNORECASE)


def outcomes(text: str) -> frozenset[tuple[str, str]]:
    found = set()
    for measure, match in _MEASURE_FAMILY.matches(text):
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if measure != "outcome" and _NO_EFFECT.search(before):
            found.add((measure, "none"))
            continue
        direction = _direction(text, match.start(), match.end(), measure)
        if measure == "relapse" and re.search(r"\bdelay(?:ed|s|ing)?\s*$", before, re.I):
            direction = "decrease"  # "delayed relapse"
        elif direction and measure == "relapse" and _TIME_TO.search(before):
            # A longer (or delayed) time to relapse is less relapse.
            direction = {"increase": "decrease", "decrease": "increase"}.get(direction, direction)
        if direction:
            found.add((measure, direction))
    return frozenset(found)


def _direction(text: str, start: int, end: int, measure: str) -> str | None:
    before = re.split(r"[.;:!?]|\bwhile\b|\bwhere\b", text[max(0, start - _BEFORE) : start])[-1]
    after = re.split(r"[.;:,!?]", text[end : end + _AFTER])[0]
    candidates = []
    for direction, pattern in _DIRECTIONS:
        for found in pattern.finditer(before):
            candidates.append((len(before) - found.end(), direction))
        if direction == "decrease" and re.match(
            r"\s*(?:reduction|decrease|declin\w*)\b", after, re.I
        ):
            candidates.append((0, direction))
    # "abstain from drinking longer", "abstained for a significantly longer number of days"
    later = re.split(r"[.;:!?]|\bwhile\b|\bbut\b", text[end : end + _COMPARED])[0]
    comparative = re.search(
        r"\b(longer|more|greater|higher|lower|fewer|less|shorter)\b", later, re.I
    )
    if comparative:
        word = comparative.group(1).lower()
        direction = "decrease" if word in ("lower", "fewer", "less", "shorter") else "increase"
        candidates.append((_BEFORE + comparative.start(), direction))
    if not candidates:
        return None
    _, direction = min(candidates)
    if measure == "outcome":
        return "improve" if direction in ("improve", "increase") else None
    if direction == "improve":
        return "decrease" if measure in ("craving", "withdrawal", "relapse", "use") else "increase"
    return direction


# Outcomes a claim may name beyond the addiction measures, each with the words that name it
# in a claim or in a study's record.
OTHER_OUTCOMES = {
    "adverse_effects": r"\badverse (?:effects?|events?|reactions?)|\bside[- ]effects?|\bharms?\b",
    "ketamine_dependence": r"\baddiction to ketamine\b|\bketamine (?:addiction|dependence)\b",
    "self_understanding": r"\bself[- ]understanding\b|\bpurpose in life\b|\bspiritual\w*",
    "consciousness": r"\bconsciousness\b|\bperspective\b|\bmystical\b",
    "brain_change": r"\bneuroplasticity\b|\bneurogenesis\b|\bbrain\b[^.]{0,20}\bheal",
    "mood": r"\bmood\b|\bdepress(?:ion|ive)\b|\banxiety\b",
    "mortality": r"\brisk of death\b|\bmortality\b|\bdeaths?\b",
}
OTHER_OUTCOME_WORDS = {
    "adverse_effects": "adverse effects",
    "ketamine_dependence": "addiction to ketamine",
    "self_understanding": "self-understanding, purpose or spirituality",
    "consciousness": "shifts in consciousness or perspective",
    "brain_change": "changes in the brain",
    "mood": "mood, depression or anxiety",
    "mortality": "death",
}


_OTHER_OUTCOME_FAMILY = Family(OTHER_OUTCOMES)


def other_outcomes(text: str) -> frozenset[str]:
    return _OTHER_OUTCOME_FAMILY.named_in(text)


_RESEARCH_NEEDED = re.compile(
    r"\b(?:research|trials?|studies|RCTs?|investigation)\b[^.]{0,60}\b(?:is|are)\s+"
    r"(?:\w+\s+)?(?:needed|required|necessary|warranted)\b"
    r"|\b(?:need|needs)\s+(?:for\s+)?(?:more|further)\s+(?:research|trials|studies)\b"
    r"|\bwarrants?\s+(?:further|broader|more)\s+(?:investigation|research|study)\b",
    re.IGNORECASE,
)


def research_needed(text: str) -> bool:
    """Whether the words say more research is needed ("further RCTs are urgently needed")."""
    return bool(_RESEARCH_NEEDED.search(text or ""))


# --- Significance -------------------------------------------------------------------------

_SIGNIFICANT_RE = re.compile(
    r"\bsignificantly\b(?:\s+\w+){0,2}?\s+(?:\w*(?:reduc|decreas|increas|lower|higher|greater|"
    r"more|fewer|less|longer|shorter|better|improv|differ)\w*)"
    r"|\b(?:statistically\s+)?significant\s+(?:[\w-]+\s+)?(?:reduction|decrease|increase|"
    r"difference|effect|benefit|association)s?\b|\bstatistically significant\b",
    re.IGNORECASE,
)


def significant(text: str) -> bool:
    """A word of statistical significance ("significantly reduced", "a significant decrease"),
    not "significant promise" or "a significant challenge", nor "no significant difference",
    which states that none was found."""
    for match in _SIGNIFICANT_RE.finditer(text):
        if not re.search(r"\b(?:no|not|non)\s+(?:statistically\s+)?$", text[: match.start()], re.I):
            return True
    return False


# --- Regulatory approvals -----------------------------------------------------------------

_PURPOSES = {
    "anesthesia": r"\banesthe\w*|\banaesthe\w*",
    "pain": r"\bpain\b",
    "depression": r"\bdepression\b",
    "opioid use disorder": r"\bOUD\b|\bopioid use disorder\b",
    "alcohol use disorder": r"\bAUD\b|\balcohol use disorder\b",
    "addiction": r"\baddictions?\b|\bsubstance use disorders?\b",
}
_APPROVAL_RE = re.compile(
    r"(?P<only>\bonly\s+)?(?:\bFDA[- ]approved\b|\bapproved\s+by\s+the\s+FDA\b|\bapproved\b)"
    r"(?P<what>\s+(?:the\s+use\s+of\s+\w+\s+)?(?:as|for|to treat)\b[^.;,]*)?",
    re.IGNORECASE,
)


def approvals(text: str, paragraph: str = "") -> tuple[Approval, ...]:
    found = []
    for match in _APPROVAL_RE.finditer(text):
        what = match.group("what") or ""
        if re.match(r"\s+for\s+these\s+(?:purposes|uses|indications)", what, re.I):
            what = text + " " + paragraph  # the purposes named before
        purposes = tuple(
            name for name, pattern in _PURPOSES.items() if re.search(pattern, what, re.IGNORECASE)
        )
        if purposes:
            found.append(Approval(purposes, bool(match.group("only")), match.group(0).strip()))
    return tuple(found)


# --- Numbers and their arithmetic ---------------------------------------------------------

_PERCENT_RE = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_PROPORTION_RE = re.compile(
    r"\b(?P<part>\d+)\s+(?:of|out of)\s+(?:the\s+|their\s+)?(?P<whole>\d+)\b", re.IGNORECASE
)
# How far a percentage may be from its "x of y" and still agree: rounding to a whole number.
ROUNDING = 0.5


def percentages(text: str) -> tuple[float, ...]:
    return tuple(float(m.group("value")) for m in _PERCENT_RE.finditer(text))


def proportions(text: str) -> tuple[tuple[int, int], ...]:
    found = []
    for match in _PROPORTION_RE.finditer(text):
        part, whole = int(match.group("part")), int(match.group("whole"))
        if 0 < whole and part <= whole:
            found.append((part, whole))
    return tuple(found)


def arithmetic(text: str) -> tuple[NumberCheck, ...]:
    """Each "x of y" checked against the percentage stated nearest after it in the same
    sentence ("162 of 180 days, representing 87 percent")."""
    checks = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        shares = list(_PROPORTION_RE.finditer(sentence))
        percents = list(_PERCENT_RE.finditer(sentence))
        for share in shares:
            part, whole = int(share.group("part")), int(share.group("whole"))
            if not 0 < whole or part > whole:
                continue
            after = [p for p in percents if p.start() >= share.end()] or percents
            if not after:
                continue
            stated = float(after[0].group("value"))
            agrees = abs(100 * part / whole - stated) <= ROUNDING + 1e-9
            checks.append(NumberCheck(stated, part, whole, agrees))
    return tuple(checks)


# --- Background facts -------------------------------------------------------------------

_BODY_MEASURES = {
    "blood_pressure": r"\bblood\s*pressure",
    "heart_rate": r"\bheart\s*rate\b|\bpulse(?:\s*rate)?\b",
}
_BODY_UP = r"\b(?:speeds?\s+up|goes\s+up|go\s+up|rises?|rising|increases?|increased|elevated|raises?|higher|climbs?)\b"
_BODY_DOWN = r"\b(?:slows?\s+down|goes\s+down|go\s+down|drops?|falls?|decreases?|decreased|lowers?|lowered|lower)\b"


def body_effects(text: str) -> frozenset[tuple[str, str]]:
    """What the words say the drug does to blood pressure and heart rate: the direction word
    nearest after the measure ("your heart rate speeds up and your blood pressure begins to go
    down"), else just before it ("raises blood pressure")."""
    found = set()
    for measure, pattern in _BODY_MEASURES.items():
        for match in re.finditer(pattern, text, re.IGNORECASE):
            after = re.split(r"[.;,]|\band\b", text[match.end() : match.end() + 40])[0]
            before = re.split(r"[.;,]|\band\b", text[max(0, match.start() - 25) : match.start()])[
                -1
            ]
            for where in (after, before):
                up, down = re.search(_BODY_UP, where, re.I), re.search(_BODY_DOWN, where, re.I)
                if up or down:
                    found.add(
                        (
                            measure,
                            "increase"
                            if up and not down
                            else "decrease"
                            if down and not up
                            else "",
                        )
                    )
                    break
    return frozenset(effect for effect in found if effect[1])


def mechanism_terms(text: str) -> frozenset[tuple[str, str]]:
    """What the words call NMDA: a receptor ("NMDA receptor antagonist") or a
    neurotransmitter ("blocks the NMDA neurotransmitter")."""
    found = set()
    for match in re.finditer(
        r"\bNMDA\)?(?:\s+glutamate)?\s+(receptors?|neurotransmitters?)\b", text, re.I
    ):
        found.add(
            (
                "NMDA",
                "receptor" if match.group(1).lower().startswith("receptor") else "neurotransmitter",
            )
        )
    return frozenset(found)


_CLASS_WORDS = {
    "dissociative anesthetic": r"\bdissociative\s+an(?:a)?esthetic\b",
    "anesthetic": r"\ban(?:a)?esthetic\b",
    "recreational drug": r"\brecreational\s+(?:and\s+\w+\s+)?drug\b|\bclub\s+drug\b",
}


def drug_classes(text: str, paragraph: str = "") -> frozenset[str]:
    """What the words say ketamine is ("a dissociative anesthetic", "known as an anesthetic
    and recreational drug"), only where ketamine is the subject: in the words, or in the
    sentence of the paragraph they stand in ("Once primarily known as an anesthetic and
    recreational drug, ketamine has ...")."""
    at = paragraph.find(text) if text else -1
    sentence = text
    if at >= 0:
        start = max(paragraph.rfind(". ", 0, at) + 1, 0)
        end = paragraph.find(". ", at + len(text))
        sentence = paragraph[start : end if end >= 0 else len(paragraph)]
    if not re.search(r"\bketamine\b|\bit\b", sentence, re.I):
        return frozenset()
    said = re.search(
        r"\b(?:is|as|was|known\s+as|remains)\s+(?:a|an|the)\s+(?P<what>[^.;]{0,60})", text, re.I
    )
    if not said:
        return frozenset()
    what = said.group("what")
    found = {name for name, pattern in _CLASS_WORDS.items() if re.search(pattern, what, re.I)}
    if "dissociative anesthetic" in found:
        found.discard("anesthetic")
    if re.search(r"\ban(?:a)?esthetic\s+and\s+recreational\s+drug", what, re.I):
        found.add("recreational drug")
    return frozenset(found)


def first_made(text: str) -> tuple[int, int] | None:
    """The years the words say the drug was first made in: "developed in the 1960s" → (1960,
    1969), "synthesised in 1962" → (1962, 1962)."""
    found = re.search(
        r"\b(?:developed|created|invented|synthesi[sz]ed|discovered|first\s+made)\b[^.;]{0,30}?"
        r"\b(?:in\s+)?(?:the\s+)?(?P<year>1[89]\d0s|(?:19|20)\d\d)\b",
        text,
        re.I,
    )
    if not found:
        return None
    year = found.group("year")
    if year.endswith("s"):
        return int(year[:4]), int(year[:4]) + 9
    return int(year), int(year)


_TREATMENTS = {
    "opioid_use_disorder_medications": r"\bMAT\b|\bMOUD\b|\bmethadone\b|\bbuprenorphine\b|"
    r"\bmedications?\s+for\s+opioid\s+use\s+disorder\b",
    "antidepressants": r"\bantidepressants?\b",
}


def onsets(text: str) -> tuple[tuple[str, str], ...]:
    """How long the words say a treatment takes to act: "MAT medications that can take weeks
    to become effective" → ("opioid_use_disorder_medications", "weeks")."""
    found = []
    for match in re.finditer(
        r"\btakes?\s+(?:up\s+to\s+|several\s+|many\s+)?(?P<unit>minutes|hours|days|weeks|months)\s+"
        r"to\s+(?:become\s+effective|work|take\s+effect|exert|start\s+working|kick\s+in)",
        text,
        re.I,
    ):
        before = text[max(0, match.start() - 80) : match.start()]
        for treatment, pattern in _TREATMENTS.items():
            if re.search(pattern, before, re.I):
                found.append((treatment, match.group("unit").lower()))
    return tuple(dict.fromkeys(found))


# --- Wording ----------------------------------------------------------------------------

_HEDGES = re.compile(
    r"\b(?:may|might|could|can|possibly|potential(?:ly)?|promise|promising|suggests?|"
    r"appears?|seems?|likely|preliminary|early|some\s+studies|emerging)\b",
    re.IGNORECASE,
)


def wording_of(text: str) -> str:
    """"hedged" when the words soften the claim ("may help", "shows promise", "suggests"),
    else "categorical" ("reduces", "is the most effective", "will")."""
    return "hedged" if _HEDGES.search(text or "") else "categorical"
