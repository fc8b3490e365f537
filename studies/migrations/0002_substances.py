from django.db import migrations

from studies.constants import SUBSTANCES


def create_substances(apps, schema_editor):
    Substance = apps.get_model("studies", "Substance")
    for code, name in SUBSTANCES:
        Substance.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("studies", "0001_initial")]

    operations = [migrations.RunPython(create_substances, migrations.RunPython.noop)]
