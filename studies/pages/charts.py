"""What the study charts share: wrapped labels, radii, numbers. No Django, no database.

The charts themselves, drawn by templates without JavaScript (they print, and every mark can
be a link), are `evidence_map` (studies by design and substance, one circle per study, its
area proportional to N and its colour what it found; an unconfirmed N is a hollow marker,
never a guessed size), `forest_plot` (each outcome's estimate and 95% confidence interval,
one panel per effect measure; positions are percentages of the plot width, so each row can
be its own small SVG and the whole plot stays readable on a phone) and `arm_bars` (each
arm's proportion, where an outcome has no effect estimate).
"""

from __future__ import annotations

import math
import re

# ---------------------------------------------------------------------------------------
# Shared helpers


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
# Per-arm results

# A proportion as records write one for an arm: "65.8%", "65.8% (73/111)" or "13/26 (50%)".
# A change ("reduced by 67%") is not a proportion of the arm, and is never drawn as one.
_PROPORTION = re.compile(
    r"^\s*(?:(?P<lead>\d{1,3}(?:\.\d+)?)\s*%(?:\s*\(\d+\s*/\s*\d+\))?"
    r"|\d+\s*/\s*\d+\s*\(\s*(?P<paren>\d{1,3}(?:\.\d+)?)\s*%\s*\))\s*$"
)


def arm_proportion(value) -> float | None:
    """The percentage an arm's value states as a proportion of the arm, or None."""
    if not isinstance(value, str):
        return None
    match = _PROPORTION.match(value)
    if not match:
        return None
    percent = float(match.group("lead") or match.group("paren"))
    return percent if 0 <= percent <= 100 else None


def arm_bars(arms) -> list[dict] | None:
    """Bars for an outcome's arms when every arm with a value states a proportion (so the
    bars compare like with like), else None: `[{"label", "value", "n", "percent"}]`."""
    rows = [a for a in arms or [] if isinstance(a, dict) and a.get("value")]
    if not rows:
        return None
    percents = [arm_proportion(a["value"]) for a in rows]
    if any(p is None for p in percents):
        return None
    return [
        {"label": a.get("label") or "", "value": a["value"], "n": a.get("n"), "percent": p}
        for a, p in zip(rows, percents, strict=True)
    ]
