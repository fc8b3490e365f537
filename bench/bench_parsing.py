"""Parse time of one reference as its length grows: a real reference, and the pathological
strings that used to cost the square of their length. The ratio 5,000 : 1,250 characters
should be about 4 (linear) or less (bounded), not 16.

Run: python bench/bench_parsing.py
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(function, runs=5):
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def main():
    from studies.references.parsing import parse_reference

    shapes = {
        "years": "A, 2019. ",
        "et al.": "et al. ",
        # A page copied with its blank lines: the line-by-line readers must read a run once.
        "blank lines": " \n",
        "APA reference": (
            "Dakwar, E., Nunes, E. V., Hart, C. L. (2020). A single ketamine infusion. "
            "American Journal of Psychiatry, 177(9), 911-918. "
        ),
    }
    print("parse time of one reference, best of 5 (ms)")
    for name, unit in shapes.items():
        row = []
        for length in (1250, 2500, 5000):
            raw = (unit * (length // len(unit) + 1))[:length]
            row.append(best_of(lambda raw=raw: parse_reference(raw)) * 1000)
        ratio = row[2] / row[0] if row[0] else float("nan")
        print(f"  {name:<14} 1,250: {row[0]:7.1f}   2,500: {row[1]:7.1f}   5,000: {row[2]:7.1f}   ratio {ratio:4.1f}")


if __name__ == "__main__":
    main()
