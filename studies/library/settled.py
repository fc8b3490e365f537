"""Settled background facts: written from the reference sources an editor read.

`save_settled_facts(facts=..., reason=...)` upserts the facts by key and deletes those no
longer listed, in the caller's transaction; a row is saved only when a field differs, so
saving the same facts twice writes nothing. The seed corpus hands its settled.yaml here.
"""

from core.saving import save_changes
from studies.models import SettledFact

FIELDS = (
    "kind", "subject", "value", "statement", "quote", "source_title", "publisher", "year",
    "url", "confirmed_from", "notes",
)  # fmt: skip


def save_settled_facts(*, facts: list[dict], reason: str) -> dict:
    """Returns {"created": n, "updated": n, "deleted": n, "unchanged": n}."""
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    existing = {fact.key: fact for fact in SettledFact.objects.all()}
    for fact in facts:
        values = {name: fact[name] for name in FIELDS}
        row = existing.pop(fact["key"], None)
        if row is None:
            save_changes(SettledFact(key=fact["key"]), values, reason=reason, validate=True)
            counts["created"] += 1
        elif save_changes(row, values, reason=reason, validate=True):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for row in existing.values():
        row._change_reason = reason
        row.delete()
        counts["deleted"] += 1
    return counts
