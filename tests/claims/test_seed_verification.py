"""`manage.py load_corpus && manage.py verify --all` fills in every status, flag and verdict."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from claims.models import Citation, Claim, Flag
from tests.claims.test_verification import history_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed corpus loaded and verified once for the module (it takes seconds), inside a
    transaction rolled back at the end; each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_corpus", stdout=io.StringIO())
        out = io.StringIO()
        call_command("verify", "--all", "--no-progress", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seed(seeded, db):
    return seeded


def citation(key):
    return Citation.objects.select_related("study").get(key=key)


def claim(key):
    return Claim.objects.get(key=key)


def test_every_seed_citation_gets_a_status_and_every_claim_a_verdict(seed):
    assert Citation.objects.exists() and Claim.objects.exists()
    assert not Citation.objects.filter(status="unchecked").exists()
    assert not Citation.objects.filter(checked_at__isnull=True).exists()
    assert not Claim.objects.filter(computed_at__isnull=True).exists()
    assert not Claim.objects.filter(rationale="").exists()
    assert "Unchecked                  0" in seed


def test_seed_000_dakwar_2020_is_the_2019_trial_with_its_details_wrong(seed):
    ref = citation("ohi-r1")
    assert (ref.status, ref.study.key) == ("metadata_mismatch", "dakwar2019")
    assert "year written 2020, record says 2019" in ref.status_reason


def test_seed_001_olsson_2014_is_not_found(seed):
    ref = citation("pax-r6")
    assert "Olsson" in ref.raw_text
    assert (ref.status, ref.study) == ("not_found", None)
    assert ref.flags.get().code == "citation_not_found"


def test_seed_002_childcare_review_is_off_topic(seed):
    ref = citation("oud-r2")
    assert "Childcare" in ref.raw_text
    assert (ref.status, ref.study.key) == ("off_topic", "mcarthur2024")
    assert ref.flags.get().code == "citation_off_topic"


@pytest.mark.parametrize("key", ["oud-sa", "oud-sb", "oud-sc", "oud-sd"])
def test_seed_002_studies_a_to_d_in_the_table_are_anonymous(seed, key):
    ref = citation(key)
    assert ref.raw_text.startswith(key[-1].upper() + " |")
    assert (ref.status, ref.study) == ("anonymous", None)
    assert ref.flags.get().code == "citation_anonymous"


def test_seed_002_steinhauser_pubmed_link_is_its_pmc_number(seed):
    ref = citation("oud-r4")
    assert (ref.status, ref.study.key) == ("identifier_mismatch", "steinhauser2024")
    assert "PMC11649595" in ref.status_reason


def test_seed_001_iv_is_the_most_effective_method_is_flagged_as_misrepresenting_its_study(seed):
    iv = claim("pax-c14")
    assert iv.quote.startswith("Administering ketamine intravenously (IV) is the most effective")
    flag = iv.flags.get(code="misrepresentation")
    assert "Krupitsky et al. 2002, which gave ketamine intramuscularly (IM)" in flag.message
    assert iv.verdict == "unsupported"


def test_seed_003_webmd_is_a_secondary_source_for_the_clinics_claims(seed):
    assert citation("rw-r1").status == "secondary_source"
    flag = claim("rw-c18").flags.get(code="unverifiable_citations_only")
    # WebMD was identified: the claim rests on a secondary source, not on unverifiable works.
    assert flag.message.startswith("It cites only secondary sources, not research: WebMD")
    assert flag.rule_version == 2
    assert claim("rw-c18").verdict == "unsupported"
    assert claim("rw-c18").rationale.startswith(
        "Unsupported: it rests only on secondary (non-research) sources, which are not evidence "
        "for it: WebMD"
    )


def test_seed_004_early_clinical_trials_is_a_vague_attribution(seed):
    codes = set(claim("iv-c16").flags.values_list("code", flat=True))
    assert codes == {"no_citation", "vague_attribution"}


def test_a_second_verify_all_on_the_seed_changes_nothing(seed):
    flags, history = Flag.objects.count(), history_counts()
    out = io.StringIO()
    call_command("verify", "--all", "--no-progress", stdout=out)
    assert "(0 changed) and" in out.getvalue() and out.getvalue().count("(0 changed)") == 2
    assert (Flag.objects.count(), history_counts()) == (flags, history)


def test_seed_002_the_absence_of_rcts_is_contradicted_by_the_editors_override(seed):
    absence = claim("oud-c14")
    assert absence.quote.startswith("the absence of randomized controlled trials")
    assert (absence.verdict, absence.certainty) == ("contradicted", "high")
    assert absence.is_overridden and absence.overridden_by is None  # curated, not a user
    assert "[Krupitsky et al. 2002]" in absence.rationale  # the record key, read as its name
    # The computation is kept beside the override: it sees no citation at all.
    assert absence.computed_verdict != "contradicted"
