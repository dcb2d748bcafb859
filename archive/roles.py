"""The staff roles: Curators edit and publish everything; Reviewers read records and triage submissions."""

from __future__ import annotations

from django.db.models import Q

from archive.kinds import RECORD_KINDS

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
    "indexpoint",
    "indexhyperlink",
    "segmenttranslation",
    "documentindexpoint",
]
# An interview's index (and a document's) is edited point by point: a point or link taken out is kept in its history
# (as is a segment's translation taken out).
INDEX_DELETE_PERMISSIONS = [
    "delete_indexpoint",
    "delete_indexhyperlink",
    "delete_segmenttranslation",
    "delete_documentindexpoint",
]
# Curators see the background tasks that failed, and retry or dismiss them (the staff home lists them).
JOB_PERMISSIONS = ["view_failedtask", "change_failedtask"]
PUBLISH_PERMISSIONS = [f"publish_{kind.key}" for kind in RECORD_KINDS]
SUBMISSION_PERMISSIONS = ["view_submission", "change_submission", "review_submission", "view_submissionfile"]
# Visitors' messages of remembrance are approved or rejected, and closed for a person, by curators (remembrance).
REMEMBRANCE_PERMISSIONS = ["view_message", "moderate_message"]
# Fixity checks and audits are read by curators, never changed (preservation).
PRESERVATION_PERMISSIONS = ["view_fixitycheck", "view_auditrun"]
# Corrections from the public are answered by both roles; opening a record's closed files to a researcher is a
# curator's decision, which reviewers see but do not take (requests_desk).
CORRECTION_PERMISSIONS = ["view_correction", "handle_correction"]
ACCESS_VIEW_PERMISSIONS = ["view_accessrequest"]
ACCESS_DECIDE_PERMISSIONS = ["decide_accessrequest"]


def role_permissions() -> dict[str, dict[str, list[str]]]:
    """Permission codenames for each group, by app label."""
    curators = [f"{action}_{model}" for model in ARCHIVE_MODELS for action in ("add", "change", "view")]
    reviewers = [f"view_{model}" for model in ARCHIVE_MODELS]
    return {
        CURATORS: {
            "archive": curators + PUBLISH_PERMISSIONS + JOB_PERMISSIONS + INDEX_DELETE_PERMISSIONS,
            "submissions": SUBMISSION_PERMISSIONS,
            "requests_desk": CORRECTION_PERMISSIONS + ACCESS_VIEW_PERMISSIONS + ACCESS_DECIDE_PERMISSIONS,
            "remembrance": REMEMBRANCE_PERMISSIONS,
            "preservation": PRESERVATION_PERMISSIONS,
        },
        REVIEWERS: {
            "archive": reviewers,
            "submissions": SUBMISSION_PERMISSIONS,
            "requests_desk": CORRECTION_PERMISSIONS + ACCESS_VIEW_PERMISSIONS,
        },
    }


def sync_roles(apps) -> None:
    """Create the groups and give them exactly their permissions.

    Called by migrations (with the migration state's ``apps``; an app not migrated yet simply has no
    permissions to give) and by tests that flushed the database (with the real registry).
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:
            # Apps of a migration state carry no models module, and create_permissions skips those.
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        else:
            create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in role_permissions().items():
        wanted = Q(pk__in=[])
        for app_label, codenames in by_app.items():
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set(Permission.objects.filter(wanted))
