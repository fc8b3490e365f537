"""Data for the page tests, built with the shared factories (tests/factories.py)."""

from datetime import UTC, datetime

import pytest

from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_flag,
    make_link,
    make_outcome,
    make_study,
    make_user,
)

SENTENCE = "Ketamine helped patients number {i} stay abstinent from alcohol for a year [{i}]."


def build_article(n_claims, *, title=None, with_extras=True, shared_study=False):
    """An article with `n_claims` claims, each citing its own reference, which is matched to
    its own study (with outcomes and substances), plus flags on claims and citations: the
    shape of real data, at a size the caller picks (for query-count tests).

    With `shared_study`, every reference is matched to one study, which then has
    `n_claims` claims citing it and two outcomes per claim."""
    text = "\n\n".join(SENTENCE.format(i=i) for i in range(1, n_claims + 1))
    fields = {"title": title} if title else {}
    article = make_article(captured_text=text, **fields)
    editor = make_user(editor=True) if with_extras else None
    claims = []
    shared = make_study(substances=("alcohol",), n=None) if shared_study else None
    for i in range(1, n_claims + 1):
        quote = SENTENCE.format(i=i)
        claim = make_claim(
            article,
            quote=quote,
            substances=("alcohol",),
            computed_verdict="overstated" if i % 2 else "supported",
            computed_certainty="low",
            computed_accuracy="misleading" if i % 2 else "accurate",
            computed_rationale=f"Rationale {i}.",
        )
        study = shared or make_study(substances=("alcohol",), n=10 * i, route_code="intravenous")
        make_outcome(study)
        make_outcome(study, measure="Drinking days", effect_measure="MD", estimate=-3.0, ci_low=-5.0, ci_high=-1.0)
        citation = make_citation(
            article,
            marker=f"[{i}]",
            study=study,
            status="metadata_mismatch" if i % 2 else "verified",
            status_reason="Year differs." if i % 2 else "",
            discrepancies=[{"field": "year", "written": "2020", "canonical": "2019"}] if i % 2 else [],
        )
        make_link(claim, citation, stance="partly", misfit_reasons=["different_route"], judged_by=editor)
        make_flag(claim=claim, code="weak_design_only", message=f"Weak design {i}.")
        make_flag(citation=citation, code="citation_metadata_mismatch", message="Year differs.")
        if with_extras and i == 1:
            make_flag(
                claim=claim,
                code="vague_attribution",
                message="Says 'studies show'.",
                dismissed_by=editor,
                dismissed_at=datetime(2026, 2, 1, tzinfo=UTC),
                dismissed_reason="The claim names its study.",
            )
        claims.append(claim)
    return article, claims


@pytest.fixture
def small_article(db):
    return build_article(3)
