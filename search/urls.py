from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("search/", views.results, name="results"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("api/v1/search/", views.api_search, name="api"),
]
