"""Services that write studies. Each use case runs in one transaction."""

from django.db import transaction

from .models import Study
from .topics import classify_topic


@transaction.atomic
def classify_study_topic(*, study_id):
    """Fill in a study's topic flags from its title and abstract, unless an editor or the
    curated library set them. Returns the study, saved only if something changed."""
    study = Study.objects.select_for_update().get(pk=study_id)
    if study.topic_source in ("editor", "curated"):
        return study
    about_ketamine, about_substance_use = classify_topic(title=study.title, abstract=study.abstract)
    if (study.about_ketamine, study.about_substance_use) != (about_ketamine, about_substance_use):
        study.about_ketamine = about_ketamine
        study.about_substance_use = about_substance_use
        study.topic_source = "importer"
        study.save()
    return study
