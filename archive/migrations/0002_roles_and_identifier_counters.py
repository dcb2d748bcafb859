from django.db import migrations


def create_counters(apps, schema_editor):
    IdentifierCounter = apps.get_model("archive", "IdentifierCounter")
    for prefix in ("V", "T", "D"):
        IdentifierCounter.objects.get_or_create(prefix=prefix)


def create_roles(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_records"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_counters, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
