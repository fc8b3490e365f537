"""Packed library records: what is read back is what matching would compute."""

import json
from pathlib import Path

from studies.references.matching import StudyRecord, _Features, record_features
from studies.references.packed import pack, unpack, unpack_record

ROOT = Path(__file__).resolve().parents[2]


def real_records():
    return [
        *json.loads((ROOT / "corpus" / "library.json").read_text())["records"],
        *json.loads((ROOT / "bench" / "real_references" / "records.json").read_text()),
    ]


def slots(features: _Features) -> dict:
    return {name: getattr(features, name) for name in _Features.__slots__}


def test_every_real_record_unpacks_to_the_record_and_keys_matching_computes():
    records = real_records()
    assert len(records) > 100
    for n, data in enumerate(records):
        record = StudyRecord.from_dict({**data, "id": n}, id_field="id")
        features, fields = unpack(pack(record))
        assert slots(features) == slots(record_features(record)), record.title
        assert unpack_record(str(n), fields) == record


def test_an_organisation_a_subtitle_and_a_year_in_the_title_survive_packing():
    record = StudyRecord(
        id="7",
        title="The 2021 National Survey: ketamine use among adults",
        authors=("WebMD", ("Dakwar", "Elias")),
        container_title="J. Subst. Abuse Treat.",
        year=2021,
        volume="12",
        pages="e101-e109",
        pmid="12345678",
    )
    features, fields = unpack(pack(record))
    assert features.title_years == frozenset({"2021"})
    assert features.main_set == frozenset({"2021", "national", "survey"})
    assert (features.literal, features.families) == ("webmd", ["dakwar"])
    assert isinstance(features.journal, tuple) and features.year == 2021
    assert unpack_record("7", fields).authors == ("WebMD", ("Dakwar", "Elias"))
