"""Verdict and certainty tables: plain facts in, known verdicts out. No database."""

import pytest

from claims.assessment.grading import grade_link, start_level
from claims.assessment.rules import check_claim
from claims.assessment.verdicts import compute_verdict
from tests.claims.builders import citation, claim, link, study

RCT_400 = study("Big et al. 2024", id=1, n=400)
RCT_55 = study("Dakwar et al. 2019", id=2, n=55)
LAB_8 = study("Dakwar et al. 2014", id=3, design_code="human_laboratory_study", n=8)
CASE = study("Lalanne et al. 2016", id=4, design_code="case_report", n=1, substances=("opioids",))
REVIEW = study("Jones et al. 2018", id=5, design_code="systematic_review", n=None,
               substances=("substance_use_general",))  # fmt: skip
DEPRESSION_RCT = study("Zarate et al. 2006", id=6, n=None, substances=("none",),
                       about_substance_use=False)  # fmt: skip
SAMHSA = study("SAMHSA 2021", id=7, design_code="official_statistics", n=None,
               about_ketamine=False, substances=("substance_use_general",),
               source_kind="official_statistics")  # fmt: skip
NEWS = study("Johns Hopkins 2024", id=8, design_code="web_article", n=None,
             source_kind="news_or_explainer", substances=())  # fmt: skip
OPEN_LABEL_40 = study("Open et al. 2020", id=9, design_code="open_label_trial", n=40)


def cites(s, status="verified", **fields):
    return link(citation(status, s, id=100 + s.id, label=f"[{s.id}] {s.label}"), **fields)


def verdict_of(facts):
    result = compute_verdict(facts, check_claim(facts))
    return result.verdict, result.certainty


VERDICT_TABLE = [
    pytest.param(claim(), ("unsupported", ""), id="a claim citing nothing is unsupported"),
    pytest.param(
        claim(link(citation("unchecked", None))),
        ("not_assessed", ""),
        id="a claim whose citation is unchecked is not assessed",
    ),
    pytest.param(
        claim(link(citation("not_found", None, status_reason="No work matches."))),
        ("unverifiable", ""),
        id="a claim whose only citation is not found is unverifiable",
    ),
    pytest.param(
        claim(link(citation("anonymous", None)), link(citation("not_found", None, id=11))),
        ("unverifiable", ""),
        id="a claim citing only an anonymous and a missing work is unverifiable",
    ),
    pytest.param(
        claim(
            cites(
                study("McArthur 2024", about_ketamine=False, about_substance_use=False), "off_topic"
            )
        ),
        ("unsupported", ""),
        id="a claim citing only an off-topic work is unsupported",
    ),
    pytest.param(
        claim(cites(NEWS, "secondary_source", stance="supports")),
        ("unsupported", ""),
        id="an efficacy claim citing only a news page is unsupported: it rests on a secondary "
        "source, which was identified",
    ),
    pytest.param(
        claim(cites(RCT_55)),
        ("not_assessed", ""),
        id="a found trial nobody has judged leaves the claim not assessed, with no certainty",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="supports"), wording="hedged"),
        ("supported", "high"),
        id="a hedged claim supported by an RCT of 400 is supported with high certainty",
    ),
    pytest.param(
        claim(cites(RCT_55, stance="supports")),
        ("supported", "moderate"),
        id="a categorical claim supported by an RCT of 55 is supported with moderate certainty",
    ),
    pytest.param(
        claim(cites(LAB_8, stance="supports")),
        ("overstated", "very_low"),
        id="a categorical claim supported by a lab study of 8 is overstated",
    ),
    pytest.param(
        claim(cites(LAB_8, stance="supports"), wording="hedged"),
        ("supported", "very_low"),
        id="the same claim hedged is supported with very low certainty",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="partly"), wording="hedged"),
        ("partly_supported", "high"),
        id="a hedged claim partly supported by a large RCT is partly supported",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="partly")),
        ("overstated", "high"),
        id="a categorical claim only partly supported is overstated",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="contradicts")),
        ("contradicted", "high"),
        id="a claim a large RCT contradicts is contradicted",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="silent")),
        ("unsupported", ""),
        id="a claim whose only study says nothing on it is unsupported",
    ),
    pytest.param(
        claim(
            cites(RCT_400, stance="supports"), cites(RCT_55, stance="contradicts"), wording="hedged"
        ),
        ("partly_supported", "moderate"),
        id="support and contradiction together are partly supported and rated down for "
        "inconsistency",
    ),
    pytest.param(
        claim(
            cites(RCT_400, stance="supports", misfit_reasons=["overstated_result"]),
            wording="hedged",
        ),
        ("overstated", "high"),
        id="an editor who finds the result overstated makes the claim overstated",
    ),
    pytest.param(
        claim(
            cites(RCT_400, stance="supports", misfit_reasons=["different_route"]), wording="hedged"
        ),
        ("partly_supported", "moderate"),
        id="support from a study given by another route is partly supported and indirect",
    ),
    pytest.param(
        claim(cites(DEPRESSION_RCT, stance="supports"), wording="hedged"),
        ("supported", "moderate"),
        id="a depression RCT supporting an addiction claim is rated down for indirectness",
    ),
    pytest.param(
        claim(cites(CASE, stance="supports"), substances=("opioids",), wording="hedged"),
        ("supported", "very_low"),
        id="a case report starts low and is rated down for bias and imprecision",
    ),
    pytest.param(
        claim(cites(REVIEW, stance="supports"), wording="hedged"),
        ("supported", "moderate"),
        id="a systematic review starts moderate and is not rated down for an unknown N",
    ),
    pytest.param(
        claim(cites(OPEN_LABEL_40, stance="supports"), wording="hedged"),
        ("supported", "very_low"),
        id="an open-label trial of 40 starts low and is rated down for imprecision",
    ),
    pytest.param(
        claim(
            cites(SAMHSA, stance="supports"),
            claim_type="epidemiology",
            substances=("substance_use_general",),
        ),
        ("supported", "high"),
        id="a statistic from official statistics is supported with high certainty",
    ),
    pytest.param(
        claim(
            cites(NEWS, "secondary_source", stance="supports"),
            claim_type="epidemiology",
            substances=("substance_use_general",),
        ),
        ("supported", "very_low"),
        id="a statistic reported by a news page is supported with very low certainty "
        "and not called overstated",
    ),
    pytest.param(
        claim(
            cites(RCT_55, stance="supports", reliance="context"),
            quote="Administering ketamine intravenously (IV) is the most effective method.",
        ),
        ("supported", "moderate"),
        id="an IV claim supported by an IV trial stays supported",
    ),
]


