"""Settings for the test suite: the project's own, with a fixed key and plain HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-used-anywhere-else-0123456789")

from ketamine_evidence.settings import *  # noqa: E402,F403

# The test client speaks plain HTTP; production keeps the redirect.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour", "reference_check": "100000/hour"},
}

# Tasks run in-process in the tests, as in `make run`; the worker test switches to the real
# broker for itself.
CELERY_TASK_ALWAYS_EAGER = True

# Registry clients are tested on recorded responses (cassettes, pytest-recording with
# record_mode "none": a request no cassette holds fails instead of reaching the network);
# elsewhere the registries are off, as on a server without the network.
REGISTRIES_ENABLED = False  # registry tests turn it on for themselves
REGISTRY_CONTACT_EMAIL = ""
NCBI_API_KEY = ""
