"""API views for the assertions: thin viewsets over the models, the editor services
(`claims.editing`, through the write serializers and the actions), exports and the reference
check. The services' errors become 400s and 404s in `core.api.exception_handler`."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import queries
from claims.api.filters import ArticleFilter, CitationFilter, ClaimFilter, FlagFilter, LinkFilter
from claims.api.serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    CitationSerializer,
    CitationWriteSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    DismissSerializer,
    FlagSerializer,
    LinkSerializer,
    LinkWriteSerializer,
    OverrideSerializer,
)
from claims.checking import batch as reference_check
from claims.checking.batch import MAX_REFERENCES
from claims.claimreview import review_of_claim
from claims.constants import CITATION_STATUSES
from claims.editing import articles, citations, flags, links, overrides
from claims.editing import claims as claim_edits
from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from claims.selectors import search_claims
from core.api import (
    ChangePermission,
    CursorPagination,
    PageNumberPagination,
    export_format_parameter,
    history_user,
)
from studies.api import exports
from studies.references.parsing import MAX_CHARS


class WriteThenReadMixin:
    """Editors write with ids (`write_serializer_class`); every answer, including the one
    to a write, is the resource as readers see it (`serializer_class`), nested and computed
    fields included. Deletions are recorded in history with the user too."""

    write_serializer_class = None
    # The editor service that deletes a row, and the name of its id argument.
    delete_service = None
    delete_argument = ""

    def complete(self, rows):
        """Load what the read serializer shows beyond the queryset (none by default)."""
        return rows

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def read(self, instance):
        [fresh] = self.complete([self.get_queryset().get(pk=instance.pk)])
        return self.serializer_class(fresh, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.read(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.read(serializer.instance))

    def perform_destroy(self, instance):
        self.delete_service(**{self.delete_argument: instance.pk}, user=history_user(self.request))


def write_schema(read, write, noun):
    """Schema for a writable resource whose requests take `write` and answers are `read`."""
    return {
        "create": extend_schema(summary=f"Add {noun} (editors)", request=write, responses={201: read}),
        "update": extend_schema(summary=f"Replace {noun} (editors)", request=write, responses=read),
        "partial_update": extend_schema(
            summary=f"Change some fields of {noun} (editors)", request=write, responses=read
        ),
        "destroy": extend_schema(summary=f"Delete {noun} (editors)"),
    }


# --- Articles -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List source articles (without their text)"),
    retrieve=extend_schema(summary="One source article with its captured text"),
    create=extend_schema(summary="Add a source article (editors)"),
    update=extend_schema(summary="Replace a source article (editors)"),
    partial_update=extend_schema(summary="Change a source article (editors)"),
    destroy=extend_schema(summary="Delete a source article (admins only)"),
)
class ArticleViewSet(viewsets.ModelViewSet):
    queryset = SourceArticle.objects.all()
    pagination_class = PageNumberPagination
    filterset_class = ArticleFilter
    search_fields = ["title", "publisher", "author", "url"]
    ordering_fields = ["title", "published_on", "captured_at", "id"]
    ordering = ["title", "id"]

    def get_queryset(self):
        articles = SourceArticle.objects.all()
        if self.action == "list":
            # The captured text can be long; the list never shows it.
            articles = articles.defer("captured_text")
        return articles

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleSerializer

    def perform_destroy(self, instance):
        articles.delete_article(article_id=instance.pk, user=history_user(self.request))


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
        responses=ClaimSerializer,
    )
    @action(detail=True, methods=["post", "delete"], permission_classes=[ChangePermission])
    def override(self, request, pk=None):
        claim = self.get_object()
        if request.method == "DELETE":
            overrides.clear_override(claim_id=claim.pk, user=request.user)
        else:
            serializer = OverrideSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            overrides.override_verdict(
                claim_id=claim.pk,
                verdict=serializer.validated_data["verdict"],
                certainty=serializer.validated_data.get("certainty", ""),
                rationale=serializer.validated_data["rationale"],
                user=request.user,
            )
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
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
        },
    )
    @action(detail=False, methods=["get"], renderer_classes=CLAIM_EXPORT_RENDERERS)
    def export(self, request, format=None):
        claims = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "jsonld":
            reviews = (self.claim_review(claim) for claim in self.in_chunks(claims))
            return Response([review for review in reviews if review is not None])
        return Response([self.claim_row(claim) for claim in self.in_chunks(claims)])

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
        return review_of_claim(
            claim, url=claim_page_url(self.request, claim), cited=bool(claim.evidence_links)
        )

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


# --- Citations and links --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List citations with their status and matched study"),
    retrieve=extend_schema(summary="One citation"),
    **write_schema(CitationSerializer, CitationWriteSerializer, "a citation"),
)
class CitationViewSet(WriteThenReadMixin, viewsets.ModelViewSet):
    queryset = Citation.objects.all()
    serializer_class = CitationSerializer
    write_serializer_class = CitationWriteSerializer
    pagination_class = CursorPagination
    filterset_class = CitationFilter
    search_fields = ["raw_text", "key", "marker"]
    ordering_fields = ["id", "article_id", "position", "status", "created_at", "updated_at"]
    ordering = ["id"]  # indexed, as for claims; `?article=…&ordering=position` for list order

    def get_queryset(self):
        return queries.citations_with_study()

    delete_service = staticmethod(citations.delete_citation)
    delete_argument = "citation_id"


@extend_schema_view(
    list=extend_schema(summary="List claim-citation links with editors' judgements"),
    retrieve=extend_schema(summary="One claim-citation link"),
    **write_schema(LinkSerializer, LinkWriteSerializer, "a claim-citation link"),
)
class LinkViewSet(WriteThenReadMixin, viewsets.ModelViewSet):
    """Editing a link changes the evidence of its claim, whose verdict is then recomputed."""

    queryset = ClaimCitation.objects.all()
    serializer_class = LinkSerializer
    write_serializer_class = LinkWriteSerializer
    pagination_class = CursorPagination
    filterset_class = LinkFilter
    search_fields = ["rationale", "citation__raw_text"]
    # Not judged_at: it is empty for most links, and a cursor cannot page past an empty
    # position (CursorPagination): `-judged_at` stopped after the first page.
    ordering_fields = ["id", "claim_id"]
    ordering = ["id"]

    def get_queryset(self):
        return queries.links_with_citations()

    delete_service = staticmethod(links.delete_link)
    delete_argument = "link_id"


# --- Flags ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List flags on claims and citations"),
    retrieve=extend_schema(summary="One flag"),
)
class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Flags are raised by the verification rules; editors dismiss or restore them."""

    queryset = Flag.objects.all()
    serializer_class = FlagSerializer
    pagination_class = CursorPagination
    filterset_class = FlagFilter
    search_fields = ["message"]
    ordering_fields = ["id", "code", "severity", "created_at", "updated_at"]
    ordering = ["id"]

    def get_queryset(self):
        return Flag.objects.select_related("dismissed_by")

    def read(self, flag):
        return FlagSerializer(self.get_queryset().get(pk=flag.pk), context=self.get_serializer_context()).data

    @extend_schema(
        summary="Dismiss a flag with a reason (editors)", request=DismissSerializer, responses=FlagSerializer
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def dismiss(self, request, pk=None):
        flag = self.get_object()
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flags.dismiss_flag(flag_id=flag.pk, reason=serializer.validated_data["reason"], user=request.user)
        return Response(self.read(flag))

    @extend_schema(summary="Restore a dismissed flag (editors)", request=None, responses=FlagSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def restore(self, request, pk=None):
        flag = self.get_object()
        flags.restore_flag(flag_id=flag.pk, user=request.user)
        return Response(self.read(flag))


# --- Reference check ------------------------------------------------------------------------

class StrictCharField(serializers.CharField):
    """A string, and only a string: DRF's CharField would turn 12 or 1.5 into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ReferenceCheckSerializer(serializers.Serializer):
    references = serializers.ListField(
        child=StrictCharField(max_length=MAX_CHARS, trim_whitespace=False),
        allow_empty=False,
        max_length=MAX_REFERENCES,
        help_text=f"Reference strings as written, at most {MAX_REFERENCES}.",
    )


class DiscrepancySerializer(serializers.Serializer):
    field = serializers.CharField()
    written = serializers.CharField(allow_null=True)
    canonical = serializers.CharField(allow_null=True)


class CheckedStudySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doi = serializers.CharField(allow_blank=True, allow_null=True)
    pmid = serializers.CharField(allow_blank=True, allow_null=True)
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class ReferenceCheckResultSerializer(serializers.Serializer):
    input = serializers.CharField()
    status = serializers.ChoiceField(choices=CITATION_STATUSES)
    study = CheckedStudySerializer(allow_null=True)
    discrepancies = DiscrepancySerializer(many=True)
    confidence = serializers.FloatField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class ReferenceCheckView(APIView):
    """Check reference strings against the study library; nothing is saved, so anyone may."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="references_check",
        summary="Check reference strings against the study library",
        description=(
            "Each reference is matched against the library and compared field by field, as "
            f"the citations of an article are. Nothing is saved. At most {MAX_REFERENCES} "
            "references per request."
        ),
        request=ReferenceCheckSerializer,
        responses={
            200: inline_serializer(
                "ReferenceCheckResponse",
                {"results": ReferenceCheckResultSerializer(many=True)},
            ),
            400: OpenApiResponse(description="Not a list of strings, or more than the limit."),
        },
        examples=[
            OpenApiExample(
                "One reference",
                request_only=True,
                value={"references": ["Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930."]},
            )
        ],
    )
    def post(self, request):
        serializer = ReferenceCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            results = reference_check.check_references(
                references=serializer.validated_data["references"]
            )
        except reference_check.ReferenceCheckError as e:
            raise serializers.ValidationError({"references": [str(e)]}) from None
        return Response({"results": ReferenceCheckResultSerializer(results, many=True).data})
