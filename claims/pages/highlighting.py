"""An article's captured text with its claims highlighted, built from escaped pieces.

The captured text is untrusted (it is whatever a web page said, `<script>` included), so it is
never marked safe as a whole: it is cut at the claims' boundaries and every piece of text is
escaped on its own, between tags that this module writes itself.

Each claim becomes exactly one `<mark>`. Claims may overlap: one inside another nests (marks
may nest), and two that cross are made to nest by trimming the later one to the part outside
the earlier. Spans are clamped to the text, so a stale span cannot raise; one that falls
wholly outside keeps an empty mark at the text's end, so its claim still has its link.

The pure part (`resolve_spans`, `nest`, `context_around`) takes plain data; `highlight` renders
with Django's escaping helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    key: int  # the claim's id
    start: int
    end: int
    trimmed: bool = False  # shortened because it crossed an earlier claim


@dataclass
class Node:
    span: Span
    children: list[Node] = field(default_factory=list)


def _crosses(a: Span, b: Span) -> bool:
    """True when the spans overlap without one containing the other."""
    overlap = a.start < b.end and b.start < a.end
    contains = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return overlap and not contains


def resolve_spans(spans: Iterable[tuple[int, int, int]], text_length: int) -> list[Span]:
    """(key, start, end) triples → spans clamped into the text, with no two crossing.

    Spans are taken in reading order (start, then longest first); a span that crosses one
    already accepted loses the overlapping part. The result is sorted like the input order.
    """
    ordered = sorted(
        (
            (key, min(max(start, 0), text_length), min(max(end, 0), text_length))
            for key, start, end in spans
        ),
        key=lambda s: (s[1], -s[2], s[0]),
    )
    accepted: list[Span] = []
    for key, start, end in ordered:
        span = Span(key, start, max(start, end))
        # Each trim moves an edge inwards, so this ends; at worst the span becomes empty.
        changed = True
        while changed:
            changed = False
            for other in accepted:
                if span.start < span.end and _crosses(span, other):
                    if other.start <= span.start:  # starts inside `other`: keep the tail
                        span = Span(key, other.end, span.end, trimmed=True)
                    else:  # ends inside `other`: keep the head
                        span = Span(key, span.start, other.start, trimmed=True)
                    changed = True
        accepted.append(span)
    return sorted(accepted, key=lambda s: (s.start, -s.end, s.key))


def nest(spans: Sequence[Span]) -> list[Node]:
    """A forest of non-crossing spans: each node holds the spans inside it."""
    roots: list[Node] = []
    stack: list[Node] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.key)):
        node = Node(span)
        while stack and not (stack[-1].span.start <= span.start and span.end <= stack[-1].span.end):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


@dataclass(frozen=True)
class MarkInfo:
    """What a mark shows about its claim."""

    url: str
    verdict: str  # code, used as a class
    verdict_label: str
    number: int  # the claim's position in the article, for the accessible name


def highlight(text: str, claims: Iterable, info: Callable[[object], MarkInfo]) -> SafeString:
    """The text as HTML with one `<mark>` per claim; `info(claim)` says what it links to.

    A mark without nested claims is one link (the quote and its verdict tag); a mark holding
    other claims links by its verdict tag, since links cannot nest.
    """
    claims = list(claims)
    by_id = {claim.id: claim for claim in claims}
    spans = resolve_spans(((c.id, c.start, c.end) for c in claims), len(text))
    parts: list[str] = []

    def text_part(start, end):
        if end > start:
            parts.append(escape(text[start:end]))

    def render(node: Node):
        claim = by_id[node.span.key]
        meta = info(claim)
        classes = f"claim verdict-{meta.verdict}" + (" claim-trimmed" if node.span.trimmed else "")
        parts.append(
            format_html(
                '<mark id="claim-{}" class="{}" data-claim="{}">', claim.id, classes, claim.id
            )
        )
        tag = format_html(
            '<span class="claim-tag"><span class="visually-hidden">Claim {}: </span>{}</span>',
            meta.number,
            meta.verdict_label,
        )
        if not node.children:
            parts.append(format_html('<a class="claim-link" href="{}">', meta.url))
            text_part(node.span.start, node.span.end)
            parts.append(tag)
            parts.append(mark_safe("</a>"))
        else:
            position = node.span.start
            for child in node.children:
                text_part(position, child.span.start)
                render(child)
                position = child.span.end
            text_part(position, node.span.end)
            parts.append(
                format_html('<a class="claim-link claim-link-tag" href="{}">{}</a>', meta.url, tag)
            )
        parts.append(mark_safe("</mark>"))

    position = 0
    for root in nest(spans):
        text_part(position, root.span.start)
        render(root)
        position = root.span.end
    text_part(position, len(text))
    # Every piece above is either escaped text or a tag written here with escaped values.
    return mark_safe("".join(str(p) for p in parts))


@dataclass(frozen=True)
class Context:
    before: str
    quote: str
    after: str
    cut_before: bool  # the paragraph goes on before `before`
    cut_after: bool


def context_around(text: str, start: int, end: int, *, limit: int = 600) -> Context:
    """The paragraph around a quote: from the line break before it to the one after it,
    at most `limit` characters on each side (cut at a space)."""
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before_start = line_start
    cut_before = False
    if start - line_start > limit:
        before_start = start - limit
        space = text.find(" ", before_start, start)
        before_start = space + 1 if space >= 0 else before_start
        cut_before = True
    after_end = line_end
    cut_after = False
    if line_end - end > limit:
        after_end = end + limit
        space = text.rfind(" ", end, after_end)
        after_end = space if space > end else after_end
        cut_after = True
    return Context(
        before=text[before_start:start],
        quote=text[start:end],
        after=text[end:after_end],
        cut_before=cut_before,
        cut_after=cut_after,
    )
