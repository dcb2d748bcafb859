from django.urls import path, register_converter

from archive.kinds import PLURALS
from requests_desk.views import access, public, review


class RecordKindConverter:
    """The first part of a record's address, as memorial's record pages have it: victims, testimonies, documents."""

    regex = "|".join(PLURALS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "recordkind")

app_name = "requests_desk"
urlpatterns = [
    path("<recordkind:kind>/<str:identifier>/correction/", public.correction, name="correction"),
    path("<recordkind:kind>/<str:identifier>/correction/sent/", public.correction_sent, name="correction_sent"),
    path("<recordkind:kind>/<str:identifier>/request-access/", public.request_access, name="request_access"),
    path(
        "<recordkind:kind>/<str:identifier>/request-access/sent/",
        public.request_access_sent,
        name="request_access_sent",
    ),
    # The link a researcher is mailed; it leads on to access_page, whose address does not carry the token.
    path("access/files/<str:reference>/", access.access_page, name="access_page"),
    path("access/files/<str:reference>/<uuid:key>/", access.access_file, name="access_file"),
    path("access/<str:token>/", access.access_link, name="access_link"),
    # Before submissions' review/<reference>/, which would take "corrections" for a reference.
    path("review/corrections/", review.corrections, name="corrections"),
    path("review/corrections/<str:reference>/", review.correction_detail, name="correction_review"),
    path("review/access/", review.access_requests, name="access_requests"),
    path("review/access/<str:reference>/", review.access_detail, name="access_review"),
]
