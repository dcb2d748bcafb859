"""The staff roles: Curators edit and publish everything; Reviewers read records and triage submissions."""

from __future__ import annotations

CURATORS = "Curators"
REVIEWERS = "Reviewers"

ARCHIVE_MODELS = [
    "victim",
    "namevariant",
    "testimony",
    "transcriptsegment",
    "document",
    "mediafile",
    "place",
    "event",
    "source",
    "subject",
]
PUBLISH_PERMISSIONS = ["publish_victim", "publish_testimony", "publish_document"]


def role_permissions() -> dict[str, list[str]]:
    """Permission codenames of the archive app for each group."""
    curators = [f"{action}_{model}" for model in ARCHIVE_MODELS for action in ("add", "change", "view")]
    reviewers = [f"view_{model}" for model in ARCHIVE_MODELS]
    return {CURATORS: curators + PUBLISH_PERMISSIONS, REVIEWERS: reviewers}


def sync_roles(apps) -> None:
    """Create the groups and give them exactly their permissions (used by migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))
