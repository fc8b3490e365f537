"""The editors' admin. Every change goes through the editor services (`claims.editing`), so
an edit here writes the same rows, history and re-checks as the same edit through the API:
the forms read and validate what the editor typed, the services write it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse

from claims import constants as c
from claims.editing import articles, citations, flags, links, overrides
from claims.editing import claims as claim_edits
from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from claims.texts import SpanProblem, locate_quote, normalise_newlines
from claims.verification.dispatch import batched, request_verification
from core.admin import (
    EditorAdmin,
    HistoryAdmin,
    ServiceInline,
    adopt,
    form_changes,
    loaded_version,
    show,
)
from core.errors import StateConflict

OVERRIDE_FIELDS = ("override_verdict", "override_certainty", "override_rationale")


def _done(verb: str, done: int, chosen: int, left_as: str) -> str:
    """What a flag action did, and what it left alone: "Restored 1 flag; 2 were not
    dismissed and are left as they were."."""
    message = f"{verb} {done} flag{'' if done == 1 else 's'}"
    left = chosen - done
    if left == 1:
        message += f"; 1 was {left_as} and is left as it was"
    elif left > 1:
        message += f"; {left} were {left_as} and are left as they were"
    return message + "."


CLAIM_FIELDS = ("key", "quote", "claim_type", "wording", "substances")
CITATION_FIELDS = ("key", "marker", "raw_text", "location", "position", "editor_study", "editor_note")
LINK_FIELDS = ("claim", "citation", "reliance", "stance", "misfit_reasons", "rationale")


# --- Claims ---------------------------------------------------------------------------------


class ClaimForm(forms.ModelForm):
    """A claim as an editor types it: the quote, its type, substances and wording. Its span
    is found in the article's text (give `start` only when the quote stands there twice)."""

    start = forms.IntegerField(
        required=False,
        min_value=0,
        help_text="Only when the quote stands more than once in the text: where it starts.",
    )

    class Meta:
        model = Claim
        fields = ["article", *CLAIM_FIELDS, "start", *OVERRIDE_FIELDS]

    article_of_inline = None  # set by the inline's formset: the article being edited

    def clean_quote(self):
        # As the article's text: a quote typed over two lines must match it.
        return normalise_newlines(self.cleaned_data["quote"])

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or self.article_of_inline
        if article is None and self.instance.article_id:
            article = self.instance.article
        quote = cleaned.get("quote")
        # A claim row left as it was needs no placing: when the article's text changes, the
        # article's service moves each quote to its new place (or says which it cannot).
        untouched = self.instance.pk is not None and not self.has_changed()
        if article is not None and quote and not untouched:
            start = cleaned.get("start") if "start" in self.changed_data else None
            if start is None and self.instance.pk and "quote" not in self.changed_data:
                start = self.instance.start
                # Saved with a new text for its article (the article's form), the quote may
                # have moved: it is found anew there, as the article's service finds it.
                if article.captured_text[start : start + len(quote)] != quote:
                    start = None
            try:
                span = locate_quote(article.captured_text, quote, start=start)
                cleaned["start"] = self.instance.start = span[0]
                self.instance.end = span[1]
            except SpanProblem as problem:
                if self.article_of_inline is not None:
                    # The article's form shows no start: say where one can be given.
                    self.add_error("quote", f"{problem} Change this claim on its own page to give its start.")
                else:
                    self.add_error(problem.field if problem.field in self.fields else "quote", str(problem))
        try:
            overrides.validate_override(
                verdict=cleaned.get("override_verdict") or "",
                certainty=cleaned.get("override_certainty") or "",
                rationale=cleaned.get("override_rationale") or "",
            )
        except ValidationError as error:
            show(self, error)
        return cleaned

    def _post_clean(self):
        # Where the quote stands was checked in clean(), in words; the model's own span
        # check would only repeat it as "the span None-None does not match".
        if self.has_error("quote") or self.has_error("start"):
            return
        if self.instance.pk is not None and not self.has_changed():
            return  # nothing of it is saved; its span follows the article's new text
        super()._post_clean()


