import os

import pytest


def services_required():
    """CI sets REQUIRE_SERVICES=1: a missing service is then a failure, not a skip."""
    return os.environ.get("REQUIRE_SERVICES", "") in ("1", "true", "yes")


def missing_service(reason):
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set, so this is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgresql():
    """For tests whose meaning depends on PostgreSQL (full-text search, triggers, query
    plans): skipped on the SQLite default, a failure in CI, which runs on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service(f"needs PostgreSQL (DATABASE_URL), not {connection.vendor}")


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("edith", password="pw-edith-123")
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: with CACHE_URL (Redis, as in CI) it is shared,
    and a throttle's count or a registry's cached answer must not carry over."""
    from django.core.cache import cache

    cache.clear()
    yield
