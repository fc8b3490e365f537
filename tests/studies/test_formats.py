"""Bibliographic formats: each reader validates and normalises, each writer's output parses
back with its own library, and a bad record is named in the error. No database."""

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy

from studies import formats

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "library"

RECORD = {
    "id": "dakwar2019",
    "work_type": "article-journal",
    "title": "50% of {patients} & café — Müller_ $ #1 ~ a\\b",
    "authors": [
        {"family": "Müller", "given": "Jürgen"},
        {"literal": "World Health Organization"},
        {"family": "van der Berg", "given": "A."},
    ],
    "container_title": "Am J Psychiatry",
    "year": 2019,
    "volume": "176",
    "issue": "11",
    "pages": "923-930",
    "doi": "10.1176/appi.ajp.2019.18101123",
    "pmid": "31230464",
    "pmcid": "PMC6879267",
    "url": "https://example.org/a%20b_c?x=1&y=2",
    "abstract": "An abstract with 5% of text.",
    "keywords": ["Ketamine", "Cocaine-Related Disorders", "Mindfulness"],
}


def read_fixture(name):
    path = FIXTURES / name
    return formats.read(path.read_text(encoding="utf-8"), formats.format_for_path(path))


@pytest.mark.parametrize("fmt", ["csljson", "ris", "bibtex"])
def test_every_field_survives_a_round_trip_through_each_format(fmt):
    written = getattr(formats, f"write_{'csl_json' if fmt == 'csljson' else fmt}")([RECORD])
    [back] = formats.read(written, fmt)
    assert back == RECORD


def test_csl_json_output_is_a_json_array_of_csl_items():
    [item] = json.loads(formats.write_csl_json([RECORD]))
    assert item["issued"] == {"date-parts": [[2019]]}
    assert item["author"][1] == {"literal": "World Health Organization"}
    assert item["DOI"] == "10.1176/appi.ajp.2019.18101123"
    assert "note" not in item


def test_ris_output_parses_with_rispy():
    [entry] = rispy.loads(formats.write_ris([RECORD]))
    assert entry["type_of_reference"] == "JOUR"
    assert entry["authors"] == ["Müller, Jürgen", "World Health Organization", "van der Berg, A."]
    assert (entry["start_page"], entry["end_page"]) == ("923", "930")
    assert entry["accession_number"] == "31230464"


def test_ris_values_never_span_lines():
    record = {**RECORD, "title": "A title\nwith a line break", "abstract": "One\n\nTwo"}
    text = formats.write_ris([record])
    assert "TI  - A title with a line break" in text
    [entry] = rispy.loads(text)
    assert entry["abstract"] == "One Two"


def test_bibtex_output_parses_with_bibtexparser_and_escapes_latex():
    text = formats.write_bibtex([RECORD])
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry.key == "dakwar2019"
    assert r"50{\%}" in entry["title"]
    assert entry["author"].startswith(r"M{\"u}ller, J{\"u}rgen and {World Health Organization}")
    assert entry["url"] == RECORD["url"]  # identifiers are written as they are


def test_bibtex_keys_are_made_safe_and_unique():
    records = [
        {**RECORD, "id": "study 1"},
        {**RECORD, "id": "study 1", "authors": [{"family": "Dakwar", "given": "E."}]},
        {**RECORD, "id": None, "authors": [{"family": "Dakwar", "given": "E."}]},
    ]
    keys = [e.key for e in bibtexparser.parse_string(formats.write_bibtex(records)).entries]
    assert keys == ["muller2019", "dakwar2019", "dakwar2019a"]


def test_csv_output_parses_with_the_csv_module_and_guards_against_formulas():
    record = {**RECORD, "title": "=HYPERLINK(\"http://evil\")", "n": 40, "substances": ["alcohol", "opioids"]}
    [row] = csv.DictReader(io.StringIO(formats.write_csv([record])))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")"
    assert row["authors"] == "Müller, Jürgen; World Health Organization; van der Berg, A."
    assert (row["n"], row["substances"], row["pages"]) == ("40", "alcohol; opioids", "923-930")


