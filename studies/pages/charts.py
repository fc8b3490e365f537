"""What the study charts share: wrapped labels, radii, numbers. No Django, no database.

The charts themselves, each drawn by a template as inline SVG (no JavaScript, prints, every
mark can be a link), are `evidence_map` (studies by substance and design, one circle per
study, its area proportional to N; an unconfirmed N is a hollow marker, never a guessed size)
and `forest_plot` (each outcome's estimate and 95% confidence interval, one panel per effect
measure; positions are percentages of the plot width, so each row can be its own small SVG
and the whole plot stays readable on a phone).
"""

from __future__ import annotations

import math

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


