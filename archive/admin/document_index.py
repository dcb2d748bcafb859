"""A document's index in the admin: points inline on the document, each on one of its page images (or on the whole
document), with its title, synopsis and keywords in the three languages and the people it speaks of."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import ForeignKey
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from archive.models import DocumentIndexPoint, MediaFile


class DocumentIndexPointInline(admin.StackedInline):
    model = DocumentIndexPoint
    extra = 0
    autocomplete_fields = ["victims"]
    fieldsets = [
        (None, {"fields": ["page", ("title_az", "title_en", "title_ru")]}),
        (
            _("Text"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("synopsis_az", "synopsis_en", "synopsis_ru"),
                    ("keywords_az", "keywords_en", "keywords_ru"),
                ],
            },
        ),
        (_("People"), {"fields": ["victims"]}),
    ]

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs):
        if db_field.name == "page":
            # The page images of the document being edited, in the order its page shows them (none on a new one).
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            images = MediaFile.objects.filter(kind=MediaFile.Kind.IMAGE).order_by("order", "pk")
            kwargs["queryset"] = images.filter(document_id=object_id) if object_id else images.none()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = _page_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _page_label(media: MediaFile) -> str:
    parts = (media.original_name, media.caption_az or media.caption_en)
    return " — ".join(part for part in parts if part) or str(media)
