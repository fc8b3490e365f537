"""What a claim's words state (`claims.assessment.stated`), against sentences labelled by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.assessment.stated import Dose, stated_facts, wording_of
from tests.claims.stated_facts_scoring import as_labels, expected, labelled_sets

# Where the reader and the labels part, and why: each is a sentence the reader reads more
# literally than the person who labelled it. Any other difference fails.
KNOWN_DIFFERENCES = {
    # "without the use of opiates": opiates named as pain medication, not a substance of use
    ("iv-c14", "sub"),
    # "enhancing overall outcomes", "improving outcomes in addiction recovery": the reader
    # reads a claimed improvement the labels left out
    ("iv-c19", "out"),
    ("pax-c02", "out"),
    # methadone's and buprenorphine's action on withdrawal and cravings, not ketamine's
    ("ohi-c15", "out"),
    # "greater ... in the high-dose group": the low-dose comparator is implied, not named
    ("pax-c12", "comp"),
}

ENTRIES = [
    pytest.param(key, sentence, label, id=str(key)[-60:])
    for entries in labelled_sets().values()
    for key, sentence, label in entries
]


@pytest.mark.parametrize("key, sentence, label", ENTRIES)
def test_it_reads_what_each_labelled_sentence_states(key, sentence, label):
    want, got = expected(label), as_labels(stated_facts(sentence))
    differing = {kind for kind in want if want[kind] != got[kind]}
    assert differing == {kind for k, kind in KNOWN_DIFFERENCES if k == key}, (want, got)


def test_it_flags_a_percentage_that_does_not_express_its_x_of_y():
    facts = stated_facts("They stayed sober for 162 of 180 days, or 87 percent of the period.")
    [check] = facts.numbers_disagree
    assert (check.part, check.whole, check.percentage, check.computed) == (162, 180, 87.0, 90.0)


def test_a_percentage_rounded_from_its_x_of_y_agrees():
    facts = stated_facts("Abstinent on 43 of 48 days (89.6%).")
    assert [check.agrees for check in facts.arithmetic] == [True]
    assert facts.numbers_disagree == ()


def test_it_reads_a_dose_range_per_kilogram_written_in_words():
    facts = stated_facts("A dose is usually around 1 to 2 milligrams for each kilogram of body weight.")
    assert facts.doses == (Dose(1.0, 2.0, "mg/kg"),)


def test_a_dose_in_plain_milligrams_is_not_read_as_per_kilogram():
    assert stated_facts("Patients received 50 mg of ketamine.").doses == (Dose(50.0, None, "mg"),)


def test_a_design_the_words_deny_is_not_read():
    facts = stated_facts("These were not placebo-controlled trials, and they lacked control groups.")
    assert "placebo_controlled" not in facts.designs
    assert "control_group" not in facts.comparators


def test_no_significant_difference_is_not_a_significant_result():
    assert not stated_facts("There was no significant difference in relapse rates.").significant
    assert stated_facts("Relapse was significantly lower with ketamine.").significant


def test_an_approval_for_these_purposes_takes_them_from_the_sentence_before():
    [approval] = stated_facts(
        "It was created as an anesthetic and a pain reliever. It's approved by the FDA for these purposes."
    ).approvals
    assert (approval.purposes, approval.only) == (("anesthesia", "pain"), False)


def test_only_approved_as_is_read_as_the_only_approval():
    [approval] = stated_facts("No, ketamine is only FDA-approved as an anesthetic.").approvals
    assert (approval.purposes, approval.only) == (("anesthesia",), True)


def test_a_therapy_named_after_relapse_is_not_a_relapse_outcome():
    facts = stated_facts("They also had 5 weeks of mindfulness relapse prevention therapy.")
    assert facts.outcomes == frozenset()


@given(st.text())
def test_it_never_raises_on_any_text(text):
    facts = stated_facts(text, text)
    assert facts.n is None or facts.n >= 0


# Background facts, read from seed sentences (checked against settled sources).
BACKGROUND = [
    (
        "After a few minutes, your heart rate speeds up and your blood pressurebegins to go down.",
        "body_effects", frozenset({("heart_rate", "increase"), ("blood_pressure", "decrease")}),
    ),
    (
        "Ketamine is an NMDA receptor antagonist that blocks the N-methyl-D-aspartate (NMDA) neurotransmitter in the brain",
        "mechanism_terms", frozenset({("NMDA", "receptor"), ("NMDA", "neurotransmitter")}),
    ),
    (
        "Ketamine is a dissociative anesthetic known for its rapid onset of action",
        "drug_classes", frozenset({"dissociative anesthetic"}),
    ),
    ("Initially developed in the 1960s as a battlefield anesthetic", "first_made", (1960, 1969)),
    (
        "Unlike traditional antidepressants and MAT medications that can take weeks to become effective",
        "onsets", (("opioid_use_disorder_medications", "weeks"), ("antidepressants", "weeks")),
    ),
    ("However, further randomised controlled trials are urgently needed to confirm ketamine's efficacy.", "research_needed", True),
    (
        "No participants experienced lasting adverse effects or addiction to ketamine.",
        "other_outcomes", frozenset({"adverse_effects", "ketamine_dependence"}),
    ),
]  # fmt: skip


@pytest.mark.parametrize("quote, field, expected", BACKGROUND)
def test_it_reads_the_background_facts_a_claim_states(quote, field, expected):
    assert getattr(stated_facts(quote), field) == expected


def test_what_ketamine_is_is_read_from_the_sentence_the_words_stand_in():
    paragraph = "Once primarily known as an anesthetic and recreational drug, ketamine has increasingly garnered attention."
    quote = "Once primarily known as an anesthetic and recreational drug"
    assert stated_facts(quote).drug_classes == frozenset()
    assert stated_facts(quote, paragraph).drug_classes == {"anesthetic", "recreational drug"}


@pytest.mark.parametrize(
    "quote, wording",
    [
        ("Administering ketamine intravenously (IV) is the most effective method for several reasons.", "categorical"),
        ("Ketamine will help the brain heal in a more efficient way.", "categorical"),
        ("Ketamine treatment might also make behavioral therapy more effective.", "hedged"),
        ("this approach shows significant promise for improving outcomes in addiction recovery", "hedged"),
    ],
)
def test_it_tells_hedged_wording_from_categorical(quote, wording):
    assert wording_of(quote) == wording
