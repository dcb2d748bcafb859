from django.db import migrations


def give_curators_the_checks(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("preservation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_curators_the_checks, migrations.RunPython.noop),
    ]
