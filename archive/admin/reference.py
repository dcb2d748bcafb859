"""Places, timeline events, sources and subjects: what the records point to."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.admin.base import ArchiveModelAdmin, PublishableAdmin
from archive.models import Event, Place, Source, Subject


@admin.register(Place)
class PlaceAdmin(ArchiveModelAdmin):
    list_display = ["name_az", "name_ru", "name_en", "kind", "parent", "demo_flag"]
    list_filter = ["kind", "is_demo"]
    list_select_related = ["parent"]
    search_fields = ["slug", "name_az", "name_ru", "name_en", "historical_names"]
    autocomplete_fields = ["parent", "sources"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["is_demo"]
    fieldsets = [
        (None, {"fields": [("name_az", "name_ru", "name_en"), "slug", "kind", "historical_names", "parent"]}),
        (_("Location"), {"fields": [("latitude", "longitude")]}),
        (_("Description"), {"fields": ["description_az", "description_ru", "description_en"]}),
        (_("Sources"), {"fields": ["sources", "is_demo"]}),
    ]


@admin.register(Source)
class SourceAdmin(ArchiveModelAdmin):
    list_display = ["key", "author", "title", "publisher", "date", "demo_flag"]
    list_display_links = ["key", "title"]
    list_filter = ["is_demo"]
    search_fields = ["key", "author", "title", "publisher"]
    readonly_fields = ["is_demo"]
    fields = ["key", "author", "title", "publisher", "date", "url", "accessed", "note", "is_demo"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Subject)
class SubjectAdmin(ArchiveModelAdmin):
    list_display = ["name_az", "name_ru", "name_en", "slug", "demo_flag"]
    list_filter = ["is_demo"]
    search_fields = ["slug", "name_az", "name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["is_demo"]
    fields = [("name_az", "name_ru", "name_en"), "slug", "is_demo"]


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["date", "time", "title", "place", "status", "access", "demo_flag"]
    list_display_links = ["date", "title"]
    list_filter = ["status", "access", "place", "is_demo"]
    list_select_related = ["place"]
    search_fields = ["key", "title_az", "title_ru", "title_en"]
    autocomplete_fields = ["place", "sources"]
    readonly_fields = [
        "date_earliest",
        "date_latest",
        "status",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "is_demo",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": [("title_az", "title_ru", "title_en"), "key"]}),
        (_("When and where"), {"fields": ["date", ("date_earliest", "date_latest"), "time", "place"]}),
        (_("Description"), {"fields": ["description_az", "description_ru", "description_en"]}),
        (_("Sources"), {"fields": ["sources"]}),
        (
            _("Publication"),
            {
                "fields": [
                    ("status", "access"),
                    "embargo_until",
                    ("published_at", "withdrawn_at"),
                    "withdrawal_reason",
                    "is_demo",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description=_("title"), ordering="title_az")
    def title(self, obj: Event) -> str:
        return obj.translated("title")[0]
