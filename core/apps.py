from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing shared by the apps: API and page helpers, database helpers, search."""

    name = "core"
