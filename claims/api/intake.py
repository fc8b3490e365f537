"""POST /api/articles/intake: a page in, its proposed claims and citations out (editors).

With `dry_run` (the default) nothing is saved and the proposal is returned: the same JSON
as `manage.py ingest_article --dry-run --json`. With `dry_run: false` the proposals (all of
them, or those named in `accept`) are saved as one article through the editor services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError as BadInput
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.references import CheckedStudySerializer
from claims.constants import CITATION_STATUSES
from claims.editing.intake import accept_intake, details_not_applied, not_applied_sentence
from claims.intake.capture import CaptureError, capture_page, check_size
from claims.intake.selection import SelectionError, select
from claims.selectors import article_holdings, intake_proposal
from core.api import history_user
from core.parsers import JSONParser
from core.permissions import MethodFirst


class CanAddArticles(MethodFirst, permissions.BasePermission):
    """Intake is an editor's tool, its dry run included (it runs the matcher over a page)."""

    def has_permission(self, request, view):
        allowed = super().has_permission(request, view)  # a 405 first for a method it does not take
        return allowed and bool(request.user and request.user.has_perm("claims.add_sourcearticle"))


class AcceptSerializer(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text="Indexes (from 0) of the proposed claims to save; all when left out.",
    )
    citations = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Keys of the proposed citations to save; all when left out.",
    )
    studies = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text="Citation key -> the study an editor matched it to (null: leave unmatched).",
    )


class IntakeSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, trim_whitespace=False, help_text="Pasted text.")
    html = serializers.CharField(required=False, trim_whitespace=False, help_text="Pasted HTML.")
    file = serializers.FileField(required=False, help_text="A .txt, .md or .html file.")
    fetch = serializers.BooleanField(
        default=False, help_text="Fetch the page at `url` (where the network allows)."
    )
    url = serializers.URLField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=400)
    publisher = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    author = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    dry_run = serializers.BooleanField(default=True, help_text="Save nothing (the default).")
    accept = AcceptSerializer(required=False)

    def validate(self, data):
        given = [name for name in ("text", "html", "file") if data.get(name) not in (None, "")]
        if data["fetch"]:
            given.append("fetch")
            if not data["url"]:
                raise BadInput({"url": "Give the address to fetch."})
        if len(given) != 1:
            raise BadInput(
                {"non_field_errors": "Give the page one way: text, html, file, or fetch with url"
                 + (f" (got {', '.join(given)})." if given else ".")}
            )  # fmt: skip
        if data.get("file") is not None:
            try:
                check_size(data["file"].size)
            except CaptureError as problem:
                raise BadInput({"file": str(problem)}) from None
        return data


# --- What intake answers: the proposal (a dry run) and the saved article ----------------------
# Described for the schema only: the answer is the proposal as `intake_proposal` builds it.


def _text():
    return serializers.CharField(allow_blank=True)


def _texts():
    return serializers.ListField(child=_text())


class IntakeReferenceSerializer(serializers.Serializer):
    marker = _text()
    label = _text()
    raw = _text()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = _text()


class IntakeMarkerSerializer(serializers.Serializer):
    marker = _text()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = _text()
    reference = serializers.CharField(allow_null=True, help_text="The marker of the entry it points at.")


class IntakeSuggestionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CITATION_STATUSES)
    study = CheckedStudySerializer(allow_null=True)
    confidence = serializers.FloatField(allow_null=True)
    reason = _text()


class IntakeCitationSerializer(serializers.Serializer):
    key = _text()
    location = _text()
    marker = _text()
    raw = _text()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    suggestion = IntakeSuggestionSerializer(allow_null=True, help_text="The library's match, if any.")
    confident = serializers.BooleanField()


class IntakeClaimSerializer(serializers.Serializer):
    quote = _text()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    claim_type = _text()
    wording = _text()
    substances = _texts()
    citations = _texts()
    mentions = _texts()
    citation_keys = _texts()
    confident = serializers.BooleanField()


class IntakeCaptureSerializer(serializers.Serializer):
    text_hash = _text()
    source_hash = _text()
    kind = _text()
    title = _text()
    publisher = _text()
    author = _text()
    published = _text()
    url = _text()


class IntakeProposalSerializer(serializers.Serializer):
    text = _text()
    heading = _text()
    references = IntakeReferenceSerializer(many=True)
    markers = IntakeMarkerSerializer(many=True)
    citations = IntakeCitationSerializer(many=True)
    claims = IntakeClaimSerializer(many=True)
    captured = IntakeCaptureSerializer()
    article = inline_serializer(
        "IntakeSavedArticle",
        {"id": serializers.IntegerField(), "key": serializers.CharField()},
        allow_null=True,
        help_text="The article already saved with this very text, if there is one.",
    )
    already_saved = inline_serializer(
        "IntakeAlreadySaved", {"claims": serializers.IntegerField(), "citations": serializers.IntegerField()}
    )
    saved_citations = serializers.DictField(
        child=serializers.IntegerField(), help_text="Citation key -> id of the citation saved already."
    )
    saved_claims = inline_serializer(
        "IntakeSavedClaim", {"claim_id": serializers.IntegerField(), "citation_keys": _texts()}, many=True
    )


