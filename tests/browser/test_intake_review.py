"""The intake review in a real browser: an editor takes in a seed article's text, rejects,
edits and adds claims by selecting words, and saves; every click is counted."""

from pathlib import Path

import pytest
import yaml

from claims.models import ClaimCitation, SourceArticle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = CORPUS / "texts" / "000_0fab14b3dcf54131.txt"
ARTICLE = CORPUS / "articles" / "ohi-ketamine.yaml"

SELECT = """(phrase) => {
  const pane = document.getElementById("intake-text");
  const at = pane.textContent.indexOf(phrase);
  if (at < 0) throw new Error("not in the text: " + phrase);
  const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const len = node.textContent.length;
    if (!started && at < pos + len) { range.setStart(node, at - pos); started = true; }
    if (started && at + phrase.length <= pos + len) { range.setEnd(node, at + phrase.length - pos); break; }
    pos += len;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


class Clicks:
    """The page's clicks, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)


def login(page, live_server):
    from tests import factories

    factories.make_user("ed", editor=True, is_staff=True, password="a-long-password-1")
    page.goto(live_server.url + "/admin/login/?next=/admin/claims/sourcearticle/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")


def test_an_editor_reviews_a_seed_article_to_its_curated_claims_counting_clicks(
    page, live_server, reference_rows
):
    """The whole review of seed 000 against its curated claims (corpus/articles): every
    candidate that is not a curated claim is rejected, every one whose words differ is
    narrowed to the curated quote by selecting it, every curated claim not proposed is
    added by selecting it; then saved. Each of those is one click."""
    curated = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    spans = [
        (text.index(c["quote"]), text.index(c["quote"]) + len(c["quote"]))
        for c in curated["claims"]
    ]
    login(page, live_server)
    clicks = Clicks(page)
    clicks.click("text=Take in a page")
    page.fill("#id_text", text)
    page.fill("#id_title", curated["title"])
    page.fill("#id_publisher", curated["publisher"])
    clicks.click("input[name=propose]")
    # The click returns before the proposal page has loaded; on a busy machine the old page
    # would still be there to read.
    page.wait_for_selector("#intake-text")

    rows = page.locator("#claims-table tbody tr")
    proposed = rows.count()
    assert page.locator("#intake-text mark.cand").count() == proposed
    candidates = page.evaluate(
        "() => Array.from(document.querySelectorAll('#claims-table tbody tr')).map(row => ["
        "Number(row.querySelector('[name$=-start]').value), Number(row.querySelector('[name$=-end]').value)])"
    )
    used = set()
    for i, (start, end) in enumerate(candidates):
        matches = [
            n for n, (s, e) in enumerate(spans)
            if n not in used and min(end, e) - max(start, s) > 0.5 * min(end - start, e - s)
        ]  # fmt: skip
        if not matches:
            clicks.click(f"#claim-row-{i} input.claim-accept")  # reject
            assert "rejected" in page.locator(f"#cand-{i}").get_attribute("class")
            continue
        n = matches[0]
        used.add(n)
        if (start, end) != spans[n]:
            page.evaluate(SELECT, curated["claims"][n]["quote"])
            clicks.click(f"button.use-selection[data-i='{i}']")
    for n, claim in enumerate(curated["claims"]):
        if n not in used:
            page.evaluate(SELECT, claim["quote"])
            clicks.click("#add-from-selection")
    clicks.click("#accept-selected")

    page.wait_for_selector("#intake-progress")
    assert "done" in page.locator("#intake-progress").inner_text()
    article = SourceArticle.objects.get()
    saved = sorted(article.claims.values_list("start", "end"))
    assert saved == sorted(spans)
    assert article.citations.count() == 2
    assert not article.citations.filter(status="unchecked").exists()
    # The sentence citing [1] keeps its link although narrowed to the curated words.
    assert ClaimCitation.objects.filter(claim__article=article, citation__marker="[1]").exists()
    print(
        f"\nintake review of seed 000: {proposed} proposed, {len(spans)} curated claims "
        f"reached in {clicks.count} clicks"
    )
    assert clicks.count < proposed + len(spans)


def test_accept_all_confident_takes_two_clicks_after_pasting(page, live_server, reference_rows):
    login(page, live_server)
    page.goto(live_server.url + "/admin/claims/sourcearticle/intake/")
    page.fill("#id_text", SEED.read_text(encoding="utf-8"))
    page.click("input[name=propose]")
    confident = page.locator("input.claim-accept[data-confident='1']").count()
    page.click("#accept-confident")
    page.wait_for_selector("#intake-progress")
    article = SourceArticle.objects.get()
    assert article.claims.count() == confident > 0
    page.click("#article-page")
    assert page.locator("h1").inner_text().strip() == article.title
