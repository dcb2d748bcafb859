from django.db import migrations


def give_roles_permissions(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """Curators and Reviewers answer corrections; Curators alone decide on access (archive.roles)."""

    dependencies = [
        ("requests_desk", "0001_initial"),
        ("submissions", "0002_roles"),
    ]

    operations = [migrations.RunPython(give_roles_permissions, migrations.RunPython.noop)]
