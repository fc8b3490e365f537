"""Geometry of the study charts, from plain data. No Django, no database.

Two charts, both drawn by templates as inline SVG (no JavaScript, prints, every mark can be a
link):

- the **evidence map**: studies by substance (rows) and design (columns), one circle per
  study, its area proportional to N (a square-root scale on the radius); a study whose N the
  record does not confirm is a hollow marker, never a guessed size;
- the **forest plot**: each outcome's estimate and 95% confidence interval, one panel per
  effect measure (odds and hazard ratios on a log scale around 1, differences on a linear
  scale around 0). Positions are percentages of the plot width, so each row can be its own
  small SVG inside a table row and the whole plot stays readable on a phone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from studies.constants import EFFECT_MEASURES, RATIO_MEASURES

# ---------------------------------------------------------------------------------------
# Shared helpers


def wrap_label(text: str, width: int) -> list[str]:
    """Break a label into lines of at most `width` characters at spaces (a longer word
    keeps its own line): SVG text does not wrap by itself."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and len(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def sqrt_radius(n: int, n_max: int, *, r_min: float, r_max: float) -> float:
    """Radius for a sample of `n` when the largest is `n_max`: area grows with N.

    Tiny samples get `r_min` so that they stay visible (and clickable)."""
    if n_max <= 0 or n <= 0:
        return r_min
    return max(r_min, r_max * math.sqrt(min(n, n_max) / n_max))


