from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from harvesting import views as harvesting
from memorial.feeds import RecentPublicationsFeed
from memorial.security import views as security
from memorial.sitemaps import SITEMAPS
from memorial.views import browse, exchange, health, records, site

public_patterns = (
    [
        path("", browse.home, name="home"),
        path("victims/", browse.victim_list, name="victims"),
        path("testimonies/", browse.testimony_list, name="testimonies"),
        path("documents/", browse.document_list, name="documents"),
        path("timeline/", browse.timeline, name="timeline"),
        path("places/", browse.place_list, name="places"),
        path("places/<slug:slug>/", browse.place_detail, name="place"),
        path("statistics/", browse.statistics, name="statistics"),
        path("victims/<str:identifier>/", records.victim_detail, name="victim"),
        path("testimonies/<str:identifier>/", records.testimony_detail, name="testimony"),
        path("documents/<str:identifier>/", records.document_detail, name="document"),
        path(
            "victims/<str:identifier>/cite.bib",
            records.citation_download,
            {"kind": "victim", "style": "bib"},
            name="victim_bibtex",
        ),
        path(
            "victims/<str:identifier>/cite.json",
            records.citation_download,
            {"kind": "victim", "style": "csl"},
            name="victim_csl",
        ),
        path(
            "testimonies/<str:identifier>/cite.bib",
            records.citation_download,
            {"kind": "testimony", "style": "bib"},
            name="testimony_bibtex",
        ),
        path(
            "testimonies/<str:identifier>/cite.json",
            records.citation_download,
            {"kind": "testimony", "style": "csl"},
            name="testimony_csl",
        ),
        path(
            "documents/<str:identifier>/cite.bib",
            records.citation_download,
            {"kind": "document", "style": "bib"},
            name="document_bibtex",
        ),
        path(
            "documents/<str:identifier>/cite.json",
            records.citation_download,
            {"kind": "document", "style": "csl"},
            name="document_csl",
        ),
        path(
            "testimonies/<str:identifier>/transcript.txt",
            records.transcript_download,
            {"style": "txt"},
            name="testimony_transcript_txt",
        ),
        path(
            "testimonies/<str:identifier>/transcript.vtt",
            records.transcript_download,
            {"style": "vtt"},
            name="testimony_transcript_vtt",
        ),
        path(
            "testimonies/<str:identifier>/transcript.<str:language>.vtt",
            records.transcript_download,
            {"style": "vtt"},
            name="testimony_translation_vtt",
        ),
        path("testimonies/<str:identifier>/ohms.xml", exchange.ohms_download, name="testimony_ohms"),
        path("about/", site.SitePage.as_view(template_name="pages/about.html"), name="about"),
        path("methodology/", site.SitePage.as_view(template_name="pages/methodology.html"), name="methodology"),
        path("terms/", site.SitePage.as_view(template_name="pages/terms.html"), name="terms"),
        path("privacy/", site.SitePage.as_view(template_name="pages/privacy.html"), name="privacy"),
        path("feeds/recent/", RecentPublicationsFeed(), name="feed"),
    ],
    "memorial",
)

urlpatterns = [
    # Before Django's own: keeps the visitor on the same page whatever language they come from.
    path("i18n/setlang/", site.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/", include("archive.urls")),
    path("healthz", health.live, name="healthz"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path("iiif/", include("iiif.urls")),  # IIIF manifests and image service: no language prefix, for viewers
    path("oai", harvesting.oai, name="oai"),  # OAI-PMH: one address for every language
    path("api/v1/", include("api.urls")),  # no language prefix; /api/v1/search/ is search's, below
    *i18n_patterns(
        path("admin/two-factor/", security.two_factor, name="staff_two_factor"),  # before the admin's catch-all
        path("admin/", admin.site.urls),
        path("", include(public_patterns)),
        path("", include("requests_desk.urls")),  # before submissions': its review/<reference>/ takes any name
        path("", include("remembrance.urls")),  # before submissions': its review/<reference>/ would take ours
        path("", include("submissions.urls")),
        path("", include("search.urls")),
        prefix_default_language=False,
    ),
]

handler400 = "memorial.views.site.bad_request"