def test_the_csl_json_fixture_is_read_and_normalised():
    dakwar, childcare, who = read_fixture("library.json")
    assert dakwar["doi"] == "10.1176/appi.ajp.2019.19070684"  # from a https://doi.org/ link, upper case
    assert (dakwar["year"], dakwar["issue"], dakwar["pages"]) == (2020, "2", "125-133")
    assert childcare["year"] == 2015  # from "raw": "2015-06"
    assert childcare["pages"] == "45"
    assert who["authors"] == [{"literal": "World Health Organization"}]
    assert (who["work_type"], who["year"]) == ("report", 2016)


def test_the_ris_fixture_is_read_with_pmid_pmcid_and_wrapped_abstract():
    krupitsky, news = read_fixture("library.ris")
    assert krupitsky["year"] == 2002  # from "2002///"
    assert krupitsky["doi"] == "10.1016/s0740-5472(02)00275-1"
    assert krupitsky["pmid"] == "12495789"
    assert krupitsky["pages"] == "273-283"
    assert krupitsky["abstract"] == "Ketamine-assisted psychotherapy was effective for heroin dependence."
    assert news["work_type"] == "webpage"
    assert news["pmcid"] == "PMC1234567"
    assert news["authors"] == [{"literal": "Health News Desk"}]


def test_the_bibtex_fixture_is_read_with_strings_resolved_and_latex_decoded():
    krupitsky, nsduh = read_fixture("library.bib")
    assert krupitsky["container_title"] == "Journal of Psychoactive Drugs"  # @string
    assert krupitsky["title"].startswith("Ketamine Psychedelic Therapy (KPT)")
    assert krupitsky["pages"] == "165-183"
    assert krupitsky["authors"][0] == {"family": "Krupitsky", "given": "E. M."}
    assert nsduh["authors"] == [{"literal": "Substance Abuse and Mental Health Services Administration"}]
    assert nsduh["title"] == "Key Substance Use Indicators in the United States: 50% & more, naïve Müller"
    assert nsduh["url"].endswith("?x=1%20y")  # a '%' in a URL is not a LaTeX comment
    assert nsduh["work_type"] == "report"


@pytest.mark.parametrize(
    "name, message",
    [
        ("bad_year.json", "record 3 (id 'x'): year 'abc' is not a year"),
        ("truncated.ris", "record 2: does not end with an 'ER  -' line (the file may be truncated)"),
        ("broken.bib", "record 2: not valid BibTeX (line 3): Unexpected block start"),
    ],
)
def test_a_bad_record_is_named_in_the_error(name, message):
    with pytest.raises(formats.RecordError) as excinfo:
        read_fixture(name)
    assert str(excinfo.value).startswith(message)


@pytest.mark.parametrize(
    "item, message",
    [
        ({"id": "a"}, "record 1 (id 'a'): it has no title"),
        ({"title": "t", "DOI": "not a doi"}, "record 1: DOI 'not a doi' is not a DOI"),
        ({"title": "t", "PMID": "PMC123"}, "record 1: PMID 'PMC123' is not a PubMed ID (it is a PubMed Central number)"),
        ({"title": "t", "issued": {"date-parts": [[3020]]}}, "record 1: year 3020 is outside 1600-2100"),
        ({"title": "t", "author": ["Smith J"]}, "record 1: author 1 is not a name object"),
        ({"title": ["a", "list"]}, "record 1: title ['a', 'list'] is not text"),
    ],
)
def test_csl_json_problems_are_reported_per_record(item, message):
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read_csl_json(json.dumps([item]))
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON: "),
        ('"a string"', "a CSL-JSON library is an array of items"),
        ("[1]", "record 1: is not a CSL item (a JSON object)"),
    ],
)
def test_a_file_that_is_not_csl_json_is_refused_as_a_whole(text, message):
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read_csl_json(text)
    assert str(excinfo.value).startswith(message)


def test_a_file_with_no_ris_records_is_refused():
    with pytest.raises(formats.RecordError, match="no record starts with 'TY  -'"):
        formats.read_ris("Just some text\nwith lines\n")


