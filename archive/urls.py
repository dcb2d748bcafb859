from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("<uuid:key>/", views.media_file, name="media_file"),
    path("<uuid:key>/thumbnail/", views.media_thumbnail, name="media_thumbnail"),
]
