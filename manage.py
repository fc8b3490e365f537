#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketamine_evidence.settings")
    # A checkout with nothing configured is a developer's machine: commands run with the
    # settings `make run` uses (DEBUG on, SQLite), so `manage.py createsuperuser` works there
    # as it is. A deployment sets SECRET_KEY (and its web server starts from wsgi.py, not
    # from here), which keeps DEBUG off unless it says otherwise.
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as e:
        # A bad environment variable: say which, without a traceback.
        sys.exit(f"Configuration error: {e}")


if __name__ == "__main__":
    main()
