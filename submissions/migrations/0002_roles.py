from django.db import migrations


def give_roles_permissions(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("archive", "0002_roles_and_identifier_counters"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_roles_permissions, migrations.RunPython.noop)]