def test_the_format_is_chosen_by_extension():
    assert formats.format_for_path("lib/My Library.JSON") == "csljson"
    assert formats.format_for_path("x.ris") == "ris"
    assert formats.format_for_path("x.bib") == "bibtex"
    assert formats.format_for_path("x.txt") is None


# --- Review fixes: dates, absurd input, empty files, kinds of source ----------------------


def csl(**item):
    return json.dumps([{"id": "a", "type": "article-journal", "title": "A title", **item}])


@pytest.mark.parametrize(
    "issued",
    [
        "2019",
        2019,
        {"date-parts": [[2019, 5, 1]]},
        {"date-parts": [["2019"]]},
        {"raw": "2019-05"},
        {"literal": "2019"},
        {"raw": "May 2019"},
        {"literal": "Spring 2019"},
        "05/2019",
    ],
)
def test_a_csl_date_in_any_common_shape_gives_its_year(issued):
    [record] = formats.read_csl_json(csl(issued=issued))
    assert record["year"] == 2019


@pytest.mark.parametrize(
    "issued, message",
    [
        ({"year": 2019}, "record 1 (id 'a'): issued {'year': 2019} is not a CSL date: expected date-parts, raw or literal"),
        ({"raw": "n.d."}, "record 1 (id 'a'): year 'n.d.' is not a year"),
        ({"literal": "in press"}, "record 1 (id 'a'): year 'in press' is not a year"),
        (["2019"], "record 1 (id 'a'): issued ['2019'] is not a CSL date"),
        ({"raw": ["2019"]}, "record 1 (id 'a'): issued raw ['2019'] is not a date"),
        ({"raw": 1e400}, "record 1 (id 'a'): issued raw inf is not a date"),
        ({"literal": True}, "record 1 (id 'a'): issued literal True is not a date"),
    ],
)
def test_a_csl_date_the_reader_cannot_read_is_an_error_naming_the_record_not_a_missing_year(issued, message):
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read_csl_json(csl(issued=issued))
    assert str(excinfo.value) == message


def test_an_empty_csl_date_is_no_year():
    [record] = formats.read_csl_json(csl(issued={"date-parts": []}))
    assert record["year"] is None


def test_json_nested_too_deeply_is_not_a_csl_json_array_of_items():
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read("[" * 100_000, "csljson")
    assert str(excinfo.value).startswith("not a CSL-JSON array of items")


@pytest.mark.parametrize(
    "text, fmt, message",
    [
        ("this is not bibtex at all\n", "bibtex", "no records found: the file holds no BibTeX record"),
        ("", "bibtex", "no records found: the file holds no BibTeX record"),
        ("[]", "csljson", "no records found: the file holds no CSL-JSON record"),
        ("\n\n", "ris", "no records found: the file holds no RIS record"),
    ],
)
def test_a_file_holding_no_record_is_an_error_not_an_empty_library(text, fmt, message):
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read(text, fmt)
    assert str(excinfo.value) == message


def test_an_absurdly_long_title_is_refused_naming_the_record_without_repeating_it():
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read_csl_json(csl(title="T" * 100_000))
    assert str(excinfo.value) == (
        "record 1 (id 'a'): title is 100,000 characters long; at most 2,000 are accepted"
    )


def test_an_absurdly_long_abstract_or_field_is_refused_too():
    with pytest.raises(formats.RecordError, match="abstract is 60,000 characters long"):
        formats.read_csl_json(csl(abstract="w" * 60_000))
    with pytest.raises(formats.RecordError, match="volume is 3,000 characters long"):
        formats.read_csl_json(csl(volume="9" * 3_000))


def test_a_bad_value_is_quoted_cut_short_in_the_message():
    with pytest.raises(formats.RecordError) as excinfo:
        formats.read_csl_json(csl(DOI="not-a-doi-" * 150))
    message = str(excinfo.value)
    assert message.startswith("record 1 (id 'a'): DOI 'not-a-doi-not-a-doi-")
    assert message.endswith("' is not a DOI")
    assert len(message) < 120


