"""A real headless Chromium (Debian's) driven by Playwright's sync API, against live_server.

Run apart from the rest of the suite with DJANGO_ALLOW_ASYNC_UNSAFE=1 (`make test` does):
Playwright's sync API runs an event loop in the test thread, and Django refuses database
calls from a thread with a running loop unless told it is safe.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import missing_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing_service(f"{CHROMIUM} is missing: install Debian's chromium package")
    if not os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"):
        missing_service("browser tests need DJANGO_ALLOW_ASYNC_UNSAFE=1 (run them with `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _phone_page(browser, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone(browser):
    context, page = _phone_page(browser, 390, 844)
    yield page
    context.close()


@pytest.fixture
def narrow(browser):
    """The narrowest phone in common use: 360 CSS px wide."""
    context, page = _phone_page(browser, 360, 740)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    path = Path(os.environ.get("SCREENSHOT_DIR") or PROJECT / "artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def reference_rows(transactional_db):
    """The rows data migrations create (substances, the editors group): a transactional
    test's flush removes them, and the factories need them."""
    from django.contrib.auth.models import Group

    from studies.constants import SUBSTANCES
    from studies.models import Substance

    for code, name in SUBSTANCES:
        Substance.objects.update_or_create(code=code, defaults={"name": name})
    import importlib

    from django.contrib.auth.models import Permission

    editors, _ = Group.objects.get_or_create(name="editors")
    granted = importlib.import_module("claims.migrations.0002_editors_group").EDITOR_PERMISSIONS
    for app_label, models in granted.items():
        for model, actions in models.items():
            editors.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )
