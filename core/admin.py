"""Admin pages whose writes are the editor services'.

The forms read and validate what the editor typed; `EditorAdmin.save_row` and `delete_row`,
and the inlines' `save_one` and `delete_one`, hand it to the services, so an edit in the
admin writes the same rows, history and re-checks as the same edit through the API.
"""

from contextlib import nullcontext

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from core.errors import Conflict, NotFound


def form_changes(form, names) -> dict:
    """What the editor changed in a form (everything, for a new row), as a service's
    keyword arguments: a chosen row as `<name>_id`, several chosen rows as a list of rows.
    The version the form was loaded at is none of them: it is no field of the row, and the
    services take it apart (`loaded_version`)."""
    values = {}
    for name in names:
        if name == VERSION_FIELD or name not in form.cleaned_data:
            continue
        if form.instance.pk and name not in form.changed_data:
            continue
        value = form.cleaned_data[name]
        field = form.fields[name]
        if isinstance(field, forms.ModelMultipleChoiceField):
            values[name] = list(value)
        elif isinstance(field, forms.ModelChoiceField):
            values[f"{name}_id"] = value.pk if value is not None else None
        else:
            values[name] = value
    return values


def adopt(obj, row) -> None:
    """The admin goes on with the object it built (its inlines, its log and its redirect
    read it): give it the row the service wrote."""
    fields = type(row)._meta.concrete_fields
    obj.__dict__.update({f.attname: getattr(row, f.attname) for f in fields})
    obj._state.adding = False


def show(form, error: ValidationError) -> None:
    """A service's refusal on the form, on the field it names where the form has it."""
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


# The version of the row the editor's form was loaded from (a hidden field), which the
# services compare with the row's under its lock: a change made meanwhile by another editor is
# reported instead of overwritten (core.saving.check_version).
VERSION_FIELD = "loaded_version"


def is_versioned(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def with_version_field(form_class):
    """The form class with the hidden version field, its initial the row's version."""

    class Versioned(form_class):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.fields[VERSION_FIELD].initial = self.instance.version

    Versioned.__name__ = form_class.__name__
    return Versioned


def loaded_version(form) -> int | None:
    """The version an edit form was loaded at (None for a new row)."""
    if form.instance.pk is None:
        return None
    return form.cleaned_data.get(VERSION_FIELD)


class _RowsGoneMeanwhile:
    """A formset that says so when rows of the page as it was loaded were deleted since (by
    another editor): Django would mark each such row's hidden id as "not one of the available
    choices", which the page does not show, under "Please correct the error below"."""

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        gone = [form for form in self.forms[: self.initial_form_count()] if form.instance.pk is None and pk in form.errors]
        if gone:
            meta = self.model._meta
            rows = f"1 {meta.verbose_name} was" if len(gone) == 1 else f"{len(gone)} {meta.verbose_name_plural} were"
            raise ValidationError(
                f"{rows} deleted by another editor since you loaded this page (its history keeps it): "
                f"nothing was saved. Reload the page to see the {meta.verbose_name_plural} as they are now."
            )


class ServiceInline:
    """An inline whose rows the services write (`EditorAdmin.save_formset`)."""

    def get_formset(self, request, obj=None, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = with_version_field(kwargs.get("form", self.form))
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_RowsGoneMeanwhile, formset), {})

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*fields, VERSION_FIELD] if is_versioned(self.model) else fields

    def save_one(self, request, form, parent):
        raise NotImplementedError

    def delete_one(self, request, obj, *, version=None):
        """Delete the row through its service, refused if it changed since `version`."""
        raise NotImplementedError


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, with an id that is no id (`/admin/…/abc/history/`) a
    404 as an unknown one is: the history views passed it to the database as it came, and
    the ORM's "Field 'id' expected a number" was a 500."""

    def _id_or_404(self, object_id):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404(f"There is no {self.model._meta.verbose_name} with id {object_id!r}.") from None

    def history_view(self, request, object_id, extra_context=None):
        self._id_or_404(object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._id_or_404(object_id)
        if not str(version_id).isdecimal():
            raise Http404(f"There is no version {version_id!r} of this {self.model._meta.verbose_name}.")
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class EditorAdmin(HistoryAdmin):
    """A model admin whose writes are the editor services': `save_row` and `delete_row` for
    the row itself, the inlines' `save_one` and `delete_one` for theirs. `batch()` wraps one
    submitted form, so that the re-checks its changes ask for are sent once."""

    def batch(self):
        return nullcontext()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = with_version_field(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not is_versioned(self.model) or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def save_row(self, request, obj, form, change):
        raise NotImplementedError

    def delete_row(self, request, obj):
        raise NotImplementedError

    def changeform_view(self, request, *args, **kwargs):
        # The forms check what they can before anything is saved; a refusal only a service
        # can make rolls the whole submission back and is shown, never a server error.
        try:
            with self.batch():
                return super().changeform_view(request, *args, **kwargs)
        except ValidationError as error:
            self.message_user(request, "Nothing was saved: " + " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        except Conflict as conflict:
            self.message_user(request, "Nothing was saved: " + str(conflict), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        self.save_row(request, obj, form, change)

    def delete_model(self, request, obj):
        self.delete_row(request, obj)

    def delete_queryset(self, request, queryset):
        with self.batch():
            for obj in queryset:
                try:
                    self.delete_row(request, obj)
                except NotFound:
                    continue  # deleted meanwhile: nothing left to do
                except ValidationError as error:
                    self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went to the service with the row.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = next(
            (
                i
                for i in self.get_inline_instances(request, form.instance)
                if i.model is formset.model
            ),
            None,
        )
        # What the admin's change message reads (the formset's own save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not isinstance(inline, ServiceInline):
            return  # read-only inlines have nothing to save
        for one in formset.deleted_forms:
            if one.instance.pk is not None:
                # As loaded: a row another editor changed meanwhile is not deleted unseen.
                inline.delete_one(request, one.instance, version=loaded_version(one))
                formset.deleted_objects.append(one.instance)
        for one in formset.forms:
            if one in formset.deleted_forms or not one.has_changed():
                continue
            new = one.instance.pk is None
            inline.save_one(request, one, form.instance)
            if new:
                formset.new_objects.append(one.instance)
            else:
                formset.changed_objects.append((one.instance, one.changed_data))