@pytest.mark.parametrize(
    "work_type, kind",
    [
        ("article-journal", "peer_reviewed_article"),
        ("article-newspaper", "news_or_explainer"),
        ("article-magazine", "news_or_explainer"),
        # Types that do not tell: a web page, a blog post, a report may be any kind of source.
        ("webpage", None),
        ("post-weblog", None),
        ("report", None),
        ("document", None),
        ("review", None),  # CSL's review of a work (a book or film review), not a review article
        ("", None),
    ],
)
def test_only_a_type_that_tells_the_kind_of_source_gives_one(work_type, kind):
    assert formats.source_kind_for_type(work_type) == kind


@pytest.mark.parametrize(
    "text, fmt, kind",
    [
        ("TY  - JOUR\nTI  - A\nER  - \n", "ris", "peer_reviewed_article"),
        ("TY  - NEWS\nTI  - A\nER  - \n", "ris", "news_or_explainer"),
        ("TY  - MGZN\nTI  - A\nER  - \n", "ris", "news_or_explainer"),
        ("TY  - ELEC\nTI  - A\nER  - \n", "ris", None),
        ("TY  - WEB\nTI  - A\nER  - \n", "ris", None),
        ("TY  - RPRT\nTI  - A\nER  - \n", "ris", None),
        ("@article{a, title = {A}}", "bibtex", "peer_reviewed_article"),
        ("@misc{a, title = {A}}", "bibtex", None),
        ("@online{a, title = {A}}", "bibtex", None),
        ("@techreport{a, title = {A}}", "bibtex", None),
    ],
)
def test_ris_and_bibtex_types_tell_the_kind_of_source_through_their_csl_type(text, fmt, kind):
    [record] = formats.read(text, fmt)
    assert formats.source_kind_for_type(record["work_type"]) == kind


def test_a_straight_double_quote_in_a_title_reads_back_from_bibtex_as_itself():
    record = {**RECORD, "title": '"This Is Something That Changed My Life": a qualitative study'}
    written = formats.write_bibtex([record])
    assert 'title = {{"}This Is Something That Changed My Life{"}: a qualitative study}' in written
    [read] = formats.read(written, "bibtex")
    assert read["title"] == record["title"]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('[{"id": "a", "title": "T", "keyword": "Ketamine; Alcoholism, Relapse"}]', "csljson"),
        ("TY  - JOUR\nTI  - T\nKW  - Ketamine\nKW  - Alcoholism\nKW  - Relapse\nER  - \n", "ris"),
        ("@article{a, title = {T}, keywords = {Ketamine; Alcoholism; Relapse}}", "bibtex"),
    ],
)
def test_keywords_are_read_from_each_format(text, fmt):
    [record] = formats.read(text, fmt)
    assert record["keywords"] == ["Ketamine", "Alcoholism", "Relapse"]


def test_keywords_that_are_not_a_list_or_a_text_name_the_record():
    with pytest.raises(formats.RecordError, match="keywords must be a list or a text"):
        formats.read('[{"id": "a", "title": "T", "keyword": {"a": 1}}]', "csljson")


@pytest.mark.parametrize(
    "written, stored",
    [("923-930", "923-930"), ("923--930", "923-930"), ("923---930", "923-930"), ("923 – 930", "923-930"),
     ("923—930", "923-930"), (" e123 ", "e123"), ("", "")],
)  # fmt: skip
def test_a_page_range_is_read_with_one_hyphen_however_its_dash_was_written(written, stored):
    assert formats.normalise_pages(written) == stored
    assert formats.clean_record({"title": "t", "pages": written})["pages"] == stored


@pytest.mark.parametrize("pages", ["1--2", "1-2", "1 – 2"])
def test_the_bibtex_and_ris_writers_never_double_a_dash_of_a_range_however_it_was_stored(pages):
    record = {"title": "t", "pages": pages}
    assert "pages = {1--2}" in formats.write_bibtex([record])
    [entry] = rispy.loads(formats.write_ris([record]))
    assert (entry["start_page"], entry["end_page"]) == ("1", "2")
