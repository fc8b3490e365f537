"""An article's captured text: its hash, and where a claim's quote stands in it. No Django
models here: plain text in, plain values out."""

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 hex digest of a captured text (as UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_newlines(text: str) -> str:
    """Line ends as \\n: offsets must not depend on the platform the file was saved on, nor
    on the browser's form (a textarea sends \\r\\n)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_span(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """(start, end) of the given occurrence (1-based) of quote in text, or None."""
    if not quote or occurrence < 1:
        return None
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start, start + len(quote)


def places(text: str, quote: str, *, limit: int = 3) -> list[int]:
    """Where the quote starts in the text, the first `limit` places at most."""
    found: list[int] = []
    at = text.find(quote) if quote else -1
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


class SpanProblem(ValueError):
    """A quote cannot be placed in the text; `field` names what to correct."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def locate_quote(text: str, quote: str, *, start: int | None = None) -> tuple[int, int]:
    """The span of a quote in the text: at `start` when given (it must be there), else the
    one place it stands. Raises SpanProblem when it is absent or stands in several places."""
    if not quote:
        raise SpanProblem("The quote is empty.", field="quote")
    if start is not None:
        if text[start : start + len(quote)] != quote:
            raise SpanProblem(
                f"The quote is not in the article's text at {start}.", field="start"
            )
        return start, start + len(quote)
    found = places(text, quote, limit=2)
    if not found:
        raise SpanProblem("The quote is not in the article's captured text.", field="quote")
    if len(found) > 1:
        raise SpanProblem(
            "The quote appears more than once in the text; give its start.", field="start"
        )
    return found[0], found[0] + len(quote)


def paragraph_around(text: str, start: int, end: int) -> str:
    """The line or paragraph a span stands in: what "the study" and "these purposes" in a
    claim point back to."""
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return text[before + 1 : after if after >= 0 else len(text)].strip()
