"""The evidence map's stored counts: what each study adds, and counts that stay equal to a
fresh count of the library through every kind of write."""

import io
import random
from collections import Counter

import pytest
from django.core.management import call_command

from studies.library import editing
from studies.library.map_counts import (
    Placement,
    contribution,
    difference,
    read_map_counts,
    rebuild_map_counts,
)
from studies.models import Outcome, Study
from tests import factories


def rct(finding="benefit", *substances):
    return Placement(design="randomized_controlled_trial", finding=finding, substances=frozenset(substances))


def test_a_study_naming_two_substances_is_in_two_cells_and_counted_once_in_the_totals():
    cells, totals = contribution(rct("benefit", "alcohol", "opioids"))
    assert cells == Counter({
        ("alcohol", "randomized_controlled_trial", "benefit"): 1,
        ("opioids", "randomized_controlled_trial", "benefit"): 1,
    })  # fmt: skip
    assert totals == Counter({"benefit": 1})


def test_a_study_naming_no_substance_is_in_the_cell_of_none():
    cells, _ = contribution(rct("harm"))
    assert cells == Counter({("", "randomized_controlled_trial", "harm"): 1})


def test_a_new_finding_moves_the_study_between_cells():
    cells, totals = difference({7: rct("not_reported", "alcohol")}, {7: rct("benefit", "alcohol")})
    assert cells == Counter({
        ("alcohol", "randomized_controlled_trial", "not_reported"): -1,
        ("alcohol", "randomized_controlled_trial", "benefit"): 1,
    })  # fmt: skip
    assert totals == Counter({"not_reported": -1, "benefit": 1})


def test_a_study_that_stops_being_research_leaves_every_cell():
    cells, totals = difference({7: rct("benefit", "alcohol", "cocaine")}, {})
    assert set(cells.values()) == {-1} and len(cells) == 2
    assert totals == Counter({"benefit": -1})


def test_an_unchanged_placement_changes_nothing():
    assert difference({7: rct("benefit", "alcohol")}, {7: rct("benefit", "alcohol")}) == (Counter(), Counter())


def test_a_new_substance_leaves_the_cell_of_none_but_not_the_totals():
    cells, totals = difference({7: rct("benefit")}, {7: rct("benefit", "alcohol")})
    assert cells == Counter({
        ("", "randomized_controlled_trial", "benefit"): -1,
        ("alcohol", "randomized_controlled_trial", "benefit"): 1,
    })  # fmt: skip
    assert totals == Counter()


# --- In the database ------------------------------------------------------------------


def stored():
    return read_map_counts()


def recounted():
    rebuild_map_counts()
    return read_map_counts()


@pytest.mark.django_db
def test_saving_studies_counts_them_in_their_cells():
    factories.make_study(substances=["alcohol"])
    factories.make_study(substances=["alcohol", "opioids"])
    factories.make_study(source_kind="news_or_explainer", substances=["alcohol"])
    cells, totals = stored()
    assert cells[("alcohol", "randomized_controlled_trial")] == {"not_reported": 2}
    assert cells[("opioids", "randomized_controlled_trial")] == {"not_reported": 1}
    assert totals == {"not_reported": 2}  # the news article is not research


@pytest.mark.django_db
def test_an_outcome_moves_its_study_to_the_cell_of_its_finding():
    study = factories.make_study(substances=["cocaine"])
    factories.make_outcome(study=study, direction="no_difference")
    cells, totals = stored()
    assert cells[("cocaine", "randomized_controlled_trial")] == {"no_difference": 1}
    assert totals == {"no_difference": 1}


@pytest.mark.django_db
def test_the_services_keep_the_counts_equal_to_a_fresh_count():
    editor = factories.make_user(editor=True)
    study = editing.save_study(
        user=editor, values={"title": "Ketamine and alcohol", "design_code": "retrospective_cohort"}, substances=["alcohol"]
    )
    editing.save_outcome(
        user=editor, values={"study_id": study.pk, "measure": "Relapse", "direction": "favours_intervention"}
    )
    editing.save_study(
        user=editor, study_id=study.pk, values={"design_code": "case_series"}, substances=["opioids", "alcohol"]
    )
    outcome = Outcome.objects.get(study=study)
    editing.delete_outcome(user=editor, outcome_id=outcome.pk)
    assert stored() == (
        {("alcohol", "case_series"): {"not_reported": 1}, ("opioids", "case_series"): {"not_reported": 1}},
        {"not_reported": 1},
    )
    editing.delete_study(user=editor, study_id=study.pk)
    assert stored() == ({}, {})


@pytest.mark.django_db
def test_any_sequence_of_writes_leaves_the_counts_a_fresh_count_would_give():
    # A fixed seed: the same sequence on every run, covering saves, both sides of the
    # substances relation, outcomes, kinds of source and deletes.
    rng = random.Random(20261204)
    substances = ["alcohol", "opioids", "cocaine", "cannabis"]
    designs = ["randomized_controlled_trial", "retrospective_cohort", "case_series"]
    studies = [factories.make_study(substances=rng.sample(substances, rng.randint(0, 2))) for _ in range(8)]
    for step in range(60):
        study = rng.choice(studies)
        action = rng.randrange(8)
        if action == 0:
            study.design_code = rng.choice(designs)
            study.save()
        elif action == 1:
            study.source_kind = rng.choice(["peer_reviewed_article", "news_or_explainer"])
            study.save()
        elif action == 2:
            study.substances.set([factories.substance(code) for code in rng.sample(substances, rng.randint(0, 3))])
        elif action == 3:
            study.substances.clear()
        elif action == 4:
            factories.substance(rng.choice(substances)).studies.add(study)
        elif action == 5:
            factories.substance(rng.choice(substances)).studies.remove(study)
        elif action == 6:
            direction = rng.choice(["favours_intervention", "no_difference", "favours_comparator"])
            factories.make_outcome(study=study, direction=direction, primary=rng.random() < 0.5)
        else:
            study.delete()
            studies.remove(study)
            studies.append(factories.make_study(substances=rng.sample(substances, 1)))
        assert stored() == recounted(), f"step {step}, action {action}"
    assert sum(stored()[1].values()) == Study.objects.filter(source_kind="peer_reviewed_article").count()


@pytest.mark.django_db
def test_deleting_a_substance_takes_its_studies_out_of_its_cells():
    factories.make_study(substances=["cannabis", "alcohol"])
    factories.substance("cannabis").delete()
    assert stored() == recounted()
    assert ("cannabis", "randomized_controlled_trial") not in stored()[0]


@pytest.mark.django_db
def test_the_command_counts_studies_inserted_without_saving():
    Study.objects.bulk_create([Study(title="Ketamine for cocaine use", design_code="retrospective_cohort")])
    assert stored() == ({}, {})
    out = io.StringIO()
    call_command("index_library", stdout=out, verbosity=0)
    assert stored() == ({("", "retrospective_cohort"): {"not_reported": 1}}, {"not_reported": 1})
    assert "the evidence map has 1 cells" in out.getvalue()


@pytest.mark.django_db
def test_a_count_left_behind_by_rows_deleted_in_sql_does_not_make_a_save_fail():
    from studies.models import EvidenceMapCount, EvidenceMapTotal

    study = factories.make_study(substances=["alcohol"])
    EvidenceMapCount.objects.all().delete()
    EvidenceMapTotal.objects.all().delete()
    study.design_code = "case_series"
    study.save()  # its old cell is not there to count down
    assert stored() == ({("alcohol", "case_series"): {"not_reported": 1}}, {})
