"""How often the machine's judgement of a link agrees with the curated one.

Every claim-citation link of the seed corpus whose work an editor identified was judged by
hand (stance, misfit reasons) before `claims.assessment.judging` was written. This reads the
same files, judges each link from the claim's words and the study's record alone, and
compares: how many links the machine judges at all, how often its stance is the curated one,
and how its misfit reasons compare. Run: python bench/bench_judging.py [-v]
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.assessment.judging import judge_link  # noqa: E402
from claims.assessment.stated import stated_facts  # noqa: E402
from claims.seed_corpus.reader import library_facts, read_corpus  # noqa: E402

# The misfits the machine reads; the curated ones it does not try (population, comparator,
# substance, condition, overstatement...) are left out of the comparison.
COMPARED_MISFITS = {"different_route", "different_dose", "different_sessions", "different_design", "result_not_found"}


def seed_links():
    corpus = read_corpus(ROOT / "corpus")
    studies = library_facts(corpus)
    for article in corpus["articles"]:
        cited = {c["key"]: c["study"] for c in article["citations"]}
        for claim in article["claims"]:
            for link in claim["links"]:
                study = cited[link["citation"]]
                if study:
                    yield claim, link, studies[study]


def main():
    stances = Counter()
    misfits = Counter()
    rows = []
    for claim, link, study in seed_links():
        judgement = judge_link(stated_facts(claim["quote"]), study)
        curated = link["stance"] or ""
        stances[(curated, judgement.stance)] += 1
        want = set(link["misfit_reasons"]) & COMPARED_MISFITS
        got = set(judgement.misfit_codes)
        misfits["labelled"] += len(want)
        misfits["found"] += len(got)
        misfits["right"] += len(want & got)
        rows.append((claim["key"], study.label, curated, judgement.stance, sorted(want), sorted(got), judgement.rationale))
    judged = sum(n for (curated, machine), n in stances.items() if machine)
    agree = sum(n for (curated, machine), n in stances.items() if machine and machine == curated)
    total = sum(stances.values())
    print(f"{total} seed links to an identified study; the machine judged {judged} ({judged / total:.0%})")
    print(f"its stance is the curated one on {agree} of {judged}" + (f" ({agree / judged:.0%})" if judged else ""))
    print(f"cannot tell on {total - judged}; curated stances there: "
          + ", ".join(f"{c or 'none'} {n}" for (c, m), n in sorted(stances.items()) if not m))
    print(f"misfits (route, dose, sessions, design, result): labelled {misfits['labelled']}, "
          f"found {misfits['found']}, right {misfits['right']}")
    if "-v" in sys.argv:
        for key, label, curated, machine, want, got, why in rows:
            if machine or want or got:
                mark = "" if (machine in ("", curated) and want == set(got) or want == got and machine == curated) else "  <-"
                print(f"  {key:<8} {label:<16} curated {curated or '-':<11} machine {machine or '-':<11} misfits {want} / {got}{mark}")
                if why:
                    print(f"           {why}")


if __name__ == "__main__":
    main()
