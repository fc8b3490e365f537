"""The labelled sentences of `stated_facts_table` and `stated_facts_pages`, and how the
reader's facts are compared with their labels (used by the test and by make bench)."""

from collections import Counter
from pathlib import Path

import yaml

from claims.assessment.stated import stated_facts
from tests.claims.stated_facts_pages import PAGES
from tests.claims.stated_facts_table import TABLE

ROOT = Path(__file__).resolve().parent.parent.parent


def quotes():
    found = {}
    for path in sorted((ROOT / "corpus" / "articles").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]:
            found[claim["key"]] = claim["quote"]
    return found


def as_labels(facts) -> dict:
    """The reader's facts in the table's terms, each kind as a set."""
    return {
        "sub": set(facts.substances),
        "route": set(facts.routes),
        "design": set(facts.designs),
        "n": {facts.n} - {None},
        "groups": {facts.groups} - {None},
        "dose": {(d.low, d.high, d.unit) for d in facts.doses},
        "sessions": {facts.sessions} - {None},
        "dur": {(round(d.days, 4), d.kind) for d in facts.durations},
        "comp": set(facts.comparators),
        "out": set(facts.outcomes),
        "sig": {True} if facts.significant else set(),
        "reg": {(a.purposes, a.only) for a in facts.approvals},
        "arith": {(c.percentage, c.part, c.whole, c.agrees) for c in facts.arithmetic},
    }


def expected(label: dict) -> dict:
    kinds = ("sub", "route", "design", "n", "groups", "dose", "sessions", "dur", "comp", "out", "sig", "reg", "arith")
    out = {}
    for kind in kinds:
        value = label.get(kind)
        if value is None or value is False:
            out[kind] = set()
        elif isinstance(value, set):
            out[kind] = {(round(v[0], 4), v[1]) if kind == "dur" else v for v in value}
        else:
            out[kind] = {value}
    return out


def labelled_sets():
    texts = quotes()
    return {
        "seed claims": [(key, texts[key], label) for key, label in TABLE.items()],
        "other pages": [(url, sentence, label) for url, sentence, label in PAGES],
    }


def score(entries):
    found_right, labelled, found = Counter(), Counter(), Counter()
    exact, misses = 0, []
    for key, sentence, label in entries:
        want = expected(label)
        got = as_labels(stated_facts(sentence))
        right = True
        for kind in want:
            labelled[kind] += len(want[kind])
            found[kind] += len(got[kind])
            found_right[kind] += len(want[kind] & got[kind])
            if want[kind] != got[kind]:
                right = False
                misses.append((key, kind, sorted(map(str, want[kind])), sorted(map(str, got[kind]))))
        exact += right
    return found_right, labelled, found, exact, misses
