"""manage.py import_library and the import_studies service: create or update studies by
identifier, classify their topic, and import each file all or nothing."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from studies.formats import RecordError
from studies.models import Study
from studies.services import import_studies
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "library"


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_library", *[str(p) for p in paths], stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_a_csl_json_library_creates_its_studies_with_topics_classified():
    out, _ = run(FIXTURES / "library.json")
    assert "3 record(s): 3 created, 0 updated, 0 unchanged." in out
    dakwar = Study.objects.get(doi="10.1176/appi.ajp.2019.19070684")
    assert dakwar.pmid == "31786934"
    assert (dakwar.year, dakwar.volume, dakwar.issue, dakwar.pages) == (2020, "177", "2", "125-133")
    assert dakwar.authors[0] == {"family": "Dakwar", "given": "Elias"}
    assert (dakwar.about_ketamine, dakwar.about_substance_use, dakwar.topic_source) == (True, True, "importer")
    childcare = Study.objects.get(title="Quality of childcare and early learning")
    assert (childcare.about_ketamine, childcare.about_substance_use) == (False, False)
    who = Study.objects.get(title="Ketamine: critical review report")
    assert (who.work_type, who.authors) == ("report", [{"literal": "World Health Organization"}])


def test_ris_and_bibtex_libraries_import_too():
    out, _ = run(FIXTURES / "library.ris", FIXTURES / "library.bib")
    assert "2 record(s): 2 created" in out
    assert Study.objects.get(pmid="12495789").doi == "10.1016/s0740-5472(02)00275-1"
    assert Study.objects.get(pmcid="PMC1234567").work_type == "webpage"
    krupitsky = Study.objects.get(doi="10.1080/02791072.1997.10400185")
    assert krupitsky.container_title == "Journal of Psychoactive Drugs"
    assert (krupitsky.about_ketamine, krupitsky.about_substance_use) == (True, False)
    assert Study.objects.count() == 4


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    run(FIXTURES / "library.json")
    history = Study.history.count()
    out, _ = run(FIXTURES / "library.json")
    assert "3 record(s): 0 created, 0 updated, 3 unchanged." in out
    assert Study.objects.count() == 3
    assert Study.history.count() == history  # no history rows for no change


def test_an_existing_study_is_updated_by_its_identifier_in_any_written_form():
    study = factories.make_study(
        title="Old title", doi="10.1176/appi.ajp.2019.19070684", year=2019, pmid="",
        abstract="Kept: the file has no abstract for it.", topic_source="importer",
    )
    out, _ = run(FIXTURES / "library.json")
    assert "2 created, 1 updated" in out
    study.refresh_from_db()
    assert study.title.startswith("A Single Ketamine Infusion")
    assert (study.year, study.pmid) == (2020, "31786934")
    assert study.abstract == "Ketamine plus motivational enhancement therapy reduced drinking in alcohol use disorder."


def test_an_empty_field_in_the_file_never_erases_a_known_value():
    study = factories.make_study(title="Quality of childcare and early learning", year=2015, volume="86", doi="")
    run(FIXTURES / "library.json")
    study.refresh_from_db()
    assert study.volume == "86"  # the file gives no volume; matched by title and year
    assert Study.objects.filter(title="Quality of childcare and early learning").count() == 1


def test_a_curated_study_only_has_its_empty_fields_filled():
    curated = factories.make_study(
        key="dakwar2020", title="Curated title", doi="10.1176/appi.ajp.2019.19070684", year=2020,
        pages="", topic_source="curated", about_substance_use=True,
    )
    run(FIXTURES / "library.json")
    curated.refresh_from_db()
    assert curated.title == "Curated title"
    assert curated.pages == "125-133"
    assert curated.topic_source == "curated"


def test_a_topic_set_by_an_editor_is_not_reclassified():
    study = factories.make_study(
        title="x", doi="10.1176/appi.ajp.2019.19070684", about_ketamine=False, topic_source="editor"
    )
    run(FIXTURES / "library.json")
    study.refresh_from_db()
    assert (study.about_ketamine, study.topic_source) == (False, "editor")


def test_a_bad_record_stops_the_file_with_its_name_and_saves_nothing():
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_library", str(FIXTURES / "bad_year.json"), stdout=io.StringIO(), stderr=err, verbosity=0)
    assert "1 of 1 file(s) not imported" in str(excinfo.value)
    assert "bad_year.json: record 3 (id 'x'): year 'abc' is not a year" in err.getvalue()
    assert Study.objects.count() == 0  # records 1 and 2 were fine, and still not saved


def test_a_good_file_is_imported_even_when_another_file_fails():
    with pytest.raises(CommandError):
        call_command(
            "import_library", str(FIXTURES / "truncated.ris"), str(FIXTURES / "library.bib"),
            stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0,
        )
    assert Study.objects.count() == 2  # library.bib; none from truncated.ris


@pytest.mark.parametrize(
    "name, message",
    [
        ("broken.bib", "broken.bib: record 2: not valid BibTeX (line 3)"),
        ("duplicate_doi.json", "record 2 (id 'second'): DOI 10.1000/same is also given by record 1"),
    ],
)
def test_each_kind_of_bad_file_names_the_record(name, message):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_library", str(FIXTURES / name), stdout=io.StringIO(), stderr=err, verbosity=0)
    assert message in err.getvalue()
    assert Study.objects.count() == 0


def test_identifiers_of_two_different_studies_in_one_record_are_refused():
    factories.make_study(title="A", doi="10.1176/appi.ajp.2019.19070684")
    factories.make_study(title="B", pmid="31786934")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_library", str(FIXTURES / "library.json"), stdout=io.StringIO(), stderr=err, verbosity=0)
    assert "record 1 (id 'dakwar2019'): its identifiers belong to different studies" in err.getvalue()


def test_a_record_contradicting_the_matched_studys_identifier_is_refused():
    factories.make_study(title="A", doi="10.1176/appi.ajp.2019.19070684", pmid="99999999")
    with pytest.raises(RecordError, match="PMID 31786934 differs from study .*'s PMID 99999999"):
        import_studies(records=[{"title": "x", "doi": "10.1176/appi.ajp.2019.19070684", "pmid": "31786934"}])


def test_a_value_the_database_refuses_is_reported_with_its_record():
    with pytest.raises(RecordError, match=r"record 1 \(id 'long'\): volume: Ensure this value has at most 40"):
        import_studies(records=[{"id": "long", "title": "x", "volume": "9" * 41}])
    assert Study.objects.count() == 0


def test_an_unknown_extension_or_missing_file_is_a_clear_error(tmp_path):
    text = tmp_path / "library.txt"
    shutil.copy(FIXTURES / "library.json", text)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_library", str(text), str(tmp_path / "missing.json"),
                     stdout=io.StringIO(), stderr=err, verbosity=0)
    assert "library.txt: unknown file type; expected .bib, .json, .ris" in err.getvalue()
    assert "missing.json: cannot read the file" in err.getvalue()


def test_the_service_reports_what_it_did():
    result = import_studies(records=[{"title": "Ketamine for opioid withdrawal", "year": 2021}])
    [study_id] = result.created
    assert (result.updated, result.unchanged) == ([], [])
    study = Study.objects.get(pk=study_id)
    assert (study.about_ketamine, study.about_substance_use) == (True, True)
