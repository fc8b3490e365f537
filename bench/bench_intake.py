"""Intake: extraction recall and precision on the five seed articles (run from their raw
text, compared with the curated corpus) and on the held-out real pages under
tests/fixtures/intake/pages (labelled by hand before the extractor ran on them), and the
extraction time for a 10,000-word article built from the seed texts.

Run: python bench/bench_intake.py [-v]
"""

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pct(part, whole):
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "n/a"


def _report(title, score, verbose):
    print(title)
    print(f"  claims recalled        {_pct(score.claims_recalled, score.claims)}")
    print(f"  candidates correct     {_pct(score.candidates_correct, score.candidates)}")
    print(f"  citations recalled     {_pct(score.citations_recalled, score.citations)}")
    print(f"  proposed citations ok  {_pct(score.proposed_correct, score.proposed)}")
    if score.links:
        print(f"  marker links recalled  {_pct(score.links_recalled, score.links)}")
    if score.markers:
        print(f"  markers recalled       {_pct(score.markers_recalled, score.markers)}")
    if verbose:
        for name in ("missed_claims", "missed_citations", "missed_markers", "wrong_candidates"):
            for item in getattr(score, name):
                print(f"    {name}: {item[:140]!r}")


def main():
    from claims.intake.pipeline import extract
    from tests.intake.scoring import Score, read_pages, score_page, score_seed

    verbose = "-v" in sys.argv
    seeds = Score()
    texts = []
    for path in sorted((ROOT / "corpus" / "articles").glob("*.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (ROOT / "corpus" / "texts" / article["text_file"]).read_text(encoding="utf-8")
        texts.append(text)
        score = score_seed(article, text)
        if verbose:
            _report(f"seed {article['key']}", score, verbose)
        seeds.add(score)
    _report("Seed articles (5), against the curated corpus:", seeds, False)

    held_out = Score()
    pages = read_pages()
    for slug, text, labels in pages:
        score = score_page(text, labels)
        if verbose:
            _report(f"page {slug}", score, verbose)
        held_out.add(score)
    _report(f"Held-out pages ({len(pages)}), labelled before the first run:", held_out, False)

    # 10,000 words: the seed texts repeated, each copy a separate article body.
    body = "\n\n".join(text.split("\nReferences\n")[0] for text in texts)
    big = body
    while len(big.split()) < 10_000:
        big += "\n\n" + body
    big = " ".join(big.split(" ")[:10_000]) if len(big.split()) > 10_000 else big
    extract(texts[0])  # the segmenter's rules compile on first use
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        result = extract(big)
        runs.append(time.perf_counter() - began)
    runs.sort()
    print(
        f"Extraction of a {len(big.split()):,}-word article: median {runs[2]:.2f} s, "
        f"best {runs[0]:.2f} s over 5 runs ({len(result.claims)} candidates, one core)"
    )


if __name__ == "__main__":
    main()
