"""The evidence map's layout: studies by design (rows) and substance (columns), each a
circle sized by N and coloured by what it found. No Django, no database.

It is drawn as an HTML table, not one SVG: a screen reader reads it as a table (row and
column headers name each cell), each circle is a link whose text says what it is, and on a
phone the rows stack instead of scrolling sideways. Designs are the rows because there are
many more of them than substances: columns by substance fit a laptop's width. A cell shows its largest studies up to
`per_cell` and counts the rest, so the page stays the same size however big the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from studies.constants import FINDINGS
from studies.findings import in_sentence
from studies.pages.charts import sqrt_radius

NO_SUBSTANCE = ("", "Substance not recorded")


@dataclass(frozen=True)
class MapStudy:
    """What the evidence map needs to know about one study."""

    id: int
    label: str
    design: str
    substances: tuple[str, ...]  # codes; empty when the record names none
    n: int | None
    finding: str = "not_reported"  # a code of FINDINGS
    measure: str = ""  # the headline outcome it was placed by


@dataclass(frozen=True)
class MapMark:
    study_id: int
    label: str
    size: float  # diameter in px
    hollow: bool  # N unknown
    capped: bool  # N above the scale's cap, drawn at full size with a ring
    finding: str
    finding_label: str
    n_text: str  # "N = 20" or "N unknown"
    measure: str
    title: str  # the accessible name: study, N and finding in words


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class MapCell:
    substance: str
    substance_label: str
    design: str
    design_label: str
    count: int
    marks: tuple[MapMark, ...]
    more: int  # studies in the cell not drawn
    findings: tuple[Tally, ...]  # non-zero counts, in FINDINGS order
    claims: int | None  # claims leaning on the cell's studies; None when not counted


@dataclass(frozen=True)
class MapRow:
    """One design, with a cell per substance column (None where no study is)."""

    code: str
    label: str
    cells: tuple[MapCell | None, ...]


@dataclass(frozen=True)
class SubstanceSummary:
    """One substance column: how many studies, and what they found."""

    code: str
    label: str
    count: int
    findings: tuple[Tally, ...]


@dataclass(frozen=True)
class LegendSize:
    label: str
    size: float
    hollow: bool


@dataclass(frozen=True)
class EvidenceMap:
    columns: tuple[SubstanceSummary, ...]
    rows: tuple[MapRow, ...]
    legend_sizes: tuple[LegendSize, ...]
    legend_findings: tuple[Tally, ...]  # every finding on the map, with its count
    n_cap: int | None  # set when some studies exceed the scale and are drawn ringed

    @property
    def empty(self):
        return not self.rows

    @property
    def cells(self):
        return [cell for row in self.rows for cell in row.cells if cell is not None]


def tally(findings: Iterable[str]) -> tuple[Tally, ...]:
    counts: dict[str, int] = {}
    for code in findings:
        counts[code] = counts.get(code, 0) + 1
    return tally_counts(counts)


def tally_counts(counts: Mapping[str, int]) -> tuple[Tally, ...]:
    """Non-zero counts by finding, in FINDINGS order; an unknown finding counts as not
    reported."""
    known = dict(FINDINGS)
    merged: dict[str, int] = {}
    for code, count in counts.items():
        code = code if code in known else "not_reported"
        merged[code] = merged.get(code, 0) + count
    return tuple(Tally(code, label, merged[code]) for code, label in FINDINGS if merged.get(code))


def evidence_map(
    studies: Iterable[MapStudy],
    *,
    substances: Sequence[tuple[str, str]],
    designs: Sequence[tuple[str, str]],
    per_cell: int = 12,
    n_cap: int = 1000,
    d_min: float = 10.0,
    d_max: float = 34.0,
    hollow_d: float = 14.0,
    claim_counts: Mapping[tuple[str, str], int] | None = None,
    cell_findings: Mapping[tuple[str, str], Mapping[str, int]] | None = None,
    total_findings: Mapping[str, int] | None = None,
) -> EvidenceMap:
    """Place each study in the cell of its design (rows, strongest designs first as given)
    and of each of its substances (columns; a study of none goes to "Substance not
    recorded"). Only rows and columns holding a study appear, in the order given; a cell
    lists its studies in the order given (callers pass the largest first), drawing the
    first `per_cell`.

    Sizes above `n_cap` are drawn at full size and ringed: one registry cohort of tens of
    thousands would otherwise shrink every trial of 20 to 200 people to the same dot.

    `claim_counts`, by (substance, design), gives each cell its number of leaning claims.

    For a library too big to load, pass only the studies to draw (the first `per_cell` of
    each cell, each placed in one substance) with `cell_findings` (each cell's count of
    studies by finding) and `total_findings` (every study once, by finding), counted by the
    database: a cell then says how many studies it holds beyond those drawn.
    """
    studies = list(studies)
    substance_labels = dict(substances)
    design_labels = dict(designs)
    finding_labels = dict(FINDINGS)

    cells: dict[tuple[str, str], list[MapStudy]] = {}
    for study in studies:
        design = study.design if study.design in design_labels else "unknown"
        codes = [s for s in study.substances if s in substance_labels] or [NO_SUBSTANCE[0]]
        for code in codes:
            cells.setdefault((code, design), []).append(study)
    # Counted cells need no study drawn to appear (a summary draws none).
    for substance, design in cell_findings or {}:
        cells.setdefault((substance if substance in substance_labels else "", design), [])

    substance_order = [code for code, _ in substances] + [NO_SUBSTANCE[0]]
    used_substances = [code for code in substance_order if any(k[0] == code for k in cells)]
    used_designs = [code for code, _ in designs if any(k[1] == code for k in cells)]

    known = [s.n for s in studies if s.n is not None and s.n > 0]
    n_scale = min(max(known), n_cap) if known else None

    def mark(study: MapStudy) -> MapMark:
        finding = study.finding if study.finding in finding_labels else "not_reported"
        if study.n is None:
            size, hollow, capped, n_text = hollow_d, True, False, "N unknown"
        else:
            scale = n_scale or max(study.n, 1)
            size = 2 * sqrt_radius(study.n, scale, r_min=d_min / 2, r_max=d_max / 2)
            hollow, capped, n_text = False, study.n > scale, f"N = {study.n:,}"
        on = f" on {in_sentence(study.measure)}" if study.measure else ""
        return MapMark(
            study_id=study.id,
            label=study.label,
            size=round(size, 1),
            hollow=hollow,
            capped=capped,
            finding=finding,
            finding_label=finding_labels[finding],
            n_text=n_text,
            measure=study.measure,
            title=f"{study.label}, {n_text}: {finding_labels[finding].lower()}{on}",
        )

    def label_of(substance):
        return substance_labels.get(substance, NO_SUBSTANCE[1])

    rows = []
    for design in used_designs:
        row_cells = []
        for substance in used_substances:
            if (substance, design) not in cells:
                row_cells.append(None)
                continue
            members = cells[(substance, design)]
            findings = (
                tally_counts(cell_findings.get((substance, design), {}))
                if cell_findings is not None
                else tally(s.finding for s in members)
            )
            count = sum(t.count for t in findings)
            shown = members[:per_cell]
            row_cells.append(
                MapCell(
                    substance=substance,
                    substance_label=label_of(substance),
                    design=design,
                    design_label=design_labels[design],
                    count=count,
                    marks=tuple(mark(s) for s in shown),
                    more=max(count - len(shown), 0),
                    findings=findings,
                    claims=None if claim_counts is None else claim_counts.get((substance, design), 0),
                )
            )
        rows.append(
            MapRow(code=design, label=design_labels[design], cells=tuple(row_cells))
        )

    # A study has one design, so a substance's cells hold each of its studies once.
    columns = []
    for substance in used_substances:
        by_finding: dict[str, int] = {}
        for row in rows:
            for cell in row.cells:
                if cell is not None and cell.substance == substance:
                    for t in cell.findings:
                        by_finding[t.code] = by_finding.get(t.code, 0) + t.count
        findings = tally_counts(by_finding)
        columns.append(
            SubstanceSummary(
                code=substance,
                label=label_of(substance),
                count=sum(t.count for t in findings),
                findings=findings,
            )
        )

    any_capped = n_scale is not None and any(s.n is not None and s.n > n_scale for s in studies)
    sizes = []
    if n_scale:
        for n in legend_sizes(n_scale):
            label = f"N ≥ {n:,}" if (n == n_scale and any_capped) else f"N = {n:,}"
            d = 2 * sqrt_radius(n, n_scale, r_min=d_min / 2, r_max=d_max / 2)
            sizes.append(LegendSize(label, round(d, 1), False))
    sizes.append(LegendSize("N unknown", hollow_d, True))
    return EvidenceMap(
        columns=tuple(columns),
        rows=tuple(rows),
        legend_sizes=tuple(sizes),
        legend_findings=(
            tally_counts(total_findings)
            if total_findings is not None
            else tally(s.finding for s in {s.id: s for s in studies}.values())
        ),
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
