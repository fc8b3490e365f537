from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from studies.models import Outcome, Study, Substance


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = [
        "position",
        "measure",
        "time_point",
        "effect_measure",
        "estimate",
        "ci_low",
        "ci_high",
        "p_value_text",
        "direction",
        "primary",
    ]


@admin.register(Study)
class StudyAdmin(SimpleHistoryAdmin):
    list_display = [
        "short_label",
        "title",
        "year",
        "design_code",
        "n",
        "route_code",
        "source_kind",
        "doi",
        "pmid",
    ]
    list_filter = [
        "design_code",
        "source_kind",
        "route_code",
        "about_ketamine",
        "about_substance_use",
        "substances",
        "year",
    ]
    search_fields = ["title", "container_title", "doi", "pmid", "pmcid", "key", "abstract"]
    filter_horizontal = ["substances"]
    inlines = [OutcomeInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            "Record",
            {
                "fields": [
                    "key",
                    "work_type",
                    "title",
                    "authors",
                    "container_title",
                    ("year", "volume", "issue", "pages"),
                    ("doi", "pmid", "pmcid"),
                    "url",
                    "abstract",
                    "source_kind",
                ]
            },
        ),
        (
            "Topic",
            {
                "fields": [
                    ("about_ketamine", "about_substance_use"),
                    "topic_summary",
                    "topic_source",
                    "substances",
                ]
            },
        ),
        (
            "Appraisal",
            {
                "fields": [
                    "design_code",
                    "design",
                    ("n", "n_studies"),
                    "sample_size_text",
                    "arms",
                    "population",
                    "intervention",
                    ("route_code", "route"),
                    "dose",
                    "comparator",
                    "duration",
                    "follow_up",
                    "outcomes_summary",
                ]
            },
        ),
        (
            "Provenance",
            {
                "fields": [
                    "confirmed_from",
                    "record_confidence",
                    "notes",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = [
        "measure",
        "study",
        "time_point",
        "effect_measure",
        "estimate",
        "ci_low",
        "ci_high",
        "direction",
        "primary",
    ]
    list_filter = ["effect_measure", "direction", "primary"]
    search_fields = ["measure", "study__title", "source_text"]
    list_select_related = ["study"]
    autocomplete_fields = ["study"]


@admin.register(Substance)
class SubstanceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]
