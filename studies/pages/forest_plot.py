"""The forest plot's geometry: estimates and intervals, one panel per effect measure
(ratios on a log scale around 1, differences on a linear scale around 0)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from studies.constants import EFFECT_MEASURES, RATIO_MEASURES
from studies.pages.charts import format_number

# ---------------------------------------------------------------------------------------
# Forest plot

# Panels are drawn in this order: ratios first (the commonest in trials), then differences.
MEASURE_ORDER = [code for code, _ in EFFECT_MEASURES] + [""]
MEASURE_LABELS = dict(EFFECT_MEASURES) | {"": "Measure not stated"}
# Where "no effect" lies for each kind of measure; a percentage or an unnamed measure is not
# a comparison, so it has no line of no effect.
NULL_VALUES = {"OR": 1.0, "RR": 1.0, "HR": 1.0, "MD": 0.0, "SMD": 0.0, "percentage_points": 0.0}

# The plot uses this band of the width, so markers at the ends are not cut in half.
PLOT_LEFT, PLOT_RIGHT = 4.0, 96.0

# The values a forest plot draws. A ratio beyond a millionfold either way, or a difference
# beyond a trillion, is not a result but a typing error or a degenerate estimate; drawn, it
# would crush every other row to a dot (and at 1e300 the axis arithmetic overflows). Such a
# row is left out with a note, like a ratio that is not positive; the outcomes table still
# shows its numbers as recorded.
RATIO_RANGE = (1e-6, 1e6)
LINEAR_LIMIT = 1e12


@dataclass(frozen=True)
class ForestInput:
    id: int
    label: str
    measure: str
    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class ForestRow:
    id: int
    label: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    x: float  # percent of the width
    x_low: float | None
    x_high: float | None
    text: str  # "2.5 (1.2 to 5)"


@dataclass(frozen=True)
class Tick:
    value: float
    x: float
    label: str


@dataclass(frozen=True)
class ForestPanel:
    measure: str
    measure_label: str
    scale: str  # "log" or "linear"
    null_value: float | None
    null_x: float | None
    ticks: tuple[Tick, ...]
    rows: tuple[ForestRow, ...]


@dataclass(frozen=True)
class ForestPlot:
    panels: tuple[ForestPanel, ...]
    skipped: tuple[tuple[ForestInput, str], ...] = field(default=())  # row and why

    @property
    def empty(self):
        return not self.panels


def nice_step(span: float, target_ticks: int = 5) -> float:
    """The step of 1, 2 or 5 times a power of ten nearest to giving `target_ticks` ticks."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    return min((f * power for f in (1, 2, 5, 10)), key=lambda step: abs(step - raw))


def linear_ticks(low: float, high: float, target_ticks: int = 5) -> list[float]:
    step = nice_step(high - low, target_ticks)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9 and len(ticks) < 50:  # bounded, whatever the floats
        ticks.append(round(value, 10) + 0.0)  # + 0.0 turns -0.0 into 0.0
        value += step
    return ticks


