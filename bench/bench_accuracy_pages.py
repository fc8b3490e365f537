"""Accuracy on real sentences from pages the code was not written against
(tests/claims/accuracy_pages.py, labelled by hand from the library's records before the code
ran on them): each sentence is checked as verification checks a claim, against the seed
library (corpus/), citing the study it is about where it names one. No database.

Run: python bench/bench_accuracy_pages.py [-v]
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    from claims.assessment.accuracy import compute_accuracy
    from claims.assessment.facts import CitationFacts, ClaimFacts, LinkFacts
    from claims.assessment.judging import judge_link
    from claims.assessment.related import related_evidence
    from claims.assessment.settled import check_settled
    from claims.assessment.stated import stated_facts, wording_of
    from claims.seed_corpus.reader import library_facts, read_corpus, read_settled
    from studies.facts import settled_fact_data
    from tests.claims.accuracy_pages import SENTENCES

    corpus = read_corpus(ROOT / "corpus")
    library = library_facts(corpus)
    settled = tuple(settled_fact_data(fact) for fact in read_settled(ROOT / "corpus"))
    pairs, missed = Counter(), []
    for row in SENTENCES:
        stated = stated_facts(row["quote"])
        links = ()
        cited = frozenset()
        if row.get("study"):
            study = library[row["study"]]
            judgement = judge_link(stated, study)
            links = (
                LinkFacts(
                    citation=CitationFacts(id=1, label=study.label, status="verified", study=study),
                    stance=judgement.stance,
                    misfit_reasons=judgement.misfit_codes,
                    rationale=judgement.rationale,
                    judged_by="machine",
                ),
            )
            cited = frozenset({study.id})
        facts = ClaimFacts(
            id=None, claim_type="efficacy", wording=wording_of(row["quote"]), quote=row["quote"],
            substances=tuple(sorted(stated.substances)), links=links,
        )  # fmt: skip
        others = related_evidence(
            stated, claim_substances=facts.substances, library=tuple(library.values()), cited=cited
        )
        result = compute_accuracy(facts, stated, others=others, settled=check_settled(stated, settled))
        pairs[(row["accuracy"], result.rating)] += 1
        if result.rating != row["accuracy"]:
            missed.append((row, result))
    same = sum(n for (a, b), n in pairs.items() if a == b)
    print(f"{len(SENTENCES)} sentences from real pages; the machine's accuracy is the hand label "
          f"for {same} ({same / len(SENTENCES):.0%})")
    for (a, b), n in sorted(pairs.items(), key=lambda item: -item[1]):
        print(f"  labelled {a:<16} machine {b:<16} {n}")
    if "-v" in sys.argv:
        for row, result in missed:
            print(f"\n{row['url']}\n  “{row['quote']}”\n  labelled {row['accuracy']}: {row['why']}\n"
                  f"  machine {result.rating}: {result.rationale}")


if __name__ == "__main__":
    main()
