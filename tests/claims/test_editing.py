"""The editor services, and the admin and API that call them: the same edit, the same result."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.editing import articles, claims
from claims.models import Claim
from studies.models import Substance
from tests.claims.library import library_study
from tests.factories import make_article, make_citation, make_claim, make_link, make_user

pytestmark = pytest.mark.django_db

TEXT = (
    "Ketamine is a dissociative anesthetic. Studies show ketamine reduces cocaine use [1]. "
    "IV ketamine is the most effective method.\n\n[1] Dakwar E. Am J Psychiatry. 2019."
)


@pytest.fixture
def editor():
    user = make_user("edith", editor=True)
    user.is_staff = True  # the admin needs staff status; the group gives the permissions
    user.save()
    return user


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


def claim_add(article, **fields):
    return {
        "article": article.pk, "key": "c-new", "quote": "IV ketamine is the most effective method.",
        "claim_type": "efficacy", "wording": "categorical", "override_verdict": "",
        "override_certainty": "", "override_rationale": "",
        "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0, "flags-TOTAL_FORMS": 0,
        "flags-INITIAL_FORMS": 0, **fields,
    }  # fmt: skip


def test_an_editor_adds_a_claim_in_the_admin_and_its_span_is_found(
    admin_client, editor, django_capture_on_commit_callbacks
):
    article = make_article(captured_text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:claims_claim_add"), claim_add(article))

    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get(key="c-new")
    assert TEXT[claim.start : claim.end] == claim.quote
    assert claim.start == TEXT.index("IV ketamine")
    assert claim.history.get(history_type="+").history_user == editor
    assert claim.verdict == "unsupported"  # reassessed on commit: it cites nothing


def test_a_claim_whose_quote_is_not_in_the_text_is_refused_in_the_admin_with_a_message(admin_client):
    article = make_article(captured_text=TEXT)
    response = admin_client.post(
        reverse("admin:claims_claim_add"), claim_add(article, quote="Not in the article.")
    )

    assert response.status_code == 200
    assert "The quote is not in the article&#x27;s captured text." in response.content.decode()
    assert "None-None" not in response.content.decode()  # said once, in words
    assert not Claim.objects.filter(key="c-new").exists()


def test_an_editor_adds_a_claim_inline_on_its_article(admin_client, editor):
    article = make_article(captured_text=TEXT)
    url = reverse("admin:claims_sourcearticle_change", args=[article.pk])
    form = {
        "key": article.key, "title": article.title, "publisher": article.publisher,
        "author": "", "url": article.url, "published_on": "", "captured_at_0": "",
        "captured_at_1": "", "captured_text": TEXT,
        "claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 0,
        "claims-0-key": "inline", "claims-0-quote": "Ketamine is a dissociative anesthetic.",
        "claims-0-claim_type": "regulatory", "claims-0-wording": "categorical",
        "citations-TOTAL_FORMS": 0, "citations-INITIAL_FORMS": 0,
    }  # fmt: skip

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:3000]
    claim = article.claims.get(key="inline")
    assert (claim.start, claim.end) == (0, len("Ketamine is a dissociative anesthetic."))
    assert claim.history.first().history_user == editor


def test_misfit_reasons_are_chosen_from_the_known_codes_with_their_labels(admin_client):
    page = admin_client.get(reverse("admin:claims_claimcitation_add")).content.decode()

    assert 'type="checkbox" name="misfit_reasons" value="different_route"' in page
    assert "Different route of administration" in page


def test_a_claims_links_offer_only_its_own_articles_citations(admin_client):
    article, other = make_article(captured_text=TEXT), make_article()
    claim = make_claim(article, quote="IV ketamine is the most effective method.")
    mine = make_citation(article, raw_text="Dakwar E. Am J Psychiatry. 2019.", marker="[1]")
    theirs = make_citation(other, raw_text="Someone else. 2020.", marker="[9]")

    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()

    assert f'<option value="{mine.pk}">' in page
    assert f'<option value="{theirs.pk}">' not in page


# --- The same edit through the API and through the admin ------------------------------------


def twin_claims():
    """Two articles with the same text, each with the same claim leaning on the same reference."""
    made = []
    for _ in range(2):
        article = make_article(captured_text=TEXT)
        claim = make_claim(article, quote="Studies show ketamine reduces cocaine use [1].")
        make_link(claim, make_citation(article, raw_text="Dakwar E. Am J Psychiatry. 2019.", marker="[1]"))
        made.append(claim)
    return made


def outcome(claim):
    claim.refresh_from_db()
    history = [(h.history_type, h.history_change_reason, h.history_user_id) for h in claim.history.all()]
    return {
        "fields": (claim.quote, claim.start, claim.end, claim.claim_type, claim.wording),
        "substances": sorted(claim.substances.values_list("code", flat=True)),
        "history": history,
        "verdict": (claim.computed_verdict, claim.computed_rationale),
        "flags": sorted(claim.flags.values_list("code", "message")),
        "citation": list(claim.links.values_list("citation__status", "citation__status_reason")),
    }


def test_an_edit_through_the_api_and_the_same_edit_in_the_admin_give_the_same_rows_and_rechecks(
    api, admin_client, editor, django_capture_on_commit_callbacks
):
    by_api, by_admin = twin_claims()
    quote = "IV ketamine is the most effective method."

    with django_capture_on_commit_callbacks(execute=True) as api_tasks:
        response = api.patch(
            f"/api/claims/{by_api.pk}/",
            {"quote": quote, "claim_type": "safety", "substances": ["cocaine"]},
            format="json",
        )
    assert response.status_code == 200, response.json()
    with django_capture_on_commit_callbacks(execute=True) as admin_tasks:
        response = admin_client.post(
            reverse("admin:claims_claim_change", args=[by_admin.pk]),
            {
                "key": by_admin.key, "quote": quote, "claim_type": "safety", "wording": by_admin.wording,
                "substances": [Substance.objects.get(code="cocaine").pk],
                "start": "", "override_verdict": "", "override_certainty": "", "override_rationale": "",
                "links-TOTAL_FORMS": 1, "links-INITIAL_FORMS": 1,
                "links-0-id": by_admin.links.get().pk, "links-0-claim": by_admin.pk,
                "links-0-citation": by_admin.links.get().citation_id,
                "links-0-reliance": "marker", "links-0-stance": "", "links-0-rationale": "",
                "flags-TOTAL_FORMS": 0, "flags-INITIAL_FORMS": 0,
            },  # fmt: skip
        )
    assert response.status_code == 302, response.content.decode()[:3000]

    assert outcome(by_api) == outcome(by_admin)
    # The type changed: its citation is checked again (which reassesses the claim), and the
    # claim is reassessed; the same tasks, whichever door the edit came through.
    assert len(api_tasks) == len(admin_tasks) == 2
    assert ("~", "claim changed by an editor", editor.pk) in outcome(by_api)["history"]


# --- The services themselves ------------------------------------------------------------------


def test_replacing_an_articles_text_finds_the_quotes_again(editor):
    article = make_article(captured_text=TEXT)
    claim = make_claim(article, quote="IV ketamine is the most effective method.")
    new_text = "Updated on 1 May.\n\n" + TEXT

    articles.update_article(article_id=article.pk, user=editor, captured_text=new_text)

    claim.refresh_from_db()
    assert claim.start == new_text.index("IV ketamine")
    assert new_text[claim.start : claim.end] == claim.quote


def test_replacing_an_articles_text_is_refused_naming_the_claims_it_would_lose(editor):
    article = make_article(captured_text=TEXT)
    make_claim(article, quote="IV ketamine is the most effective method.", key="iv-best")

    with pytest.raises(ValidationError) as raised:
        articles.update_article(article_id=article.pk, user=editor, captured_text="Rewritten.")

    assert "iv-best" in raised.value.message_dict["captured_text"][0]
    article.refresh_from_db()
    assert article.captured_text == TEXT


def test_a_quote_that_stands_twice_needs_its_start(editor):
    article = make_article(captured_text="Ketamine helps. Ketamine helps.")
    with pytest.raises(ValidationError) as raised:
        claims.create_claim(
            user=editor, article_id=article.pk, key="twice", quote="Ketamine helps.",
            claim_type="efficacy", wording="categorical",
        )  # fmt: skip
    assert "more than once" in raised.value.message_dict["start"][0]

    claim = claims.create_claim(
        user=editor, article_id=article.pk, key="twice", quote="Ketamine helps.",
        claim_type="efficacy", wording="categorical", start=16,
    )  # fmt: skip
    assert (claim.start, claim.end) == (16, 31)


def test_an_unknown_substance_is_refused_naming_it(editor):
    article = make_article(captured_text=TEXT)
    with pytest.raises(ValidationError) as raised:
        claims.create_claim(
            user=editor, article_id=article.pk, key="x", quote="Ketamine is a dissociative anesthetic.",
            claim_type="regulatory", wording="categorical", substances=["heroin-ish"],
        )  # fmt: skip
    assert "heroin-ish" in raised.value.message_dict["substances"][0]


# --- A study an editor changes or deletes ----------------------------------------------------


def verified_citation():
    from tests.claims.library import library_study

    study = library_study("dakwar2019")
    article = make_article(captured_text=TEXT)
    citation = make_citation(
        article,
        raw_text="Dakwar E, Nunes EV, Hart CL, et al. A Single Ketamine Infusion Combined With "
        "Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence: A Randomized "
        "Clinical Trial. Am J Psychiatry. 2019;176(11):923-930.",
        marker="[1]",
    )
    from claims.verification.runs import verify_citation

    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert (citation.status, citation.study_id) == ("verified", study.pk)
    return study, citation


def test_a_study_whose_topic_an_editor_changes_has_its_citations_checked_again(
    api, django_capture_on_commit_callbacks
):
    study, citation = verified_citation()

    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            f"/api/studies/{study.pk}/", {"about_substance_use": False}, format="json"
        )

    assert response.status_code == 200, response.json()
    citation.refresh_from_db()
    assert citation.status == "off_topic"
    study.refresh_from_db()
    assert study.topic_source == "editor"


def test_deleting_a_study_lets_its_citations_go_and_checks_them_again(
    editor, django_capture_on_commit_callbacks
):
    from studies.library import editing

    study, citation = verified_citation()

    with django_capture_on_commit_callbacks(execute=True):
        editing.delete_study(study_id=study.pk, user=editor)

    citation.refresh_from_db()
    assert citation.study_id is None
    assert citation.status == "not_found"


def test_an_article_text_that_would_lose_a_quote_is_refused_in_the_admin_naming_the_claim(
    admin_client,
):
    article = make_article(captured_text=TEXT)
    make_claim(article, quote="IV ketamine is the most effective method.", key="iv-best")
    url = reverse("admin:claims_sourcearticle_change", args=[article.pk])
    form = {
        "key": article.key, "title": article.title, "publisher": article.publisher,
        "author": "", "url": article.url, "published_on": "", "captured_at_0": "",
        "captured_at_1": "", "captured_text": "Rewritten.",
        "claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 1,
        "claims-0-id": article.claims.get().pk, "claims-0-article": article.pk,
        "claims-0-key": "iv-best", "claims-0-quote": "IV ketamine is the most effective method.",
        "claims-0-claim_type": "efficacy", "claims-0-wording": "categorical",
        "citations-TOTAL_FORMS": 0, "citations-INITIAL_FORMS": 0,
    }  # fmt: skip

    response = admin_client.post(url, form)

    assert response.status_code == 200
    assert "iv-best" in response.content.decode()
    article.refresh_from_db()
    assert article.captured_text == TEXT


def test_resending_a_claim_whose_quote_stands_twice_keeps_its_span(editor):
    article = make_article(captured_text="Ketamine helps. Ketamine helps.")
    claim = claims.create_claim(
        user=editor, article_id=article.pk, key="second", quote="Ketamine helps.",
        claim_type="efficacy", wording="categorical", start=16,
    )  # fmt: skip

    claims.update_claim(claim_id=claim.pk, user=editor, quote="Ketamine helps.", wording="hedged")

    claim.refresh_from_db()
    assert (claim.start, claim.wording) == (16, "hedged")


def test_an_outcome_an_editor_records_reaches_the_claims_that_do_not_cite_its_study(
    editor, django_capture_on_commit_callbacks
):
    from claims.verification.runs import verify_article
    from studies.library import editing

    study = library_study("grabski2022")
    editing.save_study(study_id=study.pk, user=editor, values={}, substances=["alcohol"])
    text = "Ketamine reduces relapse in people with alcohol use disorder."
    article = make_article(captured_text=text)
    claim = make_claim(article, quote=text)
    claim.substances.set(editing.substances_by_code(["alcohol"]))
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    assert claim.accuracy == "unverifiable"  # nothing in the library bears on it yet

    with django_capture_on_commit_callbacks(execute=True):
        editing.save_outcome(
            user=editor,
            values={
                "study_id": study.pk, "measure": "Relapse", "time_point": "6 months",
                "direction": "no_difference", "arms": [],
            },
        )  # fmt: skip

    claim.refresh_from_db()
    assert claim.accuracy == "inaccurate", claim.accuracy_rationale
    assert "Relapse at 6 months: no clear difference" in claim.accuracy_rationale
    assert [row["stance"] for row in claim.omitted_evidence] == ["contradicts"]


def test_changing_only_a_claims_substances_writes_one_history_row_that_holds_them(editor):
    # The row was saved before the substances were set: a first row with no change, then
    # one for the removal and one for the addition.
    claim = make_claim(substances=["cocaine"])
    before = claim.history.count()
    claims.update_claim(claim_id=claim.pk, user=editor, substances=["cocaine", "tobacco"], version=claim.version)
    rows = list(claim.history.all()[: claim.history.count() - before])
    assert len(rows) == 1
    assert sorted(s.substance.code for s in rows[0].substances.all()) == ["cocaine", "tobacco"]
    assert rows[0].history_change_reason == "claim changed by an editor"
    assert rows[0].version == claim.version + 1


def test_changing_a_claims_wording_and_substances_writes_one_history_row(editor):
    claim = make_claim(substances=["cocaine"], wording="categorical")
    before = claim.history.count()
    claims.update_claim(claim_id=claim.pk, user=editor, wording="hedged", substances=["alcohol"])
    rows = list(claim.history.all()[: claim.history.count() - before])
    assert [(row.wording, sorted(s.substance.code for s in row.substances.all())) for row in rows] == [
        ("hedged", ["alcohol"])
    ]


def test_setting_the_substances_a_claim_has_writes_no_history_row(editor):
    claim = make_claim(substances=["cocaine"])
    before = claim.history.count()
    claims.update_claim(claim_id=claim.pk, user=editor, substances=["cocaine"])
    assert claim.history.count() == before
