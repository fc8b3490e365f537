"""Searching the registries for a cited work the library does not hold.

After a citation is checked and found in no record of the library, its reference is looked
up in Crossref, PubMed and OpenAlex (`studies.registries.lookup`), outside any transaction:
the requests take time and hold no lock. A journal article a registry holds is added to the
library with its provenance (`studies.library.registry.add_from_registry`), and the citation
is checked again, now against it. What was asked, and when, is kept on the citation
(`Citation.registry_search`), so that its "not found" says where the work was looked for, and
a reference is not looked up again while that search is recent and its text unchanged.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Citation
from studies.library.registry import add_from_registry, is_journal_article
from studies.references.parsing import parse_reference
from studies.registries.client import LABELS
from studies.registries.lookup import find

# A search is repeated after this long: a work published since may be found.
SEARCH_AGAIN_AFTER = datetime.timedelta(days=30)


def raw_hash(raw_text: str) -> str:
    return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def searched_where(search: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reached, unreached) for a citation's status reason: ("Crossref and OpenAlex
    (searched 2026-12-03)",) and the registries that could not be reached."""
    if not search:
        return (), ()
    day = str(search.get("at", ""))[:10]
    reached = list(dict.fromkeys(
        LABELS[s["registry"]] for s in search.get("searched", ()) if s["outcome"] in ("found", "no_match")
    ))  # fmt: skip
    unreached = list(dict.fromkeys(
        LABELS[s["registry"]] for s in search.get("searched", ())
        if s["outcome"] in ("offline", "unavailable") and LABELS[s["registry"]] not in reached
    ))  # fmt: skip
    when = f" (searched {day})" if day else ""
    return (
        ((_joined(reached) + when,) if reached else ()),
        ((_joined(unreached) + when,) if unreached else ()),
    )


def due(citation: Citation, *, now=None) -> bool:
    """Is a registry search worth making for this citation now?"""
    if not settings.REGISTRIES_ENABLED or citation.status != "not_found":
        return False
    search = citation.registry_search or {}
    if search.get("raw_hash") != raw_hash(citation.raw_text):
        return True
    at = search.get("at")
    now = now or timezone.now()
    return not at or now - datetime.datetime.fromisoformat(at) >= SEARCH_AGAIN_AFTER


def search_registries(*, citation_id: int) -> bool:
    """Look the citation's work up in the registries, when a search is due; True when one
    was made (the citation's status reason then names where it looked), having added the
    work to the library when a registry holds it."""
    citation = Citation.objects.filter(pk=citation_id).first()
    if citation is None or not due(citation):
        return False
    parsed = parse_reference(citation.raw_text)
    if not (parsed.doi or parsed.pmid or parsed.pmcid or parsed.title):
        return False
    found = find(parsed)
    now = timezone.now()
    record = {
        "at": now.isoformat(),
        "raw_hash": raw_hash(citation.raw_text),
        "searched": [s.as_dict() for s in found.searched],
    }
    with transaction.atomic():
        # Machine bookkeeping, like the time of a check: written without a history row.
        Citation.objects.filter(pk=citation_id).update(registry_search=record)
        if found.record is not None and is_journal_article(found.record):
            query = next(s.query for s in found.searched if s.outcome == "found")
            add_from_registry(record=found.record, query=query)
    return True