def save_claim(request, form, *, article_id=None, moved=None):
    """Create or change the claim of a form through the services; returns the row. `moved`
    holds the claims the same submission's article change moved ({id: (version before,
    version after)}): the form loaded before that move is not stale for it."""
    claim = form.instance
    values = form_changes(form, CLAIM_FIELDS)
    if "substances" in values:
        values["substances"] = [s.code for s in values["substances"]]
    if claim.pk is None or "quote" in values or "start" in form.changed_data:
        values["start"] = form.cleaned_data["start"]  # where clean() found the quote
    if claim.pk is None:
        row = claim_edits.create_claim(
            user=request.user, article_id=article_id or claim.article_id, **values
        )
    else:
        version = loaded_version(form)
        before, after = (moved or {}).get(claim.pk, (None, None))
        if version is not None and version == before:
            version = after
        row = claim_edits.update_claim(claim_id=claim.pk, user=request.user, version=version, **values)
    wanted = {name: form.cleaned_data.get(name) or "" for name in OVERRIDE_FIELDS}
    shown = all(name in form.cleaned_data for name in OVERRIDE_FIELDS)  # not in the inline
    if shown and any(getattr(row, name) != value for name, value in wanted.items()):
        row = overrides.override_verdict(
            claim_id=row.pk,
            user=request.user,
            verdict=wanted["override_verdict"],
            certainty=wanted["override_certainty"],
            rationale=wanted["override_rationale"],
            version=row.version,  # as the editor's own change above left it
        )
    adopt(claim, row)
    return row


class ArticleFormSet(BaseInlineFormSet):
    """Tells each form which article it belongs to, for the claim's span."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.article_of_inline = self.instance
        return form


class ClaimInline(ServiceInline, admin.TabularInline):
    model = Claim
    form = ClaimForm
    formset = ArticleFormSet
    extra = 0
    fields = ["key", "quote", "claim_type", "wording", "verdict"]
    readonly_fields = ["verdict"]
    show_change_link = True

    def save_one(self, request, form, parent):
        save_claim(request, form, article_id=parent.pk, moved=getattr(parent, "moved_claims", None))

    def delete_one(self, request, obj, *, version=None):
        claim_edits.delete_claim(claim_id=obj.pk, user=request.user, version=version)


class CitationInline(ServiceInline, admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["position", "key", "marker", "raw_text", "location", "status"]
    readonly_fields = ["status"]
    show_change_link = True

    def save_one(self, request, form, parent):
        save_citation(request, form, article_id=parent.pk)

    def delete_one(self, request, obj, *, version=None):
        citations.delete_citation(citation_id=obj.pk, user=request.user, version=version)


class LinkForm(forms.ModelForm):
    misfit_reasons = forms.MultipleChoiceField(
        choices=c.MISFIT_REASONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Why the study does not fit the claim, if it does not.",
    )

    class Meta:
        model = ClaimCitation
        fields = list(LINK_FIELDS)


def save_link(request, form, *, claim_id=None):
    values = form_changes(form, LINK_FIELDS)
    if form.instance.pk is None:
        values.setdefault("claim_id", claim_id)
        row = links.create_link(user=request.user, **values)
    else:
        row = links.update_link(
            link_id=form.instance.pk, user=request.user, version=loaded_version(form), **values
        )
    adopt(form.instance, row)


class ClaimCitationInline(ServiceInline, admin.TabularInline):
    model = ClaimCitation
    form = LinkForm
    extra = 0
    fields = ["citation", "reliance", "stance", "misfit_reasons", "rationale"]

    def get_formset(self, request, obj=None, **kwargs):
        self.claim = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "citation":
            # A claim leans only on its own article's citations: those, in reference order.
            citations_ = Citation.objects.select_related("article").order_by("article", "position", "pk")
            claim = getattr(self, "claim", None)
            if claim is not None:
                citations_ = citations_.filter(article_id=claim.article_id)
            kwargs["queryset"] = citations_
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_one(self, request, form, parent):
        save_link(request, form, claim_id=parent.pk)

    def delete_one(self, request, obj, *, version=None):
        links.delete_link(link_id=obj.pk, user=request.user, version=version)


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["code", "severity", "message", "dismissed_at", "dismissed_reason"]
    # Dismissing needs who, when and why: the flag list's "Dismiss" action records all three.
    readonly_fields = ["code", "severity", "message", "dismissed_at", "dismissed_reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # flags are raised by verification, not typed in

    def has_change_permission(self, request, obj=None):
        return False


class ClaimsAdmin(EditorAdmin):
    """The claims' admins: the re-checks one form asks for are sent once."""

    def batch(self):
        return batched()

    def get_deleted_objects(self, objs, request):
        # A row's flags go with it, as they do when a claim row of the article's form is
        # ticked for deletion: they are findings about the row, which no editor deletes
        # one by one (FlagAdmin), so they do not ask for a right of their own. Without this,
        # the delete page refused a flagged claim that the article's form deleted.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Flag._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def send(self, request, message: str, **querysets):
        """An action that sends the selected rows to verification, and says so."""
        ids = {name: list(rows.values_list("pk", flat=True)) for name, rows in querysets.items()}
        request_verification(**ids)
        n = sum(len(found) for found in ids.values())
        self.message_user(request, message.format(n=n), messages.SUCCESS)


