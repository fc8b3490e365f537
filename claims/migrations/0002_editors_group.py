from django.contrib.auth.management import create_permissions
from django.db import migrations

# What curation needs: editors add and correct studies, articles, claims, citations and
# their links, and dismiss flags. Deleting a study or an article stays with admins.
EDITOR_PERMISSIONS = {
    "studies": {
        "study": ["add", "change", "view"],
        "outcome": ["add", "change", "delete", "view"],
        "historicalstudy": ["view"],
        "historicaloutcome": ["view"],
    },
    "claims": {
        "sourcearticle": ["add", "change", "view"],
        "claim": ["add", "change", "delete", "view"],
        "citation": ["add", "change", "delete", "view"],
        "claimcitation": ["add", "change", "delete", "view"],
        "flag": ["change", "view"],
        "historicalsourcearticle": ["view"],
        "historicalclaim": ["view"],
        "historicalcitation": ["view"],
        "historicalclaimcitation": ["view"],
        "historicalflag": ["view"],
    },
}


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ("studies", "claims"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    for app_label, models in EDITOR_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                perm = Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
                group.permissions.add(perm)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("studies", "0002_substances"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
