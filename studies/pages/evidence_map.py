"""The evidence map's geometry: studies by substance (rows) and design (columns)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studies.pages.charts import sqrt_radius, wrap_label

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


