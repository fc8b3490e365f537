"""How well `claims.assessment.stated` reads what claims state.

Two labelled sets: the 140 claims of the seed corpus (tests/claims/stated_facts_table.py,
labelled by hand before the reader was written, but read while its rules were written) and
sentences from other real pages (tests/claims/stated_facts_pages.py, labelled before the
reader ever ran on them). For each kind of fact: the facts labelled, found and right
(recall, precision), and the sentences read exactly right. Run:
python bench/bench_stated_facts.py [-v]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.claims.stated_facts_scoring import labelled_sets, score  # noqa: E402


def main():
    for name, entries in labelled_sets().items():
        report(name, entries)


def report(name, entries):
    found_right, labelled, found, exact, misses = score(entries)
    print(f"\n{len(entries)} {name}; read exactly right: {exact} ({exact / len(entries):.0%})")
    print(f"{'fact':<9} {'labelled':>8} {'found':>6} {'right':>6} {'recall':>7} {'precision':>9}")
    for kind in labelled:
        recall = found_right[kind] / labelled[kind] if labelled[kind] else 1.0
        precision = found_right[kind] / found[kind] if found[kind] else 1.0
        print(f"{kind:<9} {labelled[kind]:>8} {found[kind]:>6} {found_right[kind]:>6} {recall:>7.2f} {precision:>9.2f}")
    total_l, total_f, total_r = sum(labelled.values()), sum(found.values()), sum(found_right.values())
    print(f"{'all':<9} {total_l:>8} {total_f:>6} {total_r:>6} {total_r / total_l:>7.2f} {total_r / total_f:>9.2f}")
    if "-v" in sys.argv:
        for key, kind, want, got in misses:
            print(f"  {key[-40:]:<8} {kind:<7} labelled {want}  read {got}")


if __name__ == "__main__":
    main()
