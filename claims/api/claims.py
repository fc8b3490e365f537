"""Claims with their evidence chain, the verdict override, and the claims' exports."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api import queries
from claims.api.common import WriteThenReadMixin, write_schema
from claims.api.filters import ClaimFilter
from claims.api.serializers import (
    ClaimListSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    OverrideSerializer,
)
from claims.claimreview import review_of_claim
from claims.editing import claims as claim_edits
from claims.editing import overrides
from claims.models import Claim
from claims.selectors import search_claims
from core.api import (
    CursorPagination,
    expected_version,
    export_format_parameter,
)
from core.permissions import ChangePermission
from studies.api import exports

# --- Claims ---------------------------------------------------------------------------------

CLAIM_EXPORT_RENDERERS = [exports.CSVRenderer, exports.JSONLDRenderer]


def claim_page_url(request, claim):
    """The claim's public page: what a ClaimReview points readers to."""
    return request.build_absolute_uri(reverse("claim_detail", args=[claim.pk]))


@extend_schema_view(
    list=extend_schema(
        summary="List claims with their evidence chain",
        description=(
            "Each claim carries its verdict, flags and links; each link its citation's "
            "status, reason and discrepancies and a summary of the study. Cursor-paginated: "
            "follow `next`."
        ),
    ),
    retrieve=extend_schema(summary="One claim with its evidence chain"),
    **write_schema(ClaimSerializer, ClaimWriteSerializer, "a claim"),
)
class ClaimViewSet(exports.ErrorsAsJSONMixin, WriteThenReadMixin, viewsets.ModelViewSet):
    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    write_serializer_class = ClaimWriteSerializer
    pagination_class = CursorPagination
    filterset_class = ClaimFilter
    # `?search=` (core.api.SearchFilter): what the claim pages' search finds.
    search_function = staticmethod(search_claims)
    ordering_fields = ["id", "article_id", "start", "verdict", "claim_type", "created_at", "updated_at"]
    # By id: the primary key's index keeps every page as cheap as the first. Claims are
    # entered article by article in text order; `?article=…&ordering=start` gives the text
    # order of one article exactly.
    ordering = ["id"]
    export_name = "claims"
    export_columns = [
        "id", "api_url", "article_key", "article_title", "article_url", "key", "quote",
        "claim_type", "wording", "substances", "verdict", "certainty", "rationale",
        "overridden", "citations", "citation_statuses", "studies", "open_flags",
    ]

    def get_queryset(self):
        # The list reads plain rows (see claims.api.queries); exports show when each verdict
        # was reached, and writes answer with the claim's detail: they read whole claims.
        return queries.claims_with_evidence(detail=self.action != "list")

    def get_serializer_class(self):
        if self.action == "list":
            return ClaimListSerializer
        return super().get_serializer_class()

    def complete(self, claims):
        return queries.attach_evidence(claims)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else self.complete(page)

    def get_object(self):
        [claim] = self.complete([super().get_object()])
        return claim

    delete_service = staticmethod(claim_edits.delete_claim)
    delete_argument = "claim_id"

    @extend_schema(
        methods=["POST"],
        summary="Override a claim's verdict (editors)",
        description="The editor's verdict replaces the computed one; who, when and why are recorded.",
        request=OverrideSerializer,
        responses=ClaimSerializer,
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove an editor's verdict: the computed one applies again (editors)",
        request=None,
        # The claim as it now reads, with its computed verdict: a 200 with a body.
        responses={200: ClaimSerializer},
    )
    @action(detail=True, methods=["post", "delete"], permission_classes=[ChangePermission])
    def override(self, request, pk=None):
        claim = self.get_object()
        version = expected_version(request)
        if request.method == "DELETE":
            overrides.clear_override(claim_id=claim.pk, user=request.user, version=version)
        else:
            serializer = OverrideSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                overrides.override_verdict(
                    claim_id=claim.pk,
                    verdict=serializer.validated_data["verdict"],
                    certainty=serializer.validated_data.get("certainty", ""),
                    rationale=serializer.validated_data["rationale"],
                    user=request.user,
                    version=version,
                )
            except DjangoValidationError as problem:
                # The service names the claim's fields; the request's are named without
                # their "override_".
                named = problem.message_dict if hasattr(problem, "error_dict") else {"verdict": problem.messages}
                raise serializers.ValidationError(
                    {name.removeprefix("override_"): messages for name, messages in named.items()}
                ) from None
        return Response(self.read(claim))

    @extend_schema(
        summary="Export claims as CSV or schema.org ClaimReview JSON-LD",
        description=(
            "The claims the same filters, search and ordering select, unpaginated. "
            "`export.csv` or `export.jsonld` (or `?format=`) chooses the format. ClaimReview "
            "holds only assessed claims: a claim not assessed has no review to publish."
        ),
        filters=True,
        parameters=[export_format_parameter(CLAIM_EXPORT_RENDERERS)],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/ld+json"): exports.JSON_ARRAY,
        },
    )
    @action(detail=False, methods=["get"], renderer_classes=CLAIM_EXPORT_RENDERERS)
    def export(self, request, format=None):
        claims = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "jsonld":
            reviews = (self.claim_review(claim) for claim in self.in_chunks(claims))
            rows = (review for review in reviews if review is not None)
        else:
            rows = (self.claim_row(claim) for claim in self.in_chunks(claims))
        return exports.streamed_export(request, self, rows)

    def in_chunks(self, claims, size=500):
        """Every claim with its evidence, a chunk at a time: an export is not paginated."""
        chunk = []
        for claim in claims.iterator(chunk_size=size):
            chunk.append(claim)
            if len(chunk) == size:
                yield from self.complete(chunk)
                chunk = []
        yield from self.complete(chunk)

    def claim_review(self, claim):
        return review_of_claim(claim, url=claim_page_url(self.request, claim))

    def claim_row(self, claim):
        citations = [link["citation"] for link in claim.evidence_links]
        return {
            "id": claim.pk,
            "api_url": self.request.build_absolute_uri(reverse("api:claim-detail", args=[claim.pk])),
            "article_key": claim.article.key,
            "article_title": claim.article.title,
            "article_url": claim.article.url,
            "key": claim.key,
            "quote": claim.quote,
            "claim_type": claim.claim_type,
            "wording": claim.wording,
            "substances": claim.substance_codes,
            "verdict": claim.verdict,
            "certainty": claim.certainty,
            "rationale": claim.rationale,
            "overridden": claim.is_overridden,
            "citations": [citation["marker"] or citation["key"] for citation in citations],
            "citation_statuses": [citation["status"] for citation in citations],
            "studies": [c["study"]["short_label"] for c in citations if c["study"] is not None],
            "open_flags": [flag["code"] for flag in claim.flag_summaries if not flag["is_dismissed"]],
        }


