"""In-text markers and mentions: what a sentence leans on.

Markers point at an entry of the reference list: [1], (1), superscripts, digits glued to the
word before them ("trials2"), and Markdown footnotes ([^1], [^griffiths]), each only where it
resolves to an entry. Mentions name a
source in words: author and year ("Dakwar et al. (2020)", "(Smith & Jones, 2019)"), a journal
or an institution ("a landmark study published in the Journal of Substance Abuse Treatment",
"according to the National Institute on Drug Abuse"), or nothing at all ("studies show",
"a 2021 review"). Rows of a table of studies ("A | 30 | 4 weeks | ...") are mentions too.
"""

import re
import unicodedata
from dataclasses import dataclass

from claims.intake.lines import Line
from claims.intake.sections import Entry

KINDS = ("number", "footnote", "author_year", "journal_or_institution", "vague", "table_row", "described_study")


@dataclass(frozen=True)
class Marker:
    text: str  # as printed
    start: int
    end: int
    kind: str  # one of KINDS
    entries: tuple[int, ...] = ()  # numbers of the reference-list entries it points at

    @property
    def cites(self) -> bool:
        """It names a source that can be looked up (a citation), not a vague gesture."""
        return self.kind != "vague"


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NUMBERS = r"\d{1,3}(?:\s*[-–,]\s*\d{1,3})*"
# Each pattern's match is the marker as printed; group "n" holds its numbers.
_BRACKET = re.compile(r"\[(?P<n>" + _NUMBERS + r")\]")
_PAREN = re.compile(r"\((?P<n>" + _NUMBERS + r")\)")
_SUPER = re.compile(r"(?P<n>[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
# Digits glued to a lower-case word or to the punctuation after it: "trials2", "abuse.3".
# Upper case and mixed words are names ("COVID19", "B12", "H2O"), not markers.
_GLUED_TO_WORD = re.compile(r"(?<=[a-z][a-z])(?P<n>\d{1,2}(?:,\d{1,2})*)(?=[\s.,;:)\]]|$)")
_GLUED_AFTER_STOP = re.compile(r"(?<=[a-z][.,;:])(?P<n>\d{1,2})(?=\s|$)")
# "[^1]", "[^griffiths]": a Markdown footnote's reference; followed by a colon it is the
# footnote's definition, not a marker.
_FOOTNOTE = re.compile(r"\[\^(?P<n>[^\]\s]{1,60})\](?!:)")

_NAME = r"[A-Z][A-Za-z'’\-]+"
_AUTHORS = _NAME + r"(?:\s+et\s+al\.?|\s+and\s+colleagues|\s+(?:and|&)\s+" + _NAME + r")?"
_NARRATIVE = re.compile(r"\b(" + _AUTHORS + r")\s*\(((?:19|20)\d{2})[a-z]?\)")
# "(Smith & Jones, 2019)", "(Grabski et al., Am J Psychiatry. 2022;179(2):152-162)"
_PARENTHETICAL = re.compile(
    r"\((" + _AUTHORS + r"),?\s+((?:[^()]|\([^()]*\))*?\b((?:19|20)\d{2})\b(?:[^()]|\([^()]*\))*)\)"
)

_ORG_WORD = r"(?:[A-Z][\w&'’\-]*|of|on|and|for|the|in|at|&)"
_ORG = r"(?:\d{4}\s+)?[A-Z][\w&'’\-]*(?:\s+" + _ORG_WORD + r")*(?:\s+\([A-Z]{2,}\))?"
_STUDY_NOUN = (
    r"(?:study|studies|trial|trials|review|meta-analysis|paper|analysis|survey|report|article)"
)
_JOURNAL = re.compile(
    r"(?:\b(?:an?|the|one|this|that)\s+(?:[\w\-]+\s+){0,3}?" + _STUDY_NOUN + r"\s+)?"
    r"\b(?:published|appearing|that\s+appeared|reported)\s+in\s+(?:the\s+)?(?:journal\s+)?"
    r"(" + _ORG + r")"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+((?:the\s+)?" + _ORG + r")")
_AT = re.compile(
    r"\b(?:researchers|scientists|investigators|doctors|a\s+team)\s+(?:at|from)\s+"
    r"((?:the\s+)?"
    + _ORG
    + r"|an?\s+(?:\w+\s+)?(?:university|hospital|institute|medical\s+center))"
)
_VAGUE = re.compile(
    r"\b(?:(?:studies|research|evidence|trials|data|science|researchers)\s+(?:has\s+|have\s+)?"
    r"(?:shown|shows?|suggests?|suggested|indicates?|indicated|found|finds|demonstrates?|"
    r"demonstrated|confirms?|confirmed|proves?|proven)\b"
    r"|(?:a|an|one|another|this|recent|several|some|many|numerous|multiple|two|three)\s+"
    r"(?:(?:\d{4}|recent|landmark|new|small|large|pilot|clinical|randomi[sz]ed|double-blind|"
    r"controlled|published|such|groundbreaking|notable|major)\s+){0,3}"
    r"(?:study|studies|trial|trials|review|reviews|meta-analysis|meta-analyses|paper|papers)\b)",
    re.IGNORECASE,
)
# "The people who had cocaine addictions got ketamine through an IV for 5 days": one study's
# protocol described in the text, a citation of that study even though it names nothing.
_DESCRIBED = re.compile(
    r"\b(?:people|participants|patients|subjects|volunteers)\b[^.;]{0,80}?\b(?:got|received|"
    r"were\s+given|were\s+treated\s+with|were\s+assigned\s+to)\b[^.;]{0,40}?\bketamine\b"
    r"[^.;]*?\b(?:\d+|one|two|three|four|five|six|single)[\s-]+(?:days?|weeks?|months?|sessions?|"
    r"infusions?|doses?)\b",
    re.IGNORECASE,
)
_TABLE_HEAD = re.compile(r"^\|?\s*(?:study|trial|reference|author|source)s?\b", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_TRAILING_SMALL = re.compile(r"(?:\s+(?:of|on|and|for|the|in|at|&))+$")


def _numbers(spec: str) -> list[int]:
    found: list[int] = []
    for part in re.split(r"\s*,\s*", spec.translate(_SUPERSCRIPTS).replace("⁻", "-")):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and all(b.isdigit() for b in bounds):
            low, high = int(bounds[0]), int(bounds[1])
            if 0 < low <= high <= low + 20:
                found.extend(range(low, high + 1))
        elif part.isdigit():
            found.append(int(part))
    return found


def _plain(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def numbered_markers(
    text: str, *, start: int, end: int, entries: tuple[Entry, ...]
) -> list[Marker]:
    """Markers in text[start:end] that resolve to entries of the list. A footnote is cited
    by its own label only: "(1)" is not a citation of footnote [^1]."""
    by_marker, by_footnote = {}, {}
    for entry in entries:
        (by_footnote if entry.footnote else by_marker).setdefault(entry.marker, entry.number)
    if not by_marker and not by_footnote:
        return []
    region = text[start:end]
    found = [
        Marker(match.group(0), start + match.start(), start + match.end(), "footnote",
               (by_footnote[match.group("n")],))
        for match in _FOOTNOTE.finditer(region)
        if match.group("n") in by_footnote
    ]  # fmt: skip
    notes = [(m.start, m.end) for m in found]
    if not by_marker:
        return found
    for pattern in (_BRACKET, _PAREN, _SUPER, _GLUED_TO_WORD, _GLUED_AFTER_STOP):
        for match in pattern.finditer(region):
            numbers = [by_marker.get(str(n)) for n in _numbers(match.group("n"))]
            if not numbers or None in numbers:
                continue
            if pattern is _PAREN and _is_enumeration(region, match):
                continue
            at = start + match.start()
            if any(s_ <= at < e_ for s_, e_ in notes):
                continue  # digits inside a footnote's label ("[^smith2"): part of it
            found.append(
                Marker(
                    match.group(0), start + match.start(), start + match.end(), "number",
                    tuple(numbers),
                )
            )  # fmt: skip
    return found


def _is_enumeration(region: str, match: re.Match) -> bool:
    # "three aspects: (1) Biological: ..., (2) Psychological: ...": a list inside a
    # sentence, not a citation. A citation closes a clause ("recovery (1).") or follows a
    # word ("studies (1) show"); an item number follows a colon, a comma or "and".
    after = region[match.end() : match.end() + 2]
    before = region[max(0, match.start() - 5) : match.start()].rstrip()
    starts_item = after[:1] == " " and after[1:2].isalpha()
    return starts_item and (
        not before or before.endswith((":", ",", ";")) or before.endswith((" and", " or"))
    )


def mentions(text: str, *, start: int, end: int, entries: tuple[Entry, ...]) -> list[Marker]:
    """Author-year, journal or institution, and vague mentions in text[start:end]."""
    region = text[start:end]
    found: list[Marker] = []
    for pattern in (_NARRATIVE, _PARENTHETICAL):
        for match in pattern.finditer(region):
            authors, year = match.group(1), match.group(3 if pattern is _PARENTHETICAL else 2)
            numbers = _by_author(entries, authors, year)
            if not numbers and not re.search(r"et\s+al|\s(?:and|&)\s", authors):
                # One capitalised word before a year is as often a place or a survey as a
                # name: only taken when the reference list has that author and year.
                continue
            found.append(
                Marker(
                    match.group(0),
                    start + match.start(),
                    start + match.end(),
                    "author_year",
                    numbers,
                )
            )
    for pattern in (_JOURNAL, _ACCORDING, _AT):
        for match in pattern.finditer(region):
            m_start = match.start()
            m_end = match.end()
            if pattern is not _JOURNAL:
                m_start = match.start(1)
            trimmed = _TRAILING_SMALL.search(region[m_start:m_end])
            if trimmed:
                m_end = m_start + trimmed.start()
            found.append(
                Marker(
                    region[m_start:m_end], start + m_start, start + m_end, "journal_or_institution"
                )
            )
    for match in _DESCRIBED.finditer(region):
        found.append(
            Marker(match.group(0), start + match.start(), start + match.end(), "described_study")
        )
    for match in _VAGUE.finditer(region):
        found.append(Marker(match.group(0), start + match.start(), start + match.end(), "vague"))
    return _without_overlaps(found)


def _by_author(entries: tuple[Entry, ...], authors: str, year: str) -> tuple[int, ...]:
    surname = _plain(re.split(r"\s+(?:et\s+al|and|&)\b", authors)[0].strip())
    named = [e for e in entries if _plain(e.raw).lstrip("[(").startswith(surname)]
    dated = [e for e in named if year in e.raw]
    chosen = dated or (named if len(named) == 1 else [])
    return tuple(e.number for e in chosen[:1])


_PRIORITY = {
    "author_year": 0, "number": 0, "footnote": 0, "journal_or_institution": 1, "table_row": 1,
    "described_study": 2, "vague": 3,
}  # fmt: skip


def _without_overlaps(found: list[Marker]) -> list[Marker]:
    """Where mentions overlap, the more specific one stays ("a landmark study published in
    the Journal of ..." is one journal mention, not also a vague one)."""
    kept: list[Marker] = []
    for marker in sorted(found, key=lambda m: (_PRIORITY[m.kind], -(m.end - m.start), m.start)):
        if any(marker.start < other.end and other.start < marker.end for other in kept):
            continue
        kept.append(marker)
    return sorted(kept, key=lambda m: m.start)


def table_rows(lines: list[Line]) -> list[Marker]:
    """Rows of a table of studies: each row describes one unnamed study."""
    found: list[Marker] = []
    in_table = False
    for line in lines:
        stripped = line.stripped
        if stripped.count("|") < 2:
            in_table = False
            continue
        if _TABLE_HEAD.match(stripped):
            in_table = True
            continue
        if not in_table or _TABLE_RULE.match(stripped):
            continue
        first_cell = stripped.strip("|").split("|")[0].strip()
        s_start, s_end = line.span_of_stripped()
        found.append(Marker(first_cell, s_start, s_end, "table_row"))
    return found
