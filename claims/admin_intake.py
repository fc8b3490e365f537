"""The intake review screen, in the admin: a page pasted, uploaded or fetched; what intake
proposes shown over the text; the editor accepts, edits, rejects or adds; nothing is written
until then, and then through the editor service (`claims.editing.intake`). Verification
follows on commit; the progress page shows it."""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from claims import constants as c
from claims.editing.intake import accept_intake, details_not_applied, not_applied_sentence
from claims.intake.capture import Captured, CaptureError, capture_page, check_size
from claims.intake.selection import SelectionError, select
from claims.models import SourceArticle
from claims.selectors import intake_proposal
from claims.texts import content_hash, normalise_newlines

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


def _limit(name: str) -> int:
    return SourceArticle._meta.get_field(name).max_length


class DetailsForm(forms.Form):
    """The article's details as the review screen posts them back: refused past the limits
    the article keeps, never cut short without a word."""

    title = forms.CharField(required=False, max_length=_limit("title"))
    publisher = forms.CharField(required=False, max_length=_limit("publisher"))
    author = forms.CharField(required=False, max_length=_limit("author"))
    url = forms.URLField(required=False, max_length=_limit("url"), assume_scheme="https")


def _capture(data) -> Captured:
    upload = data.get("file")
    if upload:
        check_size(upload.size)  # before the upload is read
    return capture_page(
        text=data.get("text") or "",
        data=upload.read() if upload else None,
        filename=upload.name if upload else "",
        content_type=(upload.content_type or "") if upload else "",
        url=data.get("url") or "",
        fetch_page=bool(data.get("fetch")),
        allowed_hosts=settings.INTAKE_FETCH_ALLOWED_HOSTS,
    )


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


def _review(
    model_admin, request, captured: Captured, details: dict, error: str = "", details_form=None
):
    proposal = intake_proposal(captured=captured)
    return TemplateResponse(
        request,
        TEMPLATE,
        _context(
            model_admin, request, step="review", captured=captured, details=details,
            proposal=proposal, segments=_segments(captured.text, proposal), error=error,
            confident_claims=sum(1 for cl in proposal["claims"] if cl["confident"]),
            details_form=details_form,
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
    text = normalise_newlines(post.get("captured_text", ""))
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


def _number(post, name: str) -> int:
    try:
        return int(post.get(name, ""))
    except ValueError:
        raise SelectionError(f"{name} must be a whole number, not {post.get(name)!r}.") from None


_ADDED = re.compile(r"^added-(\d{1,4})-start$")


def read_choices(post, proposal: dict) -> dict:
    """The editor's choices as the review form posts them, as `select` takes them: with
    "Accept all confident", the confident claims and every citation with its confident
    match; else the ticked rows, their edited spans and types, each citation's match, and
    the claims added from a selection."""
    citations = proposal["citations"]
    suggested = {
        c["key"]: ((c.get("suggestion") or {}).get("study") or {}).get("id") for c in citations
    }
    if "accept_confident" in post:
        return {
            "claims": [i for i, claim in enumerate(proposal["claims"]) if claim["confident"]],
            "citations": None,
            "studies": {c["key"]: suggested[c["key"]] for c in citations if c["confident"]},
        }
    claims = [i for i in range(len(proposal["claims"])) if post.get(f"claim-{i}-accept")]
    edits = {
        i: (_number(post, f"claim-{i}-start"), _number(post, f"claim-{i}-end")) for i in claims
    }
    types = {i: post[f"claim-{i}-type"] for i in claims if f"claim-{i}-type" in post}
    studies = {}
    for citation in citations:
        key = citation["key"]
        match = post.get(f"citation-{key}-match", "none")
        if match == "suggested" and suggested[key]:
            studies[key] = suggested[key]
        elif match == "other":
            studies[key] = _number(post, f"citation-{key}-study")
    added = sorted(int(m.group(1)) for m in map(_ADDED.match, post) if m)
    return {
        "claims": claims,
        "citations": [c["key"] for c in citations if post.get(f"citation-{c['key']}-accept")],
        "studies": studies,
        "edits": edits,
        "types": types,
        "added": [
            (
                _number(post, f"added-{n}-start"),
                _number(post, f"added-{n}-end"),
                post.get(f"added-{n}-type", "efficacy"),
            )
            for n in added
        ],  # fmt: skip
    }


def _accept(model_admin, request):
    captured = _captured_from(request.POST)
    details = {k: request.POST.get(k, "") for k in ("title", "publisher", "author", "url")}
    details_form = DetailsForm(request.POST)
    if not details_form.is_valid():
        return _review(
            model_admin, request, captured, details, details_form=details_form,
            error="Nothing was saved: correct the details below.",
        )  # fmt: skip
    details = {k: details_form.cleaned_data[k] for k in details}
    # The proposal is made again from the text rather than read back from the form: what is
    # saved is what intake proposes, with the editor's choices, never spans a form invented.
    proposal = intake_proposal(captured=captured)
    try:
        citations, claims = select(
            proposal, text=captured.text, **read_choices(request.POST, proposal)
        )
        article = accept_intake(
            user=request.user,
            captured=captured,
            citations=citations,
            claims=claims,
            saved_citations=proposal["saved_citations"],
            saved_claims=proposal["saved_claims"],
            **details,
        )
    except SelectionError as problem:
        return _review(model_admin, request, captured, details, error=str(problem))
    except ValidationError as problem:
        return _review(model_admin, request, captured, details, error="; ".join(problem.messages))
    not_applied = details_not_applied(article, details) if proposal["article"] else {}
    if not_applied:
        # A page taken in before is added to, never renamed: say so rather than drop the
        # details the editor typed without a word.
        messages.warning(
            request,
            f"This page was taken in before, as “{article.title}”. "
            + not_applied_sentence(list(not_applied)),
        )
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
