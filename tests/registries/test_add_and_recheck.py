"""An editor adds a study by DOI or PMID; the library's notices are re-checked (the task
Celery beat runs), on recorded responses."""

import dataclasses
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from claims.models import Flag
from claims.verification.runs import verify_citation
from studies.library.registry import recheck_study, record_notice_rows, standing
from studies.models import Study
from studies.registries.records import Notice, RegistryRecord
from studies.tasks import due_study_ids, recheck_library
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/studies/lookup/"
WAKEFIELD = (
    "Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, "
    "non-specific colitis, and pervasive developmental disorder in children. Lancet. "
    "1998;351(9103):637-641. doi:10.1016/S0140-6736(97)11096-0"
)


@pytest.fixture
def editor_api():
    client = APIClient()
    client.force_authenticate(factories.make_user("edna", editor=True))
    return client


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_an_editor_adds_a_study_by_doi_and_asking_again_returns_the_same(editor_api):
    response = editor_api.post(URL, {"doi": "doi:10.1176/appi.ajp.2019.18101123"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["doi"], body["year"], body["container_title"]) == (
        "10.1176/appi.ajp.2019.18101123", 2019, "American Journal of Psychiatry",
    )  # fmt: skip
    study = Study.objects.get()
    assert study.registry_provenance[0]["query"] == "doi:10.1176/appi.ajp.2019.18101123"
    assert study.history.first().history_user.username == "edna"
    again = editor_api.post(URL, {"doi": "10.1176/APPI.AJP.2019.18101123"}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, study.pk)


@pytest.mark.vcr("crossref_unknown_doi.yaml")
def test_a_doi_no_registry_holds_is_a_400_saying_so(editor_api):
    response = editor_api.post(URL, {"doi": "10.1109/CVPR.2016.999999"}, format="json")
    assert response.status_code == 400
    assert response.json()["doi"] == ["No registry holds DOI 10.1109/cvpr.2016.999999."]
    assert not Study.objects.exists()


@pytest.mark.parametrize(
    "payload, message",
    [({}, "Give a DOI or a PMID"), ({"doi": "10.1/x", "pmid": "1"}, "Give a DOI or a PMID"),
     ({"pmid": "abc"}, "'abc' is not a PMID")],
)  # fmt: skip
def test_bad_identifiers_are_a_400_naming_the_problem(editor_api, payload, message):
    response = editor_api.post(URL, payload, format="json")
    assert response.status_code == 400 and message in str(response.json())


def test_offline_adding_by_doi_says_the_registries_cannot_be_reached(editor_api, settings):
    settings.REGISTRIES_ENABLED = False
    response = editor_api.post(URL, {"doi": "10.1176/appi.ajp.2019.18101123"}, format="json")
    assert response.status_code == 400
    assert "Crossref and OpenAlex could not be reached" in response.json()["doi"][0]


def test_readers_cannot_add_studies(client):
    reader = APIClient()
    reader.force_authenticate(factories.make_user("rita"))
    assert reader.post(URL, {"doi": "10.1/x"}, format="json").status_code == 403


@pytest.mark.vcr("pubmed_record.yaml")
def test_the_admin_adds_a_study_by_pmid(client):
    client.force_login(factories.make_user("ed", editor=True, is_staff=True))
    assert "/admin/studies/study/lookup/" in client.get("/admin/studies/study/").content.decode()
    response = client.post("/admin/studies/study/lookup/", {"pmid": "24035344"})
    study = Study.objects.get(pmid="24035344")
    assert response.status_code == 302 and response.url.endswith(f"/{study.pk}/change/")
    assert (study.pmcid, study.doi) == ("PMC4105157", "10.1016/j.biopsych.2013.08.009")


@pytest.mark.vcr("crossref_retracted_work.yaml")
def test_a_recheck_that_finds_a_retraction_marks_the_study_and_flags_its_citations(
    django_capture_on_commit_callbacks,
):
    study = factories.make_study(
        title="Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children",
        doi="10.1016/s0140-6736(97)11096-0", pmid="", year=1998, container_title="The Lancet",
        volume="351", issue="9103", pages="637-641",
        authors=[{"family": "Wakefield", "given": "A.J."}, {"family": "Murch", "given": "S.H."}],
    )  # fmt: skip
    citation = factories.make_citation(raw_text=WAKEFIELD)
    verify_citation(citation_id=citation.pk)
    assert not Flag.objects.filter(citation=citation, code="citation_retracted").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert recheck_study(study_id=study.pk)
    study.refresh_from_db()
    assert study.standing == "retracted"
    assert study.history.first().history_change_reason == "notices re-checked at the registries"
    citation.refresh_from_db()
    assert citation.study_id == study.pk
    assert Flag.objects.filter(citation=citation, code="citation_retracted", severity="critical").exists()


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_a_recheck_that_finds_nothing_new_changes_nothing_but_the_time():
    study = factories.make_study(doi="10.1176/appi.ajp.2019.18101123", pmid="")
    rows = study.history.count()
    assert not recheck_study(study_id=study.pk)
    study.refresh_from_db()
    assert study.registry_checked_at is not None and study.standing == ""
    assert study.history.count() == rows
    assert study.pk not in due_study_ids()


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_beat_sends_a_recheck_for_each_study_due(settings):
    factories.make_study(doi="10.1176/appi.ajp.2019.18101123", pmid="")
    factories.make_study(doi="", pmid="")  # nothing to ask about
    assert recheck_library() == 1
    assert "studies.tasks.recheck_library" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_the_recheck_command_refuses_when_the_registries_are_off(settings):
    settings.REGISTRIES_ENABLED = False
    with pytest.raises(CommandError, match="turned off"):
        call_command("recheck_registries")


@pytest.mark.parametrize("args", [["--limit", "-5"], ["--limit", "0"], ["--all", "--limit", "-5"]])
def test_the_recheck_command_refuses_a_limit_below_one(args):
    factories.make_study(doi="10.1176/appi.ajp.2019.18101123", pmid="")
    with pytest.raises(CommandError, match=r"--limit must be a number of studies from 1 \(got "):
        call_command("recheck_registries", *args)


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_the_recheck_command_counts_the_studies_a_registry_answered_for():
    study = factories.make_study(doi="10.1176/appi.ajp.2019.18101123", pmid="")
    out = StringIO()
    call_command("recheck_registries", "--limit", "2", stdout=out, stderr=StringIO())
    assert out.getvalue() == "Re-checked 1 study: 0 with new notices.\n"
    study.refresh_from_db()
    assert study.registry_checked_at is not None


def test_offline_the_recheck_command_counts_no_study_as_rechecked(monkeypatch):
    from studies.registries import client, crossref, pubmed

    for module, name in ((crossref, "CROSSREF"), (pubmed, "PUBMED")):
        registry = getattr(client, name)
        monkeypatch.setattr(module, name, dataclasses.replace(registry, base="https://registry.invalid"))
    first = factories.make_study(doi="10.1176/appi.ajp.2019.18101123", pmid="")
    factories.make_study(doi="", pmid="24035344")
    factories.make_study(doi="10.1016/s0140-6736(97)11096-0", pmid="")
    out = StringIO()
    call_command("recheck_registries", "--limit", "2", stdout=out, stderr=StringIO())
    assert out.getvalue() == (
        "Re-checked 0 studies: 0 with new notices. "
        "2 studies could not be re-checked: no registry could be reached.\n"
    )
    first.refresh_from_db()
    assert first.registry_checked_at is None
    assert first.pk in due_study_ids()  # asked again next time


def test_the_study_page_says_a_work_was_retracted_and_where_it_was_found(client):
    study = factories.make_study(
        standing="retracted",
        notices=[{"kind": "retraction", "doi": "10.1016/s0140-6736(10)60175-4", "date": "2010-02-06",
                  "label": "Retraction", "source": "retraction-watch", "registry": "crossref"}],
        registry_provenance=[{"registry": "crossref", "retrieved_at": "2026-12-03T08:00:00+00:00",
                              "query": "doi:10.1016/s0140-6736(97)11096-0", "url": ""}],
    )  # fmt: skip
    page = client.get(f"/studies/{study.pk}/").content.decode()
    assert "<strong>Retracted.</strong>" in page
    assert "Retraction of 2010-02-06" in page and "It is no evidence for any claim" in page
    assert "Found in Crossref (2026-12-03, query “doi:10.1016/s0140-6736(97)11096-0”)" in page


@pytest.mark.vcr("crossref_retracted_work.yaml")
def test_a_recheck_right_after_a_registry_added_a_work_finds_nothing_new():
    from studies.library.registry import add_from_registry
    from studies.registries import crossref

    study = add_from_registry(record=crossref.work("10.1016/S0140-6736(97)11096-0"), query="doi:x")
    rows = study.history.count()
    assert not recheck_study(study_id=study.pk)  # the cached answer: the same notices
    assert study.history.count() == rows


@pytest.mark.vcr("retracted_work_then_pubmed_down.yaml")
def test_a_registry_that_is_down_at_a_recheck_keeps_the_notices_it_gave_before():
    study = factories.make_study(doi="10.1016/s0140-6736(97)11096-0", pmid="9500320", year=1998)
    assert recheck_study(study_id=study.pk)  # both registries answer: each one's notices
    study.refresh_from_db()
    given = study.notices
    assert {n["registry"] for n in given} == {"crossref", "pubmed"}
    assert study.standing == "retracted"
    rows = study.history.count()

    cache.clear()  # the next night: the answers kept from the first have expired
    # Crossref answers as before; PubMed answers 503 three times.
    assert not recheck_study(study_id=study.pk)
    study.refresh_from_db()
    assert study.notices == given and study.standing == "retracted"
    assert study.history.count() == rows


def test_a_withdrawn_work_is_not_also_given_a_retraction_notice():
    notice = Notice(kind="withdrawal", doi="10.5555/notice", date="2024-01-02", label="Withdrawal")
    record = RegistryRecord(registry="crossref", doi="10.5555/work", notices=(notice,), retracted=True)
    rows = record_notice_rows(record)
    assert [n["kind"] for n in rows] == ["withdrawal"]
    assert standing(rows) == "withdrawn"
    # A record marked retracted with no notice at all gets a plain one.
    bare = RegistryRecord(registry="pubmed", pmid="1", retracted=True)
    assert [(n["kind"], n["label"]) for n in record_notice_rows(bare)] == [("retraction", "Retracted")]


@pytest.mark.vcr("pubmed_record.yaml")
def test_adding_by_pmid_a_study_held_under_its_doi_returns_it_with_the_identifiers_it_lacked(
    editor_api,
):
    study = factories.make_study(doi="10.1016/j.biopsych.2013.08.009", pmid="", pmcid="")
    response = editor_api.post(URL, {"pmid": "24035344"}, format="json")
    assert (response.status_code, response.json()["id"]) == (200, study.pk)
    study.refresh_from_db()
    assert (study.pmid, study.pmcid) == ("24035344", "PMC4105157")
    assert Study.objects.count() == 1
    assert study.history.first().history_change_reason == "identifiers given by PubMed (pmid:24035344)"


@pytest.mark.vcr("pmc_id_converter.yaml", "pubmed_record.yaml")
def test_a_study_known_only_by_its_pmcid_is_rechecked_at_pubmed_through_its_pmid():
    study = factories.make_study(doi="", pmid="", pmcid="PMC4105157")
    assert study.pk in due_study_ids()
    assert not recheck_study(study_id=study.pk)  # PubMed lists no notice for it
    study.refresh_from_db()
    assert study.registry_checked_at is not None  # asked, and answered
    assert study.pk not in due_study_ids()


def test_the_admins_lookup_names_a_doi_too_long_and_not_a_missing_one(client):
    # It also said "Give a DOI or a PMID (one of them)" when a DOI had been given.
    client.force_login(factories.make_user("ed", editor=True, is_staff=True))
    response = client.post("/admin/studies/study/lookup/", {"doi": "10.1000/" + "x" * 300})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in page
    assert "one of them" not in page
    assert "one of them" in client.post("/admin/studies/study/lookup/", {"doi": "", "pmid": ""}).content.decode()
