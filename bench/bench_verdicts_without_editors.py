"""The seed corpus verified with every editor's stance, misfit reason and verdict override
removed, against the verdicts with them: how far the machine's judgement of each link, from
the studies' records alone, gets to the curated verdicts.

Works in a temporary SQLite database; the editors' judgements are removed through the editor
services, as an editor would. Run: python bench/bench_verdicts_without_editors.py [-v]
"""

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup():
    folder = tempfile.mkdtemp(prefix="verdicts-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "0"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketamine_evidence.settings"
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.getLogger("celery").setLevel(logging.WARNING)  # tasks run in-process here
    call_command("migrate", verbosity=0)


def verdicts(field="verdict"):
    from claims.models import Claim

    return {
        claim.key: (getattr(claim, field), getattr(claim, f"{field}_rationale" if field != "verdict" else "rationale"))
        for claim in Claim.objects.filter(links__citation__study__isnull=False).distinct()
    }


def every_accuracy():
    from claims.models import Claim

    return {claim.key: (claim.accuracy, claim.accuracy_rationale) for claim in Claim.objects.all()}


def main():
    setup()
    from claims.editing import links, overrides
    from claims.models import Claim, ClaimCitation
    from claims.seed_corpus.loader import load_corpus
    from claims.verification.bulk import verify_all

    load_corpus()
    verify_all()
    curated = verdicts()
    curated_accuracy = verdicts("accuracy")
    curated_all = every_accuracy()
    for link in ClaimCitation.objects.exclude(stance="", misfit_reasons=[], rationale=""):
        links.update_link(link_id=link.pk, user=None, stance="", misfit_reasons=[], rationale="")
    for claim in Claim.objects.exclude(override_verdict=""):
        overrides.clear_override(claim_id=claim.pk, user=None)
    verify_all()
    machine = verdicts()
    machine_accuracy = verdicts("accuracy")
    machine_all = every_accuracy()

    compare("verdict", curated, machine, "seed claims cite an identified study")
    compare("accuracy", curated_accuracy, machine_accuracy, "seed claims cite an identified study")
    compare("accuracy", curated_all, machine_all, "seed claims in all")


def compare(what, curated, machine, described):
    pairs = Counter((curated[key][0], machine[key][0]) for key in curated)
    same = sum(n for (a, b), n in pairs.items() if a == b)
    print(f"\n{len(curated)} {described}; without the editors' judgements "
          f"the {what} is the curated one for {same} ({same / len(curated):.0%})")
    for (a, b), n in sorted(pairs.items(), key=lambda item: -item[1]):
        print(f"  curated {a:<17} machine {b:<17} {n}")
    if "-v" in sys.argv:
        for key in sorted(curated):
            if curated[key][0] != machine[key][0]:
                print(f"  {key}: curated {curated[key][0]}, machine {machine[key][0]}\n"
                      f"    curated: {curated[key][1]}\n    machine: {machine[key][1]}")


if __name__ == "__main__":
    main()