@pytest.mark.parametrize("facts, expected", VERDICT_TABLE)
def test_verdicts(facts, expected):
    assert verdict_of(facts) == expected


def test_a_route_mismatch_found_by_the_rules_makes_support_partial():
    im_trial = study(
        "Krupitsky et al. 2002", n=70, route_code="intramuscular", substances=("cocaine",)
    )
    facts = claim(
        cites(im_trial, stance="supports"),
        wording="hedged",
        quote="IV ketamine may reduce cocaine use.",
    )
    result = compute_verdict(facts, check_claim(facts))
    assert result.verdict == "partly_supported"
    assert "a cited study did something other than the claim says" in result.rationale


def test_the_rationale_names_the_study_and_each_rating_down():
    result = compute_verdict(claim(cites(RCT_55, stance="supports", rationale="OR 5.7.")))
    assert result.rationale == (
        "Supported: Dakwar et al. 2019 supports it. Editor's note: OR 5.7. "
        "Certainty moderate: Dakwar et al. 2019 (a randomised controlled trial, N=55) "
        "starts high for a randomised controlled trial; rated down for imprecision: N=55, "
        "under 100."
    )


def test_an_unverifiable_rationale_gives_each_citations_reason():
    result = compute_verdict(
        claim(
            link(
                citation(
                    "not_found",
                    None,
                    label="[6] Olsson (2014)",
                    status_reason="no work in the library matches",
                )
            )
        )
    )
    assert result.rationale == (
        "Unverifiable: none of the works it cites can be found or identified "
        "([6] Olsson (2014): no work in the library matches)."
    )


@pytest.mark.parametrize(
    "design, level",
    [
        ("randomized_controlled_trial", "high"),
        ("systematic_review", "moderate"),
        ("scoping_review", "low"),
        ("official_statistics", "high"),
        ("non_randomized_controlled_trial", "low"),
        ("open_label_trial", "low"),
        ("human_laboratory_study", "low"),
        ("case_report", "low"),
        ("narrative_review", "low"),
        ("animal_study", "low"),
        ("web_article", "very_low"),
        ("unknown", "very_low"),
    ],
)
def test_certainty_starts_from_the_design(design, level):
    assert start_level(design) == level


def test_certainty_never_drops_below_very_low():
    animal = study("Rat 2015", design_code="animal_study", n=6, substances=("alcohol",))
    grade = grade_link(claim(substances=("cocaine",)), cites(animal))
    assert grade.level == "very_low"
    assert grade.reasons[-1] == "rated down two levels for imprecision: N=6, under 20"


# --- Secondary sources -----------------------------------------------------------------------


def test_a_claim_resting_only_on_a_secondary_source_says_so():
    result = compute_verdict(claim(cites(NEWS, "secondary_source")))
    assert (result.verdict, result.certainty) == ("unsupported", "")
    assert result.rationale == (
        "Unsupported: it rests only on secondary (non-research) sources, which are not "
        "evidence for it: Johns Hopkins 2024 is a news article or explainer."
    )


