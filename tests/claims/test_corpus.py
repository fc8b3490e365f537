"""The seed corpus files: complete, verbatim, and refused with a clear message when broken.

Plain pytest, no database: run with
    .venv/bin/python -m pytest tests/claims/test_corpus.py -p no:django -q
The known answers below were read by hand from the five seed articles and library.json.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from claims import constants as cc
from claims.seed_corpus.reader import CorpusError, content_hash, find_span, read_corpus
from studies import constants as sc

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# sha256 of each seed file as shipped in /work/shared/seeds, and of the corpus library: the
# evidence library (/work/shared/evidence/library.json) with the corrections of review, each
# explained in its record's notes and pinned by test_the_corrections_of_review_hold.
SEED_SHA256 = {
    "000_0fab14b3dcf54131.txt": "2274251c720cb5f88e8872105cd20f2e21dddd7c136045fd805ee9412afecb15",
    "001_f8c6ac165681c0f1.txt": "6f5527831b6140808ebbb4f2671b7fbdfa0cd09d45cb9d8b5558fc39f04a6ed9",
    "002_f7c5dc83241063cf.txt": "abdfc6515aa3a3dcc98a673a9351390238cf9989d2468ea5417beb51cafa3e67",
    "003_77cc5b3fff699fea.txt": "22e23200d9e2bd00eaa2a99bea362471bca6e07a633161b165e0fb83e3680fd7",
    "004_82f001ea8b3d3c46.txt": "5bc648a9ac73db89bf7b7f8b4e93cecbcec811818c98fae4ce40c2a520f1f3ba",
}
LIBRARY_SHA256 = "5b74baacc12d47d0de4be8eb6ea9f983bdc4ae7c7e826453f98da35f8b7948ec"
LIBRARY_RECORDS = 39

# Every reference entry and every study pointed at in the running text, by article, as
# (location, marker) pairs, read from the seeds:
# - 000 ends with two numbered references [1], [2];
# - 001 describes one study in words ("a landmark study published in the Journal of
#   Substance Abuse Treatment") and lists ten numbered resources 1.-10.;
# - 002 has four unnumbered ("-") references cited in order as (1)-(4), and a table of four
#   anonymous studies A-D;
# - 003 reproduces four titled resources (WebMD explainer, Ezquerra review, Jones review,
#   Grabski trial), two links (the WebMD URL, a PubMed link), and its WebMD excerpt describes
#   two clinical trials (cocaine, alcohol);
# - 004 has no reference list; it names the 2020 NSDUH and the National Institute on Drug Abuse.
EXPECTED_ENTRIES = {
    "ohi-ketamine": [("reference_list", "[1]"), ("reference_list", "[2]")],
    "pax-addiction-recovery": [("in_text", "")]
    + [("reference_list", f"{n}.") for n in range(1, 11)],
    "oud-ketamine-science": [("reference_list", f"({n})") for n in range(1, 5)]
    + [("in_text", letter) for letter in "ABCD"],
    "riverwoods-ketamine-addictions": [("reference_list", "")] * 4
    + [("link", "")] * 2
    + [("in_text", "")] * 2,
    "iv-ketamine-opiate-addiction": [("in_text", ""), ("in_text", "")],
}
EXPECTED_TEXT_FILES = {
    "ohi-ketamine": "000_0fab14b3dcf54131.txt",
    "pax-addiction-recovery": "001_f8c6ac165681c0f1.txt",
    "oud-ketamine-science": "002_f7c5dc83241063cf.txt",
    "riverwoods-ketamine-addictions": "003_77cc5b3fff699fea.txt",
    "iv-ketamine-opiate-addiction": "004_82f001ea8b3d3c46.txt",
}
# The editor's identification of some citations (None: no such work in the library).
EXPECTED_STUDIES = {
    "ohi-r1": "dakwar2019",  # title of the 2019 cocaine trial, written as 2020, 177(9)
    "ohi-r2": None,  # the "Chan et al. (2021)" meta-analysis
    "pax-s1": "krupitsky2002",
    "pax-r1": "krupitsky2002",  # author/year/journal/volume of the heroin trial, wrong title
    "pax-r3": "grob2011",
    "oud-r2": "mcarthur2024",
    "oud-r4": "steinhauser2024",
    "oud-sa": None,
    "oud-sd": None,
    "rw-r4": "ezquerra2018",
    "rw-t1": "dakwar2019",
    "rw-t2": "dakwar2020",
    "iv-s1": "samhsa2021",
    "iv-s2": "nida_overdose",
}


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(CORPUS)


@pytest.fixture(scope="module")
def articles(corpus):
    return {a["key"]: a for a in corpus["articles"]}


def citation(articles, key):
    return next(c for a in articles.values() for c in a["citations"] if c["key"] == key)


def claim(articles, key):
    return next(c for a in articles.values() for c in a["claims"] if c["key"] == key)


# --- the captured texts and the library ----------------------------------------------


def test_the_captured_texts_are_the_seed_files_byte_for_byte():
    shipped = sorted(p.name for p in (CORPUS / "texts").iterdir())
    assert shipped == sorted(SEED_SHA256)
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((CORPUS / "texts" / name).read_bytes()).hexdigest() == digest


def test_each_article_reads_its_own_seed_and_hashes_it(articles):
    assert {key: a["text_file"] for key, a in articles.items()} == EXPECTED_TEXT_FILES
    for article in articles.values():
        assert article["content_hash"] == SEED_SHA256[article["text_file"]]


def test_the_library_is_the_reviewed_copy_of_the_evidence_library(corpus):
    assert hashlib.sha256((CORPUS / "library.json").read_bytes()).hexdigest() == LIBRARY_SHA256
    assert len(corpus["library"]) == LIBRARY_RECORDS


def test_the_corrections_of_review_hold(corpus):
    library = corpus["library"]
    # zarate2006's url was the page of another paper (Berman 2000): no page of its own.
    zarate = library["zarate2006"]
    assert zarate["url"] is None
    assert zarate["url"] != library["berman2000"]["url"] and "Berman" in zarate["notes"]
    # Filled fields need a source that was read: jhu2024 and webmd were read only as the
    # seed articles that cite them show them (their own pages were never captured).
    for key, text in (("jhu2024", "002_f7c5dc83241063cf.txt"), ("webmd", "003_77cc5b3fff699fea.txt")):
        assert [page.split(":")[0] for page in library[key]["confirmed_from"]] == [f"corpus/texts/{text}"]
        assert (CORPUS / "texts" / text).exists()
        assert "not captured" in library[key]["notes"], key
    # jhu2024's content was never read: whether it is about substance use is unknown.
    assert library["jhu2024"]["topic"]["about_substance_use"] is None
    assert corpus["studies"]["jhu2024"]["substances"] == []
    # grob2011's randomisation is not confirmed.
    grob = library["grob2011"]["appraisal"]
    assert grob["design_code"] == "non_randomized_controlled_trial"
    assert "own controls" in grob["design"]
    # PMCIDs the records' own notes or pages give.
    assert {key: r["pmcid"] for key, r in library.items() if r["pmcid"]} == {
        "dakwar2014": "PMC4105157",
        "das2019": "PMC6879579",
        "mollaahmetoglu2021": "PMC8415567",
        "kelson2023": "PMC10237681",
        "almog2025": "PMC12554366",
        "steinhauser2024": "PMC11649595",
    }
    assert library["jones2018"]["pmcid"] is None  # "probably PMC6094990": not confirmed
    # mollaahmetoglu2021's authors, unknown at first, from a catalogue's copy of its PubMed
    # record; its PMID, only linked there, stays unknown.
    molla = library["mollaahmetoglu2021"]
    assert [a["family"] for a in molla["authors"]] == [
        "Mollaahmetoglu", "Keeler", "Ashbullby", "Ketzitzidou-Argyri", "Grabski", "Morgan",
    ]  # fmt: skip
    assert "https://ebusca.uv.mx/Record/pubmed-8415567/Details" in molla["confirmed_from"]
    # berman2000's given names in full, as both of its confirmed_from pages print them: with
    # initials only, a reference naming "Cappiello, Andrea" could not be told from the record.
    berman = library["berman2000"]
    assert [a["given"] for a in berman["authors"][:4]] == ["Robert M.", "Angela", "Amit", "Dan A."]
    assert "https://scholars.mssm.edu/en/publications/antidepressant-effects-of-ketamine-in-depressed-patients-2" in berman["confirmed_from"]
    assert molla["pmid"] is None
    # azhari2021's authors, lost on the publisher's page, from a review's reference list that
    # gives the same DOI, volume and pages.
    azhari = library["azhari2021"]
    assert [a["family"] for a in azhari["authors"]] == [
        "Azhari", "Hu", "O'Malley", "Blocker", "Levin", "Dakwar",
    ]  # fmt: skip
    assert any("Mendes%202022" in page for page in azhari["confirmed_from"])
    # Every filled record names at least one page it was read on.
    assert all(record["confirmed_from"] for record in library.values())
    assert "not itself the primary source" in library["nida_overdose"]["notes"]
    assert "not comparable" in library["samhsa2021"]["notes"]


def test_the_content_hash_is_sha256_of_the_utf8_text():
    assert content_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert content_hash("’") == hashlib.sha256("’".encode()).hexdigest()


# --- claims ----------------------------------------------------------------------------


def test_every_claim_span_reproduces_its_quote_from_the_captured_text(corpus):
    spans = 0
    for article in corpus["articles"]:
        text = article["text"]
        for item in article["claims"]:
            assert text[item["start"] : item["end"]] == item["quote"], item["key"]
            starts = [m.start() for m in re.finditer(re.escape(item["quote"]), text)]
            assert item["start"] == starts[item["occurrence"] - 1], item["key"]
            spans += 1
    assert spans > 100


def test_a_span_counts_occurrences_from_one():
    assert find_span("a b a", "a") == (0, 1)
    assert find_span("a b a", "a", 2) == (4, 5)
    assert find_span("a b a", "a", 3) is None
    assert find_span("a b a", "c") is None


def test_every_claim_states_its_links_even_when_it_cites_nothing():
    for path in sorted((CORPUS / "articles").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in raw["claims"]:
            assert "links" in item, f"{path.name}: {item['key']}"
            assert isinstance(item["links"], list), f"{path.name}: {item['key']}"


def test_every_claim_and_link_uses_the_projects_codes(corpus):
    claim_types = {code for code, _ in cc.CLAIM_TYPES}
    misfits = {code for code, _ in cc.MISFIT_REASONS}
    for article in corpus["articles"]:
        cited = {c["key"] for c in article["citations"]}
        for item in article["claims"]:
            assert item["claim_type"] in claim_types
            for link in item["links"]:
                assert link["citation"] in cited
                assert set(link["misfit_reasons"]) <= misfits
                assert link["rationale"].strip()


def test_the_iv_claim_of_the_pax_article_is_judged_against_an_intramuscular_study(corpus, articles):
    link = next(
        link for link in claim(articles, "pax-c14")["links"] if link["citation"] == "pax-s1"
    )
    assert "different_route" in link["misfit_reasons"]
    assert link["stance"] != "supports"
    assert corpus["library"]["krupitsky2002"]["appraisal"]["route"].startswith("IM")


def test_the_webmd_account_of_five_days_of_iv_ketamine_is_judged_a_session_misfit(articles):
    (link,) = [link for link in claim(articles, "rw-c20")["links"] if link["citation"] == "rw-t1"]
    assert link["misfit_reasons"] == ["different_sessions"]
    assert link["stance"] == "partly"


def test_a_link_to_an_unidentified_work_carries_no_stance(articles):
    for article in articles.values():
        unidentified = {c["key"] for c in article["citations"] if c["study"] is None}
        for item in article["claims"]:
            for link in item["links"]:
                if link["citation"] in unidentified:
                    assert link["stance"] is None, (item["key"], link["citation"])


# --- citations -------------------------------------------------------------------------


def test_every_citation_raw_text_occurs_in_its_article(corpus):
    count = 0
    for article in corpus["articles"]:
        for item in article["citations"]:
            assert item["raw_text"] in article["text"], item["key"]
            count += 1
    assert count == sum(len(entries) for entries in EXPECTED_ENTRIES.values())


def test_every_reference_entry_and_pointed_at_study_of_every_article_is_present(articles):
    assert set(articles) == set(EXPECTED_ENTRIES)
    for key, expected in EXPECTED_ENTRIES.items():
        got = sorted((c["location"], c["marker"]) for c in articles[key]["citations"])
        assert got == sorted(expected), key


def test_the_pax_resource_list_has_ten_entries_each_captured_whole(articles):
    text = articles["pax-addiction-recovery"]["text"]
    resources = text.split("\nResources\n", 1)[1].split("\nNext\n", 1)[0]
    entries = re.findall(r"^\s+(\d+)\. (.+)$", resources, flags=re.M)
    assert len(entries) == 10
    written = {c["marker"]: c["raw_text"] for c in articles["pax-addiction-recovery"]["citations"]}
    for number, line in entries:
        assert written[f"{number}."] == line


def test_citations_are_identified_as_the_editor_read_them(articles):
    for key, study in EXPECTED_STUDIES.items():
        assert citation(articles, key)["study"] == study, key


def test_every_identified_citation_points_at_a_library_record(corpus):
    for article in corpus["articles"]:
        for item in article["citations"]:
            assert item["study"] is None or item["study"] in corpus["library"]


# --- studies.yaml ------------------------------------------------------------------------


def test_every_library_record_has_an_entry_in_studies_yaml(corpus):
    raw = yaml.safe_load((CORPUS / "studies.yaml").read_text(encoding="utf-8"))
    assert set(raw) == set(corpus["library"])
    assert len(raw) == LIBRARY_RECORDS


def test_n_is_the_records_own_number_of_participants(corpus):
    for key, extras in corpus["studies"].items():
        written = corpus["library"][key]["appraisal"].get("n")
        if isinstance(written, int):
            assert extras["n"] == written, key
        elif extras["n"] is not None:
            assert str(extras["n"]) in re.findall(r"\d+", written), key
    assert corpus["studies"]["krupitsky2007"]["n"] == 59  # "59 randomised (53 analysed ...)"
    assert corpus["studies"]["garel2022"]["n"] == 634  # "8 studies; 634 participants"
    assert corpus["studies"]["das2019"]["n"] is None  # "not confirmed in stored abstract"
    assert corpus["studies"]["berman2000"]["n"] is None  # "7 completers": total not stated


def test_the_route_code_follows_the_records_route_and_is_empty_when_unconfirmed(corpus):
    by_first_word = {"IV": "intravenous", "IM": "intramuscular", "oral": "oral"}
    for key, extras in corpus["studies"].items():
        route = corpus["library"][key]["appraisal"].get("route")
        if route is None or route.startswith("not "):
            assert extras["route_code"] is None, key
        else:
            assert extras["route_code"] == by_first_word[route.split()[0]], key


def test_works_not_about_substance_use_are_marked_none(corpus):
    for key, record in corpus["library"].items():
        substances = corpus["studies"][key]["substances"]
        if record["topic"]["about_substance_use"] is False:
            assert substances == ["none"], key
        else:
            assert "none" not in substances, key


# --- outcomes.yaml ---------------------------------------------------------------------


def test_every_outcome_source_text_is_a_substring_of_its_records_outcomes(corpus):
    assert corpus["outcomes"]
    for row in corpus["outcomes"]:
        assert row["source_text"] in corpus["library"][row["study"]]["appraisal"]["outcomes"]


def test_every_number_of_an_outcome_is_written_in_its_source_words(corpus):
    effect_measures = {code for code, _ in sc.EFFECT_MEASURES}
    for row in corpus["outcomes"]:
        source = row["source_text"]
        record = corpus["library"][row["study"]]["appraisal"]
        for name in ("estimate", "ci_low", "ci_high"):
            if row[name] is not None:
                assert f"{row[name]:g}" in source, (row["study"], name)
        if row["estimate"] is not None:
            assert row["effect_measure"] in effect_measures
        if row["p_value_text"] is not None:
            assert "p" + row["p_value_text"] in source, row["study"]
        for arm in row["arms"]:
            if arm["value"] is not None:
                assert arm["value"] in source, (row["study"], arm)
            if arm["n"] is not None:
                words = f"{record['outcomes']} {record['arms'] or ''}"
                assert str(arm["n"]) in re.findall(r"\d+", words), (row["study"], arm)


def test_the_trial_outcomes_the_records_quantify_are_all_structured(corpus):
    structured = {row["study"] for row in corpus["outcomes"]}
    assert {
        "krupitsky1997",
        "krupitsky2007",
        "dakwar2014",
        "dakwar2017",
        "dakwar2019",
        "grabski2022",
        "azhari2021",
        "berman2000",
    } <= structured
    (relapse,) = [
        r for r in corpus["outcomes"] if r["study"] == "grabski2022" and r["measure"] == "Relapse"
    ]
    assert (relapse["effect_measure"], relapse["estimate"], relapse["direction"]) == (
        "OR",
        0.8,
        "no_difference",
    )


# --- corrupted copies are refused, naming the file and the record ------------------------


@pytest.fixture
def broken_copy(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)

    def edit(relative, old, new, count=1):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the test's edit does not apply to {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return root, edit


def _edit_json(root, mutate):
    path = root / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data["records"])
    path.write_text(json.dumps(data), encoding="utf-8")


CORRUPTIONS = {
    # library.json
    "library: malformed JSON": (
        lambda root, edit: edit("library.json", '"records": [', '"records": [,'),
        ["corpus/library.json", "malformed JSON"],
    ),
    "library: duplicate record key": (
        lambda root, edit: _edit_json(root, lambda r: r[3].update(key="krupitsky2002")),
        ["corpus/library.json", "record 'krupitsky2002'", "duplicate key"],
    ),
    "library: unknown design code": (
        lambda root, edit: _edit_json(
            root, lambda r: r[1]["appraisal"].update(design_code="anecdote")
        ),
        ["corpus/library.json", "record 'krupitsky2002' appraisal", "unknown design_code"],
    ),
    "library: unknown field": (
        lambda root, edit: _edit_json(root, lambda r: r[1].update(abstract="...")),
        ["corpus/library.json", "record 'krupitsky2002'", "unknown field(s): abstract"],
    ),
    "library: a PMCID that is not one": (
        lambda root, edit: _edit_json(root, lambda r: r[4].update(pmcid="4105157")),
        ["corpus/library.json", "record 'dakwar2014'", "pmcid must be 'PMC' and digits"],
    ),
    # studies.yaml
    "studies: a record without an entry": (
        lambda root, edit: edit("studies.yaml", "jovaisa2006:", "jovaisa2006_gone:"),
        ["corpus/studies.yaml", "study 'jovaisa2006_gone'", "not a key of library.json"],
    ),
    "studies: unknown substance code": (
        lambda root, edit: edit(
            "studies.yaml",
            'dakwar2019:         # route "IV"; n 55\n  substances: [cocaine]',
            'dakwar2019:         # route "IV"; n 55\n  substances: [ketamine]',
        ),
        ["corpus/studies.yaml", "study 'dakwar2019'", "unknown substances code 'ketamine'"],
    ),
    "studies: unknown route code": (
        lambda root, edit: edit(
            "studies.yaml",
            'krupitsky2002:      # route "IM (intramuscular)"; n 70\n  substances: [opioids]\n  route_code: intramuscular',
            'krupitsky2002:      # route "IM (intramuscular)"; n 70\n  substances: [opioids]\n  route_code: IM',
        ),
        ["corpus/studies.yaml", "study 'krupitsky2002'", "unknown route_code code 'IM'"],
    ),
    "studies: unknown field": (
        lambda root, edit: edit("studies.yaml", "  n: 55\n", "  n: 55\n  dose: 0.5 mg/kg\n"),
        ["corpus/studies.yaml", "study 'dakwar2019'", "unknown field(s): dose"],
    ),
    "studies: a duplicate key": (
        lambda root, edit: edit(
            "studies.yaml",
            "dakwar2020:",
            "dakwar2019:\n  substances: [alcohol]\n  route_code: null\n  n: null\n  n_studies: null\ndakwar2020:",
        ),
        ["corpus/studies.yaml", "malformed YAML", "duplicate key 'dakwar2019'"],
    ),
    "studies: a missing entry": (
        lambda root, edit: edit(
            "studies.yaml",
            'jovaisa2006:        # route "IV"; n "58 enrolled, 50 analysed"\n  substances: [opioids]\n  route_code: intravenous\n  n: 58\n  n_studies: null\n',
            "",
        ),
        ["corpus/studies.yaml", "no entry for library record(s): jovaisa2006"],
    ),
    # outcomes.yaml
    "outcomes: source text not in the record": (
        lambda root, edit: edit(
            "outcomes.yaml", 'OR 5.7 (95% CI 1.3-25.1)"', 'OR 7.5 (95% CI 1.3-25.1)"'
        ),
        ["corpus/outcomes.yaml", "(dakwar2019)", "source_text is not in the record"],
    ),
    "outcomes: unknown direction": (
        lambda root, edit: edit(
            "outcomes.yaml", "direction: no_difference", "direction: null_result"
        ),
        ["corpus/outcomes.yaml", "(grabski2022)", "unknown direction code 'null_result'"],
    ),
    "outcomes: missing field": (
        lambda root, edit: edit("outcomes.yaml", "  primary: false\n", "", 1),
        [
            "corpus/outcomes.yaml",
            "outcome #1 (krupitsky1997)",
            "missing required field(s): primary",
        ],
    ),
    "outcomes: unknown study": (
        lambda root, edit: edit("outcomes.yaml", "- study: berman2000", "- study: berman2001"),
        ["corpus/outcomes.yaml", "(berman2001)", "not a key of library.json"],
    ),
    # articles/<key>.yaml
    "article: quote not in the text": (
        lambda root, edit: edit(
            "articles/pax-addiction-recovery.yaml",
            "is the most effective method for several reasons.",
            "is the only effective method for several reasons.",
        ),
        [
            "corpus/articles/pax-addiction-recovery.yaml",
            "claim 'pax-c14'",
            "quote not found in the text",
        ],
    ),
    "article: occurrence beyond the text": (
        lambda root, edit: edit(
            "articles/ohi-ketamine.yaml",
            "  - key: ohi-c12\n",
            "  - key: ohi-c12\n    occurrence: 2\n",
        ),
        ["corpus/articles/ohi-ketamine.yaml", "claim 'ohi-c12'", "fewer than 2 times"],
    ),
    "article: citation raw text not in the text": (
        lambda root, edit: edit(
            "articles/pax-addiction-recovery.yaml",
            "Journal of Substance Abuse Treatment, 23(1)",
            "Journal of Substance Abuse Treatment, 23(4)",
        ),
        [
            "corpus/articles/pax-addiction-recovery.yaml",
            "citation 'pax-r1'",
            "raw_text not found in the text",
        ],
    ),
    "article: link to an unknown citation": (
        lambda root, edit: edit(
            "articles/ohi-ketamine.yaml",
            "      - citation: ohi-r1\n        reliance: marker",
            "      - citation: ohi-r9\n        reliance: marker",
        ),
        [
            "corpus/articles/ohi-ketamine.yaml",
            "claim 'ohi-c09' link #1",
            "unknown citation key 'ohi-r9'",
        ],
    ),
    "article: study not in the library": (
        lambda root, edit: edit(
            "articles/ohi-ketamine.yaml", "    study: null\n", "    study: chan2021\n"
        ),
        ["corpus/articles/ohi-ketamine.yaml", "citation 'ohi-r2'", "study 'chan2021' is not a key"],
    ),
    "article: duplicate claim key": (
        lambda root, edit: edit("articles/ohi-ketamine.yaml", "key: ohi-c03", "key: ohi-c02"),
        ["corpus/articles/ohi-ketamine.yaml", "claim 'ohi-c02'", "duplicate claim key"],
    ),
    "article: duplicate citation key across articles": (
        lambda root, edit: edit("articles/oud-ketamine-science.yaml", "key: oud-r3", "key: iv-s1"),
        [
            "corpus/articles/oud-ketamine-science.yaml",
            "citation 'iv-s1'",
            "duplicate key (also in corpus/articles/iv-ketamine-opiate-addiction.yaml)",
        ],
    ),
    "article: unknown claim type": (
        lambda root, edit: edit(
            "articles/ohi-ketamine.yaml", "claim_type: mechanism", "claim_type: opinion"
        ),
        [
            "corpus/articles/ohi-ketamine.yaml",
            "claim 'ohi-c01'",
            "unknown claim_type code 'opinion'",
        ],
    ),
    "article: unknown misfit reason": (
        lambda root, edit: edit("articles/ohi-ketamine.yaml", "[different_outcome]", "[too_small]"),
        [
            "corpus/articles/ohi-ketamine.yaml",
            "claim 'ohi-c08' link #1",
            "unknown misfit_reasons code 'too_small'",
        ],
    ),
    "article: a claim without links": (
        lambda root, edit: edit("articles/ohi-ketamine.yaml", "    links: []\n", "", 1),
        [
            "corpus/articles/ohi-ketamine.yaml",
            "claim 'ohi-c01'",
            "missing required field(s): links",
        ],
    ),
    "article: unknown field": (
        lambda root, edit: edit(
            "articles/ohi-ketamine.yaml", "url: null\n", "url: null\nsummary: x\n"
        ),
        [
            "corpus/articles/ohi-ketamine.yaml",
            "article 'ohi-ketamine'",
            "unknown field(s): summary",
        ],
    ),
    "article: malformed YAML": (
        lambda root, edit: edit("articles/ohi-ketamine.yaml", "claims:\n", "claims:\n  - key: [\n"),
        ["corpus/articles/ohi-ketamine.yaml", "malformed YAML"],
    ),
    "article: an override with an unknown verdict": (
        lambda root, edit: edit(
            "articles/oud-ketamine-science.yaml",
            "verdict: contradicted",
            "verdict: debunked",
        ),
        ["corpus/articles/oud-ketamine-science.yaml", "claim 'oud-c14' override", "verdict"],
    ),
    "article: an override citing a record not in the library": (
        lambda root, edit: edit(
            "articles/oud-ketamine-science.yaml",
            "[jovaisa2006]",
            "[jovaisa2007]",
        ),
        ["claim 'oud-c14' override", "cites [jovaisa2007], which is not a key of library.json"],
    ),
    "text: a captured text that no longer holds a quote": (
        lambda root, edit: edit(
            "texts/004_82f001ea8b3d3c46.txt",
            "107,941 drug overdose deaths",
            "107,000 drug overdose deaths",
        ),
        [
            "corpus/articles/iv-ketamine-opiate-addiction.yaml",
            "claim 'iv-c05'",
            "quote not found in the text",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_corrupted_copy_is_refused_with_a_message_naming_the_file_and_record(broken_copy, case):
    root, edit = broken_copy
    corrupt, expected = CORRUPTIONS[case]
    read_corpus(root)  # the intact copy reads
    corrupt(root, edit)
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(root)
    for words in expected:
        assert words in str(excinfo.value)
