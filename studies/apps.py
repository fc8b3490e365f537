from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save


class StudiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studies"
    verbose_name = "Studies"

    def ready(self):
        from studies.library import map_counts
        from studies.library.match_index import forget_keys, keep_keys_current
        from studies.models import Study, Substance

        # A receiver rather than a call in each service: the match index must follow every
        # save of a study — services, the admin, imports, the corpus loader, registries and
        # test factories alike — or a study would silently stop being matchable.
        post_save.connect(keep_keys_current, sender=Study, dispatch_uid="study_match_keys")
        pre_delete.connect(forget_keys, sender=Study, dispatch_uid="study_match_key_counts")
        # The evidence map's counts follow every write of a study for the same reason.
        pre_save.connect(map_counts.before_study_save, sender=Study, dispatch_uid="map_before_save")
        post_save.connect(map_counts.after_study_save, sender=Study, dispatch_uid="map_after_save")
        pre_delete.connect(map_counts.before_study_delete, sender=Study, dispatch_uid="map_delete")
        m2m_changed.connect(
            map_counts.substances_changed, sender=Study.substances.through, dispatch_uid="map_substances"
        )
        pre_delete.connect(map_counts.before_substance_delete, sender=Substance, dispatch_uid="map_substance")
        post_delete.connect(map_counts.after_substance_delete, sender=Substance, dispatch_uid="map_substance")
