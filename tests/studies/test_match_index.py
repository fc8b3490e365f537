"""The match index kept in the database: the same answers as an index built in memory, keys
rewritten on every save, and a batch read in a constant number of queries."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from claims.checking.batch import check_references
from studies.library import match_index
from studies.library.match_index import StoredMatchIndex, read_postings, rebuild_match_keys
from studies.models import Study, StudyMatchKey, StudyMatchKeyCount, StudyMatchRecord
from studies.references.matching import MatchIndex, max_df, record_keys
from studies.references.packed import PACKER, unpack
from studies.references.parsing import parse_reference
from tests import factories

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[2] / "bench" / "real_references"
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "library.json"


def studies_from_real_records():
    """The curated library and the records of the real-reference benchmark, as studies."""
    records = [
        *json.loads(CORPUS.read_text())["records"],
        *json.loads((REAL / "records.json").read_text()),
    ]
    seen = set()
    for record in records:
        doi = (record.get("doi") or "").lower()
        pmid = str(record.get("pmid") or "")
        if (doi and doi in seen) or (pmid and pmid in seen):
            continue  # the benchmark repeats some seed works; one study each
        seen.update(mark for mark in (doi, pmid) if mark)
        factories.make_study(
            title=record.get("title") or "",
            authors=record.get("authors") or [],
            container_title=record.get("container_title") or "",
            year=record.get("year"),
            volume=str(record.get("volume") or ""),
            issue=str(record.get("issue") or ""),
            pages=str(record.get("pages") or ""),
            doi=doi,
            pmid=pmid,
            url=record.get("url") or "",
            trial_names=", ".join(record.get("trial_names") or []),
        )


def in_memory():
    return MatchIndex(
        match_index.study_record({"id": values.pop("pk"), **values})
        for values in Study.objects.order_by("pk").values("pk", *match_index.RECORD_FIELDS)
    )


def test_it_matches_every_real_reference_as_an_index_built_in_memory_does():
    studies_from_real_records()
    references = [r["raw"] for r in json.loads((REAL / "references.json").read_text())]
    memory, stored = in_memory(), StoredMatchIndex()
    parsed = [parse_reference(raw) for raw in references]
    batch = stored.prepare(parsed)
    one_by_one = StoredMatchIndex()
    for reference, from_batch in zip(parsed, batch, strict=True):
        expected = memory.match(reference)
        assert from_batch == expected, reference.raw
        assert one_by_one.match(reference) == expected, reference.raw
    assert sum(m.study_id is not None for m in batch) > 100  # most of them name a study


def test_saving_a_study_rewrites_its_keys_and_deleting_it_removes_them():
    study = factories.make_study(title="Ketamine for cocaine use disorder", doi="10.1000/abc", year=2020)
    keys = set(study.match_keys.values_list("key", flat=True))
    assert {"doi:10.1000/abc", "t:cocaine", "t:ketamine cocaine", "fy:dakwar:2020"} <= keys
    study.doi = "10.1000/xyz"
    study.save()
    keys = set(study.match_keys.values_list("key", flat=True))
    assert "doi:10.1000/xyz" in keys and "doi:10.1000/abc" not in keys
    study.delete()
    assert not StudyMatchKey.objects.exists()


def test_rebuilding_every_key_gives_what_saving_each_study_gave():
    studies_from_real_records()
    saved = sorted(StudyMatchKey.objects.values_list("study_id", "key"))
    packed = sorted(StudyMatchRecord.objects.values_list("study_id", "packer", "packed"))
    StudyMatchKey.objects.all().delete()
    StudyMatchRecord.objects.all().delete()
    assert rebuild_match_keys() == len(saved)
    assert sorted(StudyMatchKey.objects.values_list("study_id", "key")) == saved
    assert sorted(StudyMatchRecord.objects.values_list("study_id", "packer", "packed")) == packed


def test_saving_a_study_packs_its_record_and_a_change_packs_it_again():
    study = factories.make_study(title="Ketamine for cocaine use disorder", year=2020)
    kept = StudyMatchRecord.objects.get(study=study)
    assert kept.packer == PACKER
    assert unpack(kept.packed)[0].title == "ketamine for cocaine use disorder"
    study.title = "Ketamine for alcohol use disorder"
    study.save()
    kept.refresh_from_db()
    assert unpack(kept.packed)[0].title == "ketamine for alcohol use disorder"
    study.delete()
    assert not StudyMatchRecord.objects.exists()


def test_a_record_packed_by_other_code_is_read_from_the_studys_fields():
    studies_from_real_records()
    references = [r["raw"] for r in json.loads((REAL / "references.json").read_text())][:150]
    parsed = [parse_reference(raw) for raw in references]
    memory = in_memory()
    expected = [memory.match(reference) for reference in parsed]
    # What an older version of the code packed, in a shape this one cannot read.
    StudyMatchRecord.objects.update(packer="0" * 16, packed="[]")
    assert StoredMatchIndex().prepare(parsed) == expected
    StudyMatchRecord.objects.update(packer=PACKER, packed='[["cut short"')  # not JSON
    assert StoredMatchIndex().prepare(parsed) == expected
    rebuild_match_keys()
    # The keys whole and the fields after them damaged: the keys are read, the fields are not.
    for kept in StudyMatchRecord.objects.all():
        _keys, (text, end) = unpack(kept.packed)
        kept.packed = text[:end] + ',{"damaged": true}]]'
        kept.save()
    assert StoredMatchIndex().prepare(parsed) == expected
    StudyMatchRecord.objects.all().delete()  # a study inserted before records were packed
    assert StoredMatchIndex().prepare(parsed) == expected


def test_the_command_rebuilds_the_keys_of_studies_inserted_without_saving():
    title = "Ketamine-assisted psychotherapy for heroin addiction: immediate effects and two-year follow-up"
    Study.objects.bulk_create([Study(title=title, year=2002, authors=[])])
    assert not StudyMatchKey.objects.exists()
    out = io.StringIO()
    call_command("index_library", stdout=out, verbosity=0)
    assert f"Indexed 1 studies, {StudyMatchKey.objects.count()} keys;" in out.getvalue()
    found = StoredMatchIndex().match(parse_reference(f"{title}. 2002."))
    assert found.study_id == str(Study.objects.get().pk)


def test_a_url_longer_than_a_key_is_found_by_its_digest():
    url = "https://example.org/ketamine/" + "a" * 400
    study = factories.make_study(title="Ketamine page", url=url)
    assert all(len(key) <= 200 for key in record_keys(match_index.study_record({"id": study.pk, "url": url})))
    found = StoredMatchIndex().match(parse_reference(f"Available at: {url}"))
    assert (found.study_id, found.method) == (str(study.pk), "identifier")


def test_a_word_in_more_titles_than_is_useful_is_read_only_to_its_limit():
    for n in range(5):
        factories.make_study(title=f"Ketamine study number {n}", year=2000 + n)
    postings = read_postings({"t:ketamine": 3, "t:study": None, "t:absent": None})
    assert postings["t:ketamine"] == sorted(postings["t:ketamine"])
    assert (len(postings["t:ketamine"]), len(postings["t:study"])) == (3, 5)
    assert "t:absent" not in postings
    assert max_df(1_000_000) == 5000


def test_keys_with_the_characters_of_an_array_literal_are_read_back_whole():
    # DOIs hold brackets, semicolons and quotes; the keys travel as one text to PostgreSQL.
    study = factories.make_study(title="Ketamine", doi="10.1002/(sici)1097;2-x", year=2000)
    odd = ['doi:10.1002/{a,b}"c"', "doi:10.1002/back\\slash'quote", "doi:10.1002/null", "t:"]
    StudyMatchKey.objects.bulk_create(StudyMatchKey(study=study, key=key) for key in odd)
    StudyMatchKeyCount.objects.bulk_create(StudyMatchKeyCount(key=key, studies=1) for key in odd)
    keys = ["doi:10.1002/(sici)1097;2-x", *odd]

    assert match_index.read_counts([*keys, "doi:absent"]) == dict.fromkeys(keys, 1)
    assert read_postings(dict.fromkeys(keys, None)) == {key: [study.pk] for key in keys}
    assert match_index._packed_records([study.pk, 10**12])[0][0] == study.pk


def test_checking_a_batch_reads_the_library_in_a_constant_number_of_queries():
    studies_from_real_records()
    references = [r["raw"] for r in json.loads((REAL / "references.json").read_text())]
    with CaptureQueriesContext(connection) as few:
        check_references(references=references[:5])
    with CaptureQueriesContext(connection) as many:
        check_references(references=references[:200])
    assert len(few) == len(many) <= 6


def test_a_batch_parses_each_reference_once(monkeypatch):
    from studies.references import parsing

    studies_from_real_records()
    references = [r["raw"] for r in json.loads((REAL / "references.json").read_text())][:50]
    parsed = []
    parse = parsing._parse

    def counting(raw):
        parsed.append(raw)
        return parse(raw)

    monkeypatch.setattr(parsing, "_parse", counting)
    check_references(references=references)
    assert sorted(parsed) == sorted(set(references))


def test_an_index_reads_nothing_before_its_first_reference_but_the_librarys_size():
    factories.make_study()
    with CaptureQueriesContext(connection) as queries:
        index = StoredMatchIndex()
    assert index.size == 1
    (query,) = queries
    # On PostgreSQL the total its triggers keep: counting 100,000 studies took a tenth of a
    # batch's time.
    assert ("studies_studytotal" if connection.vendor == "postgresql" else "COUNT(*)") in query["sql"]


def test_the_counts_of_keys_follow_every_save_and_delete():
    studies_from_real_records()
    study = Study.objects.order_by("pk").first()
    study.title = "Zyzzogeton counts in a ketamine registry"
    study.save()
    Study.objects.order_by("pk").last().delete()

    def counted():
        return dict(StudyMatchKeyCount.objects.filter(studies__gt=0).values_list("key", "studies"))

    grouped = dict(StudyMatchKey.objects.values("key").annotate(n=Count("pk")).values_list("key", "n"))
    assert counted() == grouped
    assert counted()["t:zyzzogeton"] == 1
    rebuild_match_keys()
    assert counted() == grouped


def test_a_save_that_changes_no_bibliographic_field_writes_no_key():
    study = factories.make_study()
    study.topic_summary = "Now summarised."
    with CaptureQueriesContext(connection) as queries:
        study.save()
    assert not [q for q in queries if "match" in q["sql"].lower() and not q["sql"].startswith("SELECT")]


def test_the_facts_read_as_plain_values_are_those_of_the_rows():
    from studies.facts import study_facts
    from studies.library.match_index import StoredFacts
    from tests.claims.library import library_study

    studies = [
        factories.make_study(substances=("alcohol", "cocaine"), n=None, design_code="case_report"),
        factories.make_study(
            authors=[{"literal": "WebMD"}], year=None, source_kind="consumer_health_page",
            about_ketamine=None, standing="retracted",
            notices=[{"kind": "retraction", "date": "2024-01-02", "doi": "10.1/x", "source": "publisher"}],
        ),  # fmt: skip
        # Curated records: designs, sizes, routes, appraisals, topics.
        *(library_study(key) for key in ("dakwar2019", "krupitsky2002", "webmd", "samhsa2021")),
    ]
    facts = StoredFacts(size=len(studies))
    facts.load(study.pk for study in studies)
    for study in Study.objects.filter(pk__in=[s.pk for s in studies]).prefetch_related("substances"):
        assert facts.get(study.pk) == study_facts(study)
    assert facts.get(studies[1].pk).notice.startswith("Retraction of 2024-01-02")


@pytest.mark.django_db(transaction=True)
def test_rewritten_key_tables_are_vacuumed_on_postgresql_outside_a_transaction():
    from django.db import transaction

    on_postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        # VACUUM cannot run in a transaction: inside one it is left to autovacuum.
        assert match_index.tidy_key_tables() is False
    assert match_index.tidy_key_tables() is on_postgresql
    if on_postgresql:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
                [StudyMatchKey._meta.db_table],
            )
            assert cursor.fetchone() == (True,)


def test_a_trials_name_saved_on_a_study_finds_it_at_once_and_a_change_of_name_is_followed():
    study = factories.make_study(
        title="Adjunctive Ketamine With Relapse Prevention-Based Psychological Therapy in the Treatment of Alcohol Use Disorder",
        authors=[{"family": "Grabski", "given": "Meryem"}], year=2022, trial_names="KARE",
    )

    (found,) = check_references(references=["the KARE trial, led by the University of Exeter"])
    assert (found["status"], found["study"]["id"]) == ("verified", study.pk), found["reason"]

    study.trial_names = "KARE-2"
    study.save()
    (found,) = check_references(references=["the KARE trial, led by the University of Exeter"])
    assert found["study"] is None, found["reason"]
