"""The REST API under /api/: resources, exports, the reference check, schema and docs.

Names live in the `api` namespace (`api:claim-detail`), apart from the pages' URL names.
"""

from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api.views import (
    ArticleViewSet,
    CitationViewSet,
    ClaimViewSet,
    FlagViewSet,
    LinkViewSet,
    ReferenceCheckView,
)
from studies.api.views import OutcomeViewSet, StudyViewSet, SubstanceViewSet

app_name = "api"

router = DefaultRouter()
router.register("studies", StudyViewSet, basename="study")
router.register("outcomes", OutcomeViewSet, basename="outcome")
router.register("substances", SubstanceViewSet, basename="substance")
router.register("articles", ArticleViewSet, basename="sourcearticle")
router.register("claims", ClaimViewSet, basename="claim")
router.register("citations", CitationViewSet, basename="citation")
router.register("links", LinkViewSet, basename="claimcitation")
router.register("flags", FlagViewSet, basename="flag")


def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON, like the rest of the API."""
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


urlpatterns = [
    # An action on the library, not a collection: no trailing slash, as documented.
    path("references/check", ReferenceCheckView.as_view(), name="reference-check"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files. No ReDoc: its page pulls
    # fonts from Google, and one set of interactive docs is enough.
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
