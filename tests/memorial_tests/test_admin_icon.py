"""The staff's pages name the site's icon as its public pages do, so a browser does not ask for /favicon.ico (a 404
in the console and the logs at every page a curator opens, as the transcript editor's Chromium run showed)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admins_pages_name_the_sites_icon(client, curator):
    client.force_login(curator)

    for url in ("/admin/login/", "/admin/"):
        page = client.get(url, follow=True).content.decode()
        assert 'rel="icon"' in page and "favicon.svg" in page, url
    assert client.get("/favicon.ico").status_code == 404  # why the page must name it
