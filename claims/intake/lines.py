"""The captured text as lines with their offsets: every intake step reads it this way, so
that what it proposes carries offsets into the verbatim text."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # 0-based
    start: int  # offset of the line's first character
    end: int  # offset just past its last character (the newline excluded)
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        # A line of no-break spaces is as blank as an empty one: page builders leave them.
        return not self.text.strip()

    def span_of_stripped(self) -> tuple[int, int]:
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text) - len(self.text.rstrip())
        return self.start + lead, self.end - trail


def split_lines(text: str) -> list[Line]:
    lines, at = [], 0
    for number, raw in enumerate(text.split("\n")):
        lines.append(Line(number, at, at + len(raw), raw))
        at += len(raw) + 1
    return lines