def format_number(value: float) -> str:
    """A short, honest number for labels: 0.45, 2.5, 12, 1,200 (no false precision)."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".") if magnitude >= 0.01 else f"{value:.2g}"


# ---------------------------------------------------------------------------------------
# Evidence map


@dataclass(frozen=True)
class MapStudy:
    """What the evidence map needs to know about one study."""

    id: int
    label: str
    design: str
    substances: tuple[str, ...]  # codes; empty when the record names none
    n: int | None


@dataclass(frozen=True)
class MapColumn:
    code: str
    label: str
    lines: tuple[str, ...]
    x: float  # left edge
    width: float
    cx: float  # centre, for the header text


@dataclass(frozen=True)
class MapRow:
    code: str
    label: str
    lines: tuple[str, ...]
    y: float  # top edge
    height: float
    cy: float
    first_dy: float  # em offset of the first label line, so the lines centre on cy


@dataclass(frozen=True)
class MapMark:
    study_id: int
    cx: float
    cy: float
    r: float
    hollow: bool  # N unknown
    capped: bool  # N above the scale's cap, drawn at full size with a ring
    title: str  # the accessible name: study, design, substance and N in words
    label: str
    size: str  # "N = 20" or "N unknown"
    row: str
    row_label: str
    column: str
    column_label: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    r: float
    hollow: bool
    cx: float
    cy: float
    text_x: float


@dataclass(frozen=True)
class EvidenceMap:
    width: float
    height: float
    label_width: float
    header_height: float
    columns: tuple[MapColumn, ...]
    rows: tuple[MapRow, ...]
    marks: tuple[MapMark, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float
    n_max: int | None
    n_cap: int | None  # set when some studies exceed the scale and are drawn ringed

    @property
    def empty(self):
        return not self.marks


NO_SUBSTANCE = ("", "Substance not recorded")


def evidence_map(
    studies: Iterable[MapStudy],
    *,
    substances: Sequence[tuple[str, str]],
    designs: Sequence[tuple[str, str]],
    per_row: int = 3,
    n_cap: int = 1000,
    slot: float = 36.0,
    r_min: float = 3.5,
    r_max: float = 15.0,
    hollow_r: float = 7.0,
    label_width: float = 130.0,
    line_height: float = 14.0,
) -> EvidenceMap:
    """Lay out one circle per (study, substance) in a grid of substance rows by design
    columns. Only rows and columns that hold a study are drawn, in the order given.

    A cell holding several studies packs them `per_row` to a line, in the order given
    (callers pass the largest first so a cell reads from big to small). A study of several
    substances appears in each of their rows; a study with none, in "Substance not recorded".

    Sizes above `n_cap` are drawn at full size and ringed: one registry cohort of tens of
    thousands would otherwise shrink every trial of 20 to 200 people to the same dot.
    """
    studies = list(studies)
    substance_labels = dict(substances)
    design_labels = dict(designs)
    row_order = [code for code, _ in substances] + [NO_SUBSTANCE[0]]
    column_order = [code for code, _ in designs]

    cells: dict[tuple[str, str], list[MapStudy]] = {}
    for study in studies:
        design = study.design if study.design in design_labels else "unknown"
        row_codes = [s for s in study.substances if s in substance_labels] or [NO_SUBSTANCE[0]]
        for code in row_codes:
            cells.setdefault((code, design), []).append(study)

    used_rows = [code for code in row_order if any(k[0] == code for k in cells)]
    used_columns = [code for code in column_order if any(k[1] == code for k in cells)]

    # Each column is as wide as its fullest cell needs, each row as tall as its tallest cell.
    def cell_shape(count):
        return min(count, per_row), math.ceil(count / per_row)

    column_slots = {
        col: max(cell_shape(len(cells.get((row, col), [])))[0] for row in used_rows)
        for col in used_columns
    }
    row_slots = {
        row: max(cell_shape(len(cells.get((row, col), [])))[1] for col in used_columns)
        for row in used_rows
    }

    header_lines = {
        col: tuple(wrap_label(design_labels.get(col, col), 11)) for col in used_columns
    }
    header_height = (max((len(v) for v in header_lines.values()), default=1) + 1) * line_height

    columns = []
    x = label_width
    for col in used_columns:
        # Room for the circles, and for the header's longest line (about 6.3 units a character
        # at the chart's 11-unit font).
        longest = max(len(line) for line in header_lines[col])
        width = max(max(column_slots[col], 2) * slot, longest * 6.3 + 12)
        columns.append(
            MapColumn(
                code=col,
                label=design_labels.get(col, col),
                lines=header_lines[col],
                x=x,
                width=width,
                cx=x + width / 2,
            )
        )
        x += width
    width = x

    rows = []
    y = header_height
    for row in used_rows:
        height = max(row_slots[row], 1) * slot
        label = substance_labels.get(row, NO_SUBSTANCE[1])
        lines = tuple(wrap_label(label, 17))
        rows.append(
            MapRow(
                code=row,
                label=label,
                lines=lines,
                y=y,
                height=height,
                cy=y + height / 2,
                first_dy=round(0.35 - (len(lines) - 1) * 0.6, 2),
            )
        )
        y += height
    grid_bottom = y

    known = [s.n for s in studies if s.n is not None and s.n > 0]
    n_max = max(known) if known else None
    n_scale = min(n_max, n_cap) if n_max else None

    column_at = {c.code: c for c in columns}
    marks = []
    for row in rows:
        for col in used_columns:
            members = cells.get((row.code, col), [])
            column = column_at[col]
            used = min(len(members), per_row)
            # Centre the packed circles in their cell.
            left = column.x + (column.width - used * slot) / 2
            lines = math.ceil(len(members) / per_row)
            top = row.y + (row.height - lines * slot) / 2
            for i, study in enumerate(members):
                cx = left + (i % per_row + 0.5) * slot
                cy = top + (i // per_row + 0.5) * slot
                capped = False
                if study.n is None:
                    r, hollow, size = hollow_r, True, "N unknown"
                else:
                    scale = n_scale or max(study.n, 1)
                    r = sqrt_radius(study.n, scale, r_min=r_min, r_max=r_max)
                    hollow, size = False, f"N = {study.n:,}"
                    capped = study.n > scale
                marks.append(
                    MapMark(
                        study_id=study.id,
                        cx=round(cx, 2),
                        cy=round(cy, 2),
                        r=round(r, 2),
                        hollow=hollow,
                        capped=capped,
                        title=f"{study.label}: {column.label}, {row.label}, {size}",
                        label=study.label,
                        size=size,
                        row=row.code,
                        row_label=row.label,
                        column=col,
                        column_label=column.label,
                    )
                )

    any_capped = any(m.capped for m in marks)
    legend = _legend(
        n_scale, any_capped, r_min=r_min, r_max=r_max, hollow_r=hollow_r, top=grid_bottom + 12
    )
    legend_height = 2 * r_max + 24
    return EvidenceMap(
        width=round(max(width, 420.0), 2),
        height=round(grid_bottom + 12 + legend_height, 2),
        label_width=label_width,
        header_height=header_height,
        columns=tuple(columns),
        rows=tuple(rows),
        marks=tuple(marks),
        legend=legend,
        legend_y=grid_bottom + 12,
        n_max=n_max,
        n_cap=n_scale if any_capped else None,
    )


def legend_sizes(n_max: int) -> list[int]:
    """Round sample sizes to show in the legend: 10, 100, ... up to the largest N."""
    sizes = []
    size = 10
    while size < n_max:
        sizes.append(size)
        size *= 10
    sizes.append(n_max)
    return sizes[-3:]


def _legend(n_scale, capped, *, r_min, r_max, hollow_r, top):
    items = []
    x = 20.0
    cy = top + r_max + 4
    if n_scale:
        for size in legend_sizes(n_scale):
            r = sqrt_radius(size, n_scale, r_min=r_min, r_max=r_max)
            last = size == n_scale and capped
            items.append(
                LegendItem(
                    label=f"N ≥ {size:,}" if last else f"N = {size:,}",
                    r=round(r, 2),
                    hollow=False,
                    cx=round(x + r, 2),
                    cy=cy,
                    text_x=round(x + 2 * r + 6, 2),
                )
            )
            x += 2 * r + 80
    items.append(
        LegendItem(
            label="N unknown",
            r=hollow_r,
            hollow=True,
            cx=x + hollow_r,
            cy=cy,
            text_x=x + 2 * hollow_r + 6,
        )
    )
    return tuple(items)


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
