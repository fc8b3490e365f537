"""Loading the seed corpus into the database: complete, idempotent, all or nothing."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from claims.seed_corpus.loader import load_corpus
from claims.seed_corpus.reader import CorpusError, read_corpus
from claims.verification.runs import verify_citation
from studies.models import Outcome, Study

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

ROW_MODELS = (Study, Outcome, SourceArticle, Citation, Claim, ClaimCitation)


def dump():
    """Every row the loader may write, field by field, plus the many-to-many rows."""
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in ROW_MODELS}
    rows["study_substances"] = list(
        Study.substances.through.objects.order_by("pk").values_list("study_id", "substance_id")
    )
    rows["claim_substances"] = list(
        Claim.substances.through.objects.order_by("pk").values_list("claim_id", "substance_id")
    )
    return rows


def history_counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)

    def edit(relative, old, new):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the test's edit does not apply to {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return root, edit


def test_it_loads_every_study_outcome_article_citation_claim_and_link():
    data = read_corpus(CORPUS)
    counts = load_corpus(path=CORPUS)

    n_claims = sum(len(a["claims"]) for a in data["articles"])
    n_citations = sum(len(a["citations"]) for a in data["articles"])
    n_links = sum(len(c["links"]) for a in data["articles"] for c in a["claims"])
    assert Study.objects.count() == 39 == counts["studies"]["created"]
    assert Outcome.objects.count() == len(data["outcomes"]) == counts["outcomes"]["created"]
    assert SourceArticle.objects.count() == 5
    assert Claim.objects.count() == n_claims == counts["claims"]["created"]
    assert Citation.objects.count() == n_citations == counts["citations"]["created"]
    assert ClaimCitation.objects.count() == n_links == counts["links"]["created"]

    # Study fields mirror the record; the record's own words stay beside the curated numbers.
    heroin = Study.objects.get(key="krupitsky2002")
    assert heroin.route == "IM (intramuscular)" and heroin.route_code == "intramuscular"
    assert heroin.doi == "10.1016/s0740-5472(02)00275-1"  # normalised to lower case
    assert (heroin.n, heroin.sample_size_text, heroin.topic_source) == (70, "70", "curated")
    assert [s.code for s in heroin.substances.all()] == ["opioids"]
    repeated = Study.objects.get(key="krupitsky2007")
    assert (repeated.n, repeated.sample_size_text) == (59, "59 randomised (53 analysed: 26 vs 27)")
    assert Study.objects.get(key="webmd").source_kind == "consumer_health_page"
    assert Study.objects.get(key="grob2011").about_ketamine is False
    assert Study.objects.get(key="das2019").n is None
    assert Study.objects.get(key="dakwar2014").pmcid == "PMC4105157"
    assert Study.objects.get(key="krupitsky2002").pmcid == ""
    # A topic the record leaves unconfirmed loads as unknown, with no substances.
    jhu = Study.objects.get(key="jhu2024")
    assert (jhu.about_ketamine, jhu.about_substance_use) == (True, None)
    assert not jhu.substances.exists()
    assert Study.objects.get(key="zarate2006").url == ""

    abstinence = Outcome.objects.get(study__key="dakwar2019", effect_measure="OR")
    assert (abstinence.estimate, abstinence.ci_low, abstinence.ci_high) == (5.7, 1.3, 25.1)
    alcohol = Outcome.objects.get(study__key="krupitsky1997")
    assert (alcohol.p_value_text, alcohol.p_value) == ("<0.01", 0.01)

    # Articles keep their text verbatim; each claim's span holds its quote.
    pax = SourceArticle.objects.get(key="pax-addiction-recovery")
    seed = (CORPUS / "texts" / "001_f8c6ac165681c0f1.txt").read_bytes().decode("utf-8")
    assert pax.captured_text == seed and pax.publisher == "PAX Institute" and pax.url == ""
    for claim in Claim.objects.select_related("article"):
        assert claim.article.captured_text[claim.start : claim.end] == claim.quote

    # The editor's identification is kept as such; an unidentified work has none.
    assert Citation.objects.get(key="pax-s1").editor_study == heroin
    assert Citation.objects.get(key="ohi-r2").editor_study is None
    link = ClaimCitation.objects.get(claim__key="pax-c14", citation__key="pax-s1")
    assert (link.stance, link.misfit_reasons) == ("silent", ["different_route"])
    assert ClaimCitation.objects.get(claim__key="iv-c04").stance == ""  # not judged


def test_statuses_verdicts_and_flags_are_left_to_verification():
    load_corpus(path=CORPUS)
    assert set(Citation.objects.values_list("status", flat=True)) == {"unchecked"}
    assert not Citation.objects.filter(study__isnull=False).exists()
    # Only a verdict an editor wrote into the corpus is set; the computation is left to run.
    assert set(
        Claim.objects.filter(override_verdict="").values_list("verdict", flat=True)
    ) == {"not_assessed"}
    assert list(
        Claim.objects.exclude(override_verdict="").values_list("key", "verdict")
    ) == [("oud-c14", "contradicted")]
    assert set(Claim.objects.values_list("computed_verdict", flat=True)) == {"not_assessed"}
    assert not Flag.objects.exists()


def test_loading_twice_changes_nothing():
    load_corpus(path=CORPUS)
    before, history_before = dump(), history_counts()
    assert sum(history_before.values()) > 0

    counts = load_corpus(path=CORPUS)

    assert dump() == before
    assert history_counts() == history_before
    for kind, row in counts.items():
        assert row["created"] == row["updated"] == row["deleted"] == 0, kind


def test_a_corrupted_corpus_file_is_refused_whole(copy):
    root, edit = copy
    load_corpus(path=CORPUS)
    before, history_before = dump(), history_counts()
    # The last article file read is broken; every file before it is good.
    edit(
        "articles/riverwoods-ketamine-addictions.yaml",
        "Ketamine will help the brain heal in a more efficient way.",
        "Ketamine heals the brain.",
    )
    edit("studies.yaml", "  n: 70\n", "  n: 71\n")  # a change that would otherwise be written

    with pytest.raises(CorpusError, match="claim 'rw-c07': quote not found"):
        load_corpus(path=root)

    assert dump() == before
    assert history_counts() == history_before


def test_a_row_the_models_refuse_rolls_back_the_whole_load(copy):
    root, _ = copy
    path = root / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["records"][-1]["key"] == "nida_overdose"
    data["records"][-1]["url"] = "not a web address"  # the file reads; the model refuses it
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(
        CorpusError, match="corpus/library.json: record 'nida_overdose': refused by the model: url"
    ):
        load_corpus(path=root)

    for model in ROW_MODELS:
        assert not model.objects.exists(), model.__name__


def test_a_record_confirmed_from_something_that_is_no_page_is_refused_by_the_model(copy):
    root, _ = copy
    path = root / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["records"][-1]["confirmed_from"] = ["the NIDA page"]  # the file reads; the model refuses it
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(
        CorpusError,
        match="record 'nida_overdose': refused by the model: confirmed_from: Confirmed from must be a list of web",
    ):
        load_corpus(path=root)


def test_rows_gone_from_the_files_are_deleted_and_others_kept(copy):
    root, edit = copy
    load_corpus(path=CORPUS)
    editors_article = SourceArticle.objects.create(
        key="an-editors-article",
        title="Added in the admin",
        captured_text="Some text.",
        captured_at=SourceArticle.objects.first().captured_at,
        content_hash="0" * 64,
    )
    (root / "articles" / "iv-ketamine-opiate-addiction.yaml").unlink()
    edit(
        "articles/ohi-ketamine.yaml",
        """  - key: ohi-c25
    quote: "Without proper guidance""",
        """  - key: ohi-c25-gone
    quote: "Without proper guidance""",
    )
    edit(
        "outcomes.yaml",
        "- study: berman2000",
        "- study: berman2000\n  measure: x\n  time_point: null\n  arms: []\n  effect_measure: null\n"
        "  estimate: null\n  ci_low: null\n  ci_high: null\n  p_value_text: null\n"
        '  direction: not_applicable\n  primary: false\n  source_text: "within 72 h"\n'
        "- study: berman2000",
    )

    counts = load_corpus(path=root)

    assert not SourceArticle.objects.filter(key="iv-ketamine-opiate-addiction").exists()
    assert not Claim.objects.filter(key__startswith="iv-").exists()
    assert not Claim.objects.filter(key="ohi-c25").exists()
    assert Claim.objects.filter(key="ohi-c25-gone").exists()
    assert SourceArticle.objects.filter(pk=editors_article.pk).exists()
    assert Outcome.objects.filter(study__key="berman2000").count() == 2
    assert counts["articles"]["deleted"] == 1
    assert counts["claims"]["deleted"] == 1  # the article's own claims go with it (cascade)
    assert counts["outcomes"] == {"created": 2, "updated": 0, "deleted": 1, "unchanged": 64}


