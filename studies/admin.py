"""The literature's admin: studies and outcomes, written by the studies' editor services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin import (
    EditorAdmin,
    ServiceInline,
    adopt,
    form_changes,
    loaded_version,
)
from studies.library import editing
from studies.library.registry import add_by_identifier
from studies.models import Outcome, SettledFact, Study, Substance


def save_outcome(request, form, names, *, study_id=None):
    """Add or change the outcome of a form through the service; `names` are the fields the
    editor fills in (on a study's page, not the row's id and study, which are the formset's)."""
    values = form_changes(form, names)
    if study_id is not None and form.instance.pk is None:
        values["study_id"] = study_id
    row = editing.save_outcome(
        user=request.user, outcome_id=form.instance.pk, values=values, version=loaded_version(form)
    )
    adopt(form.instance, row)


class OutcomeInline(ServiceInline, admin.TabularInline):
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

    def save_one(self, request, form, parent):
        save_outcome(request, form, self.fields, study_id=parent.pk)

    def delete_one(self, request, obj, *, version=None):
        editing.delete_outcome(outcome_id=obj.pk, user=request.user, version=version)


@admin.register(Study)
class StudyAdmin(EditorAdmin):
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
    # What the registries said is theirs to say: re-checked, never typed in.
    readonly_fields = [
        "created_at", "updated_at", "registry_provenance", "standing", "notices",
        "registry_checked_at",
    ]  # fmt: skip
    change_list_template = "admin/studies/study/change_list.html"
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
                    "trial_names",
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
                    "registry_provenance",
                    ("standing", "registry_checked_at"),
                    "notices",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def save_row(self, request, obj, form, change):
        values = form_changes(form, [name for name in form.fields if name != "substances"])
        substances = (
            form.cleaned_data.get("substances")
            if "substances" in form.changed_data or obj.pk is None
            else None
        )
        row = editing.save_study(
            user=request.user,
            study_id=obj.pk,
            values=values,
            substances=None if substances is None else [s.code for s in substances],
            version=loaded_version(form),
        )
        adopt(obj, row)

    def delete_row(self, request, obj):
        editing.delete_study(study_id=obj.pk, user=request.user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("lookup/", wrap(self.lookup_view), name="studies_study_lookup"),
            *super().get_urls(),
        ]

    def lookup_view(self, request):
        """Add a study by its DOI or PMID, from the registries."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IdentifierForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                study, created = add_by_identifier(user=request.user, **form.cleaned_data)
            except ValidationError as problem:
                form.add_error(None, "; ".join(problem.messages))
            else:
                said = "Added from the registries" if created else "Already in the library"
                self.message_user(request, f"{said}: {study}.", messages.SUCCESS)
                return redirect(reverse("admin:studies_study_change", args=[study.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add a study by its DOI or PMID",
            "form": form,
        }
        return TemplateResponse(request, "admin/studies/study/lookup.html", context)


class IdentifierForm(forms.Form):
    doi = forms.CharField(required=False, max_length=200, label="DOI")
    pmid = forms.CharField(required=False, max_length=20, label="PMID")

    def clean(self):
        data = super().clean()
        if self.has_error("doi") or self.has_error("pmid"):
            return data  # said on the field; "give one of them" would contradict it
        if bool(data.get("doi")) == bool(data.get("pmid")):
            raise ValidationError("Give a DOI or a PMID (one of them).")
        return data


@admin.register(Outcome)
class OutcomeAdmin(EditorAdmin):
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

    def save_row(self, request, obj, form, change):
        save_outcome(request, form, list(form.fields))

    def delete_row(self, request, obj):
        editing.delete_outcome(outcome_id=obj.pk, user=request.user)


@admin.register(Substance)
class SubstanceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]


@admin.register(SettledFact)
class SettledFactAdmin(admin.ModelAdmin):
    """Read only: settled facts come from corpus/settled.yaml (`manage.py load_corpus`), each
    with the source's words and the pages they were read on, and every claim is checked
    against them when the corpus loads."""

    list_display = ["statement", "kind", "source_title"]
    list_filter = ["kind"]
    search_fields = ["statement", "quote", "source_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
