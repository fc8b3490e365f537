"""POST /api/articles/intake: a page in, its proposed claims and citations out (editors).

With `dry_run` (the default) nothing is saved and the proposal is returned: the same JSON
as `manage.py ingest_article --dry-run --json`. With `dry_run: false` the proposals (all of
them, or those named in `accept`) are saved as one article through the editor services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError as BadInput
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.editing.intake import accept_intake
from claims.intake.capture import CaptureError, capture_page, check_size
from claims.intake.selection import SelectionError, select
from claims.selectors import intake_proposal
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
            200: OpenApiResponse(description="The proposal (dry run): nothing saved."),
            201: OpenApiResponse(description="Saved: the article with its counts."),
            400: OpenApiResponse(description="The page cannot be taken in; `detail` says why."),
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
        return Response(
            {
                "article": {"id": article.pk, "key": article.key, "title": article.title},
                "claims": article.claims.count(),
                "citations": article.citations.count(),
            },
            status=status.HTTP_201_CREATED,
        )
