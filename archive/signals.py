"""Signals the archive sends where Django's own do not say enough.

``records_changed_in_bulk``: rows of ``sender`` (a model class) were created or changed in bulk (``bulk_create``,
``update``), which send no ``post_save``. ``pks`` lists them. Whatever follows the archive's rows (the search
index, the content version that cached pages are kept under) listens to this as it listens to ``post_save``.
"""

from django.dispatch import Signal

records_changed_in_bulk = Signal()  # sender: the model class; pks: list[int]
