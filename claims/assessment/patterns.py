"""Patterns for a claim's words, searched as cheaply as they can be. No Django.

Python's `re` compares every character twice under IGNORECASE: a pattern written for any
case runs here on the text in lower case, its own letters lowered, two to three times as
fast. A text whose lower case is not as long as itself (a few letters outside ASCII) is
searched with the pattern as written, so that positions in the two agree. Matches give
positions and names; their text is in lower case, so a caller that shows the words takes
them from its own text.

Most claims name none of a family's words (no route, no substance of use, no design word):
one search over the family's union says so in a single pass, and each pattern is tried only
when one of them can match. Every pattern is compiled once, when the module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def lower_pattern(pattern: str) -> str:
    """The pattern for text in lower case: its literal letters lowered; escapes ("\\B",
    "\\S", "\\W", "\\D") and group names kept. Inline flags are refused: the lowered
    pattern would not mean what they say."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        elif pattern.startswith("(?", i) and pattern[i + 2 : i + 3] in tuple("aiLmsux-"):
            raise ValueError(f"inline flags in a pattern for text in lower case: {pattern!r}")
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


class CaseFree:
    """A pattern searched in any case: on the text in lower case where it can be."""

    def __init__(self, pattern: str):
        self.written = re.compile(pattern, re.IGNORECASE)
        self.lowered = re.compile(lower_pattern(pattern))

    def _pick(self, text: str) -> tuple[re.Pattern, str]:
        lowered = text.lower()
        if len(lowered) == len(text):
            return self.lowered, lowered
        return self.written, text

    def search(self, text: str) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        pattern, text = self._pick(text)
        return pattern.finditer(text)


class Family:
    """Patterns by name, each searched in any case (`CaseFree`), or with `flags` as given
    (a pattern may then scope its own, "(?i:...)"). None may name a group, so that their
    union compiles."""

    def __init__(self, patterns: dict[str, str], flags: int = re.IGNORECASE):
        union = "|".join(f"(?:{p})" for p in patterns.values())
        if flags == re.IGNORECASE:
            self.patterns = {name: CaseFree(p) for name, p in patterns.items()}
            self.union = CaseFree(union)
        else:
            self.patterns = {name: re.compile(p, flags) for name, p in patterns.items()}
            self.union = re.compile(union, flags)

    def named_in(self, text: str) -> frozenset[str]:
        """The names whose pattern matches somewhere in the text."""
        if not self.union.search(text):
            return frozenset()
        return frozenset(name for name, pattern in self.patterns.items() if pattern.search(text))

    def matches(self, text: str) -> Iterator[tuple[str, re.Match]]:
        """Every match of each pattern in turn, in the family's order, with its name."""
        if not self.union.search(text):
            return
        for name, pattern in self.patterns.items():
            for match in pattern.finditer(text):
                yield name, match
