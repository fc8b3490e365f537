"""The seed corpus judged by the machine alone: every editor's stance, misfit reason and
verdict override removed through the editor services, then verified again. The claims the
corpus review found misstated must be caught on their content, with the right reason, and
well-established background claims must be accurate, with the source that settles them."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.editing import links, overrides
from claims.models import Citation, Claim, ClaimCitation, Flag
from claims.verification.bulk import verify_all

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def public_texts():
    """Every text the pages and the API show about claims, citations, links and flags."""
    texts = []
    for claim in Claim.objects.all():
        texts += [
            claim.rationale, claim.accuracy_rationale, claim.sourcing_rationale,
            claim.computed_rationale, claim.computed_accuracy_rationale, claim.override_rationale,
            *(row["reason"] for row in claim.omitted_evidence),
        ]  # fmt: skip
    for link in ClaimCitation.objects.all():
        texts += [link.rationale, link.machine_rationale]
    for citation in Citation.objects.all():
        texts += [citation.status_reason, citation.editor_note]
    texts += [f.message for f in Flag.objects.all()]
    return [text for text in texts if text]


def accuracies():
    return {claim.key: claim.accuracy for claim in Claim.objects.all()}


@pytest.fixture(scope="module")
def machine_only(django_db_setup, django_db_blocker):
    """(curated accuracy by claim key, cited-study claim keys, curated public texts) with the
    database left in the machine-only state, for the module; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_corpus", stdout=io.StringIO())
        verify_all()
        curated = accuracies()
        curated_texts = public_texts()
        cited = set(
            Claim.objects.filter(links__citation__study__isnull=False).values_list("key", flat=True)
        )
        for link in ClaimCitation.objects.exclude(stance="", misfit_reasons=[], rationale=""):
            links.update_link(link_id=link.pk, user=None, stance="", misfit_reasons=[], rationale="")
        for claim in Claim.objects.exclude(override_verdict=""):
            overrides.clear_override(claim_id=claim.pk, user=None)
        verify_all()
        yield curated, cited, curated_texts
        transaction.set_rollback(True)


def by_quote(words):
    claims = list(Claim.objects.filter(quote__icontains=words))
    assert len(claims) == 1, f"{len(claims)} claims quote {words!r}"
    return claims[0]


# (words of the quote, accuracy, words the rationale must contain)
CAUGHT = [
    pytest.param(
        "is the most effective method",
        "unsupported",
        ["the claim says IV", "intramuscularly (IM)"],
        id="IV the most effective method, resting on an IM trial",
    ),
    pytest.param(
        "got ketamine through an IV for 5 days",
        "inaccurate",
        ["for 5 days", "a single session"],
        id="IV for 5 days for a single infusion",
    ),
    pytest.param(
        "the absence of randomized controlled trials",
        "inaccurate",
        ["is a randomised controlled trial"],
        id="the absence of RCTs, against the trials the library holds",
    ),
    pytest.param(
        "a meta-analysis conducted by Chan et al. (2021)",
        "unverifiable",
        ["Chan et al. 2021", "not in the library"],
        id="a meta-analysis by Chan et al. 2021 that is not in the library",
    ),
    pytest.param(
        "NMDA) neurotransmitter",
        "inaccurate",
        ["calls NMDA a neurotransmitter", "glutamate receptors"],
        id="blocks the NMDA neurotransmitter",
    ),
    pytest.param(
        "heart rate speeds up",
        "inaccurate",
        ["blood pressure falls", "frequently elevated"],
        id="heart rate speeds up and blood pressure goes down",
    ),
    pytest.param(
        "weeks to become effective",
        "inaccurate",
        ["take weeks to work", "within 30 minutes"],
        id="MAT can take weeks to become effective",
    ),
    pytest.param(
        "approved by the FDA for these purposes",
        "inaccurate",
        ["approved for pain", "indicated as the sole anesthetic agent"],
        id="approved as a pain reliever",
    ),
]


@pytest.mark.parametrize("words, accuracy, reasons", CAUGHT)
def test_the_machine_catches_a_misstated_claim_with_its_reason(machine_only, words, accuracy, reasons):
    claim = by_quote(words)
    assert claim.accuracy == accuracy, claim.accuracy_rationale
    for reason in reasons:
        assert reason in claim.accuracy_rationale


def test_a_relapse_reduction_the_library_trial_did_not_find_is_not_called_accurate(machine_only):
    claim = by_quote("reducing alcohol consumption and relapse rates")
    assert claim.accuracy == "mostly_accurate", claim.accuracy_rationale  # hedged: "showed promise"
    assert "Relapse at 6 months (OR 0.8, 95% CI 0.31 to 2.1): no clear difference" in claim.accuracy_rationale
    omitted = {row["label"]: row["stance"] for row in claim.omitted_evidence}
    assert omitted["Grabski et al. 2022"] == "contradicts"


BACKGROUND = [
    ("Ketamine is a dissociative anesthetic known for", "NIDA InfoFacts"),
    ("ketamine is only FDA-approved as an anesthetic", "indicated as the sole anesthetic agent"),
    ("Once primarily known as an anesthetic and recreational drug", "recreational drug"),
    ("Initially developed in the 1960s", "1962"),
]


@pytest.mark.parametrize("words, source", BACKGROUND)
def test_well_established_uncited_background_claims_are_accurate_with_their_source(
    machine_only, words, source
):
    claim = by_quote(words)
    assert claim.sourcing != "verified_citation"  # none cites a checked source for it
    assert claim.accuracy == "accurate", claim.accuracy_rationale
    assert source in claim.accuracy_rationale


def test_an_uncited_claim_nothing_settles_is_unverifiable_not_unsupported(machine_only):
    claim = by_quote("Ketamine therapy is not a DIY solution")
    assert (claim.sourcing, claim.accuracy) == ("no_source", "unverifiable")


def test_machine_accuracy_agrees_with_the_curated_one_on_most_claims_citing_a_study(machine_only):
    curated, cited, _ = machine_only
    machine = accuracies()
    same = [key for key in cited if machine[key] == curated[key]]
    assert len(same) / len(cited) >= 0.85, sorted(
        (key, curated[key], machine[key]) for key in cited if machine[key] != curated[key]
    )


def test_a_report_of_what_a_trial_found_is_accurate_whatever_its_certainty(machine_only):
    claim = by_quote("At the two-year follow-up, the high-dose group")
    assert claim.scope == "finding"
    assert claim.accuracy == "accurate", claim.accuracy_rationale


# Record keys and codes that are the database's, not words: none may reach a page.
CODES = re.compile(
    r"\bsource_kind\b|\b(?:consumer_health_page|peer_reviewed_article|news_or_explainer|"
    r"randomized_controlled_trial|favours_intervention|metadata_mismatch)\b"
)


def test_no_record_key_or_code_appears_in_public_text(machine_only):
    library = json.loads((ROOT / "corpus" / "library.json").read_text())
    keys = {record["key"] for record in library["records"]}
    key_words = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, keys))) + r")\b")
    _, _, curated_texts = machine_only
    found = [
        text
        for text in [*curated_texts, *public_texts()]
        if key_words.search(text) or CODES.search(text)
    ]
    assert not found, found[:5]
