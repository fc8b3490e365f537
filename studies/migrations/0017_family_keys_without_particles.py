from django.db import migrations


def rebuild_keys(apps, schema_editor):
    # A first author's key no longer holds the particle its name opens on ("dos Santos" is
    # found under "santos"): the stored keys are written again.
    from studies.library.match_index import rebuild_match_keys

    rebuild_match_keys(
        model=apps.get_model("studies", "Study"),
        key_model=apps.get_model("studies", "StudyMatchKey"),
        count_model=apps.get_model("studies", "StudyMatchKeyCount"),
        record_model=apps.get_model("studies", "StudyMatchRecord"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("studies", "0016_orderings_read_an_index"),
    ]

    operations = [
        migrations.RunPython(rebuild_keys, migrations.RunPython.noop),
    ]
