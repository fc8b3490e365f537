"""Citations: add one, change it, accept a match, delete it."""

from django.db import transaction

from claims.editing.common import existing, stamp, unknown_fields
from claims.models import Citation, ClaimCitation, SourceArticle
from claims.verification.dispatch import request_verification
from core.saving import check_version, locked
from studies.models import Study

CITATION_FIELDS = (
    "key",
    "marker",
    "raw_text",
    "location",
    "position",
    "editor_study_id",
    "editor_note",
)
# What a citation is checked against: changing one of these checks it again (its position
# too: the claims on it read their citations in the article's order).
CHECKED_FIELDS = ("raw_text", "marker", "location", "position", "editor_study_id")


def create_citation(
    *, user, note: str = "", article_id: int, key: str, raw_text: str, location: str, **details
) -> Citation:
    """Add a reference as the article gives it; it is checked when the transaction commits."""
    unknown_fields(details, CITATION_FIELDS)
    with transaction.atomic():
        article = existing(SourceArticle, article_id, "article", field="article")
        existing(Study, details.get("editor_study_id"), "study", field="editor_study")
        citation = Citation(
            article=article, key=key, raw_text=raw_text, location=location, **details
        )
        citation.full_clean()
        stamp(citation, user=user, reason=note or "citation added by an editor")
        citation.save()
        request_verification(citation_ids=[citation.pk])
    return citation


def update_citation(
    *, citation_id: int, user, note: str = "", version: int | None = None, **changes
) -> Citation:
    """Change a citation; a citation stays in its article. When what it is checked against
    changed (its text, marker, location or the editor's study) it is checked again."""
    unknown_fields(changes, CITATION_FIELDS)
    with transaction.atomic():
        citation = locked(Citation, citation_id, "citation")
        check_version(citation, version, "citation")
        if "editor_study_id" in changes:
            existing(Study, changes["editor_study_id"], "study", field="editor_study")
        changed = [name for name, value in changes.items() if getattr(citation, name) != value]
        if changed:
            for name in changed:
                setattr(citation, name, changes[name])
            citation.full_clean()
            reason = "citation changed by an editor"
            if changed == ["editor_study_id"]:
                reason = _match_reason(citation.editor_study_id)
            stamp(citation, user=user, reason=note or reason)
            citation.save()
        if set(changed) & set(CHECKED_FIELDS):
            request_verification(citation_ids=[citation.pk])
    return citation


def _match_reason(study_id) -> str:
    return "editor accepted a match" if study_id else "editor cleared the match"


def accept_match(
    *, citation_id: int, study_id: int | None, user, version: int | None = None
) -> Citation:
    """Record the editor's study for a citation (None clears it) and check it again on
    commit. The status still comes from comparing the written reference with that study,
    so a wrong year or page is still reported."""
    with transaction.atomic():
        citation = locked(Citation, citation_id, "citation")
        check_version(citation, version, "citation")
        existing(Study, study_id, "study", field="study")
        if citation.editor_study_id != study_id:
            citation.editor_study_id = study_id
            stamp(citation, user=user, reason=_match_reason(study_id))
            citation.save()
        request_verification(citation_ids=[citation.pk])
    return citation


def delete_citation(
    *, citation_id: int, user, note: str = "", version: int | None = None
) -> None:
    """Delete a citation with its links; the claims that leaned on it are reassessed."""
    with transaction.atomic():
        citation = locked(Citation, citation_id, "citation")
        check_version(citation, version, "citation")
        claim_ids = list(
            ClaimCitation.objects.filter(citation=citation).values_list("claim_id", flat=True)
        )
        stamp(citation, user=user, reason=note or "citation deleted by an editor")
        citation.delete()
        request_verification(claim_ids=claim_ids)
