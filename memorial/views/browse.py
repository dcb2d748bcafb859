"""Pages that list and count public records: home, the names, testimonies, documents, timeline, places."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import ListView

from memorial.selectors import browse as selectors
from memorial.selectors.common import has_demo


def home(request: HttpRequest) -> HttpResponse:
    figures = selectors.archive_figures()
    testimonies = selectors.recent_testimonies()
    return render(
        request,
        "memorial/home.html",
        {
            "figures": figures,
            "testimonies": testimonies,
            "has_demo": figures.includes_demo or has_demo(testimonies),
        },
    )


class VictimListView(ListView):
    template_name = "memorial/victim_list.html"
    context_object_name = "victims"
    paginate_by = 50

    def get_queryset(self):
        return selectors.victim_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One list for the page, so the demo check and the template share a single query.
        victims = list(context["object_list"])
        context.update(object_list=victims, victims=victims, has_demo=has_demo(victims))
        return context
