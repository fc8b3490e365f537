"""When an editor changes or deletes a study, the citations that point at it are checked again,
and the claims it may bear on uncited are reassessed. When a study is added, the citations
that found their work nowhere and name it (by DOI, PMID, first author and year, or the name
of its trial) are checked again too: it may be the work they cite.

Connected to `studies.signals` in `claims.apps`: the literature does not know who listens.
"""

from django.db.models import Q

from claims.assessment.facts import GENERAL_SUBSTANCES, NO_SUBSTANCE
from claims.models import Citation, Claim
from claims.verification.dispatch import request_naming_check, request_verification
from core.saving import save_changes
from studies.models import Substance

RELEASED = "The study it was matched to was deleted; it is checked again."


def _pointing_at(study_ids):
    return Citation.objects.filter(Q(study_id__in=study_ids) | Q(editor_study_id__in=study_ids))


def _bearing_on(study_ids, substances=()):
    """Claims the studies may bear on beyond their citations (omitted evidence): those about
    a substance the studies are (or, `substances`, were) about, those about substance use in
    general or about no substance of use (they meet every study), and those that name none."""
    about = Substance.objects.filter(Q(studies__in=study_ids) | Q(code__in=list(substances)))
    return Claim.objects.filter(
        Q(substances__in=about)
        | Q(substances__code__in=[*GENERAL_SUBSTANCES, NO_SUBSTANCE])
        | Q(substances__isnull=True)
    ).distinct()


def recheck_citations(sender, *, study_ids, substances=(), uncited=True, **kwargs) -> None:
    """The studies' facts changed (kind of source, topic, design, outcomes...), or they were
    added: check their citations and those that may name them, and (unless `uncited` is
    False) reassess the claims they may bear on uncited, under their substances of before and
    after the change."""
    request_verification(
        citation_ids=_pointing_at(study_ids).values_list("pk", flat=True),
        claim_ids=_bearing_on(study_ids, substances).values_list("pk", flat=True) if uncited else (),
    )
    # Finding them reads every citation not found: a worker's job, not the editor's request's.
    request_naming_check(study_ids=study_ids)


def release_citations(sender, *, study_ids, user=None, **kwargs) -> None:
    """Before studies are deleted: their citations let go of them (a verified citation must
    have a study) and are checked again once the deletion commits."""
    citations = list(_pointing_at(study_ids).select_for_update())
    for citation in citations:
        values = {"status": "unchecked", "status_reason": RELEASED, "study_id": None}
        if citation.editor_study_id in study_ids:
            values["editor_study_id"] = None
        save_changes(citation, values, reason="its study was deleted", user=user)
    # The claims they bore on uncited, found while the studies' substances are still there.
    request_verification(
        citation_ids=[c.pk for c in citations],
        claim_ids=list(_bearing_on(study_ids).values_list("pk", flat=True)),
    )
