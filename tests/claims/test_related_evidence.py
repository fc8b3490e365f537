"""The library's studies that bear on a claim, found through an index of the library rather
than by walking every study for every claim. No database."""

from claims.assessment.related import EvidenceIndex, related_evidence
from claims.assessment.stated import stated_facts
from studies.facts import OutcomeFacts
from tests.claims.builders import study

RELAPSE_DOWN = OutcomeFacts(measure="relapse", time_point="6 months", direction="favours_intervention")
LIBRARY = (
    study("Trial on alcohol 2019", id=1, substances=("alcohol",)),
    study("Review on opioids 2020", id=2, design_code="systematic_review", substances=("opioids",)),
    study(
        "Cohort on alcohol 2021", id=3, design_code="cohort", substances=("alcohol",),
        outcomes=(RELAPSE_DOWN,),
    ),  # fmt: skip
    study("Case series on alcohol 2018", id=4, design_code="case_series", substances=("alcohol",)),
    study("Trial off topic 2017", id=5, substances=("alcohol",), about_substance_use=False),
    study(
        "Trial on cocaine and alcohol 2016", id=6, substances=("cocaine", "alcohol"),
        outcomes=(RELAPSE_DOWN,),
    ),  # fmt: skip
)


def labels(found):
    return [(other.study.label, other.stance) for other in found]


def related(quote, *, substances=(), cited=frozenset()):
    return related_evidence(
        stated_facts(quote, quote), claim_substances=substances, library=EvidenceIndex(LIBRARY), cited=cited
    )


def test_the_index_lists_each_group_of_studies_by_substance_in_the_librarys_order():
    index = EvidenceIndex(LIBRARY)
    assert [s.id for s in index.candidates(["trials"], {"alcohol"})] == [1, 6]
    assert [s.id for s in index.candidates(["trials", "outcomes"], {"alcohol"})] == [1, 3, 6]
    assert [s.id for s in index.candidates(["reviews"], set())] == [2]
    assert [s.id for s in index.candidates(["reviews"], {"alcohol"})] == []
    # A case series without outcomes on record can bear on no claim; nor can a study off topic.
    assert 4 not in {s.id for s in index.candidates(["trials", "reviews", "outcomes"], set())}
    assert 5 not in {s.id for s in index.candidates(["trials", "reviews", "outcomes"], set())}


def test_a_claim_that_denies_trials_meets_the_trials_on_its_substance():
    found = related("There are no randomized controlled trials of ketamine for alcohol use disorder.")
    assert labels(found) == [("Trial on alcohol 2019", "contradicts"), ("Trial on cocaine and alcohol 2016", "contradicts")]


def test_a_stated_result_meets_the_outcomes_on_record_but_not_the_cited_study():
    found = related(
        "Ketamine reduced relapse in people with alcohol use disorder.", substances=("alcohol",), cited=frozenset({3})
    )
    assert labels(found) == [("Trial on cocaine and alcohol 2016", "supports")]



def test_a_retracted_work_or_a_page_that_is_not_research_bears_out_no_claim_uncited():
    library = (
        *LIBRARY,
        study("Retracted cohort 2015", id=7, design_code="cohort", substances=("alcohol",),
              outcomes=(RELAPSE_DOWN,), standing="retracted"),
        study("Clinic page 2022", id=8, design_code="cohort", substances=("alcohol",),
              outcomes=(RELAPSE_DOWN,), source_kind="marketing"),
    )  # fmt: skip
    index = EvidenceIndex(library)
    assert {7, 8}.isdisjoint(s.id for s in index.candidates(["trials", "reviews", "outcomes"], set()))
    found = related_evidence(
        stated_facts("Ketamine reduced relapse in people with alcohol use disorder.", ""),
        claim_substances=("alcohol",), library=index, cited=frozenset({3}),
    )  # fmt: skip
    assert labels(found) == [("Trial on cocaine and alcohol 2016", "supports")]
