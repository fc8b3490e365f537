#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketamine_evidence.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as e:
        # A bad environment variable: say which, without a traceback.
        sys.exit(f"Configuration error: {e}")


if __name__ == "__main__":
    main()