def log_ticks(low: float, high: float) -> list[float]:
    """Ticks at 1, 2 and 5 times powers of ten inside [low, high]; only the powers of ten
    when that would crowd the axis."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for factor in (1, 2, 5):
            value = factor * 10.0**exponent
            if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                ticks.append(round(value, 10))
    if len(ticks) > 7:
        ticks = [t for t in ticks if math.isclose(math.log10(t), round(math.log10(t)))]
    return ticks


def _domain(values: list[float], null_value: float | None, scale: str) -> tuple[float, float]:
    """The axis range: every value and the line of no effect, with a little room."""
    points = values + ([null_value] if null_value is not None else [])
    if scale == "log":
        lo, hi = math.log10(min(points)), math.log10(max(points))
    else:
        lo, hi = min(points), max(points)
    if math.isclose(lo, hi):
        pad = 0.5 if scale == "log" else max(abs(lo) * 0.5, 1.0)
    else:
        pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    if scale == "log":
        return 10**lo, 10**hi
    return lo, hi


def _position(value: float, lo: float, hi: float, scale: str) -> float:
    if scale == "log":
        value, lo, hi = math.log10(value), math.log10(lo), math.log10(hi)
    fraction = (value - lo) / (hi - lo)
    return round(PLOT_LEFT + fraction * (PLOT_RIGHT - PLOT_LEFT), 3)


def estimate_text(estimate: float, ci_low: float | None, ci_high: float | None) -> str:
    text = format_number(estimate)
    if ci_low is not None and ci_high is not None:
        text += f" ({format_number(ci_low)} to {format_number(ci_high)})"
    return text


def _unplottable(outcome: ForestInput, measure: str) -> str | None:
    """Why a row with an estimate cannot be drawn, or None."""
    values = [v for v in (outcome.estimate, outcome.ci_low, outcome.ci_high) if v is not None]
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        return "its estimate or confidence interval is not a finite number"
    if measure in RATIO_MEASURES:
        if any(v <= 0 for v in values):
            return "a ratio must be above zero to be drawn on a log scale"
        low, high = RATIO_RANGE
        if any(not low <= v <= high for v in values):
            return (
                f"a ratio or bound outside {format_number(low)} to {format_number(high)} "
                "is too extreme to draw (check the recorded values)"
            )
    elif any(abs(v) > LINEAR_LIMIT for v in values):
        return "a value beyond a trillion either way is too extreme to draw (check the recorded values)"
    return None


def forest_plot(outcomes: Iterable[ForestInput]) -> ForestPlot:
    """Panels of a forest plot, one per effect measure, from outcomes that have an estimate.

    Outcomes without an estimate are left out (they are in the outcomes table). A row that
    cannot be drawn truthfully is listed in `skipped` with the reason, never drawn clamped:
    a value that is not a finite number, a ratio that is not positive (it cannot sit on a log
    scale), or a value beyond RATIO_RANGE or LINEAR_LIMIT.
    """
    by_measure: dict[str, list[ForestInput]] = {}
    skipped = []
    for outcome in outcomes:
        if outcome.estimate is None:
            continue
        measure = outcome.measure if outcome.measure in MEASURE_LABELS else "other"
        why = _unplottable(outcome, measure)
        if why:
            skipped.append((outcome, why))
            continue
        by_measure.setdefault(measure, []).append(outcome)

    panels = []
    for measure in MEASURE_ORDER:
        members = by_measure.get(measure)
        if not members:
            continue
        try:
            panels.append(_forest_panel(measure, members))
        except (ArithmeticError, ValueError):
            # The limits above keep the arithmetic finite; should it still fail, the page
            # shows the panel's rows as not plotted instead of an error.
            skipped.extend((o, "the plot's scale could not be computed for it") for o in members)
    return ForestPlot(panels=tuple(panels), skipped=tuple(skipped))


def _forest_panel(measure: str, members: list[ForestInput]) -> ForestPanel:
    scale = "log" if measure in RATIO_MEASURES else "linear"
    null_value = NULL_VALUES.get(measure)
    values = [
        v for o in members for v in (o.estimate, o.ci_low, o.ci_high) if v is not None
    ]
    lo, hi = _domain(values, null_value, scale)
    tick_values = log_ticks(lo, hi) if scale == "log" else linear_ticks(lo, hi)
    ticks = tuple(
        Tick(value=t, x=_position(t, lo, hi, scale), label=format_number(t))
        for t in tick_values
    )
    rows = []
    for o in members:
        has_ci = o.ci_low is not None and o.ci_high is not None
        rows.append(
            ForestRow(
                id=o.id,
                label=o.label,
                estimate=o.estimate,
                ci_low=o.ci_low if has_ci else None,
                ci_high=o.ci_high if has_ci else None,
                x=_position(o.estimate, lo, hi, scale),
                x_low=_position(o.ci_low, lo, hi, scale) if has_ci else None,
                x_high=_position(o.ci_high, lo, hi, scale) if has_ci else None,
                text=estimate_text(o.estimate, *((o.ci_low, o.ci_high) if has_ci else (None, None))),
            )
        )
    return ForestPanel(
        measure=measure,
        measure_label=MEASURE_LABELS[measure],
        scale=scale,
        null_value=null_value,
        null_x=_position(null_value, lo, hi, scale) if null_value is not None else None,
        ticks=ticks,
        rows=tuple(rows),
    )