class IntakeSavedSerializer(serializers.Serializer):
    """What a save answers: the article, what it holds and what this request added."""

    article = inline_serializer(
        "IntakeArticle",
        {
            "id": serializers.IntegerField(),
            "key": serializers.CharField(),
            "title": serializers.CharField(),
        },
    )
    claims = serializers.IntegerField(help_text="Claims the article holds.")
    citations = serializers.IntegerField(help_text="Citations the article holds.")
    already_taken_in = serializers.BooleanField(
        help_text="The article held this very text before: added to, not created (a 200)."
    )
    added = inline_serializer(
        "IntakeAdded",
        {"claims": serializers.IntegerField(), "citations": serializers.IntegerField()},
        help_text="What this request added.",
    )
    not_applied = serializers.DictField(
        child=serializers.CharField(),
        help_text="The title, publisher, author or url given that differ from the saved "
        "article's and were not applied to it (a page taken in before is never renamed).",
    )
    detail = serializers.CharField(help_text="What was saved, in a sentence.")


def _capture(data):
    upload = data.get("file")
    return capture_page(
        text=data.get("text", ""),
        html=data.get("html", ""),
        data=upload.read() if upload is not None else None,
        filename=upload.name if upload is not None else "",
        content_type=(upload.content_type or "") if upload is not None else "",
        url=data["url"],
        fetch_page=data["fetch"],
        allowed_hosts=settings.INTAKE_FETCH_ALLOWED_HOSTS,
    )


class IntakeView(APIView):
    """Take in a page: propose its claims, references and markers; save them when asked."""

    permission_classes = [CanAddArticles]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="articles_intake",
        summary="Take in a page: propose (or save) its claims and citations (editors)",
        request={"application/json": IntakeSerializer, "multipart/form-data": IntakeSerializer},
        responses={
            200: OpenApiResponse(
                response=PolymorphicProxySerializer(
                    component_name="IntakeProposalOrSaved",
                    serializers=[IntakeProposalSerializer, IntakeSavedSerializer],
                    resource_type_field_name=None,
                ),
                description="The proposal (dry run): nothing saved. Or, with `dry_run: false`, "
                "a page already taken in (an article holds this very text): what was added to "
                "that article, with `already_taken_in: true`; the title, publisher, author and "
                "url given are not applied to it, and `not_applied` lists those that differ.",
            ),
            201: OpenApiResponse(
                response=IntakeSavedSerializer,
                description="Saved as a new article: the article with its counts.",
            ),
            400: OpenApiResponse(
                description=(
                    "The page cannot be taken in: `detail` says why, or, for input that cannot "
                    "be read, each field's messages by name (`text`, `url`, `accept`; the page "
                    "given more than one way under `non_field_errors`)."
                )
            ),
            403: OpenApiResponse(description="Not an editor."),
        },
    )
    def post(self, request):
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            captured = _capture(data)
        except CaptureError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        proposal = intake_proposal(captured=captured)
        if data["dry_run"]:
            return Response(proposal)
        accept = data.get("accept") or {}
        try:
            citations, claims = select(
                proposal,
                text=captured.text,
                claims=accept.get("claims"),
                citations=accept.get("citations"),
                studies=accept.get("studies"),
            )
        except SelectionError as problem:
            return Response({"accept": [str(problem)]}, status=status.HTTP_400_BAD_REQUEST)
        taken_in = proposal["article"]  # an article with this very text, saved before
        before = (
            article_holdings(article_id=taken_in["id"])
            if taken_in
            else {"claims": 0, "citations": 0}
        )
        try:
            article = accept_intake(
                user=history_user(request),
                captured=captured,
                citations=citations,
                claims=claims,
                saved_citations=proposal["saved_citations"],
                saved_claims=proposal["saved_claims"],
                title=data["title"],
                publisher=data["publisher"],
                author=data["author"],
                url=data["url"],
            )
        except ValidationError as error:
            return Response(
                {"detail": "; ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        totals = article_holdings(article_id=article.pk)
        added = {name: totals[name] - before[name] for name in totals}
        # An article taken in before is added to, never renamed: the details given now are
        # said to be left unapplied rather than dropped without a word.
        not_applied = details_not_applied(article, data) if taken_in else {}
        return Response(
            {
                "article": {"id": article.pk, "key": article.key, "title": article.title},
                **totals,
                "already_taken_in": bool(taken_in),
                "added": added,
                "not_applied": not_applied,
                "detail": _saved_detail(article, added, not_applied, taken_in=bool(taken_in)),
            },
            status=status.HTTP_200_OK if taken_in else status.HTTP_201_CREATED,
        )


def _saved_detail(article, added: dict, not_applied: dict, *, taken_in: bool) -> str:
    counts = f"{added['claims']} claim(s) and {added['citations']} citation(s) added"
    if not taken_in:
        return f"Saved as article {article.pk}: {counts}."
    detail = f"This page was already taken in as article {article.pk} ({article.title!r}): {counts}."
    if not_applied:
        detail += f" {not_applied_sentence(list(not_applied))}"
    return detail
