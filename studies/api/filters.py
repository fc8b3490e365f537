"""Filters for the literature, on the fields the study pages filter by.

Enumerated fields take one or more values (`?design_code=a&design_code=b` means either); an
unknown value is a 400 naming it, never an empty list that looks like an answer.
"""

import django_filters as filters

from core.api import BooleanFilter, ChoicesListedFilterSet, IdFilter, WholeNumberFilter
from studies import constants as c
from studies.models import Outcome, Study
from studies.references.identifiers import normalise_doi


class StudyFilter(ChoicesListedFilterSet):
    design_code = filters.MultipleChoiceFilter(choices=c.DESIGN_CODES, distinct=False)
    substance = filters.MultipleChoiceFilter(
        field_name="substances__code", choices=c.SUBSTANCES, label="Substance of use (code)"
    )
    # The years a study may have, as the study list page's filter takes them.
    year = WholeNumberFilter(min_value=c.MIN_YEAR, max_value=c.MAX_YEAR)
    year_min = WholeNumberFilter(
        field_name="year", lookup_expr="gte", label="Year from", min_value=c.MIN_YEAR, max_value=c.MAX_YEAR
    )
    year_max = WholeNumberFilter(
        field_name="year", lookup_expr="lte", label="Year to", min_value=c.MIN_YEAR, max_value=c.MAX_YEAR
    )
    source_kind = filters.MultipleChoiceFilter(choices=c.SOURCE_KINDS, distinct=False)
    route_code = filters.MultipleChoiceFilter(choices=c.ROUTES, distinct=False)
    has_doi = BooleanFilter(method="filter_has_doi", label="Has a DOI")
    about_ketamine = BooleanFilter()
    about_substance_use = BooleanFilter()
    doi = filters.CharFilter(method="filter_doi", label="DOI, in any usual form")
    pmid = filters.CharFilter()
    key = filters.CharFilter()

    class Meta:
        model = Study
        fields = []

    def filter_has_doi(self, queryset, name, value):
        return queryset.exclude(doi="") if value else queryset.filter(doi="")

    def filter_doi(self, queryset, name, value):
        # "https://doi.org/10.1176/APPI..." finds the study stored as "10.1176/appi...".
        return queryset.filter(doi=normalise_doi(value) or value.strip().lower())


class OutcomeFilter(ChoicesListedFilterSet):
    study = IdFilter(field_name="study_id")
    effect_measure = filters.MultipleChoiceFilter(choices=c.EFFECT_MEASURES, distinct=False)
    direction = filters.MultipleChoiceFilter(choices=c.DIRECTIONS, distinct=False)
    primary = BooleanFilter()

    class Meta:
        model = Outcome
        fields = []