class ArticleForm(forms.ModelForm):
    """An article; a new text must still hold every claim's quote (claims.editing.articles)."""

    class Meta:
        model = SourceArticle
        # The source's hash is the capture's, never typed in.
        fields = [name for name in articles.ARTICLE_FIELDS if name != "source_hash"]

    def clean_captured_text(self):
        # A browser sends a textarea's lines ended with \r\n: saving the form as it came
        # replaced the text (a new hash, every claim's span moved, a re-check) when an
        # editor had only changed the publisher.
        text = normalise_newlines(self.cleaned_data["captured_text"])
        if self.instance.pk and text != self.instance.captured_text:
            try:
                articles.moved_quotes(self.instance, text)
            except ValidationError as error:  # names the claims whose quotes it would lose
                raise ValidationError(error.message_dict["captured_text"]) from None
        return text


@admin.register(SourceArticle)
class SourceArticleAdmin(ClaimsAdmin):
    form = ArticleForm
    list_display = ["title", "publisher", "author", "published_on", "captured_at"]
    search_fields = ["title", "publisher", "author", "url", "captured_text"]
    readonly_fields = ["content_hash", "source_hash", "created_at", "updated_at"]
    inlines = [ClaimInline, CitationInline]
    actions = ["reverify"]
    change_list_template = "admin/claims/sourcearticle/change_list.html"

    def get_urls(self):
        from django.urls import path

        from claims import admin_intake

        wrap = self.admin_site.admin_view
        return [
            path(
                "intake/", wrap(admin_intake.intake_view(self)), name="claims_sourcearticle_intake"
            ),
            path(
                "<int:article_id>/intake-progress/",
                wrap(admin_intake.progress_view(self)),
                name="claims_sourcearticle_intake_progress",
            ),
            *super().get_urls(),
        ]

    def save_row(self, request, obj, form, change):
        values = form_changes(form, articles.ARTICLE_FIELDS)
        if obj.pk is None:
            row = articles.create_article(user=request.user, **values)
        else:
            row = articles.update_article(
                article_id=obj.pk, user=request.user, version=loaded_version(form), **values
            )
        adopt(obj, row)
        obj.moved_claims = getattr(row, "moved_claims", {})  # for the claim rows saved next

    def delete_row(self, request, obj):
        articles.delete_article(article_id=obj.pk, user=request.user)

    @admin.action(description="Re-verify selected articles", permissions=["change"])
    def reverify(self, request, queryset):
        self.send(request, "Verification of {n} article(s) was sent.", article_ids=queryset)


@admin.register(Claim)
class ClaimAdmin(ClaimsAdmin):
    form = ClaimForm
    fields = ["article", *CLAIM_FIELDS, "start", *OVERRIDE_FIELDS]
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

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A claim stays in its article: its span points into that text.
        return [*self.readonly_fields, "article"] if obj is not None else self.readonly_fields

    @admin.display(boolean=True, description="Overridden")
    def is_overridden(self, obj):
        return obj.is_overridden

    def save_row(self, request, obj, form, change):
        save_claim(request, form)

    def delete_row(self, request, obj):
        claim_edits.delete_claim(claim_id=obj.pk, user=request.user)

    @admin.action(description="Recompute flags and verdict", permissions=["change"])
    def recompute(self, request, queryset):
        self.send(request, "Recomputing {n} claim(s).", claim_ids=queryset)


