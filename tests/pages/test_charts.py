"""Chart geometry from plain data: no database, no templates."""

import math

import pytest

from claims.pages.charts import citation_bar, claim_bar, rounded_percents, stacked_bar
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.pages.charts import arm_bars, arm_proportion, sqrt_radius
from studies.pages.evidence_map import MapStudy, evidence_map
from studies.pages.forest_plot import ForestInput, forest_plot, linear_ticks, log_ticks

# --- stacked bars ------------------------------------------------------------------------


def test_a_bar_has_one_segment_per_category_with_a_count_in_the_given_order():
    bar = stacked_bar({"b": 1, "a": 3, "c": 0}, [("a", "A"), ("b", "B"), ("c", "C")])
    assert bar.total == 4
    assert [(s.code, s.count, s.share, s.offset) for s in bar.segments] == [
        ("a", 3, 75.0, 0.0),
        ("b", 1, 25.0, 75.0),
    ]


def test_rounded_percents_add_up_to_a_hundred():
    assert rounded_percents([3, 3, 1]) == [43, 43, 14]
    assert sum(rounded_percents([2, 3, 7, 11, 13])) == 100
    assert rounded_percents([0, 0]) == [0, 0]


def test_equal_counts_get_equal_percents_even_when_they_then_add_up_to_99():
    # "Ketamine and Addictions" (seed corpus): 35 claims, 3 misleading and 3 inaccurate were
    # printed as 9% and 8%. The points left go to a count whose every category can have one.
    assert rounded_percents([10, 1, 3, 3, 1, 17]) == [29, 3, 8, 8, 3, 49]
    assert rounded_percents([1, 1, 1]) == [33, 33, 33]


def test_an_empty_bar_draws_nothing():
    bar = claim_bar({})
    assert bar.empty and bar.segments == ()


def test_segments_tile_the_bar_without_gaps():
    bar = citation_bar({"verified": 2, "not_found": 5, "anonymous": 1, "unchecked": 3})
    end = 0.0
    for segment in bar.segments:
        assert segment.offset == pytest.approx(end, abs=0.01)
        end = segment.offset + segment.share
    assert end == pytest.approx(100, abs=0.01)
    # In the order of CITATION_STATUSES, labels from the constants.
    assert [s.label for s in bar.segments] == ["Verified", "Not found", "Anonymous", "Unchecked"]


def test_unknown_codes_are_ignored_not_drawn():
    assert claim_bar({"accurate": 1, "bogus": 9}).total == 1


# --- evidence map ------------------------------------------------------------------------


def study(id, design="randomized_controlled_trial", substances=("alcohol",), n=50, finding="benefit", measure="Abstinence"):
    return MapStudy(id=id, label=f"Study {id}", design=design, substances=substances, n=n,
                    finding=finding, measure=measure)


def draw(studies, **kwargs):
    return evidence_map(studies, substances=SUBSTANCES, designs=DESIGN_CODES, **kwargs)


def marks(chart):
    return {m.study_id: m for cell in chart.cells for m in cell.marks}


def test_circle_area_grows_with_n_on_a_square_root_scale():
    chart = draw([study(1, n=400), study(2, n=100), study(3, n=25)], d_min=2)
    size = {k: m.size for k, m in marks(chart).items()}
    assert size[1] == pytest.approx(2 * size[2], abs=0.1)
    assert size[2] == pytest.approx(2 * size[3], abs=0.1)


def test_sqrt_radius_keeps_tiny_samples_visible():
    assert sqrt_radius(1, 10_000, r_min=3, r_max=15) == 3
    assert sqrt_radius(10_000, 10_000, r_min=3, r_max=15) == 15


def test_a_study_of_unknown_n_is_a_hollow_marker_labelled_n_unknown():
    chart = draw([study(1, n=None), study(2, n=30)])
    assert marks(chart)[1].hollow and "N unknown" in marks(chart)[1].title
    assert not marks(chart)[2].hollow
    assert any(item.hollow and item.label == "N unknown" for item in chart.legend_sizes)


def test_each_circle_says_in_words_what_its_study_found_on_which_outcome():
    chart = draw([study(1, n=211, finding="benefit", measure="Total abstinence"),
                  study(2, finding="no_difference", measure="URICA score"), study(3, finding="bogus")])
    assert marks(chart)[1].title == "Study 1, N = 211: favours the intervention on total abstinence"
    assert marks(chart)[2].title.endswith("no clear difference on URICA score")
    # A finding the map does not know is shown as not reported, never as another finding.
    assert marks(chart)[3].finding == "not_reported"


def test_the_legend_counts_an_outcome_of_no_stated_direction_apart_from_no_outcome():
    chart = draw([study(1, finding="not_stated", measure="Craving"), study(2, finding="not_reported")])
    assert [(t.code, t.label, t.count) for t in chart.legend_findings] == [
        ("not_stated", "Direction not reported", 1),
        ("not_reported", "No outcome on record", 1),
    ]
    assert marks(chart)[1].title == "Study 1, N = 50: direction not reported on craving"


