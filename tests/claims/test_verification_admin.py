"""Editors verify, accept matches, dismiss flags and override verdicts in the admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims.models import Citation, Claim, ClaimCitation
from claims.verification.runs import verify_article, verify_citation
from tests.claims.library import library_study
from tests.claims.test_verification import DAKWAR_2020, MCARTHUR, OLSSON
from tests.factories import make_article, make_citation, make_claim, make_link

pytestmark = pytest.mark.django_db

TEXT = "Ketamine significantly reduced cocaine use [1]."


class CommittingClient:
    """The test client, with each request's on-commit callbacks run as a real commit would
    (tests run inside a transaction that never commits)."""

    def __init__(self, client, capture):
        self.client, self.capture = client, capture

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def client_for_editor(client, editor, django_capture_on_commit_callbacks):
    editor.is_staff = True  # the admin needs staff status; the group gives the permissions
    editor.save()
    client.force_login(editor)
    return CommittingClient(client, django_capture_on_commit_callbacks)


@pytest.fixture
def library():
    return {key: library_study(key) for key in ("dakwar2019", "krupitsky2002", "mcarthur2024")}


@pytest.fixture
def article(library):
    article = make_article(captured_text=TEXT)
    make_citation(article, raw_text=DAKWAR_2020, marker="[1]", key="r1")
    make_citation(article, raw_text=MCARTHUR, marker="[2]", key="r2")
    return article


def action(client, model, name, pks, **extra):
    url = reverse(f"admin:claims_{model}_changelist")
    data = {"action": name, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra}
    return client.post(url, data, follow=True)


def test_an_editor_reverifies_an_article_from_the_article_list(client_for_editor, article):
    response = action(client_for_editor, "sourcearticle", "reverify", [article.pk])
    assert response.status_code == 200
    assert "Verification of 1 article(s) was sent." in response.content.decode()
    assert sorted(article.citations.values_list("status", flat=True)) == [
        "metadata_mismatch",
        "off_topic",
    ]


def test_an_editor_reverifies_citations_from_the_citation_list(client_for_editor, article):
    citation = article.citations.get(key="r2")
    response = action(client_for_editor, "citation", "reverify", [citation.pk])
    assert "Verification of 1 citation(s) was sent." in response.content.decode()
    citation.refresh_from_db()
    assert citation.status == "off_topic"
    assert article.citations.get(key="r1").status == "unchecked"


def test_an_editor_accepts_a_match_in_the_citation_form(client_for_editor, library):
    article = make_article(captured_text=TEXT)
    citation = make_citation(article, raw_text=OLSSON, marker="[1]", key="olsson")
    verify_citation(citation_id=citation.pk)
    assert Citation.objects.get(pk=citation.pk).status == "not_found"
    url = reverse("admin:claims_citation_change", args=[citation.pk])
    data = {
        "article": article.pk,
        "key": "olsson",
        "marker": "[1]",
        "raw_text": OLSSON,
        "location": "reference_list",
        "position": citation.position,
        "editor_study": library["krupitsky2002"].pk,
        "flags-TOTAL_FORMS": "1",
        "flags-INITIAL_FORMS": "1",
        "flags-MIN_NUM_FORMS": "0",
        "flags-MAX_NUM_FORMS": "1000",
        "flags-0-id": citation.flags.get().pk,
        "flags-0-citation": citation.pk,
    }
    response = client_for_editor.post(url, data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    citation.refresh_from_db()
    assert citation.editor_study == library["krupitsky2002"]
    assert citation.study == library["krupitsky2002"]
    assert citation.match_method == "editor"
    assert citation.status == "metadata_mismatch"
    assert citation.history.filter(history_user__username="edith").exists()


def test_an_editor_accepts_the_matchers_study_from_the_list(client_for_editor, article):
    verify_article(article_id=article.pk)
    citation = article.citations.get(key="r2")
    response = action(client_for_editor, "citation", "accept_matched_study", [citation.pk])
    assert "Accepted the match of 1 citation(s)." in response.content.decode()
    citation.refresh_from_db()
    assert citation.editor_study_id == citation.study_id
    assert citation.match_method == "editor"


def test_dismissing_a_flag_asks_for_a_reason_on_a_page_of_its_own(client_for_editor, article):
    verify_article(article_id=article.pk)
    flag = article.citations.get(key="r2").flags.get()
    response = action(client_for_editor, "flag", "dismiss_with_reason", [flag.pk])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dismiss with this reason" in page
    assert "Cited work is off-topic" in page
    flag.refresh_from_db()
    assert not flag.is_dismissed


def test_dismissing_a_flag_with_a_reason_records_who_when_and_why(client_for_editor, article):
    verify_article(article_id=article.pk)
    flag = article.citations.get(key="r2").flags.get()
    response = action(
        client_for_editor,
        "flag",
        "dismiss_with_reason",
        [flag.pk],
        apply="1",
        reason="Cited only for its figure on access to care.",
    )
    assert "Dismissed 1 flag." in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_dismissed
    assert flag.dismissed_by.username == "edith"
    assert flag.dismissed_reason == "Cited only for its figure on access to care."


def test_dismissing_a_flag_without_a_reason_is_refused(client_for_editor, article):
    verify_article(article_id=article.pk)
    flag = article.citations.get(key="r2").flags.get()
    response = action(
        client_for_editor, "flag", "dismiss_with_reason", [flag.pk], apply="1", reason=" "
    )
    assert "This field is required." in response.content.decode()
    flag.refresh_from_db()
    assert not flag.is_dismissed


def claim_form(claim, **override):
    data = {
        "article": claim.article_id,
        "key": claim.key,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "claim_type": claim.claim_type,
        "wording": claim.wording,
        "override_verdict": "",
        "override_certainty": "",
        "override_rationale": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "flags-TOTAL_FORMS": "0",
        "flags-INITIAL_FORMS": "0",
        "flags-MIN_NUM_FORMS": "0",
        "flags-MAX_NUM_FORMS": "1000",
    }
    data.update(override)
    return data


def test_an_editor_overrides_a_verdict_in_the_claim_form(client_for_editor, article):
    claim = make_claim(article, quote=TEXT)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client_for_editor.post(
        url,
        claim_form(
            claim,
            override_verdict="overstated",
            override_certainty="low",
            override_rationale="One pilot trial, not a general effect.",
        ),
        follow=True,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.verdict, claim.certainty) == ("overstated", "low")
    assert claim.rationale == "One pilot trial, not a general effect."
    assert claim.overridden_by.username == "edith"
    assert claim.overridden_at is not None


def test_an_override_without_a_rationale_is_refused_in_the_form(client_for_editor, article):
    claim = make_claim(article, quote=TEXT)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client_for_editor.post(url, claim_form(claim, override_verdict="supported"))
    assert response.status_code == 200
    assert "Say why the verdict is overridden." in response.content.decode()
    claim.refresh_from_db()
    assert claim.override_verdict == ""


def test_adding_a_link_in_the_admin_recomputes_the_claim(client_for_editor, article):
    claim = make_claim(article, quote=TEXT, substances=["cocaine"])
    verify_article(article_id=article.pk)
    assert Claim.objects.get(pk=claim.pk).verdict == "unsupported"  # no citation yet
    response = client_for_editor.post(
        reverse("admin:claims_claimcitation_add"),
        {
            "claim": claim.pk,
            "citation": article.citations.get(key="r1").pk,
            "reliance": "marker",
            "stance": "supports",
            "rationale": "Abstinence 48.2% vs 10.7%.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert ClaimCitation.objects.filter(claim=claim).exists()
    claim.refresh_from_db()
    assert (claim.verdict, claim.certainty) == ("supported", "moderate")


def test_removing_the_last_link_in_the_admin_recomputes_the_claim(client_for_editor, article):
    claim = make_claim(article, quote=TEXT, substances=["cocaine"])
    link = make_link(claim, article.citations.get(key="r1"), stance="supports")
    verify_article(article_id=article.pk)
    assert Claim.objects.get(pk=claim.pk).verdict == "supported"
    response = client_for_editor.post(
        reverse("admin:claims_claimcitation_delete", args=[link.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == "unsupported"
    assert claim.flags.filter(code="no_citation").exists()


def test_the_flag_actions_say_what_they_did_and_leave_another_editors_dismissal_alone(client_for_editor, article):
    verify_article(article_id=article.pk)
    flag = article.citations.get(key="r2").flags.get()
    response = action(client_for_editor, "flag", "restore", [flag.pk])
    assert "Restored 0 flags; 1 was not dismissed and is left as it was." in response.content.decode()
    first = action(client_for_editor, "flag", "dismiss_with_reason", [flag.pk], apply="1", reason="First reason.")
    assert "Dismissed 1 flag." in first.content.decode()
    again = action(client_for_editor, "flag", "dismiss_with_reason", [flag.pk], apply="1", reason="Second reason.")
    assert "Dismissed 0 flags; 1 was dismissed and is left as it was." in again.content.decode()
    flag.refresh_from_db()
    assert flag.dismissed_reason == "First reason."


def test_the_flag_actions_count_in_words_that_agree_with_the_number():
    from claims.admin import _done

    assert _done("Restored", 2, 5, "not dismissed") == (
        "Restored 2 flags; 3 were not dismissed and are left as they were."
    )
    assert _done("Dismissed", 1, 2, "dismissed") == "Dismissed 1 flag; 1 was dismissed and is left as it was."
    assert _done("Dismissed", 3, 3, "dismissed") == "Dismissed 3 flags."