def test_an_edited_claim_updates_that_claim_alone(copy):
    root, edit = copy
    load_corpus(path=CORPUS)
    history_before = history_counts()
    edit(
        "articles/ohi-ketamine.yaml",
        "    claim_type: promotional\n    substances: [substance_use_general]\n    wording: hedged",
        "    claim_type: promotional\n    substances: [substance_use_general]\n    wording: categorical",
    )

    counts = load_corpus(path=root)

    assert Claim.objects.get(key="ohi-c23").wording == "categorical"
    assert counts["claims"]["updated"] == 1
    grown = {
        k: v - history_before[k] for k, v in history_counts().items() if v != history_before[k]
    }
    # One history row for the claim, with its snapshot of its one substance.
    assert grown == {"HistoricalClaim": 1, "HistoricalClaim_substances": 1}


def test_a_studys_substances_changed_in_the_files_are_one_history_row_of_that_study(copy):
    root, edit = copy
    load_corpus(path=CORPUS)
    history_before = history_counts()
    edit("studies.yaml", "dakwar2014:         # route \"IV\"; n 8\n  substances: [cocaine]\n",
         "dakwar2014:         # route \"IV\"; n 8\n  substances: [cocaine, tobacco]\n")

    counts = load_corpus(path=root)

    assert counts["studies"]["updated"] == 1
    grown = {
        k: v - history_before[k] for k, v in history_counts().items() if v != history_before[k]
    }
    # One history row for the study, with its snapshot of its two substances.
    assert grown == {"HistoricalStudy": 1, "HistoricalStudy_substances": 2}
    record = Study.objects.get(key="dakwar2014").history.first()
    assert sorted(row.substance_id for row in record.substances.all()) == ["cocaine", "tobacco"]


