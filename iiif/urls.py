from django.urls import path

from iiif import views

app_name = "iiif"
urlpatterns = [
    path("image/<str:key>", views.image_base, name="image_base"),
    path("image/<str:key>/info.json", views.image_info, name="image_info"),
    path("image/<str:key>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>", views.image, name="image"),
    path("<str:identifier>/manifest", views.manifest, name="manifest"),
]
