"""Trials named by their acronyms: the words that could name one, and how names compare."""

import pytest

from studies.references.parsing import parse_reference
from studies.references.trials import split_trial_names, trial_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # As news pages name trials (bench/real_references, batches 23 to 44).
        ("The Ketamine for reduction of Alcohol Relapse (KARE) trial, led by the University of Exeter", ("kare",)),
        ("The MORE-KARE study, or the Multicentre Investigation of Ketamine", ("more-kare",)),
        ("Pharmacotherapy Treatment for Methamphetamine Use Disorder (or ADAPT-2) study", ("adapt-2",)),
        ("STAR*D(Sequenced Treatment Alternatives to Relieve Depression)という大規模研究", ("star*d",)),
        ("In the SUSTAIN-1 study, published in JAMA Psychiatry", ("sustain-1", "jama")),
        # Two capitals are no name; a capital word inside a longer one is not a word of its own.
        ("a trial in the UK of McKAREx", ()),
        ("ketamine reduced drinking", ()),
    ],
)
def test_it_finds_the_words_that_could_name_a_trial(text, names):
    assert trial_names(text) == names


def test_a_page_in_capitals_is_not_read_word_by_word():
    assert len(trial_names("KETAMINE FOR THE REDUCTION OF ALCOHOL RELAPSE IN THE KARE TRIAL")) == 6


def test_a_studys_trial_names_are_compared_in_any_case_and_listed_once():
    assert split_trial_names("KARE, Kare ,") == ("kare",)
    assert split_trial_names(["ADAPT-2"]) == ("adapt-2",)
    assert split_trial_names("") == ()


def test_a_reference_keeps_the_words_that_could_name_a_trial_even_when_it_names_nothing_else():
    parsed = parse_reference("the 2022 KARE alcohol trial in the UK")

    assert parsed.trials == ("kare",)