def test_the_command_loads_the_corpus_and_prints_counts():
    out = io.StringIO()
    call_command("load_corpus", str(CORPUS), stdout=out)
    n_claims = sum(len(a["claims"]) for a in read_corpus(CORPUS)["articles"])
    (line,) = [line for line in out.getvalue().splitlines() if line.startswith("claims ")]
    assert line.split()[1:3] == [str(n_claims), "created"]
    assert Claim.objects.count() == n_claims


def test_the_command_refuses_a_broken_corpus_with_the_files_message(copy):
    root, edit = copy
    edit("studies.yaml", "  substances: [cocaine]\n", "  substances: [crack]\n")
    with pytest.raises(CommandError, match="corpus/studies.yaml: study 'dakwar2014'"):
        call_command("load_corpus", str(root), stdout=io.StringIO())
    assert not Study.objects.exists()


def test_a_study_imported_without_a_key_is_adopted_by_its_doi():
    imported = Study.objects.create(
        title="imported", doi="10.1176/appi.ajp.2019.18101123", topic_source="importer"
    )
    load_corpus(path=CORPUS)
    imported.refresh_from_db()
    assert imported.key == "dakwar2019"
    assert imported.title.startswith("A Single Ketamine Infusion Combined With Mindfulness")
    assert Study.objects.count() == 39


def test_it_keeps_the_editors_note_on_how_a_citation_was_identified():
    load_corpus(path=CORPUS)
    olsson = Citation.objects.get(article__key="pax-addiction-recovery", key="pax-r6")
    assert olsson.editor_study is None
    assert olsson.editor_note == "No work by Olsson (2014) is in the library."


def test_loading_only_into_an_empty_database_keeps_what_editors_changed():
    load_corpus(path=CORPUS)
    link = ClaimCitation.objects.exclude(stance="").first()
    link.stance, link.rationale = "contradicts", "An editor's later judgement."
    link.save()
    out = io.StringIO()
    call_command("load_corpus", "--if-empty", stdout=out)
    assert "already holds articles; the corpus was not loaded" in out.getvalue()
    link.refresh_from_db()
    assert (link.stance, link.rationale) == ("contradicts", "An editor's later judgement.")


def test_a_study_gone_from_the_library_lets_go_of_the_citations_verified_against_it(
    copy, django_capture_on_commit_callbacks
):
    root, _edit = copy
    load_corpus(path=CORPUS)
    study = Study.objects.get(key="dakwar2014")
    reference = (
        f"Dakwar E, Levin F, Foltin RW, Nunes EV, Hart CL. {study.title}. "
        f"{study.container_title}. {study.year};{study.volume}({study.issue}):{study.pages}."
    )
    article = SourceArticle.objects.create(
        key="an-editors-article", title="Added in the admin", captured_text=f"A trial [1].\n{reference}",
        captured_at=SourceArticle.objects.first().captured_at, content_hash="0" * 64,
    )  # fmt: skip
    citation = Citation.objects.create(
        article=article, key="1", marker="[1]", raw_text=reference, location="reference_list"
    )
    verify_citation(citation_id=citation.pk)
    citation.refresh_from_db()
    assert (citation.status, citation.study_id) == ("verified", study.pk)

    # The curators take the study out of the library: its record, extras and outcomes.
    library = json.loads((root / "library.json").read_text(encoding="utf-8"))
    library["records"] = [r for r in library["records"] if r["key"] != "dakwar2014"]
    (root / "library.json").write_text(json.dumps(library), encoding="utf-8")
    extras = (root / "studies.yaml").read_text(encoding="utf-8")
    start = extras.index("dakwar2014:")
    (root / "studies.yaml").write_text(extras[:start] + extras[extras.index("dakwar2017:"):], encoding="utf-8")
    outcomes = (root / "outcomes.yaml").read_text(encoding="utf-8").split("\n- study: ")
    kept = [row for row in outcomes if not row.startswith("dakwar2014")]
    (root / "outcomes.yaml").write_text("\n- study: ".join(kept), encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        counts = load_corpus(path=root)

    assert counts["studies"]["deleted"] == 1
    assert not Study.objects.filter(key="dakwar2014").exists()
    citation.refresh_from_db()
    # Checked again against what the library now holds: the work is no longer in it.
    assert citation.study_id is None and citation.status == "not_found"
