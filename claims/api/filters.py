"""Filters for claims, citations, links and flags, on the fields the pages filter by.

Enumerated fields take one or more values (`?verdict=supported&verdict=overstated` means
either); an unknown value is a 400 naming it.
"""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q

from claims import constants as c
from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from core.api import BooleanFilter, ChoicesListedFilterSet, IdFilter
from studies import constants as sc


class ArticleFilter(ChoicesListedFilterSet):
    key = filters.CharFilter()
    publisher = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = SourceArticle
        fields = []


class ClaimFilter(ChoicesListedFilterSet):
    # django-filter's multiple-choice filters add DISTINCT over every column by default; a
    # filter on the claim's own column (or an EXISTS) cannot repeat a row, so only the
    # substance filter, a join, keeps it.
    article = IdFilter(field_name="article_id", label="Article id")
    article_key = filters.CharFilter(field_name="article__key", label="Article key")
    verdict = filters.MultipleChoiceFilter(choices=c.VERDICTS, distinct=False)
    accuracy = filters.MultipleChoiceFilter(choices=c.ACCURACY, distinct=False)
    sourcing = filters.MultipleChoiceFilter(choices=c.SOURCING, distinct=False)
    certainty = filters.MultipleChoiceFilter(choices=c.CERTAINTIES, distinct=False)
    claim_type = filters.MultipleChoiceFilter(choices=c.CLAIM_TYPES, distinct=False)
    wording = filters.MultipleChoiceFilter(choices=c.WORDING, distinct=False)
    substance = filters.MultipleChoiceFilter(
        field_name="substances__code", choices=sc.SUBSTANCES, label="Substance of use (code)"
    )
    flag = filters.MultipleChoiceFilter(
        choices=c.FLAG_CODES, method="filter_flag", distinct=False,
        label="Has an open (undismissed) flag of this code",
    )
    overridden = BooleanFilter(method="filter_overridden", label="Verdict set by an editor")
    study = IdFilter(method="filter_study", label="Leans on a citation of this study")

    class Meta:
        model = Claim
        fields = []

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        # EXISTS, not a join: a claim with two matching flags must appear once.
        open_flags = Flag.objects.filter(
            claim=OuterRef("pk"), code__in=value, dismissed_at__isnull=True
        )
        return queryset.filter(Exists(open_flags))

    def filter_overridden(self, queryset, name, value):
        return queryset.exclude(override_verdict="") if value else queryset.filter(override_verdict="")

    def filter_study(self, queryset, name, value):
        links = ClaimCitation.objects.filter(claim=OuterRef("pk"), citation__study_id=value)
        return queryset.filter(Exists(links))


class CitationFilter(ChoicesListedFilterSet):
    article = IdFilter(field_name="article_id", label="Article id")
    article_key = filters.CharFilter(field_name="article__key", label="Article key")
    status = filters.MultipleChoiceFilter(choices=c.CITATION_STATUSES, distinct=False)
    location = filters.MultipleChoiceFilter(choices=c.CITATION_LOCATIONS, distinct=False)
    study = IdFilter(field_name="study_id", label="Matched study id")
    has_study = BooleanFilter(field_name="study", lookup_expr="isnull", exclude=True,
                                      label="Matched to a study")

    class Meta:
        model = Citation
        fields = []


class LinkFilter(ChoicesListedFilterSet):
    claim = IdFilter(field_name="claim_id")
    citation = IdFilter(field_name="citation_id")
    article = IdFilter(field_name="claim__article_id", label="Article id")
    reliance = filters.MultipleChoiceFilter(choices=c.RELIANCE, distinct=False)
    stance = filters.MultipleChoiceFilter(choices=c.STANCES, distinct=False)
    # The editor's stance is the judgement; judged_at is only recorded for judgements made
    # through the API (the curated corpus has none), so it cannot say whether a link is judged.
    judged = BooleanFilter(
        method="filter_judged",
        label="Judged: an editor gave the link a stance (supports, partly, silent or contradicts)",
    )

    class Meta:
        model = ClaimCitation
        fields = []

    def filter_judged(self, queryset, name, value):
        return queryset.exclude(stance="") if value else queryset.filter(stance="")


class FlagFilter(ChoicesListedFilterSet):
    code = filters.MultipleChoiceFilter(choices=c.FLAG_CODES, distinct=False)
    severity = filters.MultipleChoiceFilter(choices=c.SEVERITIES, distinct=False)
    dismissed = BooleanFilter(field_name="dismissed_at", lookup_expr="isnull", exclude=True)
    claim = IdFilter(field_name="claim_id")
    citation = IdFilter(field_name="citation_id")
    article = IdFilter(method="filter_article", label="Article id (of the claim or citation)")
    target = filters.MultipleChoiceFilter(
        choices=[("claim", "On a claim"), ("citation", "On a citation")], method="filter_target"
    )

    class Meta:
        model = Flag
        fields = []

    def filter_article(self, queryset, name, value):
        return queryset.filter(Q(claim__article_id=value) | Q(citation__article_id=value))

    def filter_target(self, queryset, name, value):
        if not value:
            return queryset
        on_any = Q()
        for target in value:
            on_any |= Q(**{f"{target}__isnull": False})
        return queryset.filter(on_any)
