"""Export of victims for the admin (django-import-export), in the columns ``import_victims`` reads."""

from __future__ import annotations

from django.db.models import QuerySet
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from archive.importing import COLUMNS
from archive.models import Victim
from archive.spreadsheet_cells import escape_formula

EXPORT_COLUMNS = ("identifier", "status", "access", *COLUMNS)


class VictimResource(resources.ModelResource):
    """Victims as rows: identifier, status and access, then the import columns in their order.

    Without the first three columns an exported file can be imported again with ``import_victims``.
    """

    variants = fields.Field(column_name="variants", readonly=True)
    place = fields.Field(column_name="place", attribute="incident_place__name_az", readonly=True)

    class Meta:
        model = Victim
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        # The admin passes its own (filtered) queryset, so the related rows are fetched here, not in
        # get_queryset: one query for the places and one per chunk for the variants, not one per victim.
        if isinstance(queryset, QuerySet):
            queryset = queryset.select_related("incident_place").prefetch_related("variants")
        return queryset

    def dehydrate_variants(self, victim: Victim) -> str:
        return "; ".join(variant.name for variant in victim.variants.all())


class SpreadsheetSafeCSV(CSV):
    """CSV whose cells a spreadsheet shows as text, never runs as formulae.

    django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only drops a leading "=" (``@SUM(…)``
    and ``+…`` still run) and changes the value, in JSON too; this keeps the value and marks it as text.
    """

    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(list(dataset)):
            dataset[index] = [escape_formula(cell) for cell in row]
        return super().export_data(dataset, **kwargs)
