"""The intake review screen, in the admin: a page pasted, uploaded or fetched; what intake
proposes shown over the text; the editor accepts, edits, rejects or adds; nothing is written
until then, and then through the editor service (`claims.editing.intake`). Verification
follows on commit; the progress page shows it."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from claims import constants as c
from claims.editing.intake import accept_intake
from claims.intake.candidates import substances, wording
from claims.intake.capture import (
    Captured,
    CaptureError,
    capture_bytes,
    capture_text,
    fetch,
)
from claims.models import SourceArticle
from claims.selectors import intake_proposal
from claims.texts import content_hash

TEMPLATE = "admin/claims/sourcearticle/intake.html"
_DIGEST = re.compile(r"[0-9a-f]{64}")


class CaptureForm(forms.Form):
    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        help_text="The page's text, pasted as it is.",
    )  # fmt: skip
    file = forms.FileField(required=False, help_text="Or a .txt, .md or .html file.")
    url = forms.URLField(required=False, assume_scheme="https", help_text="Where it was published.")
    fetch = forms.BooleanField(required=False, help_text="Fetch the page at this address.")
    title = forms.CharField(required=False, max_length=400)
    publisher = forms.CharField(required=False, max_length=200)
    author = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        given = [n for n in ("text", "file") if data.get(n)] + (["fetch"] * bool(data.get("fetch")))
        if len(given) != 1:
            raise ValidationError(
                "Give the page one way: paste its text, upload a file, or fetch its address."
            )
        if data.get("fetch") and not data.get("url"):
            self.add_error("url", "Give the address to fetch.")
        return data


def _capture(data) -> Captured:
    if data.get("text"):
        return capture_text(data["text"], url=data.get("url") or "")
    if data.get("file"):
        upload = data["file"]
        return capture_bytes(
            upload.read(), filename=upload.name, content_type=upload.content_type or "",
            url=data.get("url") or "",
        )  # fmt: skip
    return fetch(data["url"], allowed_hosts=settings.INTAKE_FETCH_ALLOWED_HOSTS)


def _segments(text: str, proposal: dict) -> list[dict]:
    """The text cut where proposals begin and end, for highlighting: candidates, list
    entries and in-text citations (the first that starts wins where they overlap)."""
    spans = [(cl["start"], cl["end"], "claim", i) for i, cl in enumerate(proposal["claims"])]
    spans += [
        (ci["start"], ci["end"], "citation", ci["key"])
        for ci in proposal["citations"]
        if not any(s < ci["end"] and ci["start"] < e for s, e, _k, _i in spans)
    ]
    spans.sort()
    segments, at = [], 0
    for start, end, kind, ident in spans:
        if start < at:
            continue
        if start > at:
            segments.append({"text": text[at:start]})
        segments.append({"text": text[start:end], "kind": kind, "id": ident})
        at = end
    if at < len(text):
        segments.append({"text": text[at:]})
    return segments


def _context(model_admin, request, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Take in a page",
        "claim_types": c.CLAIM_TYPES,
        **extra,
    }


def _review(model_admin, request, captured: Captured, details: dict, error: str = ""):
    proposal = intake_proposal(captured=captured)
    return TemplateResponse(
        request,
        TEMPLATE,
        _context(
            model_admin, request, step="review", captured=captured, details=details,
            proposal=proposal, segments=_segments(captured.text, proposal), error=error,
            confident_claims=sum(1 for cl in proposal["claims"] if cl["confident"]),
        ),
    )  # fmt: skip


def intake_view(model_admin):
    def view(request):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and request.POST.get("step") == "accept":
            return _accept(model_admin, request)
        form = CaptureForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                captured = _capture(form.cleaned_data)
            except CaptureError as problem:
                form.add_error(None, str(problem))
            else:
                details = {
                    k: form.cleaned_data.get(k) or ""
                    for k in ("title", "publisher", "author", "url")
                }
                return _review(model_admin, request, captured, details)
        return TemplateResponse(
            request, TEMPLATE, _context(model_admin, request, step="capture", form=form)
        )

    return view


def _captured_from(post) -> Captured:
    # A browser sends a textarea's line ends as CRLF; the captured text has LF only.
    text = post.get("captured_text", "").replace("\r\n", "\n")
    return Captured(
        text=text,
        text_hash=content_hash(text),
        # Posted back by the browser: kept only when it is a digest, as the model requires.
        source_hash=post.get("source_hash", "")
        if _DIGEST.fullmatch(post.get("source_hash", ""))
        else "",
        kind=post.get("kind", "text"),
        title=post.get("captured_title", ""),
        publisher=post.get("captured_publisher", ""),
        author=post.get("captured_author", ""),
        published=post.get("captured_published", ""),
        url=post.get("captured_url", ""),
    )


def _span(post, prefix: str, length: int) -> tuple[int, int] | None:
    try:
        start, end = int(post.get(f"{prefix}start", "")), int(post.get(f"{prefix}end", ""))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None


def _keys_in(proposal: dict, start: int, end: int) -> list[str]:
    """Citations a span an editor selected leans on: those of the proposed sentences it
    overlaps (a claim narrowed to part of a sentence still leans on the sentence's marker),
    and those whose markers stand inside it."""
    by_marker = {r["marker"]: f"r{n}" for n, r in enumerate(proposal["references"], start=1)}
    keys = [
        key
        for claim in proposal["claims"]
        if claim["start"] < end and start < claim["end"]
        for key in claim["citation_keys"]
    ]
    keys += [
        by_marker[m["reference"]]
        for m in proposal["markers"]
        if m["reference"] and start <= m["start"] < end and m["reference"] in by_marker
    ]
    return list(dict.fromkeys(keys))


def chosen(post, proposal: dict, text: str) -> tuple[list[dict], list[dict]]:
    """The proposals the editor accepted, as the form posts them: everything confident with
    "Accept all confident", else the ticked rows with their edits and the added claims."""
    all_confident = "accept_confident" in post
    citations = []
    for citation in proposal["citations"]:
        key = citation["key"]
        if not all_confident and not post.get(f"citation-{key}-accept"):
            continue
        suggestion = citation.get("suggestion") or {}
        suggested = (suggestion.get("study") or {}).get("id")
        match = post.get(f"citation-{key}-match", "suggested" if citation["confident"] else "none")
        study_id = None
        if match == "suggested" and suggested and (citation["confident"] or not all_confident):
            study_id = suggested
        elif match == "other":
            try:
                study_id = int(post.get(f"citation-{key}-study", ""))
            except ValueError:
                raise ValidationError(f"Give the id of the study for citation {key}.") from None
        citations.append({**citation, "study_id": study_id})
    accepted = {ci["key"] for ci in citations}
    claims = []
    for i, claim in enumerate(proposal["claims"]):
        if all_confident:
            if not claim["confident"]:
                continue
        elif not post.get(f"claim-{i}-accept"):
            continue
        edited = _span(post, f"claim-{i}-", len(text))
        if edited and edited != (claim["start"], claim["end"]):
            claim = {**claim, "start": edited[0], "end": edited[1],
                     "quote": text[edited[0] : edited[1]],
                     "citation_keys": _keys_in(proposal, *edited)}  # fmt: skip
        claim_type = post.get(f"claim-{i}-type", claim["claim_type"])
        if claim_type in dict(c.CLAIM_TYPES):
            claim = {**claim, "claim_type": claim_type}
        claims.append(
            {**claim, "citation_keys": [k for k in claim["citation_keys"] if k in accepted]}
        )
    for n in range(int(post.get("added", "0") or 0)):
        span = _span(post, f"added-{n}-", len(text))
        if span is None:
            continue
        quote = text[span[0] : span[1]]
        claim_type = post.get(f"added-{n}-type", "efficacy")
        claims.append({
            "quote": quote, "start": span[0], "end": span[1],
            "claim_type": claim_type if claim_type in dict(c.CLAIM_TYPES) else "efficacy",
            "wording": wording(quote), "substances": list(substances(quote)),
            "citation_keys": [k for k in _keys_in(proposal, *span) if k in accepted],
        })  # fmt: skip
    return citations, claims


def _accept(model_admin, request):
    captured = _captured_from(request.POST)
    details = {k: request.POST.get(k, "") for k in ("title", "publisher", "author", "url")}
    proposal = intake_proposal(captured=captured)
    try:
        citations, claims = chosen(request.POST, proposal, captured.text)
        article = accept_intake(
            user=request.user, captured=captured, citations=citations, claims=claims, **details
        )
    except ValidationError as problem:
        return _review(model_admin, request, captured, details, error="; ".join(problem.messages))
    return redirect(reverse("admin:claims_sourcearticle_intake_progress", args=[article.pk]))


def progress_view(model_admin):
    def view(request, article_id: int):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(SourceArticle, pk=article_id)
        citations = article.citations.count()
        checked = article.citations.exclude(status="unchecked").count()
        claims = article.claims.count()
        assessed = article.claims.exclude(computed_at=None).count()
        done = checked == citations and assessed == claims
        return TemplateResponse(
            request,
            TEMPLATE,
            _context(
                model_admin, request, step="progress", article=article, done=done,
                citations=citations, checked=checked, claims=claims, assessed=assessed,
                title=f"Taken in: {article.title}",
            ),
        )  # fmt: skip

    return view
