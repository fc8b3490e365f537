from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Citation, Claim, ClaimCitation, Flag, SourceArticle


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["key", "quote", "claim_type", "wording", "verdict"]
    readonly_fields = ["verdict"]
    show_change_link = True


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["position", "key", "marker", "raw_text", "location", "status"]
    readonly_fields = ["status"]
    show_change_link = True


class ClaimCitationInline(admin.TabularInline):
    model = ClaimCitation
    extra = 0
    fields = ["citation", "reliance", "stance", "misfit_reasons", "rationale"]
    autocomplete_fields = ["citation"]


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["code", "severity", "message", "dismissed_at", "dismissed_reason"]
    readonly_fields = ["code", "severity", "message", "dismissed_at"]
    can_delete = False


@admin.register(SourceArticle)
class SourceArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "author", "published_on", "captured_at"]
    search_fields = ["title", "publisher", "author", "url", "captured_text"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [ClaimInline, CitationInline]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "article",
        "claim_type",
        "wording",
        "verdict",
        "certainty",
        "is_overridden",
    ]
    list_filter = ["verdict", "certainty", "claim_type", "wording", "substances", "article"]
    search_fields = ["quote", "key", "article__title"]
    list_select_related = ["article"]
    filter_horizontal = ["substances"]
    readonly_fields = [
        "verdict",
        "certainty",
        "rationale",
        "computed_verdict",
        "computed_certainty",
        "computed_rationale",
        "computed_at",
        "overridden_by",
        "overridden_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ClaimCitationInline, FlagInline]

    @admin.display(boolean=True, description="Overridden")
    def is_overridden(self, obj):
        return obj.is_overridden


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "article",
        "location",
        "status",
        "study",
        "match_confidence",
        "checked_at",
    ]
    list_filter = ["status", "location", "match_method", "article"]
    search_fields = ["raw_text", "key", "article__title", "study__title"]
    list_select_related = ["article", "study"]
    autocomplete_fields = ["study", "editor_study"]
    readonly_fields = [
        "parsed",
        "study",
        "match_method",
        "match_confidence",
        "status",
        "status_reason",
        "discrepancies",
        "evidence",
        "checked_at",
        "created_at",
        "updated_at",
    ]
    inlines = [FlagInline]


@admin.register(ClaimCitation)
class ClaimCitationAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "citation", "reliance", "stance", "judged_by", "judged_at"]
    list_filter = ["stance", "reliance"]
    search_fields = ["claim__quote", "citation__raw_text", "rationale"]
    list_select_related = ["claim", "citation"]
    autocomplete_fields = ["claim", "citation"]


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    list_display = ["code", "severity", "claim", "citation", "rule", "rule_version", "dismissed_at"]
    list_filter = ["code", "severity", "rule"]
    search_fields = ["message", "claim__quote", "citation__raw_text"]
    list_select_related = ["claim", "citation"]
    readonly_fields = [
        "claim",
        "citation",
        "code",
        "severity",
        "message",
        "evidence",
        "evidence_hash",
        "rule",
        "rule_version",
        "dismissed_by",
        "dismissed_at",
        "created_at",
        "updated_at",
    ]
