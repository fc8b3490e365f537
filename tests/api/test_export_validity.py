"""The seed library's exports, whole, open in the tools people use: CSL-JSON valid against the
CSL schema, RIS and BibTeX read back by rispy and bibtexparser with every field intact, and
the ClaimReview export valid against schema.org's definitions, with every rated claim."""

import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from django.core.management import call_command
from django.db import transaction
from jsonschema import Draft7Validator

from claims.claimreview import RATING_VALUES
from claims.models import Claim
from studies.models import Study

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed corpus loaded and verified once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_corpus", stdout=io.StringIO())
        call_command("verify", "--all", "--no-progress", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed(seeded, db):
    return Study.objects.count()


def export(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.getvalue()[:300]
    return response.getvalue().decode("utf-8")


def test_every_csl_json_item_of_the_library_is_valid_against_the_csl_schema(client_anon, seed):
    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    items = json.loads(export(client_anon, "/api/studies/export.csljson"))
    assert len(items) == seed
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(items)]
    assert errors == []


def ris_pages(study):
    first, _, last = (study.pages or "").partition("-")
    return first or None, last or None


def test_every_ris_record_reads_back_with_every_field_of_its_study(client_anon, seed):
    entries = rispy.loads(export(client_anon, "/api/studies/export.ris"))
    assert len(entries) == seed
    by_id = {e["id"]: e for e in entries}
    for study in Study.objects.all():
        entry = by_id[study.key or str(study.pk)]
        assert entry["title"] == study.title
        authors = [a.get("literal") or ", ".join(filter(None, [a.get("family"), a.get("given")])) for a in study.authors]
        assert entry.get("authors", []) == authors, study.key
        assert entry.get("year") == (str(study.year) if study.year else None), study.key
        assert entry.get("secondary_title", entry.get("journal_name")) in (study.container_title or None, None)
        assert entry.get("volume") == (study.volume or None), study.key
        assert entry.get("number") == (study.issue or None), study.key
        assert (entry.get("start_page"), entry.get("end_page")) == ris_pages(study), study.key
        assert entry.get("doi") == (study.doi or None), study.key


def test_every_bibtex_entry_reads_back_with_every_field_of_its_study(client_anon, seed):
    library = bibtexparser.parse_string(
        export(client_anon, "/api/studies/export.bib"),
        # Names are split before LaTeX is decoded, as BibTeX does: "and" inside braces (a
        # corporate author) does not separate names.
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware()],
    )
    assert library.failed_blocks == []
    assert len(library.entries) == seed
    by_title = {}
    for entry in library.entries:
        by_title[re.sub(r"[{}]", "", entry.fields_dict["title"].value)] = entry
    for study in Study.objects.all():
        entry = by_title[study.title]
        fields = {k: f.value for k, f in entry.fields_dict.items()}
        assert fields.get("year") == (str(study.year) if study.year else None), study.key
        assert fields.get("doi") == (study.doi or None), study.key
        assert fields.get("volume") == (study.volume or None), study.key
        # BibTeX writes a page range with "--", which LaTeX (and the decoder) reads as an en dash.
        assert fields.get("pages", "").replace("\u2013", "-") == (study.pages or ""), study.key
        names = [re.sub(r"[{}]", "", name) for name in fields.get("author", [])]
        assert len(names) == len(study.authors), study.key
        for name, author in zip(names, study.authors, strict=True):
            assert name.startswith(author.get("literal") or author.get("family")), (study.key, name)


def test_the_claimreview_export_holds_every_rated_claim_with_its_rating_scale(client_anon, seed):
    reviews = json.loads(export(client_anon, "/api/claims/export.jsonld"))
    rated = Claim.objects.filter(accuracy__in=list(RATING_VALUES))
    assert len(reviews) == rated.count() > 0
    assert sorted(r["claimReviewed"] for r in reviews) == sorted(rated.values_list("quote", flat=True))
    for review in reviews:
        rating = review["reviewRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["ratingValue"] in RATING_VALUES.values()


# --- schema.org --------------------------------------------------------------------------

VOCABULARY = json.loads((SCHEMAS / "schemaorg-claimreview.json").read_text())
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$")


def lineage(type_name):
    """A class and every class above it."""
    seen = set()
    todo = [type_name]
    while todo:
        name = todo.pop()
        if name in seen or name not in VOCABULARY["classes"]:
            continue
        seen.add(name)
        todo.extend(VOCABULARY["classes"][name]["subClassOf"])
    return seen


def literal_fits(value, ranges):
    """Whether a JSON literal is a value of one of schema.org's data types in `ranges`."""
    types = set().union(*(lineage(r) for r in ranges))
    if isinstance(value, bool):
        return "Boolean" in types
    if isinstance(value, int | float):
        return "Number" in types
    if isinstance(value, str):
        if "Text" in ranges:
            return True
        if "URL" in ranges:
            return value.startswith(("http://", "https://"))
        if {"Date", "DateTime"} & set(ranges):
            return bool(ISO_DATE.match(value))
    return False


def schemaorg_errors(node, path="$"):
    """Where a JSON-LD node breaks schema.org's definitions: an unknown type or property, a
    property used outside its domain, a value outside its range."""
    errors = []
    types = lineage(node.get("@type"))
    if not types:
        return [f"{path}: unknown type {node.get('@type')!r}"]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        definition = VOCABULARY["properties"].get(key)
        if definition is None:
            errors.append(f"{path}.{key}: not a property schema.org defines")
            continue
        if not types & set(definition["domainIncludes"]):
            errors.append(f"{path}.{key}: not a property of {node['@type']}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not lineage(item.get("@type")) & set(definition["rangeIncludes"]):
                    errors.append(f"{path}.{key}: a {item.get('@type')} is not in its range")
                errors.extend(schemaorg_errors(item, f"{path}.{key}"))
            elif not literal_fits(item, definition["rangeIncludes"]):
                errors.append(f"{path}.{key}: {item!r} is not a {'/'.join(definition['rangeIncludes'])}")
    return errors


def test_the_schemaorg_check_finds_what_breaks_the_definitions():
    review = {
        "@type": "ClaimReview", "claimReviewed": "x", "ratingValue": 2, "datePublished": "last week",
        "itemReviewed": {"@type": "Rating"}, "author": {"@type": "Organization", "nickname": "KE"},
    }
    assert schemaorg_errors(review) == [
        "$.ratingValue: not a property of ClaimReview",
        "$.datePublished: 'last week' is not a Date/DateTime",
        "$.author.nickname: not a property schema.org defines",
    ]
    assert schemaorg_errors({"@type": "Review", "itemReviewed": 3}) == ["$.itemReviewed: 3 is not a Thing"]


def test_every_claimreview_is_valid_against_schema_orgs_definitions(client_anon, seed):
    reviews = json.loads(export(client_anon, "/api/claims/export.jsonld"))
    assert reviews
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert schemaorg_errors(review) == [], review["claimReviewed"]
