"""What a study found, and which outcome a claim speaks of: plain data, no database."""

import pytest

from studies.findings import finding_of, headline, in_sentence, outcomes_named_in


def row(measure, direction="", primary=False, position=0):
    return {"measure": measure, "direction": direction, "primary": primary, "position": position}


@pytest.mark.parametrize(
    ("direction", "finding"),
    [
        ("favours_intervention", "benefit"),
        ("favours_comparator", "harm"),
        ("no_difference", "no_difference"),
        ("not_applicable", "no_comparison"),
        ("", "not_stated"),
        (None, "not_stated"),
    ],
)
def test_each_direction_reads_as_a_finding_and_none_is_never_guessed(direction, finding):
    assert finding_of(direction) == finding


def test_the_outcome_marked_primary_decides_the_finding():
    found = headline([
        row("Craving", "favours_intervention", position=0),
        row("Abstinence", "no_difference", primary=True, position=1),
    ])
    assert (found.finding, found.measure, found.basis) == ("no_difference", "Abstinence", "primary")


def test_without_a_primary_outcome_the_first_reported_decides_and_says_so():
    found = headline([row("Craving", "no_difference", position=2), row("Abstinence", "favours_intervention", position=1)])
    assert (found.finding, found.measure, found.basis) == ("benefit", "Abstinence", "first_reported")
    assert "none is marked primary" in found.basis_words


def test_a_study_with_no_outcome_on_record_is_not_reported():
    found = headline([])
    assert (found.finding, found.label, found.measure) == ("not_reported", "No outcome on record", "")


def test_an_outcome_that_states_no_direction_is_not_read_as_no_outcome():
    found = headline([row("Craving", "", primary=True)])
    assert (found.finding, found.label, found.measure) == ("not_stated", "Direction not reported", "Craving")
    assert found.label != headline([]).label


def test_a_claim_names_the_outcome_it_shares_a_word_with():
    measures = ["Days of heavy drinking", "Total abstinence", "Cue-induced craving"]
    assert outcomes_named_in("Ketamine helped people stay abstinent for a year.", measures) == [1]
    assert outcomes_named_in("It cut cravings and heavy drinking.", measures) == [0, 2]


def test_words_every_outcome_shares_name_no_outcome():
    # "ketamine", "patients", "rates" and "weeks" are in every claim and many measures.
    assert outcomes_named_in("Ketamine raised rates in patients within weeks.", ["Response rate at week 4"]) == []


def test_a_measure_keeps_its_acronyms_in_a_sentence():
    assert in_sentence("Total abstinence") == "total abstinence"
    assert in_sentence("URICA motivation score") == "URICA motivation score"
    assert in_sentence("") == ""


# --- The finding stored on a study ---------------------------------------------------------


@pytest.mark.django_db
def test_the_services_that_write_outcomes_keep_the_studys_finding_current():
    from studies.library.editing import delete_outcome, save_outcome
    from tests.factories import make_study, make_user

    editor = make_user("finder", editor=True)
    study = make_study()
    assert study.finding == "not_reported"
    values = {"study_id": study.pk, "measure": "Total abstinence", "direction": "no_difference", "position": 1}
    outcome = save_outcome(user=editor, values=values)
    study.refresh_from_db()
    assert study.finding == "no_difference"
    save_outcome(user=editor, outcome_id=outcome.pk, values={**values, "direction": "favours_intervention"})
    study.refresh_from_db()
    assert study.finding == "benefit"
    save_outcome(user=editor, outcome_id=outcome.pk, values={**values, "direction": ""})
    study.refresh_from_db()
    assert study.finding == "not_stated"
    delete_outcome(outcome_id=outcome.pk, user=editor)
    study.refresh_from_db()
    assert study.finding == "not_reported"


@pytest.mark.django_db
def test_the_seed_corpus_stores_each_studys_finding_from_its_first_outcome():
    import io

    from django.core.management import call_command

    from studies.models import Study

    call_command("load_corpus", stdout=io.StringIO())
    # Krupitsky 1997: "Total abstinence >1 year: 65.8% … vs 24% …, p<0.01", favouring KPT.
    assert Study.objects.get(key="krupitsky1997").finding == "benefit"
    assert Study.objects.get(key="webmd").finding == "not_reported"
