"""What an editor accepted from a proposal, as the proposals to save: the API and the review
screen read the editor's choices their own way and hand them here.

    select(proposal, text=..., claims=[0, 2], citations=["r1"], studies={"r1": 7},
           edits={2: (120, 180)}, types={0: "safety"}, added=[(300, 360, "efficacy")])

`None` for claims or citations keeps them all. A claim keeps its links to the citations that
were accepted with it; a quote narrowed or added by selecting words leans on the citations of
the proposed sentences it overlaps and on the markers inside it.
"""

import re

from claims.constants import CLAIM_TYPES
from claims.intake.candidates import substances, wording

_TYPES = dict(CLAIM_TYPES)


class SelectionError(ValueError):
    """A choice that names nothing proposed; the message says which."""


def keys_in(proposal: dict, start: int, end: int) -> list[str]:
    """The citations a span of the text leans on."""
    by_marker = {r["marker"]: f"r{n}" for n, r in enumerate(proposal["references"], start=1)}
    keys = [
        key
        for claim in proposal["claims"]
        if claim["start"] < end and start < claim["end"]
        for key in claim["citation_keys"]
    ]
    keys += [
        by_marker[m["reference"]]
        for m in proposal["markers"]
        if m["reference"] in by_marker and start <= m["start"] < end
    ]
    return list(dict.fromkeys(keys))


# Digits glued to a word's end, then the word's end: a reference marker that lost its
# superscript when the page was copied ("in two trials2."), not part of the word.
_GLUED_MARKER = re.compile(r"\d{1,3}(?:[,\u2013-]\d{1,3})*(?!\w)")


def _inside_word(text: str, at: int) -> bool:
    """Offset `at` falls between two letters or digits: a quote cut there misquotes ("tam"
    from "Ketamine"). Whitespace and punctuation are boundaries ("(2002)", "[1]."), and so is
    the start of a marker glued to a word ("trials|2.")."""
    if not (0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()):
        return False
    return not (text[at - 1].isalpha() and _GLUED_MARKER.match(text, at))


def _span(text: str, span, what: str) -> tuple[int, int]:
    start, end = span
    if (
        not 0 <= start < end <= len(text)
        or not text[start:end].strip()
        or _inside_word(text, start)
        or _inside_word(text, end)
    ):
        raise SelectionError(f"{what}: {start}-{end} is not a span of words in the text.")
    return start, end


def _type(claim_type: str, what: str) -> str:
    if claim_type not in _TYPES:
        raise SelectionError(f"{what}: {claim_type!r} is not a claim type ({', '.join(_TYPES)}).")
    return claim_type


def _quoted(text: str, start: int, end: int, claim_type: str, keys: list[str]) -> dict:
    quote = text[start:end]
    return {
        "quote": quote, "start": start, "end": end, "claim_type": claim_type,
        "wording": wording(quote), "substances": list(substances(quote)), "citation_keys": keys,
    }  # fmt: skip


def select(
    proposal: dict,
    *,
    text: str,
    claims=None,
    citations=None,
    studies=None,
    edits=None,
    types=None,
    added=(),
) -> tuple[list[dict], list[dict]]:
    proposed_claims, proposed_citations = proposal["claims"], proposal["citations"]
    keys = [c["key"] for c in proposed_citations]
    studies, edits, types = studies or {}, edits or {}, types or {}
    for index in [*(claims or []), *edits, *types]:
        if not 0 <= index < len(proposed_claims):
            raise SelectionError(
                f"No proposed claim {index}: there are {len(proposed_claims)} (from 0)."
            )
    for key in [*(citations or []), *studies]:
        if key not in keys:
            raise SelectionError(f"No proposed citation {key!r} (proposed: {', '.join(keys)}).")

    kept = set(keys if citations is None else citations)
    chosen_citations = [
        {**c, "study_id": studies.get(c["key"])} for c in proposed_citations if c["key"] in kept
    ]
    chosen_claims = []
    for index in range(len(proposed_claims)) if claims is None else sorted(set(claims)):
        claim = proposed_claims[index]
        what = f"Claim {index}"
        claim_type = _type(types.get(index, claim["claim_type"]), what)
        if index in edits and tuple(edits[index]) != (claim["start"], claim["end"]):
            start, end = _span(text, edits[index], what)
            claim = _quoted(text, start, end, claim_type, keys_in(proposal, start, end))
        else:
            claim = {**claim, "claim_type": claim_type}
        chosen_claims.append(claim)
    for n, (start, end, claim_type) in enumerate(added):
        what = f"Added claim {n + 1}"
        start, end = _span(text, (start, end), what)
        chosen_claims.append(
            _quoted(text, start, end, _type(claim_type, what), keys_in(proposal, start, end))
        )
    # Links go to the accepted citations and to those the article already holds.
    linkable = kept | set(proposal.get("saved_citations", {}))
    for claim in chosen_claims:
        claim["citation_keys"] = [k for k in claim["citation_keys"] if k in linkable]
    return chosen_citations, chosen_claims
