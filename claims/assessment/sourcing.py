"""What an article gives for a claim: its sourcing, apart from whether the claim is true. No Django.

- **verified citation**: at least one cited work was found and its details check out;
- **citation with problems**: it cites works, but each was found with wrong details, points
  elsewhere, is off-topic, is not research, is not in the library, or cannot be identified;
- **vague attribution**: it cites nothing but leans on "studies show", "research suggests";
- **no source**: it cites nothing and attributes nothing;
- **not checked**: its citations have not been checked yet.

A claim's sourcing says nothing of its truth: a well-sourced claim can misstate its study and
an unsourced one can be plainly right (`claims.assessment.accuracy` answers that).
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.assessment.facts import ClaimFacts, joined, sentence_part
from claims.assessment.rules import vague_phrases

_PROBLEMS = {
    "metadata_mismatch": "found, with details that differ from the record",
    "identifier_mismatch": "its identifier points to another work",
    "off_topic": "off-topic",
    "secondary_source": "not research (a secondary source)",
    "not_found": "not in the library",
    "anonymous": "cannot be identified",
}


@dataclass(frozen=True)
class Sourcing:
    kind: str  # claims.constants.SOURCING
    rationale: str


def compute_sourcing(claim: ClaimFacts) -> Sourcing:
    links = list(claim.links)
    if not links:
        phrases = vague_phrases(claim.quote)
        if phrases:
            return Sourcing(
                "vague_attribution",
                f"It cites nothing but says “{phrases[0]}”, without naming the research.",
            )
        return Sourcing("no_source", "The article gives no source for it.")
    if any(link.citation.status == "unchecked" for link in links):
        return Sourcing("not_checked", "Its citations have not been checked yet.")
    verified = list(
        dict.fromkeys(
            link.citation.study.label if link.citation.study else link.citation.label
            for link in links
            if link.citation.status == "verified"
        )
    )
    problems = list(
        dict.fromkeys(
            f"{link.citation.label}: {_PROBLEMS.get(link.citation.status, link.citation.status)}"
            for link in links
            if link.citation.status != "verified"
        )
    )
    if verified:
        text = f"It cites {joined(verified)}, found in the library with details that check out."
        if problems:
            text += " Its other citations have problems: " + "; ".join(problems) + "."
        return Sourcing("verified_citation", text)
    return Sourcing(
        "citation_with_problems",
        "Every work it cites has a problem: " + "; ".join(sentence_part(p) for p in problems) + ".",
    )