# --- Citations ------------------------------------------------------------------------------


def save_citation(request, form, *, article_id=None):
    values = form_changes(form, CITATION_FIELDS)
    if form.instance.pk is None:
        row = citations.create_citation(
            user=request.user, article_id=article_id or form.instance.article_id, **values
        )
    else:
        row = citations.update_citation(
            citation_id=form.instance.pk, user=request.user, version=loaded_version(form), **values
        )
    adopt(form.instance, row)


@admin.register(Citation)
class CitationAdmin(ClaimsAdmin):
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
    autocomplete_fields = ["editor_study"]
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
        "registry_search",
        "created_at",
        "updated_at",
    ]
    inlines = [FlagInline]
    actions = ["reverify", "accept_matched_study"]

    def get_readonly_fields(self, request, obj=None):
        # A citation stays in its article, as a claim does; the registries' search is the
        # verification's record, not an editor's.
        return [*self.readonly_fields, "article"] if obj is not None else self.readonly_fields

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of a link's citation lists citations by article, in reference order.
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "claimcitation":
            results = results.order_by("article__title", "position", "pk")
        return results, duplicates

    def save_row(self, request, obj, form, change):
        save_citation(request, form)

    def delete_row(self, request, obj):
        citations.delete_citation(citation_id=obj.pk, user=request.user)

    @admin.action(description="Re-verify selected citations", permissions=["change"])
    def reverify(self, request, queryset):
        self.send(request, "Verification of {n} citation(s) was sent.", citation_ids=queryset)

    @admin.action(description="Accept the matched study as the editor's", permissions=["change"])
    def accept_matched_study(self, request, queryset):
        accepted = 0
        for citation in queryset.filter(study__isnull=False):
            citations.accept_match(
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
class ClaimCitationAdmin(ClaimsAdmin):
    form = LinkForm
    list_display = ["claim", "citation", "reliance", "stance", "judged_by", "judged_at"]
    list_filter = ["stance", "reliance"]
    search_fields = ["claim__quote", "citation__raw_text", "rationale"]
    list_select_related = ["claim", "citation"]
    autocomplete_fields = ["claim", "citation"]
    readonly_fields = ["judged_by", "judged_at"]

    def save_row(self, request, obj, form, change):
        save_link(request, form)

    def delete_row(self, request, obj):
        links.delete_link(link_id=obj.pk, user=request.user)


# --- Flags ----------------------------------------------------------------------------------


class DismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Why the finding does not hold; kept with the flag and its history.",
    )


@admin.register(Flag)
class FlagAdmin(HistoryAdmin):
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
    actions = ["dismiss_with_reason", "restore"]

    def has_add_permission(self, request):
        return False  # flags are raised by verification, not typed in

    def has_delete_permission(self, request, obj=None):
        return False  # a finding that does not hold is dismissed, with a reason

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only (a flag changes through its actions): no Save buttons.
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def save_model(self, request, obj, form, change):
        # A save of a form that changes nothing: saving the row anyway wrote a history row
        # of no change.
        pass

    @admin.action(description="Dismiss flag with a reason", permissions=["change"])
    def dismiss_with_reason(self, request, queryset):
        # An intermediate page asks for the reason; posting it back dismisses the flags.
        form = DismissForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for flag in queryset:
                if flag.is_dismissed:
                    continue
                try:
                    flags.dismiss_flag(
                        flag_id=flag.pk, user=request.user, reason=form.cleaned_data["reason"]
                    )
                except StateConflict:
                    continue  # another editor dismissed it meanwhile: it is left as it was
                done += 1
            self.message_user(request, _done("Dismissed", done, queryset.count(), "dismissed"), messages.SUCCESS)
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

    @admin.action(description="Restore dismissed flags", permissions=["change"])
    def restore(self, request, queryset):
        dismissed = [flag for flag in queryset if flag.is_dismissed]
        for flag in dismissed:
            flags.restore_flag(flag_id=flag.pk, user=request.user)
        self.message_user(request, _done("Restored", len(dismissed), queryset.count(), "not dismissed"), messages.SUCCESS)
