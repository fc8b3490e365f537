"""Model factories shared by the whole suite: plain functions with sensible defaults.

Each `make_*` saves one row through the model's own `save()` (so history and the claim's span
check run as in the app) and takes any model field as a keyword to override a default.
Related rows the caller does not pass are made on the fly, so `make_link()` alone builds a
whole chain: article, claim, citation, link. Keys and titles carry a counter so that rows
made in one test never collide on a unique constraint.
"""

import hashlib
import itertools
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from studies.library.editing import refresh_findings
from studies.models import Outcome, Study, Substance

_counter = itertools.count(1)

DEFAULT_TEXT = (
    "Ketamine significantly reduced cocaine use in a randomised trial [1]. "
    "Studies show it is safe for most people. "
    "A single infusion helped people with alcohol use disorder drink less [2]."
)
DEFAULT_QUOTE = "Ketamine significantly reduced cocaine use in a randomised trial [1]."


def _next():
    return next(_counter)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def substance(code):
    """The Substance row for a code (rows are created by a migration)."""
    return Substance.objects.get(code=code)


def make_user(username=None, *, editor=False, password="pw-test-123", **fields):
    """A user; with editor=True, a member of the `editors` group created by migration."""
    user = get_user_model().objects.create_user(
        username or f"user{_next()}", password=password, **fields
    )
    if editor:
        user.groups.add(Group.objects.get(name="editors"))
    return user


def make_study(*, substances=(), **fields):
    n = _next()
    values = {
        "title": f"Ketamine for alcohol use disorder: trial {n}",
        "authors": [{"family": "Dakwar", "given": "E."}, {"family": "Levin", "given": "F."}],
        "container_title": "American Journal of Psychiatry",
        "year": 2019,
        "design_code": "randomized_controlled_trial",
        "about_ketamine": True,
        "about_substance_use": True,
    }
    values.update(fields)
    study = Study.objects.create(**values)
    if substances:
        study.substances.set([substance(code) for code in substances])
    return study


def make_outcome(study=None, **fields):
    values = {
        "study": study or make_study(),
        "measure": "Abstinence",
        "time_point": "week 5",
        "effect_measure": "OR",
        "estimate": 2.5,
        "ci_low": 1.2,
        "ci_high": 5.0,
        "direction": "favours_intervention",
        "primary": True,
    }
    values.update(fields)
    outcome = Outcome.objects.create(**values)
    # As the services that write outcomes do: the study's stored finding follows them.
    refresh_findings([outcome.study_id])
    return outcome


def make_article(**fields):
    n = _next()
    values = {
        "key": f"article-{n}",
        "title": f"Can ketamine treat addiction? ({n})",
        "publisher": "Health Site",
        "url": f"https://example.org/ketamine-{n}",
        "captured_text": DEFAULT_TEXT,
        "captured_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    values.update(fields)
    values.setdefault("content_hash", sha256(values["captured_text"]))
    return SourceArticle.objects.create(**values)


def make_claim(article=None, *, quote=None, substances=(), **fields):
    """A claim whose span is computed from its quote's first place in the article's text.

    With no article, one is made whose text is the quote (or the default text).
    """
    if article is None:
        article = make_article(captured_text=quote) if quote else make_article()
    quote = quote or DEFAULT_QUOTE
    start = article.captured_text.find(quote)
    if start < 0:
        raise ValueError(f"quote {quote!r} is not in the text of article {article.key!r}")
    values = {
        "article": article,
        "key": f"claim-{_next()}",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "claim_type": "efficacy",
        "wording": "categorical",
    }
    values.update(fields)
    claim = Claim.objects.create(**values)
    if substances:
        claim.substances.set([substance(code) for code in substances])
    return claim


def make_citation(article=None, **fields):
    n = _next()
    values = {
        "article": article or make_article(),
        "key": f"ref-{n}",
        "marker": "[1]",
        "raw_text": (
            "Dakwar E, Levin F, Hart CL, et al. A single ketamine infusion combined with "
            "motivational enhancement therapy for alcohol use disorder. Am J Psychiatry. 2019."
        ),
        "location": "reference_list",
        "position": n,
    }
    values.update(fields)
    return Citation.objects.create(**values)


def make_link(claim=None, citation=None, **fields):
    """A claim-citation link; claim and citation share an article, as the model requires."""
    if claim is None:
        claim = make_claim(citation.article if citation else None)
    if citation is None:
        citation = make_citation(claim.article)
    values = {"claim": claim, "citation": citation, "reliance": "marker"}
    values.update(fields)
    return ClaimCitation.objects.create(**values)


def make_flag(claim=None, citation=None, **fields):
    """A flag on a claim, or on a citation when one is given (a flag has exactly one target)."""
    if claim is None and citation is None:
        claim = make_claim()
    values = {
        "claim": claim,
        "citation": citation,
        "code": "no_citation" if claim is not None else "citation_not_found",
        "severity": "warning",
        "message": "The claim gives no citation.",
        "evidence": {},
        "evidence_hash": "0" * 64,
        "rule": "test_rule",
    }
    values.update(fields)
    return Flag.objects.create(**values)


def uploaded(name: str, data: bytes):
    """A file as a form upload carries it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
