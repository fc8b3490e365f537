"""Citations and claim-citation links, written by the editor services."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from claims.api import queries
from claims.api.common import WriteThenReadMixin, write_schema
from claims.api.filters import CitationFilter, LinkFilter
from claims.api.serializers import (
    CitationSerializer,
    CitationWriteSerializer,
    LinkSerializer,
    LinkWriteSerializer,
)
from claims.editing import citations, links
from claims.models import Citation, ClaimCitation
from core.api import (
    CursorPagination,
)

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
        return queries.links_with_citations(with_claim=True)

    delete_service = staticmethod(links.delete_link)
    delete_argument = "link_id"


