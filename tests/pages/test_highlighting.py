"""The highlighted article text and the ClaimReview block, from plain data (no database)."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from claims.claimreview import RATING_VALUES, claim_review, script_json
from claims.pages.highlighting import MarkInfo, Span, context_around, highlight, nest, resolve_spans


@dataclass
class FakeClaim:
    id: int
    start: int
    end: int
    verdict: str = "supported"


def info(claim):
    return MarkInfo(url=f"/claims/{claim.id}/", verdict=claim.verdict, verdict_label="Supported", number=claim.id)


class Structure(HTMLParser):
    """Counts marks and links, checks that tags nest properly, and keeps the text outside
    the verdict tags."""

    def __init__(self):
        super().__init__()
        self.stack, self.marks, self.links, self.text, self.errors = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self.marks.append(attrs)
        if tag == "a":
            if any(t == "a" for t, _ in self.stack):
                self.errors.append("nested link")
            self.links.append(attrs["href"])
        self.stack.append((tag, "claim-tag" in (attrs.get("class") or "")))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"bad close {tag} in {self.stack}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if not any(is_tag for _, is_tag in self.stack):
            self.text.append(data)


def parse(html):
    parser = Structure()
    parser.feed(str(html))
    parser.close()
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
    return parser


def test_each_claim_gets_one_mark_and_one_link_and_the_text_survives():
    text = "Ketamine cures addiction. It is safe. Nothing else."
    claims = [FakeClaim(1, 0, 25), FakeClaim(2, 26, 37, "unsupported")]
    parsed = parse(highlight(text, claims, info))
    assert [m["data-claim"] for m in parsed.marks] == ["1", "2"]
    assert [m["class"] for m in parsed.marks] == ["claim verdict-supported", "claim verdict-unsupported"]
    assert parsed.links == ["/claims/1/", "/claims/2/"]
    # The visible text (without the verdict tags) is the article's text, unchanged.
    assert "".join(parsed.text) == text


def test_text_is_escaped_piece_by_piece():
    text = 'Before <script>alert("x")</script> & <b>claim</b> after'
    start = text.index("<b>")
    html = str(highlight(text, [FakeClaim(1, start, start + len("<b>claim</b>"))], info))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in html
    assert "&lt;b&gt;claim&lt;/b&gt;" in html


def test_nested_claims_nest_their_marks_without_nesting_links():
    text = "Ketamine, a drug, reduced drinking in a trial."
    outer, inner = FakeClaim(1, 0, len(text)), FakeClaim(2, 10, 16)
    parsed = parse(highlight(text, [inner, outer], info))
    assert sorted(m["data-claim"] for m in parsed.marks) == ["1", "2"]
    assert sorted(parsed.links) == ["/claims/1/", "/claims/2/"]
    assert "".join(parsed.text) == text


def test_crossing_claims_are_trimmed_to_nest():
    # "AAAA" 0-10 and "BBBB" 5-15 cross; the later one keeps 10-15.
    spans = resolve_spans([(1, 0, 10), (2, 5, 15)], 20)
    assert spans == [Span(1, 0, 10), Span(2, 10, 15, trimmed=True)]
    text = "0123456789abcdefghij"
    parsed = parse(highlight(text, [FakeClaim(1, 0, 10), FakeClaim(2, 5, 15)], info))
    assert len(parsed.marks) == 2 and "".join(parsed.text) == text


def test_identical_and_adjacent_spans_are_safe():
    text = "One claim.Two claim."
    claims = [FakeClaim(1, 0, 10), FakeClaim(2, 0, 10), FakeClaim(3, 10, 20)]
    parsed = parse(highlight(text, claims, info))
    assert len(parsed.marks) == 3 and len(parsed.links) == 3
    assert "".join(parsed.text) == text


def test_a_span_past_the_end_is_clamped_not_an_error():
    spans = resolve_spans([(1, 5, 500), (2, -3, 2)], 10)
    assert spans == [Span(2, 0, 2), Span(1, 5, 10)]


def test_a_chain_of_crossing_claims_is_trimmed_in_reading_order():
    spans = resolve_spans([(1, 0, 10), (3, 12, 20), (2, 5, 15)], 20)
    assert spans == [Span(1, 0, 10), Span(2, 10, 15, trimmed=True), Span(3, 15, 20, trimmed=True)]


def test_an_empty_span_keeps_its_mark_and_link():
    text = "Short text."
    parsed = parse(highlight(text, [FakeClaim(1, 50, 60), FakeClaim(2, 0, 5)], info))
    assert len(parsed.marks) == 2 and parsed.links == ["/claims/2/", "/claims/1/"]
    assert "".join(parsed.text) == text


def test_nest_builds_a_forest():
    roots = nest([Span(1, 0, 10), Span(2, 2, 4), Span(3, 5, 6), Span(4, 12, 14)])
    assert [r.span.key for r in roots] == [1, 4]
    assert [c.span.key for c in roots[0].children] == [2, 3]


def test_context_is_the_paragraph_around_the_quote():
    text = "Title\n\nFirst sentence. The claim is here. Last sentence.\n\nNext paragraph."
    start = text.index("The claim")
    ctx = context_around(text, start, start + len("The claim is here."))
    assert (ctx.before, ctx.quote, ctx.after) == ("First sentence. ", "The claim is here.", " Last sentence.")
    assert not ctx.cut_before and not ctx.cut_after


def test_context_of_a_long_paragraph_is_cut_at_a_space():
    text = "word " * 400 + "QUOTE" + " word" * 400
    start = text.index("QUOTE")
    ctx = context_around(text, start, start + 5, limit=50)
    assert ctx.cut_before and ctx.cut_after
    assert len(ctx.before) <= 50 and ctx.before.startswith("word")
    assert len(ctx.after) <= 50 and ctx.after.endswith("word")


# --- ClaimReview -------------------------------------------------------------------------


def review(**overrides):
    values = {
        "url": "https://evidence.example.org/claims/1/",
        "quote": "Ketamine cures addiction.",
        "rating": "misleading",
        "rating_label": "Misleading",
        "rationale": "One small trial.",
        "reviewed_on": datetime(2026, 3, 1, 12, tzinfo=UTC),
        "article_title": "Ketamine and addiction",
        "article_url": "https://example.org/a",
        "article_publisher": "Health Site",
    }
    values.update(overrides)
    return claim_review(**values)


def test_claim_review_has_the_schema_org_fields():
    data = review()
    assert data["@type"] == "ClaimReview" and data["@context"] == "https://schema.org"
    assert data["claimReviewed"] == "Ketamine cures addiction."
    assert data["author"] == {"@type": "Organization", "name": "Ketamine Evidence"}
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["appearance"]["url"] == "https://example.org/a"
    assert data["reviewRating"]["alternateName"] == "Misleading"
    assert data["reviewRating"]["ratingValue"] == 2
    assert data["datePublished"] == "2026-03-01"


def test_unknown_article_facts_are_left_out_not_invented():
    appearance = review(article_url="", article_publisher="", article_author="")["itemReviewed"]["appearance"]
    assert set(appearance) == {"@type", "headline"}
    appearance = review(article_published_on=date(2024, 5, 2))["itemReviewed"]["appearance"]
    assert appearance["datePublished"] == "2024-05-02"


def test_ratings_run_from_inaccurate_to_accurate():
    assert RATING_VALUES["inaccurate"] == 1 and RATING_VALUES["accurate"] == 5
    assert all(1 <= v <= 5 for v in RATING_VALUES.values())
    assert review(rating="not_assessed") is None


def test_script_json_cannot_close_its_script_tag():
    text = str(script_json({"claimReviewed": "</script><script>alert(1)</script> & \u2028"}))
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["claimReviewed"].startswith("</script>")
    assert not re.search(r"[\u2028\u2029]", text)
