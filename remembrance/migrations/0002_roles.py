from django.db import migrations


def give_curators_the_messages(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("remembrance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_curators_the_messages, migrations.RunPython.noop),
    ]
