"""The local SQLite database (`make run`) with two editors saving at once: each transaction
takes SQLite's write lock when it begins, so the second waits for the first and then sees
its change, as a locked row does on PostgreSQL."""

import subprocess
import sys
import textwrap

from tests.test_settings import ROOT, run_manage

SCRIPT = textwrap.dedent(
    """
    import json, threading
    import django
    django.setup()
    from rest_framework.test import APIClient
    from tests.factories import make_article, make_claim, make_user

    editor = make_user("edna", editor=True)
    claims = [make_claim(make_article()) for _ in range(2)]
    barrier = threading.Barrier(2)
    statuses = {}
    versions = {claim.pk: claim.version for claim in claims}

    def save(name, claim, key):
        client = APIClient(raise_request_exception=False, HTTP_HOST="localhost")
        client.force_authenticate(editor)
        version = versions[claim.pk]
        barrier.wait()
        response = client.patch(f"/api/claims/{claim.pk}/", {"key": key}, format="json", HTTP_IF_MATCH=f'"{version}"')
        statuses[name] = response.status_code

    def race(pairs):
        threads = [threading.Thread(target=save, args=args) for args in pairs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    race([("same-a", claims[0], "a"), ("same-b", claims[0], "b")])
    race([("other-a", claims[1], "c"), ("other-b", claims[0], "d")])
    print(json.dumps(statuses))
    """
)


def test_two_editors_saving_at_once_on_sqlite_get_a_success_and_a_conflict_not_a_500(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrated = run_manage("migrate", "--no-input", DEBUG="1", DATABASE_URL=url)
    assert migrated.returncode == 0, migrated.stderr
    env = {"DEBUG": "1", "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ketamine_evidence.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env={**_base_env(), **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    import json

    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    # The same claim from the same version: one saves, one is told it changed.
    assert sorted([statuses["same-a"], statuses["same-b"]]) == [200, 412]
    # Two claims at once, one of them from the version the first race replaced.
    assert statuses["other-a"] == 200 and statuses["other-b"] == 412


def _base_env():
    import os

    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
