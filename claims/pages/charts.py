"""Geometry of the scorecard bars, from plain counts. No Django, no database.

A scorecard is a stacked bar: one segment per category, its width the category's share of
the total. The same numbers are printed as text next to the bar, so the bar itself is
decoration for sighted readers and never the only way to read a share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claims.constants import ACCURACY, CITATION_STATUSES


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    count: int
    share: float  # exact share of the total, 0..100, for the bar's width
    offset: float  # where the segment starts, 0..100
    percent: int  # rounded share for the text (see rounded_percents)


@dataclass(frozen=True)
class StackedBar:
    total: int
    segments: tuple[Segment, ...]  # only the categories with a count, in the given order

    @property
    def empty(self):
        return self.total == 0


def rounded_percents(counts: list[int]) -> list[int]:
    """Whole percents that add up to 100 (largest remainder method), except where equal
    counts would have to be given different percents.

    Rounding each share on its own can print 33% + 33% + 33% = 99%; readers notice. But
    "Misleading: 3 (9%)" beside "Inaccurate: 3 (8%)" reads as a mistake in the counts: equal
    counts get equal percents, and then [1, 1, 1] prints 33% three times.
    """
    total = sum(counts)
    if total == 0:
        return [0 for _ in counts]
    exact = [100 * c / total for c in counts]
    floors = [int(x) for x in exact]
    missing = 100 - sum(floors)
    # Hand the missing points to the largest remainders, a count's every category or none.
    alike: dict[int, list[int]] = {}
    for i, count in enumerate(counts):
        alike.setdefault(count, []).append(i)
    for count in sorted(alike, key=lambda c: -(100 * c / total - int(100 * c / total))):
        group = alike[count]
        if exact[group[0]] == floors[group[0]] or len(group) > missing:
            continue
        for i in group:
            floors[i] += 1
        missing -= len(group)
    return floors


def stacked_bar(counts: Mapping[str, int], categories: Iterable[tuple[str, str]]) -> StackedBar:
    """Segments of a bar for `counts` (code -> count), in the order of `categories`
    ((code, label) pairs). Codes absent from `categories` are ignored; zero counts draw
    nothing."""
    categories = list(categories)
    values = [max(int(counts.get(code, 0) or 0), 0) for code, _label in categories]
    total = sum(values)
    percents = rounded_percents(values)
    segments = []
    offset = 0.0
    for (code, label), count, percent in zip(categories, values, percents, strict=True):
        if count == 0:
            continue
        share = 100 * count / total
        segments.append(
            Segment(
                code=code,
                label=label,
                count=count,
                share=round(share, 3),
                offset=round(offset, 3),
                percent=percent,
            )
        )
        offset += share
    return StackedBar(total=total, segments=tuple(segments))


def claim_bar(accuracy_counts: Mapping[str, int]) -> StackedBar:
    """An article's claims by accuracy, in the order of ACCURACY."""
    return stacked_bar(accuracy_counts, ACCURACY)


def citation_bar(status_counts: Mapping[str, int]) -> StackedBar:
    """An article's citations by status, in the order of CITATION_STATUSES."""
    return stacked_bar(status_counts, CITATION_STATUSES)


def scorecard(accuracy, statuses):
    """An article's card: a bar of its claims by accuracy and one of its citations by status."""
    return {"claims": claim_bar(accuracy), "citations": citation_bar(statuses)}
