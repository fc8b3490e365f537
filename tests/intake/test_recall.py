"""Intake run from the seed articles' raw text, compared with the curated corpus: the
figures the intake must reach (claims recalled ≥ 90%, citations ≥ 95%)."""

from pathlib import Path

import yaml

from tests.intake.scoring import Score, read_pages, score_page, score_seed

ROOT = Path(__file__).resolve().parent.parent.parent


def seed_score() -> Score:
    total = Score()
    for path in sorted((ROOT / "corpus" / "articles").glob("*.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (ROOT / "corpus" / "texts" / article["text_file"]).read_text(encoding="utf-8")
        total.add(score_seed(article, text))
    return total


def test_candidates_recall_nine_in_ten_curated_claims_of_the_seed_articles():
    score = seed_score()
    assert score.claims == 151
    assert score.claims_recalled / score.claims >= 0.9, score.missed_claims


def test_the_reference_lists_and_markers_recall_the_curated_citations():
    score = seed_score()
    assert score.citations == 31
    assert score.citations_recalled / score.citations >= 0.95, score.missed_citations
    assert score.proposed_correct == score.proposed


def test_the_held_out_pages_are_labelled_and_scored():
    pages = read_pages()
    assert len(pages) >= 5
    total = Score()
    for _slug, text, labels in pages:
        for claim in labels["claims"]:
            assert claim["quote"] in text
        total.add(score_page(text, labels))
    assert total.claims >= 100
    assert total.claims_recalled / total.claims >= 0.85
