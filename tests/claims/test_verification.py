"""Verification stores each citation's status, each flag and each verdict, with its reason."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.checking import index as checking_index
from claims.checking import reference
from claims.editing import flags as verification
from claims.editing.citations import accept_match
from claims.editing.flags import dismiss_flag
from claims.editing.overrides import override_verdict
from claims.models import Citation, Claim, Flag
from claims.verification import runs
from claims.verification.rows import LibrarySnapshot, library_fingerprint
from claims.verification.runs import recompute_claim, verify_article, verify_citation
from core.errors import NotFound as VerificationError
from studies.references.parsing import parse_reference
from tests.claims.library import library_study
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_flag,
    make_link,
    make_outcome,
    make_study,
    make_user,
)

pytestmark = pytest.mark.django_db

DAKWAR_2020 = (
    "Dakwar, E., Nunes, E. V., Hart, C. L., Hu, M. C., Foltin, R. W., & Levin, F. R. (2020). "
    "A single ketamine infusion combined with mindfulness-based behavioral modification to "
    "treat cocaine dependence: a randomized clinical trial. American Journal of Psychiatry, "
    "177(9), 911-918."
)
DAKWAR_2019_RIGHT = (
    "Dakwar, E. (2019). A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral "
    "Modification to Treat Cocaine Dependence: A Randomized Clinical Trial. American Journal "
    "of Psychiatry, 176(11), 923-930."
)
MCARTHUR = (
    "McArthur, M., Tian, P., Kho, K., Bhavan, K. P., Balasubramanian, B. A., Ganguly, A. P. "
    "(2024). Childcare as a social determinant of access to healthcare: a scoping review. "
    "Frontiers in Public Health. Retrieved from https://doi.org/10.3389/fpubh.2024.1443992"
)
OLSSON = (
    "Olsson, E. M., et al. (2014). Ketamine-assisted psychotherapy in the treatment of "
    "substance use disorders: An exploratory study. Journal of Substance Abuse Treatment, "
    "46(4), 381-389."
)
WEBMD = "https://www.webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know"

TEXT = (
    "Dakwar et al. (2020) demonstrated that ketamine significantly reduced cocaine use [1]. "
    "Studies show ketamine is a cure. "
    "Administering ketamine intravenously (IV) is the most effective method [2]."
)
CLAIM_RCT = "Dakwar et al. (2020) demonstrated that ketamine significantly reduced cocaine use [1]."
CLAIM_VAGUE = "Studies show ketamine is a cure."
CLAIM_IV = "Administering ketamine intravenously (IV) is the most effective method [2]."


@pytest.fixture
def library():
    return {
        key: library_study(key)
        for key in ("dakwar2019", "dakwar2020", "krupitsky2002", "mcarthur2024", "webmd")
    }


@pytest.fixture
def article():
    return make_article(captured_text=TEXT)


def cite(article, raw, **fields):
    return make_citation(article, raw_text=raw, **fields)


def history_counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def flag_codes(obj):
    return sorted(obj.flags.values_list("code", flat=True))


# --- Statuses of seed references ---------------------------------------------------------


def test_a_dakwar_reference_with_the_2019_title_but_2020_details_is_a_metadata_mismatch(
    library, article
):
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "metadata_mismatch"
    assert citation.study == library["dakwar2019"]
    assert [d["field"] for d in citation.discrepancies] == ["year", "volume", "issue", "pages"]
    assert "year written 2020, record says 2019" in citation.status_reason
    assert "pages written 911-918, record says 923-930" in citation.status_reason
    (flag,) = citation.flags.all()
    assert flag.code == "citation_metadata_mismatch"
    assert flag.message == (
        "The reference as written differs from the record of Dakwar 2019: year written 2020, "
        "record says 2019; volume written 177, record says 176; issue written 9, record says "
        "11; pages written 911-918, record says 923-930."
    )
    assert (flag.rule, flag.rule_version) == ("citation_status", 1)


def test_the_same_reference_written_correctly_is_verified_with_no_flag(library, article):
    citation = cite(article, DAKWAR_2019_RIGHT)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "verified"
    assert citation.study == library["dakwar2019"]
    assert citation.discrepancies == []
    assert citation.match_method == "fuzzy"
    assert 0.9 <= citation.match_confidence <= 1
    assert not citation.flags.exists()


def test_a_childcare_review_cited_by_its_doi_is_off_topic(library, article):
    citation = cite(article, MCARTHUR)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "off_topic"
    assert citation.study == library["mcarthur2024"]
    assert citation.match_method == "identifier"
    assert "about neither ketamine nor substance use" in citation.status_reason
    assert flag_codes(citation) == ["citation_off_topic"]


def test_a_study_a_placeholder_is_anonymous(library, article):
    citation = cite(article, "Study A", location="in_text", marker="")
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "anonymous"
    assert citation.study is None
    assert "placeholder" in citation.status_reason
    assert flag_codes(citation) == ["citation_anonymous"]


def test_a_plausible_reference_to_no_known_work_is_not_found(library, article):
    citation = cite(article, OLSSON)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "not_found"
    assert citation.study is None
    assert citation.match_confidence is None
    assert "first author Olsson" in citation.status_reason
    assert flag_codes(citation) == ["citation_not_found"]


def test_a_consumer_health_page_cited_for_efficacy_is_a_secondary_source(library, article):
    claim = make_claim(article, quote=CLAIM_RCT)
    citation = cite(article, WEBMD, location="link", marker="")
    make_link(claim, citation)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "secondary_source"
    assert citation.study == library["webmd"]
    assert citation.evidence["claim_types"] == ["efficacy"]


def test_the_parsed_fields_match_and_time_of_check_are_stored(library, article):
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.parsed["year"] == 2020
    assert citation.parsed["volume"] == "177"
    assert citation.parsed["authors"][0] == ["Dakwar", "E"]
    assert citation.checked_at is not None
    assert citation.evidence["study_id"] == str(library["dakwar2019"].pk)


# --- The editor's match ------------------------------------------------------------------


def test_an_editors_study_is_kept_and_the_written_reference_still_compared_with_it(
    library, article
):
    # Without the editor the matcher finds nothing for this garbled reference.
    citation = cite(
        article,
        "Krupitsky, E. M., et al. (2002). The efficacy of ketamine in the treatment of alcohol "
        "dependence: A randomized controlled trial. Journal of Substance Abuse Treatment, "
        "23(1), 89-96.",
        editor_study=library["krupitsky2002"],
    )
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.study == library["krupitsky2002"]
    assert citation.match_method == "editor"
    assert citation.match_confidence == 1.0
    assert citation.status == "metadata_mismatch"
    assert {d["field"] for d in citation.discrepancies} >= {"title", "issue", "pages"}


def test_an_editors_study_that_the_written_doi_does_not_lead_to_is_an_identifier_mismatch(
    library, article
):
    citation = cite(article, MCARTHUR, editor_study=library["dakwar2019"])
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.study == library["dakwar2019"]
    assert citation.status == "identifier_mismatch"
    assert (
        "the DOI 10.3389/fpubh.2024.1443992 belongs to McArthur et al. 2024 (\"Childcare as a "
        'social determinant of access to healthcare: a scoping review"), not to the study the '
        "editor identified"
    ) in citation.status_reason
    assert flag_codes(citation) == ["citation_identifier_mismatch"]


def test_accepting_a_match_records_the_editor_and_reverifies_on_commit(
    library, article, django_capture_on_commit_callbacks
):
    editor = make_user(editor=True)
    citation = cite(article, OLSSON)
    verify_citation(citation_id=citation.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        accept_match(citation_id=citation.pk, study_id=library["krupitsky2002"].pk, user=editor)
    assert len(callbacks) == 1
    citation.refresh_from_db()
    assert citation.editor_study == library["krupitsky2002"]
    assert citation.study == library["krupitsky2002"]
    assert citation.match_method == "editor"
    assert citation.history.filter(history_user=editor).exists()


def test_accepting_a_match_to_an_unknown_study_is_refused_clearly(library, article):
    citation = cite(article, OLSSON)
    with pytest.raises(ValidationError, match="There is no study with id 999999"):
        accept_match(citation_id=citation.pk, study_id=999999, user=make_user())


# --- Claims: flags and verdicts ----------------------------------------------------------


def test_claims_get_their_flags_and_verdicts_from_the_citations(library, article):
    rct = make_claim(article, quote=CLAIM_RCT, substances=["cocaine"])
    vague = make_claim(article, quote=CLAIM_VAGUE, substances=["cocaine"])
    iv = make_claim(article, quote=CLAIM_IV, substances=["opioids"])
    r1 = cite(article, DAKWAR_2020, marker="[1]")
    r2 = cite(article, OLSSON, marker="[2]", editor_study=library["krupitsky2002"])
    make_link(rct, r1, stance="supports", rationale="OR 5.7 for abstinence.")
    make_link(iv, r2, reliance="marker", stance="silent")
    verify_article(article_id=article.pk)
    for claim in (rct, vague, iv):
        claim.refresh_from_db()

    assert (rct.verdict, rct.certainty) == ("supported", "moderate")
    assert rct.rationale.startswith("Supported: Dakwar 2019 supports it.")
    assert flag_codes(rct) == []

    assert vague.verdict == "unsupported"
    assert flag_codes(vague) == ["no_citation", "vague_attribution"]

    assert iv.verdict == "unsupported"
    (misrepresentation,) = iv.flags.filter(code="misrepresentation")
    assert "which gave ketamine intramuscularly (IM); the claim says IV" in (
        misrepresentation.message
    )
    assert rct.computed_at is not None


def test_a_claim_without_judged_links_is_not_assessed_and_has_no_certainty(library, article):
    claim = make_claim(article, quote=CLAIM_RCT, substances=["cocaine"])
    make_link(claim, cite(article, DAKWAR_2020))
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    assert (claim.verdict, claim.certainty) == ("not_assessed", "")
    assert claim.rationale == (
        "Not assessed: it cites Dakwar 2019 (a randomised controlled trial, N=55), but no "
        "editor has judged yet whether it supports it."
    )


def test_recompute_claim_follows_a_changed_link(library, article):
    claim = make_claim(article, quote=CLAIM_RCT, substances=["cocaine"])
    link = make_link(claim, cite(article, DAKWAR_2020), stance="supports")
    verify_article(article_id=article.pk)
    link.stance = "contradicts"
    link.save()
    recompute_claim(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.verdict == "contradicted"


# --- Idempotence and history -------------------------------------------------------------


def test_a_first_verification_writes_one_history_row_per_claim(library, article):
    claim = make_claim(article, quote=CLAIM_RCT)
    make_link(claim, cite(article, DAKWAR_2020), stance="supports")
    before = claim.history.count()
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    # Its verdict and its accuracy were both written, in one save.
    assert claim.computed_at is not None and claim.computed_accuracy != "not_assessed"
    assert claim.history.count() == before + 1


def test_history_written_in_bulk_keeps_what_a_save_would_keep(library, article):
    claim = make_claim(article, quote=CLAIM_VAGUE, substances=["alcohol", "opioids"])
    stamped = claim.updated_at
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    assert claim.updated_at > stamped
    latest = claim.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("~", "verification")
    assert (latest.verdict, latest.computed_verdict) == (claim.verdict, claim.computed_verdict)
    assert sorted(s.substance_id for s in latest.substances.all()) == ["alcohol", "opioids"]
    (flag,) = claim.flags.filter(code="no_citation")
    created = flag.history.get()
    assert (created.history_type, created.history_change_reason) == ("+", "verification")
    assert created.message == flag.message


def test_verifying_twice_changes_no_row_and_adds_no_history(library, article):
    make_link(make_claim(article, quote=CLAIM_RCT), cite(article, DAKWAR_2020), stance="supports")
    make_claim(article, quote=CLAIM_VAGUE)
    cite(article, MCARTHUR, marker="[3]")
    first = verify_article(article_id=article.pk)
    assert first.citations_changed == 2 and first.flags_created > 0

    def rows():
        return (
            list(Citation.objects.order_by("pk").values("pk", "status", "study", "discrepancies")),
            list(Claim.objects.order_by("pk").values("pk", "verdict", "certainty", "rationale")),
            list(Flag.objects.order_by("pk").values("pk", "code", "message", "evidence_hash")),
        )

    before, history = rows(), history_counts()
    second = verify_article(article_id=article.pk)
    assert rows() == before
    assert history_counts() == history
    assert (second.citations_changed, second.claims_changed) == (0, 0)
    assert (second.flags_created, second.flags_updated, second.flags_deleted) == (0, 0, 0)


def test_a_fixed_reference_loses_its_flag(library, article):
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    citation.raw_text = DAKWAR_2019_RIGHT
    citation.save()
    report = verify_citation(citation_id=citation.pk)
    assert report.flags_deleted == 1
    assert not citation.flags.exists()


def test_a_dismissed_flag_stays_dismissed_across_a_rerun(library, article):
    editor = make_user(editor=True)
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    flag = citation.flags.get()
    dismiss_flag(flag_id=flag.pk, user=editor, reason="The 2020 print issue is a reprint.")
    verify_citation(citation_id=citation.pk)
    flag.refresh_from_db()
    assert flag.is_dismissed
    assert flag.dismissed_by == editor
    assert flag.dismissed_reason == "The 2020 print issue is a reprint."


def test_a_dismissed_flag_comes_back_when_its_evidence_changes(library, article):
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    flag = citation.flags.get()
    dismiss_flag(flag_id=flag.pk, user=make_user(editor=True), reason="A reprint.")
    citation.raw_text = DAKWAR_2020.replace("(2020)", "(2021)")
    citation.save()
    report = verify_citation(citation_id=citation.pk)
    flag.refresh_from_db()
    assert report.dismissals_cleared == 1
    assert not flag.is_dismissed
    assert flag.dismissed_reason == ""
    assert "year written 2021, record says 2019" in flag.message


def test_a_restored_flag_is_shown_again_and_history_keeps_the_dismissal(library, article):
    editor = make_user(editor=True)
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    flag = citation.flags.get()
    dismiss_flag(flag_id=flag.pk, user=editor, reason="A reprint.")
    verification.restore_flag(flag_id=flag.pk, user=editor)
    flag.refresh_from_db()
    assert not flag.is_dismissed
    assert flag.history.filter(dismissed_reason="A reprint.", history_user=editor).exists()


def test_dismissing_a_flag_needs_a_reason(library, article):
    citation = cite(article, DAKWAR_2020)
    verify_citation(citation_id=citation.pk)
    flag = citation.flags.get()
    with pytest.raises(ValidationError, match="Give a reason for dismissing the flag"):
        dismiss_flag(flag_id=flag.pk, user=make_user(), reason="   ")
    flag.refresh_from_db()
    assert not flag.is_dismissed


# --- Editors' verdict override -----------------------------------------------------------


def test_an_override_is_the_verdict_recorded_with_who_and_when_and_survives_reruns(
    library, article
):
    editor = make_user(editor=True)
    claim = make_claim(article, quote=CLAIM_RCT, substances=["cocaine"])
    make_link(claim, cite(article, DAKWAR_2020), stance="supports")
    verify_article(article_id=article.pk)
    override_verdict(
        claim_id=claim.pk,
        user=editor,
        verdict="overstated",
        certainty="low",
        rationale="One pilot trial does not show 'significantly reduced' in general.",
    )
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    assert (claim.verdict, claim.certainty) == ("overstated", "low")
    assert claim.computed_verdict == "supported"
    assert claim.overridden_by == editor and claim.overridden_at is not None
    assert claim.history.filter(history_user=editor, override_verdict="overstated").exists()

    override_verdict(claim_id=claim.pk, user=editor, verdict="")
    claim.refresh_from_db()
    assert (claim.verdict, claim.overridden_by) == ("supported", None)


@pytest.mark.parametrize(
    "fields, message",
    [
        pytest.param({"verdict": "great"}, "Unknown verdict", id="an unknown verdict"),
        pytest.param({"verdict": "supported", "rationale": ""}, "Say why",
                     id="a verdict without a rationale"),
        pytest.param({"verdict": "supported", "certainty": "certain", "rationale": "x"},
                     "Unknown certainty", id="an unknown certainty"),
    ],
)  # fmt: skip
def test_an_incomplete_override_is_refused_with_a_clear_message(article, fields, message):
    claim = make_claim(article, quote=CLAIM_RCT)
    with pytest.raises(ValidationError, match=message):
        override_verdict(claim_id=claim.pk, user=make_user(), **{"rationale": "x", **fields})


# --- Bad input, the match index, query counts --------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        pytest.param(lambda: verify_citation(citation_id=987654), "no citation with id 987654",
                     id="an unknown citation"),
        pytest.param(lambda: verify_article(article_id=987654), "no article with id 987654",
                     id="an unknown article"),
        pytest.param(lambda: recompute_claim(claim_id=987654), "no claim with id 987654",
                     id="an unknown claim"),
    ],
)  # fmt: skip
def test_an_unknown_id_is_a_clear_error(call, message):
    with pytest.raises(VerificationError, match=message):
        call()


def test_a_study_is_matchable_as_soon_as_it_is_saved_and_its_old_title_no_longer_is():
    written = parse_reference(
        "Ketamine-assisted psychotherapy for heroin addiction: immediate effects and two-year "
        "follow-up. 2002."
    )
    assert checking_index.current_index().matcher.match(written).study_id is None
    study = make_study(
        title="Ketamine-assisted psychotherapy for heroin addiction: immediate effects and "
        "two-year follow-up",
        year=2002,
    )
    assert checking_index.current_index().matcher.match(written).study_id == str(study.pk)
    study.title = "Quality of childcare and early learning"
    study.save()
    assert checking_index.current_index().matcher.match(written).study_id is None


def _article_with(n, library):
    article = make_article(captured_text=TEXT)
    claim = make_claim(article, quote=CLAIM_RCT)
    for i in range(n):
        raw = (DAKWAR_2020, MCARTHUR, OLSSON)[i % 3]
        make_link(claim, cite(article, raw, marker=f"[{i}]"), stance="supports")
    return article


def _article_with_claims(n):
    """n claims, each on a citation of its own, with flags to raise on both."""
    sentences = [f"Trial {i} showed ketamine cured addiction [{i}]." for i in range(n)]
    article = make_article(captured_text=" ".join(sentences))
    for i, sentence in enumerate(sentences):
        raw = (DAKWAR_2020, MCARTHUR, OLSSON, WEBMD)[i % 4]
        make_link(make_claim(article, quote=sentence), cite(article, raw, marker=f"[{i}]"))
    return article


def test_verifying_an_article_costs_a_constant_number_of_queries(library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _article_with_claims(4), _article_with_claims(12)
    # A first run writes every citation, claim, link and flag with its history, in bulk: a
    # fixed number of queries whatever the number of rows.
    with CaptureQueriesContext(connection) as small_run:
        first = verify_article(article_id=small.pk)
    with CaptureQueriesContext(connection) as large_run:
        verify_article(article_id=large.pk)
    assert first.citations_changed == 4 and first.claims_changed == 4 and first.flags_created >= 4
    assert len(large_run) == len(small_run)
    # Re-runs write nothing: fewer queries, the same whatever the number of citations.
    with CaptureQueriesContext(connection) as small_again:
        verify_article(article_id=small.pk)
    with CaptureQueriesContext(connection) as large_again:
        verify_article(article_id=large.pk)
    assert len(large_again) == len(small_again) < len(small_run)
    assert len(large_again) <= 29


def test_flags_no_longer_raised_are_deleted_in_bulk_with_their_history(library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _article_with_claims(4), _article_with_claims(12)
    for article in (small, large):
        verify_article(article_id=article.pk)
        for claim in article.claims.all():
            # A finding these claims, each leaning on a citation, do not give.
            make_flag(claim, code="no_citation")
    with CaptureQueriesContext(connection) as small_run:
        small_report = verify_article(article_id=small.pk)
    with CaptureQueriesContext(connection) as large_run:
        large_report = verify_article(article_id=large.pk)
    assert (small_report.flags_deleted, large_report.flags_deleted) == (4, 12)
    assert len(large_run) == len(small_run)
    assert not Flag.objects.filter(code="no_citation").exists()
    deleted = Flag.history.filter(history_type="-")
    assert deleted.count() == 16
    assert set(deleted.values_list("code", "history_change_reason")) == {
        ("no_citation", "verification: no longer raised")
    }


def test_verifying_articles_together_costs_the_queries_of_one_and_gives_the_same_answers(library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alone, together = [_article_with_claims(3)], [_article_with_claims(3) for _ in range(4)]
    with CaptureQueriesContext(connection) as one:
        runs.verify_articles(article_ids=[a.pk for a in alone])
    with CaptureQueriesContext(connection) as four:
        report = runs.verify_articles(article_ids=[a.pk for a in together])
    assert report.citations == report.claims == 12
    assert len(four) == len(one)

    def answers(articles):
        claims = Claim.objects.filter(article__in=articles).order_by("article", "start")
        return [(c.computed_verdict, c.computed_rationale, c.flags.count()) for c in claims]

    assert answers(together) == answers(alone) * 4
    for article in together:
        verify_article(article_id=article.pk)
    assert answers(together) == answers(alone) * 4


def test_verifying_articles_skips_one_deleted_meanwhile(library):
    kept, gone = _article_with_claims(2), _article_with_claims(2)
    gone_id = gone.pk
    gone.delete()
    report = runs.verify_articles(article_ids=[kept.pk, gone_id])
    assert report.citations == report.claims == 2
    with pytest.raises(VerificationError, match=f"no article with id {gone_id}"):
        verify_article(article_id=gone_id)


def test_verification_runs_in_one_transaction_and_rolls_back_whole(library, article, monkeypatch):
    claim = make_claim(article, quote=CLAIM_RCT)
    make_link(claim, cite(article, DAKWAR_2020), stance="supports")

    def broken(*args, **kwargs):
        raise RuntimeError("the verdict step failed")

    monkeypatch.setattr(runs, "compute_verdict", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        verify_article(article_id=article.pk)
    assert not Citation.objects.exclude(status="unchecked").exists()
    assert not Flag.objects.exists()


# --- Reasons name records, not ids ---------------------------------------------------------


def test_a_not_found_reason_names_the_closest_record_by_label_not_by_its_id(library, article):
    # Dakwar's author, journal, year and volume with other pages, and no title.
    citation = cite(article, "Dakwar E, et al. Am J Psychiatry. 2019;176(11):911-918.")
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.status == "not_found"
    assert (
        "The closest record, Dakwar 2019, was rejected: pages written 911-918, record says "
        "923-930."
    ) in citation.status_reason
    assert f", {library['dakwar2019'].pk}," not in citation.status_reason
    assert citation.evidence["closest_id"] == str(library["dakwar2019"].pk)  # data keeps ids


def test_a_vancouver_reference_without_a_title_is_verified_in_the_database(library, article):
    citation = cite(article, "Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930.")
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert (citation.status, citation.study) == ("verified", library["dakwar2019"])
    assert citation.parsed["title"] is None
    assert citation.parsed["container_title"] == "Am J Psychiatry"


# --- The editor's study: identifier conflicts as the matcher finds them ----------------------


def test_an_editors_study_whose_pmc_number_is_written_as_its_pmid_says_so(article):
    # steinhauser2024's PubMed Central number, 11649595, in a PubMed link (seed article 002).
    study = library_study("steinhauser2024")
    citation = cite(
        article, "https://pubmed.ncbi.nlm.nih.gov/11649595/", editor_study=study
    )
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert citation.study == study
    assert citation.status == "identifier_mismatch"
    (conflict,) = citation.evidence["identifier_conflicts"]
    assert conflict["kind"] == "pmcid_as_pmid"
    assert "is this study's PubMed Central number (PMC11649595), not its PMID (38881343)" in (
        citation.status_reason
    )


def test_the_editors_match_takes_its_identifier_conflicts_from_the_matching_module(
    monkeypatch,
):
    from studies.references import matching
    from studies.references.parsing import parse_reference
    from tests.studies.library_data import library_index, study_record

    seen = []
    real = matching.identifier_conflicts

    def spy(parsed, record, **kwargs):
        seen.append((record.id, kwargs.get("described_as")))
        return real(parsed, record, **kwargs)

    monkeypatch.setattr(matching, "identifier_conflicts", spy)
    parsed = parse_reference(MCARTHUR)  # its DOI is mcarthur2024's
    result = reference.editor_match(parsed, study_record("dakwar2019"), library_index())

    # The matcher's own match (mcarthur2024, by its DOI) and the editor's study: one function.
    assert seen == [("mcarthur2024", None), ("dakwar2019", "the study the editor identified")]
    (conflict,) = result.identifier_conflicts  # the DOI, reported once
    assert (conflict["kind"], conflict["field"]) == ("points_to_other_study", "doi")
    assert conflict["message"].endswith("not to the study the editor identified")


# --- A dismissed flag does not count against the claim ---------------------------------------

HEDGED = "Dakwar et al. (2020) demonstrated that ketamine significantly reduced cocaine use [1]."


def sessions_claim(article):
    """A hedged claim supported by dakwar2019, which an editor found gave one infusion."""
    claim = make_claim(article, quote=HEDGED, substances=["cocaine"], wording="hedged")
    link = make_link(
        claim,
        cite(article, DAKWAR_2019_RIGHT),
        stance="supports",
        misfit_reasons=["different_sessions"],
        rationale="The trial gave one infusion.",
    )
    verify_article(article_id=article.pk)
    claim.refresh_from_db()
    return claim, link


def test_a_misrepresentation_counts_against_the_claim_until_an_editor_dismisses_it(
    library, article
):
    claim, link = sessions_claim(article)
    assert (claim.verdict, claim.certainty) == ("partly_supported", "low")
    assert "Dakwar 2019 did something other than the claim says" in claim.rationale
    flag = claim.flags.get(code="misrepresentation")

    dismiss_flag(flag_id=flag.pk, user=make_user(editor=True), reason="One infusion is the claim.")
    recompute_claim(claim_id=claim.pk)
    claim.refresh_from_db()

    assert (claim.verdict, claim.certainty) == ("supported", "moderate")
    assert "did something other" not in claim.rationale
    assert "number of sessions" not in claim.rationale  # nor rated down for it
    assert claim.rationale.startswith("Supported: Dakwar 2019 supports it.")
    flag.refresh_from_db()
    assert flag.is_dismissed

    # The editor's judgement changes: the finding rests on new facts, so it counts again.
    link.misfit_reasons = ["different_sessions", "different_dose"]
    link.save()
    report = recompute_claim(claim_id=claim.pk)
    claim.refresh_from_db()
    flag.refresh_from_db()

    assert report.dismissals_cleared == 1 and not flag.is_dismissed
    assert (claim.verdict, claim.certainty) == ("partly_supported", "low")
    assert "Dakwar 2019 did something other than the claim says" in claim.rationale


def test_dismissing_or_restoring_a_claim_flag_recomputes_the_verdict_on_commit(
    library, article, django_capture_on_commit_callbacks
):
    claim, _link = sessions_claim(article)
    flag = claim.flags.get(code="misrepresentation")
    editor = make_user(editor=True)

    with django_capture_on_commit_callbacks(execute=True):
        dismiss_flag(flag_id=flag.pk, user=editor, reason="One infusion is the claim.")
    claim.refresh_from_db()
    assert claim.verdict == "supported"

    with django_capture_on_commit_callbacks(execute=True):
        verification.restore_flag(flag_id=flag.pk, user=editor)
    claim.refresh_from_db()
    assert claim.verdict == "partly_supported"


def test_an_override_to_not_assessed_cannot_carry_a_certainty(article):
    claim = make_claim(article, quote=CLAIM_RCT)
    with pytest.raises(ValidationError, match="A claim not assessed has no certainty"):
        override_verdict(
            claim_id=claim.pk,
            user=make_user(editor=True),
            verdict="not_assessed",
            certainty="high",
            rationale="Waiting for the full text.",
        )


# --- One run reads the library once, and again where it changed -----------------------------


def _queries_on(table, queries):
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_a_run_reads_a_studys_facts_once_for_all_the_articles_that_cite_it(library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = _article_with(3, library), _article_with(3, library)
    snapshot = LibrarySnapshot()
    with CaptureQueriesContext(connection) as first_run:
        verify_article(article_id=first.pk, library=snapshot)
    with CaptureQueriesContext(connection) as second_run:
        verify_article(article_id=second.pk, library=snapshot)
    assert _queries_on("studies_outcome", first_run)
    assert not _queries_on("studies_outcome", second_run)
    assert not _queries_on("studies_settledfact", second_run)
    # The same answers as articles verified each with a library of its own.
    verify_article(article_id=first.pk)
    claims = Claim.objects.filter(article__in=[first, second]).order_by("article")
    assert (
        len({(c.computed_verdict, c.computed_rationale, c.computed_accuracy) for c in claims}) == 1
    )


def test_a_run_sees_a_study_an_editor_changed_between_two_of_its_articles(library):
    first, second = _article_with(1, library), _article_with(1, library)
    snapshot = LibrarySnapshot()
    verify_article(article_id=first.pk, library=snapshot)
    before = Claim.objects.get(article=first).computed_rationale

    study = Citation.objects.get(article=first).study  # Dakwar 2019, an RCT
    study.design_code = "case_report"
    study.save()
    verify_article(article_id=second.pk, library=snapshot)
    after = Claim.objects.get(article=second).computed_rationale
    assert after != before
    verify_article(article_id=first.pk)  # a library of its own, read after the change
    assert Claim.objects.get(article=first).computed_rationale == after


def test_the_librarys_fingerprint_moves_when_a_studys_substances_change(library):
    # Study–substance links keep no history: their count and latest id stand for it.
    study = library["dakwar2020"]
    before = library_fingerprint()
    study.substances.clear()
    cleared = library_fingerprint()
    study.substances.add("cocaine")
    assert len({before, cleared, library_fingerprint()}) == 3


def test_a_snapshot_keeps_what_it_read_while_the_library_is_unchanged(
    library, django_assert_num_queries
):
    snapshot = LibrarySnapshot()
    snapshot.refresh()
    ids = [library["dakwar2020"].pk, library["krupitsky2002"].pk]
    facts = snapshot.studies(ids)
    with django_assert_num_queries(1):  # the fingerprint only
        snapshot.refresh()
        assert snapshot.studies(ids) == facts
    make_outcome(library["dakwar2020"], measure="Cocaine use days")
    snapshot.refresh()
    (measure,) = {o.measure for o in snapshot.studies(ids)[library["dakwar2020"].pk].outcomes} - {
        o.measure for o in facts[library["dakwar2020"].pk].outcomes
    }
    assert measure == "Cocaine use days"
