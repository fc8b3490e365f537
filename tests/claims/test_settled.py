"""A claim's background facts against the facts reference sources settle: the seed library's
settled facts (corpus/settled.yaml) and sentences from the seed articles."""

from functools import cache
from pathlib import Path

import pytest

from claims.assessment.settled import check_settled
from claims.assessment.stated import stated_facts
from claims.seed_corpus.reader import read_settled
from studies.facts import settled_fact_data

ROOT = Path(__file__).resolve().parent.parent.parent


@cache
def settled():
    return tuple(settled_fact_data(fact) for fact in read_settled(ROOT / "corpus"))


CASES = [
    # (claim, its paragraph, what the sources say: agrees?, words of the reason)
    ("No, ketamine is only FDA-approved as an anesthetic.", "", [True, True], "FDA-approved as an anesthetic only"),
    (
        "It’s approved by the FDA for these purposes.",
        "Scientists created ketamine to be an anesthetic and a pain reliever. It’s approved by the FDA for these purposes.",
        [False], "the claim says ketamine is approved for pain",
    ),
    ("your heart rate speeds up and your blood pressurebegins to go down", "", [True, False], "the claim says blood pressure falls; with ketamine it rises"),
    ("blocks the N-methyl-D-aspartate (NMDA) neurotransmitter in the brain", "", [False], "the claim calls NMDA a neurotransmitter"),
    ("Ketamine acts on NMDA receptors in the brain.", "", [True], "glutamate"),
    ("Ketamine is a dissociative anesthetic known for its rapid onset of action", "", [True], "dissociative anesthetic"),
    ("Initially developed in the 1960s as a battlefield anesthetic", "", [True], "1962"),
    ("Ketamine was invented in 1975.", "", [False], "it was made in 1962"),
    ("MAT medications that can take weeks to become effective", "", [False], "take weeks to work; they act within minutes"),
    ("Ketamine can reduce cravings within hours.", "", [], ""),
    # From pages not in the seeds (accuracy_pages.py).
    ("It comes in a powder or liquid form and is approved by the FDA for medical uses to treat addiction.", "", [False], "approved for addiction"),
    ("Yesterday, on March 5, 2019, the FDA approved the use of ketamine for treatment-resistant depression.", "", [False], "approved for depression"),
]  # fmt: skip


@pytest.mark.parametrize("quote, paragraph, agrees, words", CASES)
def test_it_checks_a_background_claim_against_the_settled_facts(quote, paragraph, agrees, words):
    checks = check_settled(stated_facts(quote, paragraph), settled())
    assert sorted(check.agrees for check in checks) == sorted(agrees)
    if words:
        assert any(words in f"{check.reason} {check.says}" for check in checks)


def test_every_settled_fact_quotes_its_source_and_names_the_pages_it_was_read_on():
    for fact in read_settled(ROOT / "corpus"):
        assert fact["quote"] and fact["confirmed_from"], fact["key"]
        assert all(page.startswith("https://") or page.startswith("http://") for page in fact["confirmed_from"])
