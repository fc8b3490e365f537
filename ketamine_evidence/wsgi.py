import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketamine_evidence.settings")

application = get_wsgi_application()


def _freeze_startup():
    """Load what every request needs (the URL patterns import every view, serializer and
    service), then freeze it. It lives as long as the process: frozen, it is left out of
    the garbage collector's full collections, which a request that builds hundreds of
    thousands of objects (a batch of reference checks) would otherwise set off again and
    again, each walking every module, model and URL pattern loaded here."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views)
    gc.freeze()


_freeze_startup()
