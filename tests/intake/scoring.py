"""Intake scored against curated answers: the seed corpus (corpus/articles) and the held-out
pages (tests/fixtures/intake/pages, labelled by hand before the extractor ran on them).

A curated claim is recalled when one candidate covers most (more than half) of its
characters; a candidate is correct when it covers most of a curated claim or a curated claim
covers most of it. A curated citation is recalled when a proposed citation (or, for a
description in the text, a marker) overlaps it. Plain data in, counts out: no database.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claims.intake.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = ROOT / "tests" / "fixtures" / "intake" / "pages"
MOST = 0.5


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return _overlap(outer, inner) > MOST * (inner[1] - inner[0])


def _place(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


@dataclass
class Score:
    claims: int = 0
    claims_recalled: int = 0
    candidates: int = 0
    candidates_correct: int = 0
    citations: int = 0
    citations_recalled: int = 0
    proposed: int = 0
    proposed_correct: int = 0
    links: int = 0
    links_recalled: int = 0
    markers: int = 0
    markers_recalled: int = 0
    missed_claims: list = field(default_factory=list)
    missed_citations: list = field(default_factory=list)
    wrong_candidates: list = field(default_factory=list)
    missed_markers: list = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    @staticmethod
    def ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None


def score_claims(extraction, curated_spans: list[tuple[int, int]], score: Score) -> list[int]:
    """Which candidate recalls each curated claim (-1 for none)."""
    spans = [(p.candidate.start, p.candidate.end) for p in extraction.claims]
    chosen = []
    for span in curated_spans:
        best = max(range(len(spans)), key=lambda i: _overlap(spans[i], span), default=-1)
        hit = best >= 0 and _covers(spans[best], span)
        chosen.append(best if hit else -1)
        score.claims += 1
        score.claims_recalled += hit
        if not hit:
            score.missed_claims.append(extraction.text[span[0] : span[1]])
    for span, proposal in zip(spans, extraction.claims, strict=True):
        score.candidates += 1
        good = any(_covers(span, c) or _covers(c, span) for c in curated_spans)
        score.candidates_correct += good
        if not good:
            score.wrong_candidates.append(proposal.candidate.quote)
    return chosen


def score_seed(article: dict, text: str) -> Score:
    score = Score()
    extraction = extract(text)
    spans, _after = [], 0
    for claim in article["claims"]:
        span = _place(text, claim["quote"])
        spans.append(span)
    chosen = score_claims(extraction, [s for s in spans if s], score)

    proposals = extraction.citations
    cited = {}
    for citation in article["citations"]:
        span = _place(text, citation["raw_text"].strip())
        score.citations += 1
        hit = None
        if span:
            hit = next((p for p in proposals if _overlap((p.start, p.end), span)), None)
            if hit is None and citation["location"] == "in_text":
                marker = next(
                    (m for m in extraction.markers if m.cites and _overlap((m.start, m.end), span)),
                    None,
                )
                hit = marker
        score.citations_recalled += hit is not None
        if hit is None:
            score.missed_citations.append(citation["raw_text"][:90])
        cited[citation["key"]] = hit
    curated_spans = [_place(text, c["raw_text"].strip()) for c in article["citations"]]
    for proposal in proposals:
        score.proposed += 1
        score.proposed_correct += any(
            s and _overlap((proposal.start, proposal.end), s) for s in curated_spans
        )

    # Links by marker: a curated claim that cites a reference by its marker, recalled when
    # the candidate that recalls the claim leans on the proposed citation for it.
    for claim, index in zip(
        (c for c, s in zip(article["claims"], spans, strict=False) if s), chosen, strict=False
    ):
        for link in claim.get("links", []):
            if link.get("reliance", "marker") != "marker":
                continue
            score.links += 1
            target = cited.get(link["citation"])
            if index < 0 or target is None or not hasattr(target, "key"):
                continue
            score.links_recalled += target.key in extraction.claims[index].citations
    return score


def read_pages() -> list[tuple[str, str, dict]]:
    pages = []
    for path in sorted(PAGES.glob("*.yaml")):
        labels = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        pages.append((path.stem, text, labels))
    return pages


def score_page(text: str, labels: dict) -> Score:
    score = Score()
    extraction = extract(text)
    spans = [_place(text, claim["quote"]) for claim in labels.get("claims") or []]
    score_claims(extraction, [s for s in spans if s], score)

    reference_spans = [_place(text, r["raw"].strip()) for r in labels.get("references") or []]
    for span, reference in zip(reference_spans, labels.get("references") or [], strict=True):
        score.citations += 1
        hit = span and any(
            _overlap((p.start, p.end), span) for p in extraction.citations
            if p.location != "in_text"
        )  # fmt: skip
        score.citations_recalled += bool(hit)
        if not hit:
            score.missed_citations.append(reference["raw"][:90])
    for proposal in extraction.citations:
        if proposal.location == "in_text":
            continue
        score.proposed += 1
        score.proposed_correct += any(
            s and _overlap((proposal.start, proposal.end), s) for s in reference_spans
        )

    for marker in labels.get("markers") or []:
        context = _place(text, marker["context"])
        inner = marker["text"]
        at = text.find(inner, context[0]) if context else -1
        span = (at, at + len(inner)) if 0 <= at < context[1] else context
        score.markers += 1
        hit = any(_overlap((m.start, m.end), span) for m in extraction.markers)
        score.markers_recalled += hit
        if not hit:
            score.missed_markers.append(f"{marker['kind']}: {inner}")
    return score
