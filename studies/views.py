"""Public pages of the literature: the list of studies, and the helpers that present a study's
record (its detail page lives in `claims.views`, because it also shows the claims that cite
the study and `studies` must not depend on `claims`)."""

from django import forms
from django.shortcuts import render

from ketamine_evidence.pages import (
    BadQuery,
    PageField,
    bad_request,
    clean_filters,
    paginate,
    safe_url,
)

from . import constants as c
from . import selectors
from .models import Study

PER_PAGE = 50

NOT_CONFIRMED = None  # a fact the record does not confirm; templates print "not confirmed"


def _choices(empty_label, choices):
    return [("", empty_label), *choices]


class StudyFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Title, author, journal, DOI or PMID")
    design = forms.ChoiceField(
        required=False,
        choices=_choices("Any design", c.DESIGN_CODES),
        label="Design",
        error_messages={"invalid_choice": "There is no design “%(value)s”."},
    )
    substance = forms.ChoiceField(
        required=False,
        choices=_choices("Any substance", c.SUBSTANCES),
        label="Substance",
        error_messages={"invalid_choice": "There is no substance “%(value)s”."},
    )
    year = forms.IntegerField(
        required=False,
        min_value=c.MIN_YEAR,
        max_value=c.MAX_YEAR,
        label="Year",
        error_messages={"invalid": "Give a year as four digits, e.g. 2019."},
    )
    source_kind = forms.ChoiceField(
        required=False,
        choices=_choices("Any kind of source", c.SOURCE_KINDS),
        label="Kind of source",
        error_messages={"invalid_choice": "There is no kind of source “%(value)s”."},
    )
    page = PageField()


def study_list(request):
    try:
        form, filters = clean_filters(StudyFilterForm, request)
    except BadQuery as e:
        return bad_request(request, str(e))
    page_number = filters.pop("page")
    studies = selectors.filter_studies(**filters)
    page = paginate(studies, page=page_number, per_page=PER_PAGE)
    active = {k: v for k, v in filters.items() if v not in (None, "")}
    return render(
        request,
        "studies/study_list.html",
        {"form": form, "page": page, "studies": page.object_list, "filtered": bool(active)},
    )


def _text(value):
    value = (value or "").strip()
    return value or NOT_CONFIRMED


def sample_size(study: Study):
    """N in words: the number when the record states it plainly, else its own words."""
    parts = []
    if study.n is not None:
        parts.append(f"{study.n:,} participants")
    if study.n_studies is not None:
        parts.append(f"{study.n_studies:,} studies included")
    if study.sample_size_text and study.sample_size_text != str(study.n):
        parts.append(f"record: “{study.sample_size_text}”")
    return "; ".join(parts) or NOT_CONFIRMED


def route(study: Study):
    coded = study.get_route_code_display() if study.route_code else ""
    worded = (study.route or "").strip()
    # "Intravenous (IV)" says all that "IV" does; the record's words are added when they say more.
    if coded and worded and worded.lower() not in coded.lower():
        return f"{coded} (record: “{worded}”)"
    return coded or worded or NOT_CONFIRMED


def design(study: Study):
    if study.design_code == "unknown":
        return _text(study.design)
    return study.get_design_code_display()


def appraisal_rows(study: Study, *, full: bool = True) -> list[tuple[str, str | None]]:
    """(label, value) pairs of a study's appraisal; a value of None reads "not confirmed".

    `full=False` gives the short version used in a claim's evidence chain.
    """
    rows = [
        ("Design", design(study)),
        ("Participants (N)", sample_size(study)),
        ("Route", route(study)),
        ("Dose", _text(study.dose)),
        ("Comparator", _text(study.comparator)),
        ("Follow-up", _text(study.follow_up)),
    ]
    if full:
        rows[1:1] = [("Design as described", _text(study.design))]
        rows += [
            ("Population", _text(study.population)),
            ("Intervention", _text(study.intervention)),
            ("Arms", _text(study.arms)),
            ("Duration", _text(study.duration)),
        ]
    rows.append(("Key outcomes", _text(study.outcomes_summary)))
    return rows


def yes_no_unknown(value):
    return {True: "Yes", False: "No"}.get(value, NOT_CONFIRMED)


def author_names(study: Study) -> list[str]:
    """Authors as 'Family G.' (or the literal name), in order."""
    names = []
    for author in study.authors or []:
        if not isinstance(author, dict):
            continue
        if author.get("literal"):
            names.append(author["literal"])
        elif author.get("family"):
            given = author.get("given") or ""
            names.append(f"{author['family']} {given}".strip())
    return names


def identifier_links(study: Study) -> list[tuple[str, str, str]]:
    """(label, value, url) for each identifier the record has."""
    links = []
    if study.doi:
        links.append(("DOI", study.doi, f"https://doi.org/{study.doi}"))
    if study.pmid:
        links.append(("PMID", study.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"))
    if study.pmcid:
        links.append(
            ("PMCID", study.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study.pmcid}/")
        )
    if safe_url(study.url):
        links.append(("Web page", study.url, safe_url(study.url)))
    return links


def source_links(study: Study) -> list[str]:
    """The public pages the record was confirmed against, web addresses only."""
    return [u for u in (safe_url(x) for x in study.confirmed_from or [] if isinstance(x, str)) if u]