def test_designs_are_rows_and_substances_columns_in_constant_order_with_only_those_used():
    chart = draw([
        study(1, design="case_report", substances=("opioids",)),
        study(2, design="systematic_review", substances=("alcohol", "opioids")),
    ])
    assert [r.code for r in chart.rows] == ["systematic_review", "case_report"]
    assert [c.code for c in chart.columns] == ["alcohol", "opioids"]
    # A study of two substances appears in both columns, and each column counts it once.
    review, report = chart.rows
    assert [cell.substance if cell else None for cell in review.cells] == ["alcohol", "opioids"]
    assert [cell.substance if cell else None for cell in report.cells] == [None, "opioids"]
    assert [c.count for c in chart.columns] == [1, 2]


def test_a_cell_counts_its_findings_and_the_claims_leaning_on_it():
    chart = draw(
        [study(1), study(2), study(3, finding="harm"), study(4, substances=("cocaine",), finding="not_reported")],
        claim_counts={("alcohol", "randomized_controlled_trial"): 7},
    )
    alcohol, cocaine = chart.rows[0].cells
    assert [(t.code, t.count) for t in alcohol.findings] == [("benefit", 2), ("harm", 1)]
    assert (alcohol.count, alcohol.claims, cocaine.claims) == (3, 7, 0)
    assert [(t.code, t.count) for t in chart.columns[0].findings] == [("benefit", 2), ("harm", 1)]
    # Without claim counts, none is shown (not a zero that was never counted).
    assert draw([study(1)]).cells[0].claims is None


def test_a_full_cell_draws_its_largest_studies_and_counts_the_rest():
    chart = draw([study(i, n=1000 - i) for i in range(30)], per_cell=12)
    [cell] = chart.cells
    assert (cell.count, len(cell.marks), cell.more) == (30, 12, 18)
    assert [m.study_id for m in cell.marks] == list(range(12))


def test_a_study_without_substances_goes_to_substance_not_recorded():
    chart = draw([study(1, substances=())])
    assert [c.label for c in chart.columns] == ["Substance not recorded"]


def test_a_huge_n_is_capped_and_ringed_so_small_trials_stay_distinct():
    chart = draw([study(1, n=36_000), study(2, n=20), study(3, n=200)], n_cap=1000)
    m = marks(chart)
    assert m[1].capped and not m[3].capped
    assert m[3].size > m[2].size  # 200 and 20 still look different
    assert chart.n_cap == 1000 and chart.legend_sizes[-2].label == "N ≥ 1,000"


def test_an_empty_library_draws_an_empty_map():
    assert draw([]).empty


# --- per-arm results ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "percent"),
    [("65.8% (73/111)", 65.8), ("13/26 (50%)", 50.0), ("24%", 24.0), ("reduced by 67% relative to baseline", None),
     ("3.9 points", None), ("140%", None), (None, None)],
)
def test_only_a_proportion_of_the_arm_is_read_as_one(value, percent):
    assert arm_proportion(value) == percent


def test_arms_are_drawn_as_bars_only_when_every_value_is_a_proportion():
    arms = [{"label": "KPT", "value": "65.8% (73/111)", "n": 111}, {"label": "control", "value": "24% (24/100)", "n": 100}]
    assert [(b["label"], b["percent"]) for b in arm_bars(arms)] == [("KPT", 65.8), ("control", 24.0)]
    assert arm_bars([*arms, {"label": "other", "value": "fewer relapses"}]) is None
    assert arm_bars([{"label": "ketamine", "value": None}]) is None


# --- forest plot -------------------------------------------------------------------------


def outcome(id, measure, estimate, low=None, high=None):
    return ForestInput(id=id, label=f"Outcome {id}", measure=measure, estimate=estimate, ci_low=low, ci_high=high)


def test_ratios_use_a_log_scale_centred_on_one():
    plot = forest_plot([outcome(1, "OR", 2.0, 1.0, 4.0)])
    (panel,) = plot.panels
    (row,) = panel.rows
    assert panel.scale == "log" and panel.null_value == 1.0
    assert panel.null_x == pytest.approx(row.x_low)  # the CI's low end is at 1
    # On a log scale 2 is halfway between 1 and 4.
    assert row.x - row.x_low == pytest.approx(row.x_high - row.x, abs=0.01)


def test_differences_use_a_linear_scale_centred_on_zero():
    plot = forest_plot([outcome(1, "MD", -3.0, -5.0, -1.0)])
    (panel,) = plot.panels
    (row,) = panel.rows
    assert panel.scale == "linear" and panel.null_value == 0.0
    assert row.x_low < row.x < row.x_high < panel.null_x
    assert row.x - row.x_low == pytest.approx(row.x_high - row.x, abs=0.01)


def test_every_position_is_inside_the_plot_band():
    plot = forest_plot(
        [outcome(1, "OR", 5.7, 1.3, 25.1), outcome(2, "HR", 0.47, 0.24, 0.92), outcome(3, "SMD", 0.3, -0.1, 0.7)]
    )
    for panel in plot.panels:
        xs = [panel.null_x] + [t.x for t in panel.ticks]
        for row in panel.rows:
            xs += [row.x, row.x_low, row.x_high]
        assert all(0 <= x <= 100 for x in xs)


