"""Every export parses back with its own format's library and keeps the known fields."""

import csv
import io
import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def studies():
    dakwar = factories.make_study(
        key="dakwar2019",
        title="A single ketamine infusion combined with motivational enhancement therapy for alcohol use disorder",
        authors=[{"family": "Dakwar", "given": "Elias"}, {"family": "Müller", "given": "Jürgen"}],
        container_title="American Journal of Psychiatry",
        year=2019, volume="176", issue="11", pages="923-930",
        doi="10.1176/appi.ajp.2019.18101123", pmid="31230464", substances=["alcohol"],
        design_code="randomized_controlled_trial", n=40,
    )
    who = factories.make_study(
        title="Ketamine: 50% of users & the {risks}",
        authors=[{"literal": "World Health Organization"}],
        container_title="WHO", year=2016, work_type="report", source_kind="official_statistics",
        design_code="official_statistics", url="https://www.who.int/ketamine?a=1&b=2",
    )
    factories.make_study(title="Unrelated cohort", year=2001, design_code="retrospective_cohort")
    return dakwar, who


def get_export(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.getvalue()
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.getvalue().decode("utf-8")


def test_the_csl_json_export_parses_and_round_trips_known_fields(client_anon, studies):
    items = json.loads(get_export(client_anon, "/api/studies/export.csljson?design_code=randomized_controlled_trial"))
    assert len(items) == 1
    item = items[0]
    assert item["id"] == "dakwar2019"
    assert item["type"] == "article-journal"
    assert item["author"] == [{"family": "Dakwar", "given": "Elias"}, {"family": "Müller", "given": "Jürgen"}]
    assert item["issued"] == {"date-parts": [[2019]]}
    assert (item["volume"], item["issue"], item["page"]) == ("176", "11", "923-930")
    assert (item["DOI"], item["PMID"]) == ("10.1176/appi.ajp.2019.18101123", "31230464")


def test_the_ris_export_parses_with_rispy_and_round_trips_known_fields(client_anon, studies):
    entries = rispy.loads(get_export(client_anon, "/api/studies/export.ris?year_min=2010"))
    assert [e["title"] for e in entries] == [studies[0].title, studies[1].title]
    dakwar, who = entries
    assert dakwar["type_of_reference"] == "JOUR"
    assert dakwar["authors"] == ["Dakwar, Elias", "Müller, Jürgen"]
    assert (dakwar["year"], dakwar["volume"], dakwar["number"]) == ("2019", "176", "11")
    assert (dakwar["start_page"], dakwar["end_page"]) == ("923", "930")
    assert dakwar["doi"] == "10.1176/appi.ajp.2019.18101123"
    assert dakwar["accession_number"] == "31230464"
    assert who["type_of_reference"] == "RPRT"
    assert who["authors"] == ["World Health Organization"]
    assert who["urls"] == ["https://www.who.int/ketamine?a=1&b=2"]


def test_the_bibtex_export_parses_with_bibtexparser_and_round_trips_known_fields(client_anon, studies):
    text = get_export(client_anon, "/api/studies/export.bib?year_min=2010")
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    dakwar, who = library.entries
    assert (dakwar.entry_type, dakwar.key) == ("article", "dakwar2019")
    assert dakwar["title"] == studies[0].title
    assert dakwar["author"] == "Dakwar, Elias and Müller, Jürgen"
    assert (dakwar["journal"], dakwar["year"], dakwar["volume"], dakwar["number"]) == (
        "American Journal of Psychiatry", "2019", "176", "11",
    )
    assert dakwar["pages"] == "923–930"  # "923--930" decoded as the en dash it stands for
    assert dakwar["doi"] == "10.1176/appi.ajp.2019.18101123"
    assert who.entry_type == "techreport"
    assert who["title"] == "Ketamine: 50% of users & the {risks}"
    assert who["author"] == "World Health Organization"


def test_the_csv_export_parses_with_the_csv_module(client_anon, studies):
    rows = list(csv.DictReader(io.StringIO(get_export(client_anon, "/api/studies/export.csv?ordering=year"))))
    assert [r["year"] for r in rows] == ["2001", "2016", "2019"]
    dakwar = rows[2]
    assert dakwar["authors"] == "Dakwar, Elias; Müller, Jürgen"
    assert (dakwar["doi"], dakwar["pmid"], dakwar["pages"]) == ("10.1176/appi.ajp.2019.18101123", "31230464", "923-930")
    assert (dakwar["design_code"], dakwar["n"], dakwar["substances"]) == ("randomized_controlled_trial", "40", "alcohol")


def test_the_format_can_also_be_chosen_with_a_query_parameter_or_accept_header(client_anon, studies):
    by_param = client_anon.get("/api/studies/export/", {"format": "ris", "design_code": "official_statistics"})
    assert by_param["Content-Type"].startswith("application/x-research-info-systems")
    assert rispy.loads(by_param.getvalue().decode())[0]["title"] == studies[1].title
    by_accept = client_anon.get("/api/studies/export/", HTTP_ACCEPT="application/x-bibtex")
    assert by_accept["Content-Type"].startswith("application/x-bibtex")


def test_an_unknown_export_format_is_a_json_404(client_anon, studies):
    response = client_anon.get("/api/studies/export/", {"format": "docx"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_bad_filter_on_an_export_is_a_json_400_not_a_broken_file(client_anon, studies):
    response = client_anon.get("/api/studies/export.ris", {"design_code": "banana"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "design_code" in response.json()


def test_the_claims_csv_export_lists_each_claim_with_its_evidence(client_anon, chain):
    rows = list(csv.DictReader(io.StringIO(get_export(client_anon, "/api/claims/export.csv"))))
    assert [r["key"] for r in rows] == ["reduced-cocaine", "safe"]
    cited, safe = rows
    assert cited["quote"] == factories.DEFAULT_QUOTE
    assert (cited["citations"], cited["citation_statuses"], cited["studies"]) == ("[1]", "verified", "Dakwar & Levin 2019")
    assert safe["open_flags"] == "vague_attribution"


def test_the_claimreview_export_is_schema_org_json_ld_for_rated_claims(client_anon, chain):
    claim = chain["claim"]
    claim.computed_accuracy = "misleading"
    claim.computed_accuracy_certainty = "low"
    claim.computed_accuracy_rationale = "One small trial of a different substance."
    claim.save()
    response = client_anon.get("/api/claims/export.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    reviews = json.loads(response.getvalue())
    assert len(reviews) == 1  # the other claim's accuracy is not rated: no review to publish
    review = reviews[0]
    assert (review["@context"], review["@type"]) == ("https://schema.org", "ClaimReview")
    assert review["claimReviewed"] == factories.DEFAULT_QUOTE
    assert review["url"] == f"http://testserver/claims/{claim.pk}/"  # the claim's public page
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["itemReviewed"]["appearance"]["headline"] == "Ketamine and addiction"
    assert review["reviewBody"] == "One small trial of a different substance."


def test_the_claimreview_export_keeps_a_claim_an_editor_rated_though_it_cites_nothing(client_anon):
    article = factories.make_article(captured_text="There are no randomised trials of ketamine.")
    claim = factories.make_claim(article, quote="There are no randomised trials of ketamine.")
    claim.override_verdict = "contradicted"
    claim.override_rationale = "The library holds randomised trials of ketamine."
    claim.save()

    response = client_anon.get("/api/claims/export.jsonld", {"verdict": "contradicted"})
    reviews = json.loads(response.getvalue())
    assert [r["claimReviewed"] for r in reviews] == ["There are no randomised trials of ketamine."]
    assert reviews[0]["reviewRating"]["alternateName"] == "Inaccurate"
    assert reviews[0]["reviewBody"] == "The library holds randomised trials of ketamine."


def test_the_ris_export_has_only_tag_lines_as_ris_readers_expect(client_anon, studies):
    text = get_export(client_anon, "/api/studies/export.ris")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("TY  - ")
    # Every line is a tag line ("XX  - value"): no running number before a record.
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) or line == "ER  -" for line in lines), [
        line for line in lines if not re.match(r"^[A-Z][A-Z0-9]  - ", line)
    ][:3]


@pytest.mark.parametrize("path", ["/api/studies/export/?format=bib", "/api/claims/export/?format=csv"])
def test_options_on_an_export_describes_it_in_json_not_a_server_error(client_anon, path):
    response = client_anon.options(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"]


def test_an_export_with_no_row_is_still_a_file_of_its_format(client_anon):
    response = client_anon.get("/api/studies/export.bib", {"year": 1999})
    assert (response.status_code, response.getvalue()) == (200, b"")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"


@pytest.mark.parametrize("fmt", ["csljson", "ris", "bib", "csv"])
def test_an_export_is_streamed_in_batches_that_make_one_valid_file(client_anon, monkeypatch, fmt):
    from studies.api import exports

    monkeypatch.setattr(exports, "BATCH", 2)
    for i in range(5):
        factories.make_study(key=f"same{i}", title=f"Ketamine study {i}", year=2000 + i)
    response = client_anon.get(f"/api/studies/export.{fmt}")
    assert response.streaming
    text = response.getvalue().decode()
    if fmt == "csljson":
        assert sorted(item["title"] for item in json.loads(text)) == [f"Ketamine study {i}" for i in range(5)]
    elif fmt == "ris":
        assert len(rispy.loads(text)) == 5
    elif fmt == "bib":
        library = bibtexparser.parse_string(text)
        assert len({entry.key for entry in library.entries}) == 5 and not library.failed_blocks
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sorted(row["title"] for row in rows) == [f"Ketamine study {i}" for i in range(5)]


def test_an_empty_streamed_export_is_its_formats_empty_file(client_anon):
    assert json.loads(client_anon.get("/api/studies/export.csljson").getvalue()) == []
    header = client_anon.get("/api/studies/export.csv").getvalue().decode()
    assert header.startswith("id,") and header.count("\r\n") == 1
    assert json.loads(client_anon.get("/api/claims/export.jsonld").getvalue()) == []
