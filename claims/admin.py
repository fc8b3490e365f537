from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from .models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from .services import verification

OVERRIDE_FIELDS = ("override_verdict", "override_certainty", "override_rationale")
# Editing these changes what a citation is checked against, so it is checked again.
CITATION_INPUT_FIELDS = ("raw_text", "marker", "location")


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
    # Dismissing needs who, when and why: the flag list's "Dismiss" action records all three.
    readonly_fields = ["code", "severity", "message", "dismissed_at", "dismissed_reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # flags are raised by verification, not typed in


@admin.register(SourceArticle)
class SourceArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "author", "published_on", "captured_at"]
    search_fields = ["title", "publisher", "author", "url", "captured_text"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [ClaimInline, CitationInline]
    actions = ["reverify"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # A citation's text, a claim's wording or a deletion changes statuses, flags and
            # verdicts across the article: verify the whole of it (it is idempotent).
            verification.request_verification(article_ids=[form.instance.pk])

    @admin.action(description="Re-verify selected articles", permissions=["change"])
    def reverify(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        verification.request_verification(article_ids=ids)
        self.message_user(
            request, f"Verification of {len(ids)} article(s) was sent.", messages.SUCCESS
        )


class ClaimAdminForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = list(OVERRIDE_FIELDS)  # the admin's own field list replaces this

    def clean(self):
        cleaned = super().clean()
        try:
            verification.validate_override(
                verdict=cleaned.get("override_verdict") or "",
                certainty=cleaned.get("override_certainty") or "",
                rationale=cleaned.get("override_rationale") or "",
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        return cleaned


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimAdminForm
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
    actions = ["recompute"]

    @admin.display(boolean=True, description="Overridden")
    def is_overridden(self, obj):
        return obj.is_overridden

    def save_model(self, request, obj, form, change):
        overridden = change and any(name in form.changed_data for name in OVERRIDE_FIELDS)
        if not overridden:
            super().save_model(request, obj, form, change)
            return
        # The override goes through the service, which records who and when; any other
        # edit in the same form is saved first with the override as it was.
        wanted = {name: getattr(obj, name) for name in OVERRIDE_FIELDS}
        before = Claim.objects.get(pk=obj.pk)
        if set(form.changed_data) - set(OVERRIDE_FIELDS):
            for name in OVERRIDE_FIELDS:
                setattr(obj, name, getattr(before, name))
            super().save_model(request, obj, form, change)
        claim = verification.override_verdict(
            claim_id=obj.pk,
            user=request.user,
            verdict=wanted["override_verdict"],
            certainty=wanted["override_certainty"],
            rationale=wanted["override_rationale"],
        )
        obj.__dict__.update(
            {f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields}
        )

    def save_related(self, request, form, formsets, change):
        before = set(
            ClaimCitation.objects.filter(claim=form.instance).values_list("citation_id", flat=True)
        )
        super().save_related(request, form, formsets, change)
        after = set(
            ClaimCitation.objects.filter(claim=form.instance).values_list("citation_id", flat=True)
        )
        links_edited = any(
            formset.has_changed() for formset in formsets if formset.model is ClaimCitation
        )
        claim_edited = bool(set(form.changed_data) - set(OVERRIDE_FIELDS))
        if links_edited or claim_edited or not change:
            # A link's citation is re-checked too: whether a source counts as secondary
            # depends on the claims that lean on it.
            verification.links_changed(claim_id=form.instance.pk, citation_ids=before | after)

    @admin.action(description="Recompute flags and verdict", permissions=["change"])
    def recompute(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        verification.request_verification(claim_ids=ids)
        self.message_user(request, f"Recomputing {len(ids)} claim(s).", messages.SUCCESS)


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
    actions = ["reverify", "accept_matched_study"]

    def save_model(self, request, obj, form, change):
        matched = change and "editor_study" in form.changed_data
        wanted = obj.editor_study_id
        if matched:
            # The match is accepted through the service, which re-verifies on commit.
            obj.editor_study_id = Citation.objects.get(pk=obj.pk).editor_study_id
        if not change or set(form.changed_data) - {"editor_study"}:
            super().save_model(request, obj, form, change)
        if matched:
            verification.accept_match(citation_id=obj.pk, study_id=wanted, user=request.user)
            obj.editor_study_id = wanted
        elif not change or set(form.changed_data) & set(CITATION_INPUT_FIELDS):
            verification.request_verification(citation_ids=[obj.pk])

    @admin.action(description="Re-verify selected citations", permissions=["change"])
    def reverify(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        verification.request_verification(citation_ids=ids)
        self.message_user(
            request, f"Verification of {len(ids)} citation(s) was sent.", messages.SUCCESS
        )

    @admin.action(description="Accept the matched study as the editor's", permissions=["change"])
    def accept_matched_study(self, request, queryset):
        accepted = 0
        for citation in queryset.filter(study__isnull=False):
            verification.accept_match(
                citation_id=citation.pk, study_id=citation.study_id, user=request.user
            )
            accepted += 1
        skipped = queryset.count() - accepted
        self.message_user(
            request, f"Accepted the match of {accepted} citation(s).", messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request,
                f"{skipped} citation(s) have no matched study to accept: choose one in the "
                "citation's form (editor study).",
                messages.WARNING,
            )


@admin.register(ClaimCitation)
class ClaimCitationAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "citation", "reliance", "stance", "judged_by", "judged_at"]
    list_filter = ["stance", "reliance"]
    search_fields = ["claim__quote", "citation__raw_text", "rationale"]
    list_select_related = ["claim", "citation"]
    autocomplete_fields = ["claim", "citation"]

    def save_model(self, request, obj, form, change):
        previous = None
        if change:
            previous = (
                ClaimCitation.objects.filter(pk=obj.pk)
                .values_list("claim_id", "citation_id")
                .first()
            )
        super().save_model(request, obj, form, change)
        citation_ids = {obj.citation_id} | ({previous[1]} if previous else set())
        verification.links_changed(claim_id=obj.claim_id, citation_ids=citation_ids)
        if previous and previous[0] != obj.claim_id:
            verification.links_changed(claim_id=previous[0])

    def delete_model(self, request, obj):
        claim_id, citation_id = obj.claim_id, obj.citation_id
        super().delete_model(request, obj)
        verification.links_changed(claim_id=claim_id, citation_ids=[citation_id])


class DismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Why the finding does not hold; kept with the flag and its history.",
    )


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
        "dismissed_reason",
        "created_at",
        "updated_at",
    ]
    actions = ["dismiss_with_reason"]

    def has_add_permission(self, request):
        return False  # flags are raised by verification, not typed in

    @admin.action(description="Dismiss flag with a reason", permissions=["change"])
    def dismiss_with_reason(self, request, queryset):
        # An intermediate page asks for the reason; posting it back dismisses the flags.
        form = DismissForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            for flag in queryset:
                verification.dismiss_flag(
                    flag_id=flag.pk, user=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(request, f"Dismissed {queryset.count()} flag(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/claims/flag/dismiss.html",
            {
                **self.admin_site.each_context(request),
                "title": "Dismiss flags with a reason",
                "opts": self.model._meta,
                "flags": queryset,
                "form": form,
                "action": "dismiss_with_reason",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
