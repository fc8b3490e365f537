"""Public pages of the literature: the list of studies, and the helpers that present a study's
record (its detail page lives in `claims.pages.views`, because it also shows the claims that cite
the study and `studies` must not depend on `claims`)."""

from django import forms
from django.shortcuts import render

from core.pages import (
    BadQuery,
    PageField,
    bad_request,
    clean_filters,
    paginate,
)
from studies import constants as c
from studies import selectors

PER_PAGE = 50



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
