"""Claim candidates: the sentences of a page that a fact-checker could check.

Lines are paragraphs, headings and list items; each is split into sentences by pysbd, which
keeps character offsets and knows "Dr.", "et al." and "2.0 mg/kg". A sentence is kept when it
says something checkable (a number, a study, an effect, a risk, a mechanism, a legal status, a
practice, the research itself, or the provider's own promise) and dropped when it is a
heading, a question, navigation or marketing without content.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.assessment.stated import substances as named_substances
from claims.intake.lines import Line

_LIST_PREFIX = re.compile(r"^\s*(?:[-•*·▪◦–]|\d{1,2}[.)]|[A-Z][.)]|[Aa]:|[Qq]:)\s+")
_WORDS = re.compile(r"[A-Za-z0-9][\w'’\-]*")

# What makes a sentence checkable, by claim type; the first type that matches is the
# sentence's type, so the more specific come first.
_CUES = (
    (
        "regulatory",
        r"\bFDA\b|\bapprov\w*|\boff[- ]label\b|\bSchedule\s+(?:I|II|III|IV|V)\b|\bDEA\b|\blegal(?:ly)?\b|\bcontrolled substance\b|\bprescri\w+",
    ),
    (
        "epidemiology",
        r"\b\d[\d,.]*\s*(?:million|billion|thousand|%|percent|per cent)|\bAmericans\b|\bdeaths?\b|\bprevalen\w+|\bworldwide\b|\bmillions of\b|\bpopulation\b|\brates?\s+(?:of|remain)\b",
    ),
    (
        "research",
        r"\bstud(?:y|ies)\b|\btrials?\b|\bresearch\w*\b|\bevidence\b|\breview\b|\bmeta-analys\w+|\bscientists?\b|\bparticipants?\b|\bpatients? (?:who|in)\b|\bet al\b|\bfindings?\b|\bpublished\b|\bjournal\b|\bexperiment\w*",
    ),
    (
        "safety",
        r"\bside[- ]effects?\b|\brisks?\b|\bsafe\w*\b|\badverse\b|\bhallucin\w+|\bheart rate\b|\bdissociat\w+|\bblood pressure\b|\bnausea\b|\boverdose\w*|\bmisuse\w*|\babuse\b|\bdependen\w+|\baddictive\b|\btoxic\w*|\bdanger\w*|\bmonitor\w*|\bcontraindicat\w+",
    ),
    (
        "mechanism",
        r"\bNMDA\b|\bglutamat\w+|\breceptors?\b|\bneuro\w+|\bbrain\b|\bsynap\w+|\bneural\b|\bneurotransmitter\w*|\bdopamine\b|\bserotonin\b|\bBDNF\b|\bplasticity\b|\bcircuits?\b|\bmechanism\w*|\bworks by\b|\bantagonis\w+|\ban(?:a)?esthe\w+",
    ),
    ("promotional", r"\b(?:our|we|we're|we’ve|we've)\b"),
    (
        "access",
        r"\binsurance\b|\bcosts?\b|\bexpensive\b|\bclinics?\b|\badminister\w*|\binfusions?\b|\bintravenous\w*|\bIV\b|\bintranasal\w*|\bnasal spray\b|\bavailab\w+|\bcovered\b|\boffer\w*|\bdoses?\b|\bdosing\b|\bsessions?\b|\bsupervis\w+|\bcontrolled\b|\btherapeutic (?:contexts?|settings?)\b|\bprovider\w*|\btherapists?\b|\bpsychotherap\w+",
    ),
    (
        "efficacy",
        r"\breduc\w+|\bimprov\w+|\beffective\w*|\befficacy\b|\bcravings?\b|\brelapse\w*|\babstinen\w+|\brecovery\b|\btreat\w*|\bhelps?\b|\bbenefit\w*|\boutcomes?\b|\bsymptoms?\b|\brelie\w+|\brapid\w*|\bwithdrawal\b|\bdepress\w+|\banxiety\b|\bmood\b|\bsuccess\w*|\bpromis\w+|\bresults?\b|\bworks?\b|\bbreakthrough\b|\bcure\w*|\brecover\w*|\baddict\w*",
    ),
)
_CUE_RES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _CUES)
_NUMBER = re.compile(r"\d")
_HEDGES = re.compile(
    r"\b(?:may|might|could|can|potential(?:ly)?|possibl[ey]|suggests?|suggested|promis\w*|"
    r"appears?|likely|perhaps|emerging|preliminary|hope|believed?|thought to)\b",
    re.IGNORECASE,
)
_ADDICTION = re.compile(
    r"\baddict\w*|\bsubstance\s+(?:use|abuse)|\bSUDs?\b|\bdrug\s+(?:use|abuse|dependence)|\brelapse|\bcravings?|\bsobriety|\brecovery",
    re.IGNORECASE,
)
_MARKETING = re.compile(
    r"\b(?:call|contact|schedule|book|reach out|click|subscribe|sign up|learn more|read more|"
    r"get started|request|visit)\b.{0,40}\b(?:us|today|now|here|appointment|consultation)\b",
    re.IGNORECASE,
)
# A page talking about itself ("This blog delves into ...", "Let's unpack ...") checks nothing.
_ABOUT_THE_PAGE = re.compile(
    r"^(?:this\s+(?:blog|article|post|page|guide)\b|in\s+this\s+(?:blog|article|post|page|guide)\b|"
    r"let[’']s\b|read\s+on\b|it[’']s\s+time\s+to\b|keep\s+reading\b)",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(?:table of contents|top of page|bottom of page|next|previous|share|menu|home|skip to|"
    r"written by|posted|updated|by\s+[A-Z]|\W*$)",
    re.IGNORECASE,
)

MIN_WORDS = 5


@dataclass(frozen=True)
class Candidate:
    quote: str
    start: int
    end: int
    claim_type: str
    wording: str
    substances: tuple[str, ...]


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # its rules compile on first use

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str, line: Line) -> list[tuple[int, int]]:
    """Spans of the sentences in one line, list markers and "A:" answer labels left out."""
    prefix = _LIST_PREFIX.match(line.text)
    offset = prefix.end() if prefix else 0
    body = line.text[offset:]
    if not body.strip():
        return []
    spans = []
    for piece in _segmenter().segment(body):
        sentence = piece.sent
        lead = len(sentence) - len(sentence.lstrip())
        trail = len(sentence) - len(sentence.rstrip())
        start = line.start + offset + piece.start + lead
        end = line.start + offset + piece.end - trail
        if end > start:
            spans.append((start, end))
    return _footnotes_kept_with_their_sentence(text, spans)


# pysbd keeps "trial.[1] " with its sentence but starts the next one at "trial.[^1] ".
_LEADING_FOOTNOTE = re.compile(r"(?:\[\^[^\]\s]{1,60}\](?!:))+\s*")


def _footnotes_kept_with_their_sentence(text: str, spans: list[tuple[int, int]]):
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        marker = _LEADING_FOOTNOTE.match(text, start, end)
        if marker and kept:
            previous_start, _ = kept[-1]
            kept[-1] = (previous_start, start + len(marker.group(0).rstrip()))
            start = marker.end()
        if end > start:
            kept.append((start, end))
    return kept


_TRAILING_MARKER = re.compile(r"\s*(?:\[\d{1,3}\]|\[\^[^\]\s]{1,60}\]|\(\d{1,3}\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,2})$")


def is_heading(line: Line) -> bool:
    # A sentence ending in a marker ("...alcoholics.[1]") still ends with its full stop.
    text = _TRAILING_MARKER.sub("", line.stripped)
    words = _WORDS.findall(text)
    if text.endswith((".", "!", '."', ".”", ")")) and len(words) > 3:
        return False
    return len(words) <= 12 and not re.search(r"[.!?]\s+\S", text)


def classify(quote: str) -> str | None:
    """The claim type of a checkable sentence, or None when it checks nothing."""
    for kind, pattern in _CUE_RES:
        if pattern.search(quote):
            return kind
    if _NUMBER.search(quote):
        return "epidemiology"
    return None


def wording(quote: str) -> str:
    return "hedged" if _HEDGES.search(quote) else "categorical"


def substances(quote: str) -> tuple[str, ...]:
    named = named_substances(quote)
    if named:
        return tuple(sorted(named))
    if _ADDICTION.search(quote):
        return ("substance_use_general",)
    return ("none",)


def candidate(text: str, start: int, end: int) -> Candidate | None:
    quote = text[start:end]
    if len(_WORDS.findall(quote)) < MIN_WORDS or quote.rstrip().endswith("?"):
        return None
    if _NAVIGATION.match(quote) or _ABOUT_THE_PAGE.match(quote):
        return None
    if _MARKETING.search(quote) and not _NUMBER.search(quote):
        return None
    kind = classify(quote)
    if kind is None:
        return None
    return Candidate(quote, start, end, kind, wording(quote), substances(quote))


def candidates(text: str, lines: list[Line], *, skip: list[tuple[int, int]]) -> list[Candidate]:
    """Checkable sentences of the text, outside the skipped spans (the reference entries)."""
    found = []
    for line in lines:
        if line.blank or any(s <= line.start and line.end <= e for s, e in skip):
            continue
        if is_heading(line) or line.stripped.count("|") >= 2:
            # Headings check nothing; table rows are read as rows (see `table_candidates`).
            continue
        for start, end in sentences(text, line):
            if any(s < end and start < e for s, e in skip):
                continue
            found.extend(c for c in _split(text, start, end) if c is not None)
    return found


_CLAUSE_BREAK = re.compile(r";\s+")


def _split(text: str, start: int, end: int) -> list[Candidate | None]:
    """A sentence that makes two checkable claims joined by a semicolon is two candidates,
    when each half is a checkable sentence of its own; otherwise it stays whole."""
    quote = text[start:end]
    parts = []
    at = 0
    for match in _CLAUSE_BREAK.finditer(quote):
        parts.append((start + at, start + match.start()))
        at = match.end()
    parts.append((start + at, end))
    if len(parts) > 1:
        halves = [candidate(text, s, e) for s, e in parts]
        if all(halves):
            return halves
    return [candidate(text, start, end)]


def table_candidates(text: str, rows) -> list[Candidate]:
    """Each row of a table of studies says what one study found: a candidate of its own."""
    found = []
    for row in rows:
        quote = text[row.start : row.end]
        found.append(
            Candidate(quote, row.start, row.end, "efficacy", wording(quote), substances(quote))
        )
    return found