def test_one_panel_per_measure_ratios_first():
    plot = forest_plot([outcome(1, "MD", 1.0), outcome(2, "OR", 2.0), outcome(3, "OR", 3.0), outcome(4, "HR", 0.5)])
    assert [p.measure for p in plot.panels] == ["OR", "HR", "MD"]
    assert len(plot.panels[0].rows) == 2


def test_outcomes_without_an_estimate_are_left_out():
    plot = forest_plot([outcome(1, "OR", None), outcome(2, "", None)])
    assert plot.empty


def test_a_missing_ci_draws_the_point_only():
    (panel,) = forest_plot([outcome(1, "MD", 3.9)]).panels
    (row,) = panel.rows
    assert row.x_low is None and row.x_high is None and row.text == "3.9"


def test_a_ratio_at_or_below_zero_is_skipped_with_a_reason():
    plot = forest_plot([outcome(1, "OR", 0.0, 0.0, 1.0)])
    assert plot.empty
    assert "log scale" in plot.skipped[0][1]


def test_a_percentage_has_no_line_of_no_effect():
    (panel,) = forest_plot([outcome(1, "percentage", 58.1, 18.6, 78.6)]).panels
    assert panel.null_x is None and panel.scale == "linear"


def test_ticks_are_round_numbers():
    assert log_ticks(0.2, 30) == [0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
    assert linear_ticks(-5.4, 1.2) == [-5.0, -4.0, -3.0, -2.0, -1.0, 0.0, 1.0]
    assert linear_ticks(0, 100) == [0, 20, 40, 60, 80, 100]


@pytest.mark.parametrize(
    "row, why",
    [
        (outcome(1, "HR", 1e-300, 1e-300, 1e300), "too extreme to draw"),
        (outcome(1, "OR", 2e6), "too extreme to draw"),
        (outcome(1, "MD", 1.0, -1e308, 1e308), "too extreme to draw"),
        (outcome(1, "SMD", math.inf), "not a finite number"),
        (outcome(1, "MD", math.nan), "not a finite number"),
        (outcome(1, "RR", 1.5, 1.0, math.inf), "not a finite number"),
    ],
)
def test_an_extreme_or_non_finite_value_is_left_out_with_a_note_and_the_others_still_drawn(row, why):
    plot = forest_plot([row, outcome(2, row.measure, 1.5, 1.2, 1.9)])
    [(skipped, reason)] = plot.skipped
    assert skipped.id == 1 and why in reason
    [panel] = plot.panels
    assert [r.id for r in panel.rows] == [2]
    assert all(0 <= x <= 100 for r in panel.rows for x in (r.x, r.x_low, r.x_high))


def test_values_at_the_edges_of_the_drawable_range_are_still_drawn():
    plot = forest_plot([outcome(1, "OR", 1e-6, 1e-6, 1e6), outcome(2, "MD", -1e12, -1e12, 1e12)])
    assert not plot.skipped
    assert [len(p.rows) for p in plot.panels] == [1, 1]
    assert all(0 <= t.x <= 100 for p in plot.panels for t in p.ticks)


def test_linear_ticks_stay_few_whatever_the_range():
    assert len(linear_ticks(-1e12, 1e12)) <= 50


@pytest.mark.django_db
def test_the_study_page_shows_an_extreme_outcome_as_not_plotted_instead_of_failing(client):
    from tests.factories import make_outcome, make_study

    study = make_study()
    make_outcome(study, measure="Relapse", effect_measure="HR", estimate=1e-300, ci_low=1e-300, ci_high=1e300)
    make_outcome(study, measure="Drinking days", effect_measure="MD", estimate=1.0, ci_low=-1e308, ci_high=1e308)
    make_outcome(study, measure="Abstinence", effect_measure="OR", estimate=2.5, ci_low=1.2, ci_high=5.0)
    response = client.get(f"/studies/{study.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Relapse (week 5)” is not plotted" in page
    assert "“Drinking days (week 5)” is not plotted" in page


def test_a_map_of_counts_alone_draws_no_study_but_counts_every_cell():
    chart = draw(
        [],
        cell_findings={("alcohol", "randomized_controlled_trial"): {"benefit": 3, "harm": 1},
                       ("", "case_report"): {"not_reported": 2}},
        total_findings={"benefit": 3, "harm": 1, "not_reported": 2},
    )
    assert [(c.code, c.count) for c in chart.columns] == [("alcohol", 4), ("", 2)]
    assert [(t.code, t.count) for t in chart.columns[0].findings] == [("benefit", 3), ("harm", 1)]
    assert all(not cell.marks and cell.more == cell.count for cell in chart.cells)
    assert [(t.code, t.count) for t in chart.legend_findings] == [("benefit", 3), ("harm", 1), ("not_reported", 2)]
