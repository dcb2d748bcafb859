from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The archive app must not import search, so search listens to the archive's saves instead.
        from search import indexing

        indexing.connect_signals()
