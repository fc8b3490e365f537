"""With no editor's judgement, verification judges each link from the study's record: a claim
is assessed on what it says."""

import json
from pathlib import Path

import pytest

from claims.editing import citations, claims, links
from claims.models import Claim, ClaimCitation
from claims.seed_corpus.loader import load_corpus
from claims.verification.runs import verify_article
from studies.models import Study
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

LIBRARY = Path(__file__).resolve().parents[2] / "corpus" / "library.json"


def apa(key):
    """The library record of `key` written as an APA reference, from its own fields."""
    record = next(r for r in json.loads(LIBRARY.read_text())["records"] if r["key"] == key)
    first = record["authors"][0]
    return (
        f"{first['family']}, {first['given'][:1]}., et al. ({record['year']}). {record['title']}. "
        f"{record['container_title']}, {record['volume']}({record['issue']}), {record['pages']}."
    )


def claim_citing(key, sentence):
    """A new article whose one claim cites the seed study `key`, with no editor's stance."""
    editor = make_user()
    reference = apa(key)
    article = make_article(captured_text=f"{sentence} [1]\n\nReferences\n[1] {reference}")
    claim = claims.create_claim(
        user=editor, article_id=article.pk, key="c1", quote=sentence, claim_type="efficacy",
        wording="categorical", substances=["alcohol"] if "alcohol" in sentence else ["cocaine"],
    )  # fmt: skip
    citation = citations.create_citation(
        user=editor, article_id=article.pk, key="r1", raw_text=reference, location="reference_list",
        marker="[1]", editor_study_id=Study.objects.get(key=key).pk,
    )  # fmt: skip
    links.create_link(user=editor, claim_id=claim.pk, citation_id=citation.pk, reliance="marker")
    verify_article(article_id=article.pk)
    return Claim.objects.get(pk=claim.pk), ClaimCitation.objects.get(claim=claim)


@pytest.fixture
def library():
    load_corpus()


def test_a_relapse_reduction_the_cited_trial_did_not_find_is_contradicted(library):
    claim, link = claim_citing(
        "grabski2022", "Ketamine significantly reduced relapse in people with alcohol use disorder."
    )

    assert link.stance == "" and link.machine_stance == "contradicts"
    assert "Relapse at 6 months (OR 0.8, 95% CI 0.31 to 2.1): no clear difference" in link.machine_rationale
    assert claim.verdict == "contradicted"
    assert "From the study's record" in claim.rationale


def test_a_result_the_cited_trial_found_is_supported_without_an_editor(library):
    claim, link = claim_citing(
        "dakwar2019", "Ketamine lowered the chances of relapsing into cocaine use."
    )

    assert link.machine_stance == "supports"
    assert claim.verdict in ("supported", "overstated")
    assert "HR 0.47" in claim.rationale


def test_ketamine_given_for_days_for_a_single_infusion_is_flagged_from_the_record(library):
    claim, link = claim_citing(
        "dakwar2019",
        "The people who had cocaine addictions got ketamine through an IV for 5 days, in "
        "addition to 5 weeks of mindfulness relapse prevention therapy.",
    )

    assert link.machine_misfit_reasons == ["different_sessions"]
    flag = claim.flags.get(code="misrepresentation")
    assert "by the study's record" in flag.message and "a single session" in flag.message


def test_an_editors_stance_prevails_and_the_machines_stays_beside_it(library):
    claim, link = claim_citing(
        "grabski2022", "Ketamine significantly reduced relapse in people with alcohol use disorder."
    )
    links.update_link(link_id=link.pk, user=make_user(), stance="supports", rationale="Checked.")
    verify_article(article_id=claim.article_id)

    link.refresh_from_db()
    claim.refresh_from_db()
    assert (link.stance, link.machine_stance) == ("supports", "contradicts")
    assert claim.verdict != "contradicted"


def test_the_claim_page_and_the_api_show_the_machines_judgement_beside_the_editors(
    library, client
):
    claim, link = claim_citing(
        "grabski2022", "Ketamine significantly reduced relapse in people with alcohol use disorder."
    )

    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "What the study's record shows" in page
    assert "no clear difference" in page
    [item] = client.get(f"/api/claims/{claim.pk}/").json()["links"]
    assert (item["stance"], item["machine_stance"]) == ("", "contradicts")
    assert item["machine_misfit_reasons"] == ["result_not_found"]


def test_a_link_whose_study_was_deleted_meanwhile_is_judged_as_having_none(library):
    from claims.assessment.stated import stated_facts
    from claims.models import Claim
    from claims.verification import runs
    from claims.verification.rows import with_relations
    from core.saving import Changes

    claim, link = claim_citing("dakwar2019", "Ketamine lowered the chances of relapsing into cocaine use.")
    assert link.machine_stance == "supports"
    # Read as deleted while the claim was assessed: the run has no facts for its study.
    [claim] = with_relations(Claim.objects.filter(pk=claim.pk))
    changes = Changes()
    runs._judge_links(claim, stated_facts(claim.quote, claim.quote), {}, changes)
    changes.save()
    link.refresh_from_db()
    assert (link.machine_stance, link.machine_rationale) == ("", "")
