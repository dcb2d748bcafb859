from django.urls import path

from remembrance.views import public, review

app_name = "remembrance"
urlpatterns = [
    path("victims/<str:identifier>/remember/", public.remember, name="remember"),
    path("victims/<str:identifier>/remember/sent/", public.sent, name="sent"),
    # Included before the submissions' URLs: their review/<reference>/ would take review/remembrance/ for a reference.
    path("review/remembrance/", review.queue, name="review_queue"),
    path("review/remembrance/<int:pk>/decide/", review.decide, name="review_decide"),
    path("review/remembrance/victims/", review.find, name="review_find"),
    path("review/remembrance/victims/<str:identifier>/", review.victim, name="review_victim"),
]
