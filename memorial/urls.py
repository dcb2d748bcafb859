from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from memorial.views import browse, records, site

public_patterns = (
    [
        path("", browse.home, name="home"),
        path("victims/", browse.VictimListView.as_view(), name="victims"),
        path("victims/<str:identifier>/", records.victim_detail, name="victim"),
        path("testimonies/<str:identifier>/", records.testimony_detail, name="testimony"),
        path("documents/<str:identifier>/", records.document_detail, name="document"),
    ],
    "memorial",
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/", include("archive.urls")),
    path("healthz", site.healthz, name="healthz"),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("", include(public_patterns)),
        prefix_default_language=False,
    ),
]
