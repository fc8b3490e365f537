from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        # The literature tells when a study changed or goes (studies.signals); the citations
        # that point at it are checked again.
        from claims.verification import studies_changed
        from studies.signals import study_changed, study_deleting

        study_changed.connect(studies_changed.recheck_citations, dispatch_uid="claims-recheck")
        study_deleting.connect(studies_changed.release_citations, dispatch_uid="claims-release")
