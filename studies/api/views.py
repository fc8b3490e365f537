"""API views for the literature: thin viewsets over the models, with their filters and exports."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    ETagMixin,
    IdsFirstPaginator,
    OrderingFilter,
    PageNumberPagination,
    SearchFilter,
    expected_version,
    export_format_parameter,
    history_user,
)
from studies.api import exports
from studies.api.filters import OutcomeFilter, StudyFilter
from studies.api.serializers import (
    OutcomeSerializer,
    StudyListSerializer,
    StudySerializer,
    SubstanceSerializer,
)
from studies.library import editing
from studies.library.registry import add_by_identifier
from studies.models import Outcome, Study, Substance
from studies.selectors import STUDY_ORDER, library_size, search_studies

STUDY_EXPORT_RENDERERS = [
    exports.CSLJSONRenderer,
    exports.RISRenderer,
    exports.BibTeXRenderer,
    exports.StudyCSVRenderer,
]


class IdentifierSerializer(serializers.Serializer):
    doi = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    pmid = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)

    def validate(self, data):
        if bool(data["doi"]) == bool(data["pmid"]):
            raise serializers.ValidationError("Give a DOI or a PMID (one of them).")
        return data


@extend_schema_view(
    list=extend_schema(summary="List the substances of use studies and claims are about"),
    retrieve=extend_schema(summary="One substance"),
)
class SubstanceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Substance.objects.all()
    serializer_class = SubstanceSerializer
    lookup_field = "code"
    # Eight rows, fixed by migration: one page. Searched and ordered like every other list.
    pagination_class = None
    filter_backends = [SearchFilter, OrderingFilter]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]


class StudiesPagination(PageNumberPagination):
    # The library's order has an index on PostgreSQL (migration 0012): deep pages walk it.

    def django_paginator_class(self, queryset, page_size):
        paginator = IdsFirstPaginator(queryset, page_size)
        if not queryset.query.where:
            # The whole library, in some order: its total is kept, not counted.
            paginator.count = library_size()
        return paginator


@extend_schema_view(
    list=extend_schema(summary="List studies", description="Newest first; filter, search, order."),
    retrieve=extend_schema(summary="One study with its appraisal and outcomes"),
    create=extend_schema(summary="Add a study (editors)"),
    update=extend_schema(summary="Replace a study's fields (editors)"),
    partial_update=extend_schema(summary="Change some of a study's fields (editors)"),
    destroy=extend_schema(summary="Delete a study (admins only)"),
)
class StudyViewSet(ETagMixin, exports.ErrorsAsJSONMixin, viewsets.ModelViewSet):
    queryset = Study.objects.all()
    pagination_class = StudiesPagination
    filterset_class = StudyFilter
    # `?search=` (core.api.SearchFilter): what the study pages' search finds.
    search_function = staticmethod(search_studies)
    ordering_fields = ["year", "title", "n", "created_at", "updated_at", "id"]
    export_name = "studies"

    def get_queryset(self):
        studies = Study.objects.order_by(*STUDY_ORDER)
        if self.action in ("list", "export"):
            # Into a plain list: a prefetch into the related manager clones a queryset per row.
            return studies.prefetch_related(Prefetch("substances", to_attr="prefetched_substances"))
        return studies.prefetch_related(
            "substances", Prefetch("outcomes", queryset=Outcome.objects.order_by("position", "id"))
        )

    def get_serializer_class(self):
        return StudyListSerializer if self.action == "list" else StudySerializer

    def perform_destroy(self, instance):
        editing.delete_study(
            study_id=instance.pk, user=history_user(self.request),
            version=expected_version(self.request),
        )  # fmt: skip

    @extend_schema(
        summary="Export studies as CSL-JSON, RIS, BibTeX or CSV",
        description=(
            "The studies the same filters, search and ordering select, unpaginated, as a "
            "download. `/api/studies/export.ris`, `export.bib`, `export.csljson` and "
            "`export.csv` choose the format, as do `?format=` and the Accept header."
        ),
        filters=True,
        parameters=[export_format_parameter(STUDY_EXPORT_RENDERERS)],
        responses={
            (200, r.media_type): exports.JSON_ARRAY if r.format == "csljson" else OpenApiTypes.STR
            for r in STUDY_EXPORT_RENDERERS
        },
    )
    @action(detail=False, methods=["get"], renderer_classes=STUDY_EXPORT_RENDERERS)
    def export(self, request, format=None):
        studies = self.filter_queryset(self.get_queryset())
        return exports.streamed_export(
            request, self, (exports.study_record(s) for s in studies.iterator(chunk_size=1000))
        )

    @extend_schema(
        summary="Add a study by its DOI or PMID, from the registries (editors)",
        description=(
            "Looks the DOI up at Crossref (then OpenAlex), or the PMID at PubMed, and adds the "
            "work to the library with where and when it was found. A study that already holds "
            "the identifier is returned as it is (200); a new one is 201. A DOI or PMID no "
            "registry holds, or registries that cannot be reached, is a 400 saying so."
        ),
        request=IdentifierSerializer,
        responses={200: StudySerializer, 201: StudySerializer},
    )
    @action(detail=False, methods=["post"])
    def lookup(self, request):
        given = IdentifierSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        study, created = add_by_identifier(user=history_user(request), **given.validated_data)
        study = self.get_queryset().get(pk=study.pk)
        return Response(
            StudySerializer(study, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(summary="List outcomes", description="Filter by study to get one study's."),
    retrieve=extend_schema(summary="One outcome"),
    create=extend_schema(summary="Add an outcome to a study (editors)"),
    update=extend_schema(summary="Replace an outcome (editors)"),
    partial_update=extend_schema(summary="Change an outcome (editors)"),
    destroy=extend_schema(summary="Delete an outcome (editors)"),
)
class OutcomeViewSet(ETagMixin, viewsets.ModelViewSet):
    queryset = Outcome.objects.select_related("study")
    serializer_class = OutcomeSerializer
    pagination_class = PageNumberPagination
    filterset_class = OutcomeFilter
    search_fields = ["measure", "time_point"]
    ordering_fields = ["study", "position", "id", "estimate", "p_value"]
    ordering = ["study", "position", "id"]

    def perform_destroy(self, instance):
        editing.delete_outcome(
            outcome_id=instance.pk, user=history_user(self.request), version=expected_version(self.request)
        )
