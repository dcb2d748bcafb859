import uuid

from django.db import migrations, models


def create_version(apps, schema_editor):
    apps.get_model("search", "ResultsVersion").objects.create(token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_namekey_frequency"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResultsVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "results version",
                "verbose_name_plural": "results versions",
            },
        ),
        migrations.RunPython(create_version, migrations.RunPython.noop),
    ]
