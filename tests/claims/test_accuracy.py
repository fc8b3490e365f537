"""The two answers for a claim, from plain facts: its sourcing, and its accuracy by the
library's evidence whether or not the article cites it. No database."""

import pytest

from claims.assessment.accuracy import OtherEvidence, SettledCheck, compute_accuracy
from claims.assessment.scope import claim_scope
from claims.assessment.settled import check_settled
from claims.assessment.sourcing import compute_sourcing
from claims.assessment.stated import stated_facts
from studies.facts import SettledFactData
from tests.claims.builders import citation, claim, link, study

LABEL = SettledFactData(
    kind="approved_uses",
    subject="ketamine",
    value="anesthesia",
    statement="Ketamine is FDA-approved as an anesthetic only.",
    quote="KETALAR is indicated as the sole anesthetic agent ...",
    source="Ketalar label",
)
BLOOD_PRESSURE = SettledFactData(
    kind="effect", subject="blood_pressure", value="increase",
    statement="Ketamine usually raises blood pressure.",
    quote="Blood pressure and pulse rate are frequently elevated", source="Ketamine label",
)  # fmt: skip


def accuracy(facts, **kwargs):
    return compute_accuracy(facts, stated_facts(facts.quote), **kwargs)


# --- Sourcing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts, kind",
    [
        (claim(quote="Ketamine is a dissociative anesthetic."), "no_source"),
        (claim(quote="Studies show ketamine reduces cravings."), "vague_attribution"),
        (claim(link(citation("unchecked"))), "not_checked"),
        (claim(link(citation("verified"))), "verified_citation"),
        (claim(link(citation("not_found"))), "citation_with_problems"),
        (claim(link(citation("metadata_mismatch"))), "citation_with_problems"),
        (claim(link(citation("verified")), link(citation("off_topic", id=11))), "verified_citation"),
    ],
)
def test_sourcing_says_what_the_article_gives_never_whether_it_is_true(facts, kind):
    assert compute_sourcing(facts).kind == kind


def test_sourcing_with_problems_names_each_problem():
    sourcing = compute_sourcing(claim(link(citation("not_found", label="[2] Chan et al. 2021"))))
    assert "[2] Chan et al. 2021: not in the library" in sourcing.rationale


# --- Accuracy ----------------------------------------------------------------------------


def test_an_uncited_background_claim_a_settled_source_confirms_is_accurate():
    facts = claim(quote="No, ketamine is only FDA-approved as an anesthetic.", claim_type="regulatory")
    stated = stated_facts(facts.quote)
    result = compute_accuracy(facts, stated, settled=check_settled(stated, (LABEL,)))
    assert (result.rating, result.certainty) == ("accurate", "high")
    assert "Ketalar label" in result.rationale


def test_a_stated_fact_a_settled_source_contradicts_is_inaccurate():
    facts = claim(quote="After a few minutes, your blood pressure begins to go down.", claim_type="safety")
    stated = stated_facts(facts.quote)
    result = compute_accuracy(facts, stated, settled=check_settled(stated, (BLOOD_PRESSURE,)))
    assert result.rating == "inaccurate"
    assert "the claim says blood pressure falls; with ketamine it rises" in result.rationale


def test_a_percentage_that_is_not_its_own_x_of_y_is_inaccurate():
    facts = claim(quote="They stayed abstinent on 162 of 180 days, representing 87 percent.")
    result = accuracy(facts)
    assert result.rating == "inaccurate" and "162 of 180 is 90%, not 87%" in result.rationale


def test_an_uncited_claim_nothing_settles_is_unverifiable_not_unsupported():
    assert accuracy(claim(quote="Ketamine cures addiction.")).rating == "unverifiable"


def test_a_report_of_a_finding_with_a_false_fact_about_its_study_is_inaccurate():
    facts = claim(
        link(stance="partly", misfit_reasons=["different_sessions"], rationale="one infusion", judged_by="machine"),
        quote="The people who had cocaine addictions got ketamine through an IV for 5 days.",
    )
    assert claim_scope(facts.quote) == "finding"
    assert accuracy(facts).rating == "inaccurate"


def test_a_claim_about_the_world_resting_on_a_study_that_did_otherwise_is_misleading():
    facts = claim(
        link(stance="partly", misfit_reasons=["different_route"], rationale="IM, not IV"),
        quote="Ketamine infusions reduce cocaine cravings.",
    )
    result = accuracy(facts)
    assert result.rating == "misleading" and "IM, not IV" in result.rationale


def test_categorical_world_claim_on_low_certainty_evidence_is_misleading_but_a_report_is_not():
    small = citation(study_facts=study(design_code="open_label_trial", n=8))
    world = claim(link(small, stance="supports"), quote="Ketamine cures cocaine addiction.")
    report = claim(link(small, stance="supports"), quote="In a trial, ketamine reduced craving in cocaine users.")
    assert accuracy(world).rating == "misleading"
    assert accuracy(report).rating == "accurate"


def test_uncited_evidence_that_found_otherwise_is_weighed():
    null_trial = study(label="Grabski et al. 2022", id=2, substances=("alcohol",))
    others = (OtherEvidence(null_trial, "contradicts", "relapse at 6 months: no clear difference"),)
    facts = claim(quote="Ketamine reduced relapse in alcohol use disorder.", substances=("alcohol",))
    result = accuracy(facts, others=others)
    assert result.rating == "inaccurate" and "Grabski et al. 2022" in result.rationale


@pytest.mark.parametrize("wording, rating", [("categorical", "misleading"), ("hedged", "mostly_accurate")])
def test_mixed_evidence_misleads_when_said_as_settled(wording, rating):
    others = (
        OtherEvidence(study(label="A 2020", id=2), "supports", "favoured ketamine"),
        OtherEvidence(study(label="B 2022", id=3), "contradicts", "no clear difference"),
    )
    facts = claim(quote="Ketamine reduces relapse.", wording=wording)
    assert accuracy(facts, others=others).rating == rating


def test_cited_studies_nobody_judged_and_the_record_cannot_settle_are_not_assessed():
    assert accuracy(claim(link())).rating == "not_assessed"


def test_only_silent_evidence_is_unsupported():
    facts = claim(link(stance="silent", rationale="it reports nothing on adverse effects"))
    result = accuracy(facts)
    assert result.rating == "unsupported" and "adverse effects" in result.rationale


def test_a_settled_source_that_disagrees_outweighs_a_study():
    check = SettledCheck(False, "Label", "elevated", "the claim says it falls")
    facts = claim(link(stance="supports"))
    assert accuracy(facts, settled=(check,)).rating == "inaccurate"
