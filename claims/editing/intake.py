"""Intake: the proposals an editor accepted, written as one article with its citations,
claims and links, through the editor services, in one transaction. Verification follows on
commit, once for the whole article."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from claims.editing.articles import create_article
from claims.editing.citations import create_citation
from claims.editing.claims import create_claim
from claims.editing.links import create_link
from claims.models import SourceArticle
from claims.verification.dispatch import batched


def _free_key(model_keys, base: str) -> str:
    key, n = base, 2
    while key in model_keys:
        key = f"{base}-{n}"
        n += 1
    return key


def _article_key(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "article"
    taken = set(SourceArticle.objects.filter(key__startswith=base).values_list("key", flat=True))
    return _free_key(taken, base)


def _date(value: str):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None  # a date the page shows in a form we do not read stays unknown


# What a page's taker may give besides its text.
METADATA = ("title", "publisher", "author", "url")


def details_not_applied(article: SourceArticle, given: dict) -> dict:
    """The details `given` (title, publisher, author, url) that differ from the article's:
    an article taken in before is added to, never renamed, and whoever gave them is told
    which were left unapplied rather than have them dropped without a word."""
    return {
        name: given[name]
        for name in METADATA
        if given.get(name) and given[name] != getattr(article, name)
    }


def not_applied_sentence(names: list[str]) -> str:
    """What the API, the admin and the command tell whoever gave details a page taken in
    before did not take: "The title and author given were not applied: edit the article to
    change them." `names` as each entry point calls them ("title", "--title")."""
    *others, last = names
    listed = f"{', '.join(others)} and {last}" if others else last
    return (
        f"The {listed} given {'were' if others else 'was'} not applied: edit the article to "
        f"change {'them' if others else 'it'}."
    )


def accept_intake(
    *,
    user,
    captured,
    citations: list[dict],
    claims: list[dict],
    saved_citations: dict | None = None,
    saved_claims: list[dict] | None = None,
    title: str = "",
    publisher: str = "",
    author: str = "",
    url: str = "",
    note: str = "",
) -> SourceArticle:
    """Save what the editor accepted. `captured` is the capture (`Captured`); `citations`
    are proposals ({"key", "location", "marker", "raw", "study_id"?}) and `claims` too
    ({"quote", "start", "claim_type", "wording", "substances", "citation_keys"}). An article
    with this very text is added to, not duplicated; a citation it already holds (same
    written text, or named in `saved_citations`, key -> id) is reused. A claim leaning on a
    key that is neither accepted nor held is refused. A citation added now is linked to the
    claims saved before that lean on it (`saved_claims`: {"claim_id", "citation_keys"}), as
    if claims and citations had been accepted together."""
    reason = note or "accepted from intake"
    with transaction.atomic(), batched():
        article = SourceArticle.objects.filter(content_hash=captured.text_hash).first()
        if article is None:
            article = create_article(
                user=user,
                note=reason,
                key=_article_key(title or captured.title),
                title=(title or captured.title or "Untitled page")[:400],
                captured_text=captured.text,
                publisher=(publisher or captured.publisher)[:200],
                author=(author or captured.author)[:200],
                url=url or captured.url,
                published_on=_date(captured.published),
                source_hash=captured.source_hash,
            )
        held = list(article.citations.values_list("id", "key", "raw_text"))
        keys = {key for _id, key, _raw in held}
        by_raw = {raw: pk for pk, _key, raw in held}
        # Citations the article already holds, by the proposal's key; a proposed citation
        # whose text it already holds is that one, not a second copy.
        by_key = {key: pk for key, pk in (saved_citations or {}).items() if pk in by_raw.values()}
        position = len(held)
        added = set()  # the keys of the citations added now
        for proposal in citations:
            if proposal["raw"] in by_raw:
                by_key[proposal["key"]] = by_raw[proposal["raw"]]
                continue
            position += 1
            key = _free_key(keys, proposal["key"])
            keys.add(key)
            added.add(proposal["key"])
            by_key[proposal["key"]] = create_citation(
                user=user,
                note=reason,
                article_id=article.pk,
                key=key,
                raw_text=proposal["raw"],
                location=proposal["location"],
                marker=proposal.get("marker", ""),
                position=position,
                editor_study_id=proposal.get("study_id"),
            ).pk
        claim_keys = set(article.claims.values_list("key", flat=True))
        number = len(claim_keys)
        for proposal in claims:
            missing = [k for k in proposal.get("citation_keys", []) if k not in by_key]
            if missing:
                raise ValidationError(
                    {"claims": f"The claim {proposal['quote'][:60]!r} leans on citation(s) "
                     f"{', '.join(missing)}, which are not accepted."}
                )  # fmt: skip
            number += 1
            key = _free_key(claim_keys, f"c{number:02d}")
            claim_keys.add(key)
            claim = create_claim(
                user=user,
                note=reason,
                article_id=article.pk,
                key=key,
                quote=proposal["quote"],
                start=proposal["start"],
                claim_type=proposal["claim_type"],
                wording=proposal["wording"],
                substances=proposal.get("substances", ()),
            )
            for citation_key in dict.fromkeys(proposal.get("citation_keys", [])):
                create_link(
                    user=user,
                    note=reason,
                    claim_id=claim.pk,
                    citation_id=by_key[citation_key],
                    reliance="marker",
                )
        # Only to citations added now: a link an editor removed from a saved claim stays removed.
        held_claims = set(article.claims.values_list("pk", flat=True))
        for saved in saved_claims or ():
            if saved["claim_id"] not in held_claims:
                continue
            for citation_key in dict.fromkeys(saved["citation_keys"]):
                if citation_key in added:
                    create_link(
                        user=user,
                        note=reason,
                        claim_id=saved["claim_id"],
                        citation_id=by_key[citation_key],
                        reliance="marker",
                    )
    return article