def test_a_secondary_source_beside_a_missing_work_is_unsupported_not_unverifiable():
    missing = link(citation("not_found", None, id=11, label="[6] Olsson (2014)",
                            status_reason="No work in the library matches."))  # fmt: skip
    result = compute_verdict(claim(cites(NEWS, "secondary_source"), missing))
    assert (result.verdict, result.certainty) == ("unsupported", "")
    assert result.rationale == (
        "Unsupported: none of the works it cites is research that addresses it (some cannot "
        "be found or identified): Johns Hopkins 2024 is a news article or explainer; "
        "[6] Olsson (2014): No work in the library matches."
    )


# --- Not assessed has no certainty -------------------------------------------------------------


def test_a_claim_not_assessed_has_no_certainty_and_says_what_it_cites():
    result = compute_verdict(claim(cites(RCT_400), cites(REVIEW)))
    assert (result.verdict, result.certainty) == ("not_assessed", "")
    assert result.rationale == (
        "Not assessed: it cites Big et al. 2024 (a randomised controlled trial, N=400); "
        "Jones et al. 2018 (a systematic review), but no editor has judged yet whether they "
        "support it."
    )


# --- Dismissed flags ---------------------------------------------------------------------------


def active(facts, *dismissed):
    """The findings the rules raise, less those an editor dismissed."""
    return [finding for finding in check_claim(facts) if finding.code not in dismissed]


def verdict_dismissing(facts, *codes):
    result = compute_verdict(facts, active(facts, *codes))
    return result.verdict, result.certainty


DISMISSAL_TABLE = [
    pytest.param(
        claim(cites(RCT_400, stance="supports", misfit_reasons=["different_route"]),
              wording="hedged"),  # fmt: skip
        "misrepresentation",
        ("partly_supported", "moderate"),
        ("supported", "high"),
        id="a dismissed misrepresentation neither makes support partial nor rates it down",
    ),
    pytest.param(
        claim(
            cites(study("Krupitsky et al. 2002", n=400, route_code="intramuscular"),
                  stance="supports"),
            wording="hedged",
            quote="IV ketamine may reduce cocaine use.",
        ),  # fmt: skip
        "misrepresentation",
        ("partly_supported", "high"),
        ("supported", "high"),
        id="a dismissed route check no longer makes support partial",
    ),
    pytest.param(
        claim(cites(LAB_8, stance="supports")),
        "wording_stronger_than_evidence",
        ("overstated", "very_low"),
        ("supported", "very_low"),
        id="dismissed wording stronger than the evidence is not overstated",
    ),
    pytest.param(
        claim(cites(RCT_400, stance="supports", misfit_reasons=["overstated_result"]),
              wording="hedged"),  # fmt: skip
        "wording_stronger_than_evidence",
        ("overstated", "high"),
        ("supported", "high"),
        id="a dismissed overstated result is not overstated",
    ),
    pytest.param(
        claim(cites(DEPRESSION_RCT, stance="supports"), wording="hedged"),
        "indirect_evidence",
        ("supported", "moderate"),
        ("supported", "high"),
        id="dismissed indirect evidence does not rate the certainty down",
    ),
    pytest.param(
        claim(cites(NEWS, "secondary_source")),
        "unverifiable_citations_only",
        ("unsupported", ""),
        ("not_assessed", ""),
        id="with nothing to weigh dismissed the claim is not assessed",
    ),
    pytest.param(
        claim(),
        "no_citation",
        ("unsupported", ""),
        ("not_assessed", ""),
        id="a dismissed no citation leaves the claim not assessed",
    ),
    pytest.param(
        claim(cites(LAB_8, stance="supports", reliance="context"),
              quote="Studies show ketamine reduces cocaine use."),  # fmt: skip
        "vague_attribution",
        ("overstated", "very_low"),
        ("overstated", "very_low"),
        id="a dismissed vague attribution changes nothing the verdict rests on",
    ),
]


@pytest.mark.parametrize("facts, code, before, after", DISMISSAL_TABLE)
def test_a_dismissed_flag_does_not_count_against_the_claim(facts, code, before, after):
    assert code in {f.code for f in check_claim(facts)}
    assert verdict_of(facts) == before
    assert verdict_dismissing(facts, code) == after


def test_the_rationale_does_not_repeat_a_dismissed_misrepresentation():
    facts = claim(
        cites(RCT_400, stance="supports", misfit_reasons=["different_route"],
              rationale="OR 2.1."),
        wording="hedged",
    )  # fmt: skip
    result = compute_verdict(facts, active(facts, "misrepresentation"))
    assert result.rationale == (
        "Supported: Big et al. 2024 supports it. Editor's note: OR 2.1. Certainty high: Big "
        "et al. 2024 (a randomised controlled trial, N=400) starts high for a randomised "
        "controlled trial."
    )
