"""Settings come from the environment; bad values stop start-up with the variable named."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    full_env["DJANGO_SETTINGS_MODULE"] = "ketamine_evidence.settings"
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_names_an_unparsable_database_url():
    result = run_manage("check", DEBUG="1", DATABASE_URL="not a url at all")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_names_an_unsupported_database_engine():
    result = run_manage("check", DEBUG="1", DATABASE_URL="mysql://u@localhost/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_it_names_a_debug_value_that_is_not_a_boolean():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "Environment variable DEBUG must be a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_names_an_anonymous_rate_that_is_not_a_rate():
    result = run_manage("check", DEBUG="1", API_ANON_RATE="banana")
    assert result.returncode != 0
    assert "Environment variable API_ANON_RATE must be a rate" in result.stderr


def test_a_command_runs_locally_with_nothing_configured(tmp_path):
    # createsuperuser on a fresh checkout: no DEBUG, no SECRET_KEY, the local SQLite file.
    migrated = run_manage("migrate", "--no-input", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert migrated.returncode == 0, migrated.stderr
    result = run_manage(
        "createsuperuser", "--no-input", "--username", "ada", "--email", "ada@example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Superuser created successfully" in result.stdout


def test_a_deployment_with_a_secret_key_keeps_debug_off():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)",
        SECRET_KEY="x" * 60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_it_requires_a_secret_key_in_production():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="kq0-3Vh8fN2#rT6xLp9!mW4zYb7cJd1sGe5uAi8oQn3vXw2Kf-Zr4Hy7Tm",
        ALLOWED_HOSTS="evidence.example.org",
        DATABASE_URL="sqlite:////tmp/ke-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_settings_fail_the_deployment_checklist():
    # The check above must be able to fail: development settings do not pass it.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert result.returncode != 0


def test_a_web_process_loads_its_views_and_freezes_them_at_start():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    script = (
        "import gc, sys; import ketamine_evidence.wsgi; "
        "print(gc.get_freeze_count() > 0, 'claims.pages.views' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_the_api_module_can_be_the_first_to_import_drfs_views():
    # DRF's APIView reads DEFAULT_PARSER_CLASSES when its class is made: with the parser in
    # core.api, importing core.api first (as a command may) imported it half-made.
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); import core.api"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ketamine_evidence.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
