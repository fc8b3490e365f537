"""The REST API under /api/: resources, exports, the reference check, schema and docs.

Names live in the `api` namespace (`api:claim-detail`), apart from the pages' URL names.
"""

import functools

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, URLPattern, URLResolver, path, re_path, resolve
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api.articles import ArticleViewSet
from claims.api.citations import CitationViewSet, LinkViewSet
from claims.api.claims import ClaimViewSet
from claims.api.flags import FlagViewSet
from claims.api.intake import IntakeView
from claims.api.references import ReferenceCheckView
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


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON, like the rest of the API, whatever the
    method: without csrf_exempt a POST would get Django's HTML page about a missing CSRF
    token instead. Exempting changes nothing, as this view does nothing.

    A path that is an endpoint but for its trailing slash (`/api/claims`) is redirected to
    it, as Django's pages are: with 308, so that a POST stays a POST with its body."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            target = request.path + "/"
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            response = HttpResponseRedirect(target)
            response.status_code = 308
            return response
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


# Exceptions Django itself answers with a 4xx (DRF views turn the first two into JSON).
_CLIENT_ERRORS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


def json_server_errors(view):
    """The view, answering an unhandled exception with a JSON 500 (`{"detail": "Server
    error"}`) instead of Django's HTML page: API clients parse JSON. The exception is
    reported as Django reports it (got_request_exception, then the `django.request` log,
    which mails the admins). With DEBUG on it is raised, for Django's debug page.

    The answer is rendered here, so a renderer's failure (an export) is caught too."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True) and callable(getattr(response, "render", None)):
                response = response.render()
            return response
        except _CLIENT_ERRORS:
            raise
        except Exception as exc:
            if settings.DEBUG or settings.DEBUG_PROPAGATE_EXCEPTIONS:
                raise
            signals.got_request_exception.send(sender=None, request=request)
            response = JsonResponse({"detail": "Server error"}, status=500)
            log_response(
                "%s: %s", response.reason_phrase, request.path,
                response=response, request=request, exception=exc,
            )
            return response

    return wrapped


def with_json_server_errors(patterns):
    """URL patterns whose views (in included ones too) answer server errors in JSON."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            with_json_server_errors(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and not getattr(pattern.callback, "json_server_errors", False):
            pattern.callback = json_server_errors(pattern.callback)
            pattern.callback.json_server_errors = True
    return patterns


urlpatterns = with_json_server_errors([
    # An action on the library, not a collection: no trailing slash, as documented.
    path("references/check", ReferenceCheckView.as_view(), name="reference-check"),
    path("articles/intake", IntakeView.as_view(), name="article-intake"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files. No ReDoc: its page pulls
    # fonts from Google, and one set of interactive docs is enough.
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", not_found, name="not-found"),
])
