"""/api/v1/: the API's operations, then a JSON 404 for any other address under it (but search's, which the search
app serves at /api/v1/search/ from the site's own URLs)."""

from django.urls import path, re_path

from api.api import api, not_found

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?!search/)(?P<rest>.*)$", not_found),
]
