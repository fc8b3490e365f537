"""A study added to the library is found by the citations that had found their work nowhere:
they are checked again when it is added, not left "not found" until a full run."""

import pytest

from claims.models import Citation
from claims.selectors import citations_naming as naming
from claims.verification.runs import verify_article
from studies.library.editing import save_study
from tests import factories
from tests.studies.library_data import record, vancouver

pytestmark = pytest.mark.django_db


def values_of(key: str) -> dict:
    """A library record's bibliographic fields, as an editor types them into the form."""
    r = record(key)
    return {
        "title": r["title"], "authors": r["authors"], "container_title": r["container_title"],
        "year": r["year"], "volume": r["volume"] or "", "issue": r["issue"] or "",
        "pages": r["pages"] or "", "doi": (r["doi"] or "").lower(), "pmid": r["pmid"] or "",
        "source_kind": "peer_reviewed_article", "about_ketamine": True, "about_substance_use": True,
    }  # fmt: skip


@pytest.fixture
def not_found(settings):
    settings.REGISTRIES_ENABLED = False  # the library alone: the work is in none
    article = factories.make_article()
    citation = factories.make_citation(article, raw_text=vancouver("dakwar2019"))
    verify_article(article_id=article.pk)
    citation.refresh_from_db()
    assert citation.status == "not_found"
    return citation


def test_a_citation_not_found_is_verified_once_an_editor_adds_its_study(not_found, django_capture_on_commit_callbacks):
    editor = factories.make_user("edna", editor=True)
    with django_capture_on_commit_callbacks(execute=True):
        study = save_study(user=editor, values=values_of("dakwar2019"))

    not_found.refresh_from_db()
    assert (not_found.status, not_found.study_id) == ("verified", study.pk), not_found.status_reason


def test_a_study_of_another_work_leaves_the_citation_not_found_and_unread(not_found, django_capture_on_commit_callbacks):
    editor = factories.make_user("edna", editor=True)
    with django_capture_on_commit_callbacks(execute=True):
        study = save_study(user=editor, values=values_of("krupitsky2002"))

    assert naming([study.pk]) == []
    not_found.refresh_from_db()
    assert not_found.status == "not_found"


@pytest.mark.parametrize(
    "given",
    [{"doi": "10.1176/appi.ajp.2019.18101123"}, {"pmid": "31230464"}, {}],
    ids=["doi", "pmid", "first author and year"],
)
def test_the_citations_that_may_name_a_study_are_found_by_doi_pmid_or_first_author_and_year(given):
    article = factories.make_article()
    by_doi = factories.make_citation(article, raw_text="https://doi.org/10.1176/APPI.AJP.2019.18101123")
    by_pmid = factories.make_citation(article, raw_text="PMID: 31230464")
    by_author = factories.make_citation(article, raw_text="Dakwar E, et al. Am J Psychiatry. 2019.")
    other = factories.make_citation(article, raw_text="Dakwar E, et al. Am J Psychiatry. 2020.")
    verify_article(article_id=article.pk)
    assert set(Citation.objects.values_list("status", flat=True)) == {"not_found"}
    values = {"title": "A work", "authors": [{"family": "Elsewhere", "given": "A"}], "year": 2001, **given}
    if not given:
        values.update(authors=[{"family": "Dakwar", "given": "Elias"}], year=2019)
    study = factories.make_study(**values)

    expected = {"doi": by_doi, "pmid": by_pmid}.get(next(iter(given), ""), by_author)
    assert naming([study.pk]) == [expected.pk]
    assert other.pk not in naming([study.pk])


def _not_found_citations(n: int) -> list[int]:
    """n citations of dakwar2019, each on an article of its own with a claim leaning on it,
    checked while the library lacked the work."""
    ids = []
    for i in range(n):
        article = factories.make_article(captured_text=f"Ketamine helped {i} people stop using cocaine [1].")
        citation = factories.make_citation(article, raw_text=vancouver("dakwar2019"), marker="[1]")
        claim = factories.make_claim(article, quote=f"Ketamine helped {i} people stop using cocaine [1].")
        factories.make_link(claim, citation)
        verify_article(article_id=article.pk)
        ids.append(citation.pk)
    return ids


def test_the_citations_naming_a_new_study_are_checked_again_in_a_constant_number_of_queries(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim
    from claims.verification.runs import verify_citations

    settings.REGISTRIES_ENABLED = False
    small, large = _not_found_citations(2), _not_found_citations(6)
    study = save_study(user=factories.make_user("edna", editor=True), values=values_of("dakwar2019"))
    assert sorted(naming([study.pk])) == sorted(small + large)
    leaning = Claim.objects.filter(links__citation__in=small + large)
    assert leaning.filter(flags__code="unverifiable_citations_only").count() == 8

    with CaptureQueriesContext(connection) as small_run:
        small_report = verify_citations(citation_ids=small)
    with CaptureQueriesContext(connection) as large_run:
        large_report = verify_citations(citation_ids=large)

    assert (small_report.citations_changed, large_report.citations_changed) == (2, 6)
    assert (small_report.claims, large_report.claims) == (2, 6)
    assert len(large_run) == len(small_run)
    assert set(Citation.objects.values_list("status", "study_id")) == {("verified", study.pk)}
    assert not leaning.filter(flags__code="unverifiable_citations_only").exists()


def test_a_sentence_naming_a_trial_is_checked_again_when_a_study_is_given_that_trials_name(
    settings, django_capture_on_commit_callbacks
):
    settings.REGISTRIES_ENABLED = False
    article = factories.make_article()
    citation = factories.make_citation(article, raw_text="the 2022 KARE alcohol trial in the UK")
    verify_article(article_id=article.pk)
    citation.refresh_from_db()
    assert (citation.status, citation.study_id) == ("not_found", None)
    editor = factories.make_user("edna", editor=True)

    with django_capture_on_commit_callbacks(execute=True):
        study = save_study(user=editor, values={**values_of("grabski2022"), "trial_names": "KARE"})

    citation.refresh_from_db()
    assert (citation.status, citation.study_id) == ("verified", study.pk), citation.status_reason
