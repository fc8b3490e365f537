"""Named patterns looked for together in a claim's words. No Django.

Most claims name none of a family's words (no route, no substance of use, no design word):
one search over the family's union says so in a single pass, and each pattern is tried only
when one of them can match. Every pattern is compiled once, when the module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class Family:
    """Patterns by name, searched with the same flags. A pattern may scope its own flags
    ("(?i:...)"); none may name a group, so that their union compiles."""

    def __init__(self, patterns: dict[str, str], flags: int = re.IGNORECASE):
        self.patterns = {name: re.compile(pattern, flags) for name, pattern in patterns.items()}
        self.union = re.compile("|".join(f"(?:{p})" for p in patterns.values()), flags)

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
