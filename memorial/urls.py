from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from memorial import views

public_patterns = (
    [
        path("", views.home, name="home"),
        path("victims/", views.VictimListView.as_view(), name="victims"),
        path("victims/<str:identifier>/", views.victim_detail, name="victim"),
        path("testimonies/<str:identifier>/", views.testimony_detail, name="testimony"),
        path("documents/<str:identifier>/", views.document_detail, name="document"),
    ],
    "memorial",
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/", include("archive.urls")),
    path("healthz", views.healthz, name="healthz"),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("", include(public_patterns)),
        prefix_default_language=False,
    ),
]
