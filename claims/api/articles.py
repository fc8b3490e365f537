"""Source articles: listed without their text, written by the editor services."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from claims.api.filters import ArticleFilter
from claims.api.serializers import (
    ArticleListSerializer,
    ArticleSerializer,
)
from claims.editing import articles
from claims.models import SourceArticle
from core.api import (
    ETagMixin,
    PageNumberPagination,
    expected_version,
    history_user,
)

# --- Articles -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List source articles (without their text)"),
    retrieve=extend_schema(summary="One source article with its captured text"),
    create=extend_schema(summary="Add a source article (editors)"),
    update=extend_schema(summary="Replace a source article (editors)"),
    partial_update=extend_schema(summary="Change a source article (editors)"),
    destroy=extend_schema(summary="Delete a source article (admins only)"),
)
class ArticleViewSet(ETagMixin, viewsets.ModelViewSet):
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
        articles.delete_article(
            article_id=instance.pk, user=history_user(self.request),
            version=expected_version(self.request),
        )  # fmt: skip


