"""Verification asking the registries for what the library lacks, on recorded responses:
a real work is added with its provenance and verified; a work no registry holds is "not
found" naming where it was looked for; offline, a missing work stays "not in the library";
a retracted work is flagged on every citation of it, and the claims leaning on it show it."""

import dataclasses

import pytest

from claims.models import Citation, Flag
from claims.verification.runs import verify_article, verify_citation
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db

DAKWAR = (
    "Dakwar E, et al. A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral "
    "Modification to Treat Cocaine Dependence: A Randomized Clinical Trial. Am J Psychiatry. "
    "2019;176(11):923-930. doi:10.1176/appi.ajp.2019.18101123"
)
WAKEFIELD = (
    "Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, "
    "non-specific colitis, and pervasive developmental disorder in children. Lancet. "
    "1998;351(9103):637-641. doi:10.1016/S0140-6736(97)11096-0"
)
MADE_UP = "Smith J, Doe A. Ketamine cures every addiction in one night. J Imag Med. 2021;1:1-2."


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_a_work_a_registry_holds_is_added_with_its_provenance_and_the_citation_verified():
    citation = factories.make_citation(raw_text=DAKWAR)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    study = Study.objects.get(doi="10.1176/appi.ajp.2019.18101123")
    assert citation.study_id == study.pk
    assert citation.status == "verified", citation.status_reason
    (provenance,) = study.registry_provenance
    assert (provenance["registry"], provenance["query"]) == (
        "crossref", "doi:10.1176/appi.ajp.2019.18101123",
    )  # fmt: skip
    assert study.confirmed_from == ["https://doi.org/10.1176/appi.ajp.2019.18101123"]
    # The topic is decided from the record: a ketamine trial for cocaine dependence.
    assert (study.about_ketamine, study.about_substance_use, study.topic_source) == (True, True, "importer")
    assert study.history.first().history_change_reason.startswith("found in Crossref")
    assert [s["outcome"] for s in citation.registry_search["searched"]] == ["found"]


@pytest.mark.vcr("nothing_anywhere.yaml")
def test_a_work_no_registry_holds_is_not_found_naming_where_it_was_looked_for():
    citation = factories.make_citation(raw_text=MADE_UP)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "not_found"
    assert "Crossref, OpenAlex and PubMed (searched 20" in citation.status_reason
    assert "only the library was searched" not in citation.status_reason
    flag = Flag.objects.get(citation=citation)
    assert (flag.code, flag.severity) == ("citation_not_found", "critical")


def test_offline_a_work_the_library_lacks_is_only_not_in_the_library(monkeypatch):
    from studies.registries import client, crossref, openalex, pubmed

    for module, name in ((crossref, "CROSSREF"), (openalex, "OPENALEX"), (pubmed, "PUBMED")):
        registry = getattr(client, name)
        monkeypatch.setattr(module, name, dataclasses.replace(registry, base="https://registry.invalid"))
    citation = factories.make_citation(raw_text=MADE_UP)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "not_found"
    assert "only the library was searched" in citation.status_reason
    assert "could not be reached, so the work was not looked for there" in citation.status_reason
    assert Flag.objects.get(citation=citation).severity == "warning"


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_a_search_is_not_repeated_while_it_is_recent_and_the_text_unchanged():
    citation = factories.make_citation(raw_text=MADE_UP.replace("Smith", "Smyth"))
    Citation.objects.filter(pk=citation.pk).update(status="not_found")
    from django.utils import timezone

    from claims.verification.registries import due, raw_hash

    Citation.objects.filter(pk=citation.pk).update(
        registry_search={"at": timezone.now().isoformat(), "raw_hash": raw_hash(citation.raw_text), "searched": []}
    )
    citation.refresh_from_db()
    assert not due(citation)
    citation.raw_text = MADE_UP
    assert due(citation)  # an editor corrected the reference: search again


@pytest.mark.vcr("crossref_retracted_work.yaml")
def test_a_retracted_work_flags_every_citation_of_it_and_the_claims_leaning_on_it():
    article = factories.make_article()
    claim = factories.make_claim(article)
    citation = factories.make_citation(article, raw_text=WAKEFIELD)
    factories.make_link(claim=claim, citation=citation)
    verify_article(article_id=article.pk)
    study = Study.objects.get(doi="10.1016/s0140-6736(97)11096-0")
    assert study.standing == "retracted"
    assert {n["kind"] for n in study.notices} == {"retraction", "correction"}
    flags = {f.code: f for f in Flag.objects.filter(citation=citation)}
    assert flags["citation_retracted"].severity == "critical"
    assert "Retraction of 2010-02-06 (10.1016/s0140-6736(10)60175-4; Retraction Watch)" in (
        flags["citation_retracted"].message
    )
    claim.refresh_from_db()
    # A retracted work is not evidence: the claim leans on nothing that can be weighed.
    assert Flag.objects.filter(claim=claim, code="unverifiable_citations_only").exists()
    assert claim.verdict == "unsupported"
    assert "the works it cites were retracted" in claim.rationale
