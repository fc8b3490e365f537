"""The intake pipeline: a captured text in, one proposal out (plain data, nothing saved).

    extract(text) -> Extraction
    Extraction.as_json() -> {"text", "references", "markers", "citations", "claims"}

Offsets are into `text`, so every proposal can be shown highlighted and saved as it stands.
"""

from dataclasses import dataclass, field

from claims.intake.candidates import Candidate, candidates, table_candidates
from claims.intake.lines import split_lines
from claims.intake.markers import Marker, mentions, numbered_markers, table_rows
from claims.intake.sections import Entry, find_reference_list

BULLETS = "-•*·▪◦–"
# A marker printed just after a sentence's full stop ("...relapse.[2]", "...abuse.3") still
# belongs to it.
MARKER_REACH = 4


@dataclass(frozen=True)
class CitationProposal:
    key: str  # "r1" for the first reference-list entry, "t1" for the first in-text citation
    location: str  # reference_list, link or in_text (see claims.constants.CITATION_LOCATIONS)
    marker: str
    raw: str
    start: int
    end: int


@dataclass(frozen=True)
class ClaimProposal:
    candidate: Candidate
    markers: tuple[Marker, ...]  # what the sentence leans on, vague mentions included
    citations: tuple[str, ...]  # keys of the CitationProposals it leans on

    @property
    def confident(self) -> bool:
        """Worth accepting without a second look: it leans on a source, or states a number,
        a study, a legal status or a statistic. On the seed articles such candidates were
        curated claims 59 times in 70, the others 89 in 138."""
        quote = self.candidate.quote
        return bool(
            self.markers
            or any(ch.isdigit() for ch in quote)
            or self.candidate.claim_type in ("research", "regulatory", "epidemiology")
        )


@dataclass
class Extraction:
    text: str
    heading: str = ""
    references: tuple[Entry, ...] = ()
    markers: list[Marker] = field(default_factory=list)
    citations: list[CitationProposal] = field(default_factory=list)
    claims: list[ClaimProposal] = field(default_factory=list)

    def as_json(self) -> dict:
        by_number = {entry.number: entry for entry in self.references}
        return {
            "text": self.text,
            "heading": self.heading,
            "references": [
                {"marker": e.marker, "label": e.label, "raw": e.raw, "start": e.start,
                 "end": e.end, "kind": e.kind}
                for e in self.references
            ],
            "markers": [
                {"marker": m.text, "start": m.start, "end": m.end, "kind": m.kind,
                 "reference": by_number[m.entries[0]].marker if m.entries else None}
                for m in self.markers
            ],
            "citations": [
                {"key": c.key, "location": c.location, "marker": c.marker, "raw": c.raw,
                 "start": c.start, "end": c.end}
                for c in self.citations
            ],
            "claims": [
                {"quote": p.candidate.quote, "start": p.candidate.start, "end": p.candidate.end,
                 "claim_type": p.candidate.claim_type, "wording": p.candidate.wording,
                 "substances": list(p.candidate.substances),
                 "citations": [m.text for m in p.markers if m.cites],
                 "mentions": [m.text for m in p.markers if not m.cites],
                 "citation_keys": list(p.citations), "confident": p.confident}
                for p in self.claims
            ],
        }  # fmt: skip


def _gaps(length: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, at = [], 0
    for start, end in sorted(spans):
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    if at < length:
        gaps.append((at, length))
    return gaps


def extract(text: str) -> Extraction:
    lines = split_lines(text)
    found = find_reference_list(text, lines)
    entries = found.entries if found else ()
    # The running text is everything but the entries: a resources section with summaries
    # between its entries is read too (for claims and the sources they name).
    markers = []
    for start, end in _gaps(len(text), [(e.start, e.end) for e in entries]):
        markers += numbered_markers(text, start=start, end=end, entries=entries)
        markers += mentions(text, start=start, end=end, entries=entries)
    rows = table_rows(lines)
    markers = sorted(markers + rows, key=lambda m: m.start)

    # A bulleted entry is cited by its place in the list: its marker is the one the text
    # prints for it ("(1)"), when the text cites it.
    cited_as = {}
    for marker in markers:
        if marker.kind == "number" and len(marker.entries) == 1:
            cited_as.setdefault(marker.entries[0], marker.text)
    citations = [
        CitationProposal(
            key=f"r{entry.number}",
            location="link" if entry.kind == "url" else "reference_list",
            # A citation keeps 20 characters of its marker: a longer footnote label is
            # not cut short into a different one.
            marker=(
                entry.label
                if entry.label and entry.label not in BULLETS and len(entry.label) <= 20
                else cited_as.get(entry.number, "")
            ),
            raw=entry.raw,
            start=entry.start,
            end=entry.end,
        )
        for entry in entries
    ]
    skip = [(entry.start, entry.end) for entry in entries]
    if found:
        skip.append((found.start, found.start + len(found.heading)))
    proposals = candidates(text, lines, skip=skip) + table_candidates(text, rows)
    proposals.sort(key=lambda c: c.start)

    in_text: dict[Marker, str] = {}
    claims = []
    for proposal in proposals:
        leaned = tuple(
            m for m in markers
            if proposal.start <= m.start < proposal.end + MARKER_REACH
            and (m.start < proposal.end or not text[proposal.end : m.start].strip(" .,;)\"”’"))
        )  # fmt: skip
        keys = []
        resolved = any(m.entries for m in leaned)
        for marker in leaned:
            if marker.entries:
                keys.extend(f"r{n}" for n in marker.entries)
            elif marker.cites and not resolved:
                # A source named in the text with no entry in the list: an in-text
                # citation of its own. Beside a resolved marker it describes that entry.
                if marker not in in_text:
                    in_text[marker] = f"t{len(in_text) + 1}"
                keys.append(in_text[marker])
        claims.append(ClaimProposal(proposal, leaned, tuple(dict.fromkeys(keys))))
    for marker, key in in_text.items():
        citations.append(
            CitationProposal(
                key=key,
                location="in_text",
                # A table row's label is its marker, when it is a label (the model keeps 20
                # characters); a longer first cell is part of the row's text already.
                marker=marker.text if marker.kind == "table_row" and len(marker.text) <= 20 else "",
                raw=text[marker.start : marker.end],
                start=marker.start,
                end=marker.end,
            )
        )
    return Extraction(
        text=text,
        heading=found.heading if found else "",
        references=entries,
        markers=markers,
        citations=citations,
        claims=claims,
    )
