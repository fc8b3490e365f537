"""Text colours in the stylesheet meet WCAG AA contrast (4.5:1) against their backgrounds."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "site.css").read_text()


def luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variables():
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS))


def rules_with_text_on_background():
    """(selector, text colour, background colour) for each rule that sets both."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", body)
        if colour and background:
            found.append((selector.strip(), colour.group(1), background.group(1)))
    return found


def test_the_stylesheet_has_badges_to_check():
    selectors = [s for s, _, _ in rules_with_text_on_background()]
    assert any("verdict-overstated" in s for s in selectors)
    assert any("status-not_found" in s for s in selectors)
    assert len(selectors) >= 30


@pytest.mark.parametrize("selector, text, background", rules_with_text_on_background())
def test_badge_text_is_readable(selector, text, background):
    assert contrast(text, background) >= 4.5, f"{selector}: {text} on {background}"


@pytest.mark.parametrize("name", ["text", "muted", "link", "accent"])
def test_body_colours_are_readable_on_white_and_on_panels(name):
    colours = variables()
    assert contrast(colours[name], "#ffffff") >= 4.5
    assert contrast(colours[name], colours["panel"]) >= 4.5


def test_highlighted_claims_keep_body_text_readable():
    marks = re.findall(r"mark\.verdict-\w+ \{ background: (#[0-9a-fA-F]{6})", CSS)
    assert len(marks) == 11  # the accuracy ratings and the verdicts
    for background in marks:
        assert contrast(variables()["text"], background) >= 4.5
