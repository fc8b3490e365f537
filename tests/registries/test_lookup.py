"""Resolving a reference through the registries: identifiers first, then a search whose
candidate the project's matcher must accept."""

import pytest

from studies.references.parsing import parse_reference
from studies.registries.lookup import find

pytestmark = pytest.mark.django_db


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_a_reference_with_a_doi_is_found_by_its_doi_first():
    found = find(parse_reference(
        "Dakwar E, et al. A single ketamine infusion. Am J Psychiatry. 2019. doi:10.1176/appi.ajp.2019.18101123"
    ))  # fmt: skip
    assert found.record.doi == "10.1176/appi.ajp.2019.18101123"
    assert [(s.registry, s.query, s.outcome) for s in found.searched] == [
        ("crossref", "doi:10.1176/appi.ajp.2019.18101123", "found")
    ]


@pytest.mark.vcr("crossref_bibliographic_search.yaml")
def test_a_search_candidate_is_taken_only_when_the_matcher_accepts_it():
    # Crossref ranks a look-alike by the same first author first; the matcher takes the
    # record the reference describes.
    reference = (
        "Dakwar, E., Levin, F., Foltin, R. W., Nunes, E. V., & Hart, C. L. (2014). The effects "
        "of sub-anesthetic ketamine infusions on motivation to quit and cue-induced craving in "
        "cocaine dependent research volunteers. Biological Psychiatry, 76(1), 40-46."
    )
    found = find(parse_reference(reference))
    assert found.record.doi == "10.1016/j.biopsych.2013.08.009"
    assert found.reached == ("Crossref",)


@pytest.mark.vcr("pmc_id_converter.yaml", "pubmed_record.yaml")
def test_a_pmcid_is_converted_and_the_work_taken_from_pubmed():
    found = find(parse_reference("Dakwar E et al. Biol Psychiatry 2014. PMCID: PMC4105157"))
    assert found.record.pmid == "24035344"
    assert [s.registry for s in found.searched] == ["pubmed", "pubmed"]


@pytest.mark.vcr("crossref_unknown_doi.yaml")
def test_a_doi_no_registry_holds_finds_nothing_and_says_where_it_looked():
    found = find(parse_reference("https://doi.org/10.1109/CVPR.2016.999999"))
    assert found.record is None
    assert [(s.registry, s.outcome) for s in found.searched] == [
        ("crossref", "no_match"), ("openalex", "no_match"),
    ]  # fmt: skip


def test_offline_every_registry_is_recorded_as_unreachable(settings):
    settings.REGISTRIES_ENABLED = False
    found = find(parse_reference(
        "Murrough JW, et al. Antidepressant efficacy of ketamine in treatment-resistant major "
        "depression: a two-site randomized controlled trial. Am J Psychiatry. 2013."
    ))  # fmt: skip
    assert found.record is None
    assert {s.outcome for s in found.searched} == {"offline"}
    assert found.reached == ()
