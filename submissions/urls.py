from django.urls import path

from submissions.views import phone, public, review, status

app_name = "submissions"
urlpatterns = [
    path("submit/", public.submit, name="submit"),
    path("submit/received/", public.received, name="received"),
    path("submissions/lost-link/", public.lost_link, name="lost_link"),
    path("submissions/lost-link/text/", phone.lost_link_text, name="lost_link_text"),
    path("submissions/lost-link/text/code/", phone.lost_link_code, name="lost_link_code"),
    path("submissions/status/<str:reference>/", status.status, name="status_page"),
    # The link families receive and keep for years; it leads on to status_page, which does not carry the token.
    path("submissions/<str:token>/", status.status_link, name="status"),
    path("review/", review.queue, name="review_queue"),
    path("review/files/<uuid:key>/", review.submission_file, name="file"),
    path("review/files/<uuid:key>/thumbnail/", review.submission_thumbnail, name="thumbnail"),
    path("review/<str:reference>/", review.detail, name="review_detail"),
]
