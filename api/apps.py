from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API at /api/v1/ (django-ninja), with its OpenAPI description at /api/v1/openapi.json.

    Builds on the archive and reads through the same rules as the site's pages (``objects.public()``, the record
    pages' selectors, the places' rule); the archive imports nothing of it. Answers are kept by the page cache
    (``memorial.page_cache``) under the archive's content version, so a publication or withdrawal shows at once."""

    name = "api"
    verbose_name = _("JSON API")
