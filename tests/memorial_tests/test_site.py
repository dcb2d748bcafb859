"""The site around the records: sitemap, robots.txt, the Atom feed, the fixed pages, errors, the language switcher."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from archive.models import Access, Status, Testimony
from memorial.sitemaps import RecordSitemap
from tests.factories import DocumentFactory, PlaceFactory, SourceFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
LANGUAGE_PREFIXES = {"az": "", "en": "/en", "ru": "/ru"}


def html(response) -> str:
    return response.content.decode()


def hidden_testimonies() -> list[Testimony]:
    """One testimony for each way of not being public."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return [
        TestimonyFactory(title="Draft testimony", status=Status.DRAFT),
        TestimonyFactory(title="Private testimony", access=Access.PRIVATE),
        TestimonyFactory(title="Embargoed testimony", embargo_until=tomorrow),
        TestimonyFactory(title="Withdrawn testimony", status=Status.WITHDRAWN, withdrawal_reason="Family asked."),
        # Saved raw, past the model's checks: the publication rule must hold on its own.
        TestimonyFactory(title="Archive-only testimony", narrator_consent=Testimony.Consent.ARCHIVE_ONLY),
    ]


# --- sitemap.xml ---------------------------------------------------------------------------------------------


def sitemap_urls(client) -> list[ET.Element]:
    """Every <url> of every section page the sitemap index names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    urls = []
    for location in ET.fromstring(index.content).findall("sm:sitemap/sm:loc", SITEMAP_NS):
        response = client.get(location.text)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        urls += ET.fromstring(response.content).findall("sm:url", SITEMAP_NS)
    return urls


def test_the_sitemap_index_pages_large_sections(client, monkeypatch):
    monkeypatch.setattr(RecordSitemap, "limit", 6)  # <url> entries: two records in three languages
    victims = VictimFactory.create_batch(5)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [location.text for location in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert [section for section in sections if "victims" in section] == [
        "http://testserver/sitemap-victims.xml",
        "http://testserver/sitemap-victims.xml?p=2",
        "http://testserver/sitemap-victims.xml?p=3",
    ]
    listed = {
        match
        for url in sitemap_urls(client)
        for match in re.findall(r"V-\d{6}", url.findtext("sm:loc", namespaces=SITEMAP_NS))
    }
    assert listed == {victim.identifier for victim in victims}


def test_sitemap_lists_exactly_the_public_records(client):
    victim = VictimFactory()
    VictimFactory(surname_az="Qaralamov", status=Status.DRAFT)
    named = TestimonyFactory()
    metadata_only = TestimonyFactory(access=Access.METADATA)
    hidden = hidden_testimonies()
    document = DocumentFactory()
    DocumentFactory(access=Access.PRIVATE)

    locations = {url.findtext("sm:loc", namespaces=SITEMAP_NS) for url in sitemap_urls(client)}
    listed = {match for loc in locations for match in re.findall(r"[VTD]-\d{6}", loc)}

    assert listed == {victim.identifier, named.identifier, metadata_only.identifier, document.identifier}
    assert not {testimony.identifier for testimony in hidden} & listed


def test_sitemap_gives_each_record_in_three_languages_with_alternates_and_lastmod(client):
    testimony = TestimonyFactory()
    path = f"/testimonies/{testimony.identifier}/"
    expected = {code: f"http://testserver{prefix}{path}" for code, prefix in LANGUAGE_PREFIXES.items()}

    entries = [
        url for url in sitemap_urls(client) if testimony.identifier in url.findtext("sm:loc", namespaces=SITEMAP_NS)
    ]

    assert sorted(url.findtext("sm:loc", namespaces=SITEMAP_NS) for url in entries) == sorted(expected.values())
    for url in entries:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)}
        assert alternates == {**expected, "x-default": expected["az"]}
        assert url.findtext("sm:lastmod", namespaces=SITEMAP_NS) == timezone.localdate(testimony.updated_at).isoformat()


def test_sitemap_lists_the_about_pages_in_three_languages(client):
    locations = {url.findtext("sm:loc", namespaces=SITEMAP_NS) for url in sitemap_urls(client)}
    for page in ("about", "methodology", "terms", "privacy"):
        for prefix in LANGUAGE_PREFIXES.values():
            assert f"http://testserver{prefix}/{page}/" in locations
    assert "http://testserver/" in locations
    assert "http://testserver/ru/" in locations


def test_a_record_leaves_the_sitemap_when_it_is_withdrawn(client):
    victim = VictimFactory()
    victim.withdraw("Duplicate of another record.")
    victim.save()
    assert not any(victim.identifier in url.findtext("sm:loc", namespaces=SITEMAP_NS) for url in sitemap_urls(client))


# --- robots.txt ----------------------------------------------------------------------------------------------


def test_robots_txt_lets_crawlers_read_the_memorial_but_not_staff_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = html(response)
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()

    robots = RobotFileParser()
    robots.parse(text.splitlines())
    for allowed in ("/", "/victims/V-000001/", "/en/testimonies/T-000001/", "/ru/documents/", "/sitemap.xml"):
        assert robots.can_fetch("AnyBot", allowed), allowed
    for refused in ("/admin/", "/en/admin/archive/", "/ru/admin/", "/review/", "/submissions/abc/"):
        assert not robots.can_fetch("AnyBot", refused), refused


# --- the Atom feed -------------------------------------------------------------------------------------------


def feed_entries(client, path: str = "/feeds/recent/") -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, root.findall("atom:entry", ATOM_NS)


def test_feed_holds_only_public_testimonies_and_documents_newest_first(client):
    now = timezone.now()
    older = TestimonyFactory(title="Older testimony", published_at=now - timedelta(days=3))
    newest = DocumentFactory(title="Newest document", published_at=now - timedelta(hours=1))
    middle = TestimonyFactory(title="Middle testimony", access=Access.METADATA, published_at=now - timedelta(days=1))
    hidden_testimonies()
    DocumentFactory(title="Private document", access=Access.PRIVATE, published_at=now)
    VictimFactory()  # victims are not in this feed

    _root, entries = feed_entries(client)

    titles = [entry.findtext("atom:title", namespaces=ATOM_NS) for entry in entries]
    assert titles == [newest.title, middle.title, older.title]
    assert entries[0].find("atom:link", ATOM_NS).get("href") == f"http://testserver/documents/{newest.identifier}/"


def test_feed_keeps_the_thirty_newest(client):
    now = timezone.now()
    for age in range(20):
        TestimonyFactory(title=f"Testimony aged {age}", published_at=now - timedelta(days=age * 2))
        DocumentFactory(title=f"Document aged {age}", published_at=now - timedelta(days=age * 2 + 1))

    _root, entries = feed_entries(client)

    titles = [entry.findtext("atom:title", namespaces=ATOM_NS) for entry in entries]
    assert len(titles) == 30
    assert titles[:2] == ["Testimony aged 0", "Document aged 0"]
    assert titles[-1] == "Document aged 14"  # published 29 days ago; "Testimony aged 15" (30 days) is left out
    assert "Testimony aged 15" not in titles


def test_feed_never_names_an_anonymous_narrator(client):
    TestimonyFactory(
        title="An account",
        narrator_name="Ayşə Gizlinova",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="A. G.",
    )
    TestimonyFactory(title="Another account", narrator_name="Rəşid Açıqov", narrator_consent=Testimony.Consent.NAMED)

    for prefix in LANGUAGE_PREFIXES.values():
        response = client.get(f"{prefix}/feeds/recent/")
        assert "Gizlinova" not in html(response)
        authors = {name.text for name in ET.fromstring(response.content).iter(f"{{{ATOM_NS['atom']}}}name")}
        assert {"A. G.", "Rəşid Açıqov"} <= authors


def test_feed_speaks_the_language_of_its_address(client):
    TestimonyFactory(
        title="Bir şahid",
        summary_az="Azərbaycanca xülasə.",
        summary_en="A summary in English.",
        summary_ru="Краткое изложение по-русски.",
    )

    en_root, [en_entry] = feed_entries(client, "/en/feeds/recent/")
    ru_root, [ru_entry] = feed_entries(client, "/ru/feeds/recent/")

    assert en_entry.findtext("atom:summary", namespaces=ATOM_NS) == "A summary in English."
    assert ru_entry.findtext("atom:summary", namespaces=ATOM_NS) == "Краткое изложение по-русски."
    assert en_root.findtext("atom:title", namespaces=ATOM_NS) != ru_root.findtext("atom:title", namespaces=ATOM_NS)
    assert en_root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert ru_root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert ru_entry.find("atom:link", ATOM_NS).get("href").startswith("http://testserver/ru/testimonies/")


def test_feed_marks_demonstration_records_and_escapes_family_text(client):
    TestimonyFactory(title="Invented account", is_demo=True, summary_en="<script>alert(1)</script>")

    response = client.get("/en/feeds/recent/")
    _root, [entry] = feed_entries(client, "/en/feeds/recent/")

    assert entry.findtext("atom:title", namespaces=ATOM_NS) == "[DEMO] Invented account"
    assert "<script>" not in html(response)
    assert entry.findtext("atom:summary", namespaces=ATOM_NS) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_every_page_points_readers_to_the_feed_of_its_language(client):
    page = html(client.get("/ru/about/"))
    assert '<link rel="alternate" type="application/atom+xml" href="/ru/feeds/recent/"' in page


# --- about, methodology, terms, privacy ----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["about", "methodology", "terms", "privacy"])
@pytest.mark.parametrize(
    ("language", "heading_by_page"),
    [
        (
            "az",
            {
                "about": "Arxiv haqqında",
                "methodology": "Qeydlər necə yoxlanılır",
                "terms": "İstifadə şərtləri",
                "privacy": "Məxfilik",
            },
        ),
        (
            "en",
            {
                "about": "About the archive",
                "methodology": "How records are verified",
                "terms": "Terms of use",
                "privacy": "Privacy",
            },
        ),
        (
            "ru",
            {
                "about": "Об архиве",
                "methodology": "Как проверяются записи",
                "terms": "Условия использования",
                "privacy": "Конфиденциальность",
            },
        ),
    ],
)
def test_about_pages_are_there_in_each_language(client, page, language, heading_by_page):
    response = client.get(f"{LANGUAGE_PREFIXES[language]}/{page}/")
    assert response.status_code == 200
    content = html(response)
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading_by_page[page]}</h1>" in content


def test_about_page_gives_the_contact_address_from_the_settings(client, settings):
    settings.CONTACT_EMAIL = "yaddas@archive.test"
    content = html(client.get("/en/about/"))
    assert '<a href="mailto:yaddas@archive.test">yaddas@archive.test</a>' in content
    assert "yaddas@archive.test" in html(client.get("/ru/privacy/"))


def test_footer_links_to_the_about_pages_and_the_feed(client):
    content = html(client.get("/en/"))
    footer = content[content.index("<footer") :]
    for href in ("/en/about/", "/en/methodology/", "/en/terms/", "/en/privacy/", "/en/feeds/recent/"):
        assert f'href="{href}"' in footer


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/victims/V-999999/", "az", "Səhifə tapılmadı"),
        ("/en/victims/V-999999/", "en", "Page not found"),
        ("/ru/victims/V-999999/", "ru", "Страница не найдена"),
        ("/ru/testimonies/T-999999/", "ru", "Страница не найдена"),
    ],
)
def test_missing_record_gives_a_friendly_404_in_the_visitors_language(client, path, language, heading):
    response = client.get(path)
    assert response.status_code == 404
    content = html(response)
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading}</h1>" in content
    assert 'class="site-nav"' in content  # the visitor can find their way on


def test_an_unpublished_record_is_a_plain_404(client):
    draft = VictimFactory(surname_az="Qaralamov", status=Status.DRAFT)
    response = client.get(f"/en/victims/{draft.identifier}/")
    assert response.status_code == 404
    assert "Qaralamov" not in html(response)


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [
        ("az", "Xəta baş verdi", 'href="/"'),
        ("en", "Something went wrong", 'href="/en/"'),
        ("ru", "Что-то пошло не так", 'href="/ru/"'),
    ],
)
def test_500_page_renders_bare_without_database_or_context_processors(
    django_assert_num_queries, language, heading, home
):
    source = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    with translation.override(language), django_assert_num_queries(0):
        rendered = Template(source).render(Context())
    assert f'<html lang="{language}">' in rendered
    assert f"<h1>{heading}</h1>" in rendered
    assert home in rendered
    assert "<link" not in rendered  # no stylesheet to fetch from a server that is failing


# --- the language switcher -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "language", "destination"),
    [
        ("/en/victims/{}/", "ru", "/ru/victims/{}/"),
        ("/en/victims/{}/", "az", "/victims/{}/"),
        ("/ru/victims/{}/", "en", "/en/victims/{}/"),
        ("/victims/{}/", "en", "/en/victims/{}/"),
        ("/victims/{}/", "ru", "/ru/victims/{}/"),
        ("/ru/victims/{}/", "az", "/victims/{}/"),
    ],
)
def test_language_switcher_keeps_the_visitor_on_the_same_record(client, start, language, destination):
    victim = VictimFactory()
    page = html(client.get(start.format(victim.identifier)))
    # The switcher on the page links to the page's own address in the other language.
    assert f'<a href="{destination.format(victim.identifier)}" hreflang="{language}"' in page

    response = client.post("/i18n/setlang/", {"language": language, "next": start.format(victim.identifier)})

    assert response.status_code == 302
    assert response["Location"] == destination.format(victim.identifier)
    assert client.get(response["Location"]).status_code == 200


def test_language_switcher_keeps_the_query_string(client):
    page = html(client.get("/en/victims/?page=1&fate=killed"))
    assert '<a href="/ru/victims/?page=1&amp;fate=killed" hreflang="ru"' in page
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/en/victims/?page=2"})
    assert response["Location"] == "/ru/victims/?page=2"


def test_language_switcher_refuses_to_send_visitors_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "https://elsewhere.example/en/"})
    assert urlsplit(response["Location"]).netloc in ("", "testserver")


# --- nothing is fetched from another host ---------------------------------------------------------------------

# Elements whose address the browser fetches by itself, without the reader clicking anything.
_FETCHED = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_ANY_URL = re.compile(r"(?:https?:)?//[^\s\"')]+", re.IGNORECASE)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in _FETCHED.get(tag, ()):
            if attributes.get(name):
                self.fetched.append(attributes[name])
        if attributes.get("style"):
            self.inline_styles.append(attributes["style"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.inline_styles.append(data)
            self._in_style = False


def _foreign(address: str) -> bool:
    return any(urlsplit(found).netloc not in ("", "testserver") for found in _ANY_URL.findall(address))


def test_no_page_makes_the_browser_contact_another_host(client):
    place = PlaceFactory()
    source = SourceFactory(url="https://www.hrw.org/reports/1991/")
    victim = VictimFactory(incident_place=place, biography_en="See https://elsewhere.example/story for more.")
    victim.sources.add(source)
    testimony = TestimonyFactory(recorded_place=place, summary_en="Told in 2005.")
    testimony.victims.add(victim)
    testimony.sources.add(source)
    document = DocumentFactory()
    document.victims.add(victim)

    to_visit = ["/", "/en/", "/ru/", "/en/victims/V-999999/", victim.get_absolute_url()]
    seen: set[str] = set()
    while to_visit and len(seen) < 150:
        path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        parser = _PageParser()
        parser.feed(html(response))
        foreign = [address for address in parser.fetched + parser.inline_styles if _foreign(address)]
        assert foreign == [], path
        for href in parser.links:
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/") and not parts.path.startswith(("/admin", "/files/")):
                to_visit.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    # The crawl really went through the site: the fixed pages and every kind of record, in each language.
    assert {"/about/", "/en/privacy/", "/ru/terms/", f"/ru/victims/{victim.identifier}/"} <= seen
    assert {testimony.get_absolute_url(), document.get_absolute_url()} <= seen


def test_the_stylesheet_imports_nothing_from_elsewhere():
    css = (Path(settings.BASE_DIR) / "memorial" / "static" / "memorial" / "site.css").read_text()
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)
    assert "@font-face" not in css


@pytest.mark.django_db
def test_the_header_reused_across_pages_carries_each_pages_own_values(client):
    hostile = '"><script>alert(1)</script>'
    page = client.get("/en/search/", {"q": hostile}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    switcher = client.get("/en/about/?x=1&q=%22%3E").content.decode()
    assert '<a href="/ru/about/?x=1&amp;q=%22%3E" hreflang="ru"' in switcher
    assert '<a href="/about/?x=1&amp;q=%22%3E" hreflang="az"' in switcher
    russian = client.get("/ru/about/").content.decode()
    assert 'hreflang="ru" lang="ru" aria-current="true"' in russian and 'href="/ru/victims/"' in russian
