from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete


class StudiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studies"
    verbose_name = "Studies"

    def ready(self):
        from studies.library.match_index import forget_keys, keep_keys_current
        from studies.models import Study

        # A receiver rather than a call in each service: the match index must follow every
        # save of a study — services, the admin, imports, the corpus loader, registries and
        # test factories alike — or a study would silently stop being matchable.
        post_save.connect(keep_keys_current, sender=Study, dispatch_uid="study_match_keys")
        pre_delete.connect(forget_keys, sender=Study, dispatch_uid="study_match_key_counts")
