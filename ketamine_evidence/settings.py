"""Settings, read from environment variables with safe defaults.

DEBUG is off unless asked for; with it off, the security settings that `check --deploy`
looks for are on, and SECRET_KEY must be given. A value that cannot be parsed stops
start-up with a message naming the variable.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _read(name, cast, default):
    """Read one variable, naming it in the error if its value is unusable."""
    try:
        return cast(name, default=default)
    except (ValueError, TypeError, KeyError, ImproperlyConfigured) as e:
        raise ImproperlyConfigured(
            f"Environment variable {name} has an invalid value: {e}"
        ) from None


def _strict_bool(name, default):
    # django-environ reads any unknown word as False; a typo must not silently turn DEBUG off.
    raw = env.str(name, default="")
    if raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}."
    )


def _rate(name, default):
    raw = _read(name, env.str, default)
    number, _, period = raw.partition("/")
    if not number.isdigit() or not period or period[0] not in "smhd":
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a rate such as '600/hour', got {raw!r}."
        )
    return raw


DEBUG = _strict_bool("DEBUG", False)

SECRET_KEY = _read("SECRET_KEY", env.str, "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Environment variable SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = _read("ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _read("CSRF_TRUSTED_ORIGINS", env.list, [])


def _database():
    raw = _read("DATABASE_URL", env.str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as e:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(
            f"Environment variable DATABASE_URL is not a usable database URL ({raw!r}): {e}"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in (
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    ) or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"Environment variable DATABASE_URL must be a sqlite:// or postgres:// URL "
            f"with a database name, got {raw!r}."
        )
    if engine == "django.db.backends.sqlite3":
        # Two editors saving at once: SQLite's default (deferred) transaction reads first and
        # asks for the write lock only at its first write, which fails at once ("database is
        # locked", a 500) when another transaction has written meanwhile. A transaction that
        # takes the lock when it begins waits its turn instead (up to `timeout` seconds) and
        # then reads the other's change, as a locked row does on PostgreSQL.
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "transaction_mode": "IMMEDIATE", "timeout": 20}
    if engine == "django.db.backends.postgresql":
        config.setdefault("CONN_MAX_AGE", 60)
        config["TEST"] = {"NAME": _read("TEST_DATABASE_NAME", env.str, "") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our static files, no CDN
    "simple_history",
    "core",
    "studies",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ketamine_evidence.urls"
WSGI_APPLICATION = "ketamine_evidence.wsgi.application"
ASGI_APPLICATION = "ketamine_evidence.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development whitenoise serves straight from the app and project folders.
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"

# Celery: with no broker, tasks run in-process (eagerly) so the app needs no services.
CELERY_BROKER_URL = _read("CELERY_BROKER_URL", env.str, "")

# The cache every process shares when CACHE_URL names a Redis database (the API's throttles
# and the registries' rate limits count across workers only then); else each process has its
# own memory cache, which is enough for one process (`make run`).
_cache_url = _read("CACHE_URL", env.str, "")
if _cache_url and not _cache_url.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"Environment variable CACHE_URL must be a redis:// URL, not {_cache_url!r}.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task whose worker died is redelivered after this long; it must exceed the longest
# task (verifying a whole library takes minutes, not hours).
_visibility_timeout = _read("CELERY_VISIBILITY_TIMEOUT", env.int, 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # Workers look for such tasks when they start, and then kombu (5.7) only every
    # unacked_restore_interval x unacked_restore_throttle seconds, 10 x 10 by default: up
    # to 100 s on top of the timeout, and a short timeout (the redelivery test's 3 s) would
    # be decided by the sweep, not by the timeout. Sweep every 10 s, or every timeout when
    # it is shorter; a sweep is three Redis commands.
    "unacked_restore_interval": max(1, min(10, _visibility_timeout)),
    "unacked_restore_throttle": 1,
}

REST_FRAMEWORK = {
    # Token first: an anonymous write is then answered 401 with `WWW-Authenticate: Token`,
    # which tells an API client how to authenticate; browsers still use their session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The API reads JSON; only the intake endpoint also takes an uploaded file. Any other
    # body is a 415 naming the media type.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Anyone reads; writes need the model permission (the `editors` group has them).
    "DEFAULT_PERMISSION_CLASSES": [
        "core.permissions.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.SearchFilter",
        "core.api.OrderingFilter",
    ],
    # Each viewset picks page-number or cursor pagination (see studies/api/common.py).
    "DEFAULT_PAGINATION_CLASS": "core.api.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _rate("API_ANON_RATE", "600/hour"),
        # The reference check is CPU work anyone may ask for: a scope of its own.
        "reference_check": _rate("API_CHECK_RATE", "60/hour"),
    },
    # Who a throttled client is: its address, or behind N proxies of ours the address the
    # first of them saw. Unset, DRF takes the client's own X-Forwarded-For as it comes, and a
    # client that sends a new one each time is never throttled.
    "NUM_PROXIES": _read("API_NUM_PROXIES", env.int, 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ketamine Evidence API",
    "DESCRIPTION": (
        "Claims that public articles make about ketamine for addiction, the citations they "
        "give, and the studies those citations really are. Anonymous clients read; editors "
        "write with a session or a token (`Authorization: Token <key>`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One enum per choice list, named for what it is, not for the first field that used it.
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.constants.VERDICTS",
        "CertaintyEnum": "claims.constants.CERTAINTIES",
        "FlagCodeEnum": "claims.constants.FLAG_CODES",
        "SubstanceCodeEnum": "studies.constants.SUBSTANCES",
        "StanceEnum": "claims.constants.STANCES",
        "MisfitReasonEnum": "claims.constants.MISFIT_REASONS",
        "AccuracyEnum": "claims.constants.ACCURACY",
        "SourcingEnum": "claims.constants.SOURCING",
        "ScopeEnum": "claims.constants.SCOPES",
    },
    # A page of a list is `<Resource>Page` (`ClaimPage`), not drf-spectacular's
    # `Paginated<Serializer>List` (`PaginatedClaimListItemList`); every operation lists the
    # errors it can answer.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.name_pages",
        "core.api.document_errors",
    ],
}

# Behind a TLS-terminating proxy in production; off under DEBUG so `make run` serves HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _strict_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else _read("SECURE_HSTS_SECONDS", env.int, 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _read("LOG_LEVEL", env.str, "INFO")},
}

# Article intake: hosts a URL fetch may reach although they resolve to a private address
# (an intranet's pages); by default none, so the server never fetches its own network.
INTAKE_FETCH_ALLOWED_HOSTS = _read("INTAKE_FETCH_ALLOWED_HOSTS", env.list, [])

# Bibliographic registries (Crossref, PubMed, OpenAlex): off unless turned on, so that a
# server without the network says "not searched" instead of waiting on timeouts.
REGISTRIES_ENABLED = _strict_bool("REGISTRIES_ENABLED", False)
# The polite contact the registries ask for (Crossref's and OpenAlex's mailto, NCBI's email).
REGISTRY_CONTACT_EMAIL = _read("REGISTRY_CONTACT_EMAIL", env.str, "")
NCBI_API_KEY = _read("NCBI_API_KEY", env.str, "")
REGISTRY_TIMEOUT = _read("REGISTRY_TIMEOUT", env.float, 10.0)
REGISTRY_CACHE_SECONDS = _read("REGISTRY_CACHE_SECONDS", env.int, 7 * 24 * 3600)

# Celery beat: the library's notices (retractions, corrections) re-checked every night.
CELERY_BEAT_SCHEDULE = {
    "recheck-library-at-the-registries": {
        "task": "studies.tasks.recheck_library",
        "schedule": 24 * 3600,
    },
}
