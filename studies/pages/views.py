"""Public pages of the literature: the list of studies, and the helpers that present a study's
record (its detail page lives in `claims.pages.views`, because it also shows the claims that cite
the study and `studies` must not depend on `claims`)."""

from django import forms
from django.shortcuts import render

from core.pages import (
    BadQuery,
    PageField,
    bad_request,
    choice_filter,
    clean_filters,
    paginate,
    read_only_page,
)
from studies import constants as c
from studies import selectors

PER_PAGE = 50




class StudyFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Title, author, journal, DOI or PMID")
    design = choice_filter(
        label="Design", choices=c.DESIGN_CODES, any_label="Any design", what="design"
    )
    substance = choice_filter(
        label="Substance", choices=c.SUBSTANCES, any_label="Any substance", what="substance"
    )
    year = forms.IntegerField(
        required=False,
        min_value=c.MIN_YEAR,
        max_value=c.MAX_YEAR,
        label="Year",
        error_messages={"invalid": "Give a year as four digits, e.g. 2019."},
    )
    source_kind = choice_filter(
        label="Kind of source", choices=c.SOURCE_KINDS, any_label="Any kind of source", what="kind of source"
    )
    page = PageField()


@read_only_page
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
