"""Claims on one page that contradict each other, from real pages' sentences."""

import pytest

from claims.assessment.consistency import Statement, conflicts, consistency_finding, evidence_stance
from claims.assessment.stated import stated_facts


def statement(pk, quote, paragraph=""):
    return Statement(pk, quote, stated_facts(quote, paragraph))


@pytest.mark.parametrize(
    "text, stance",
    [
        ("Ketamine-assisted therapy is an evidence-based option for addiction.", "settled"),
        ("ketamine-assisted psychotherapy offers a scientifically grounded method to change lives", "settled"),
        ("The evidence is still evolving, and more research is needed.", "unsettled"),
        ("the evidence base remains limited", "unsettled"),
        ("Ketamine is not a proven treatment for addiction.", ""),
        ("Ketamine is a dissociative anesthetic.", ""),
    ],
)
def test_it_reads_what_words_say_of_the_state_of_the_evidence(text, stance):
    assert evidence_stance(text) == stance


def test_an_evidence_based_option_and_evolving_evidence_contradict_each_other():
    a = statement(1, "Ketamine-assisted therapy is an evidence-based option for addiction.")
    b = statement(2, "The evidence is still evolving.")
    assert [other.id for other, _ in conflicts(a, [a, b])] == [2]
    assert [other.id for other, _ in conflicts(b, [a, b])] == [1]


def test_approved_as_a_pain_reliever_contradicts_only_approved_as_an_anesthetic():
    a = statement(
        1,
        "It’s approved by the FDA for these purposes.",
        "Scientists created ketamine to be an anesthetic and a pain reliever. It’s approved by the FDA for these purposes.",
    )
    b = statement(2, "No, ketamine is only FDA-approved as an anesthetic.")
    found = conflicts(b, [a, b])
    assert [other.id for other, _ in found] == [1]
    assert "approved for pain" in found[0][1] and "only for anesthesia" in found[0][1]


def test_blood_pressure_rising_and_falling_on_one_page_contradict():
    a = statement(1, "Ketamine raises blood pressure.")
    b = statement(2, "After a few minutes, your blood pressure begins to go down.")
    assert "blood pressure rises" in conflicts(a, [a, b])[0][1]


def test_claims_that_agree_raise_nothing():
    a = statement(1, "Ketamine is approved as an anesthetic.")
    b = statement(2, "No, ketamine is only FDA-approved as an anesthetic.")
    c = statement(3, "Further randomised trials are needed.")
    d = statement(4, "The evidence remains limited.")
    assert consistency_finding(a, [a, b, c, d]) is None
    assert consistency_finding(c, [a, b, c, d]) is None


def test_the_flag_names_and_links_the_other_claim():
    a = statement(1, "Ketamine-assisted therapy is an evidence-based option for addiction.")
    b = statement(2, "The evidence is still evolving.")
    flag = consistency_finding(a, [a, b])
    assert flag.code == "inconsistent_within_article"
    assert flag.evidence == {"other_claims": [2]}
    assert "“The evidence is still evolving.”" in flag.message
