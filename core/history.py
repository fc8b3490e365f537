"""Row history (django-simple-history) that also follows a many-to-many field it keeps
when the field is changed from its other side."""

from django.conf import settings
from simple_history import models as simple_history


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple-history's history, with a change to a many-to-many field it keeps made from the
    field's other side (`substance.studies.add(study)`) recorded in a history row of each row
    the change touched. simple-history takes such a change for one of the other side's row,
    which keeps no history, and fails."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return None
        model = kwargs["model"]  # the side whose history keeps the field
        field = model._meta.get_field(attr)
        if action == "pre_clear":
            # A clear() says which rows it touched only before it runs.
            through = field.remote_field.through
            links = through.objects.filter(**{field.m2m_reverse_field_name(): instance})
            instance._history_cleared = set(links.values_list(field.m2m_field_name(), flat=True))
            return None
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_history_cleared", set())
        elif action not in ("post_add", "post_remove"):
            return None
        for row in model._default_manager.filter(pk__in=pk_set or ()):
            for name in ("_history_user", "_change_reason"):
                if hasattr(instance, name):
                    setattr(row, name, getattr(instance, name))
            self.create_historical_record(row, "~")
        return None
