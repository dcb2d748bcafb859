"""Withheld files leave every public page, while their record and its text stay."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import MediaFile
from memorial.selectors.records import record_version
from tests.archive_tests.test_admin import change_form_data, media_prefix
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.memorial_tests.test_records import add_segments, attach, attach_recording, png_bytes

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def names_list(client) -> str:
    return client.get(reverse("memorial:victims")).content.decode()


def test_a_portrait_withheld_by_a_curator_leaves_the_victim_page_the_names_list_and_json_ld(client, curator):
    victim = VictimFactory(surname_az="Qasımov", biography_az="Tələbə idi.")
    portrait = attach(victim, png_bytes(), "portrait.png", MediaFile.Role.PORTRAIT)
    page = client.get(victim.get_absolute_url()).content.decode()
    assert portrait.get_thumbnail_url() in page and portrait.get_thumbnail_url() in names_list(client)
    assert json_ld(page)["image"]["contentUrl"].endswith(portrait.get_absolute_url())
    assert f'property="og:image" content="http://testserver{portrait.get_absolute_url()}"' in page
    version = record_version("victim", victim.identifier)

    admin = Client()
    admin.force_login(curator)
    url = reverse("admin:archive_victim_change", args=[victim.pk])
    form = admin.get(url)
    data = change_form_data(form)
    data[f"{media_prefix(form)}-0-withheld"] = "on"
    assert admin.post(url, data).status_code == 302

    page = client.get(victim.get_absolute_url()).content.decode()
    assert "Tələbə idi." in page
    assert portrait.key.hex not in page and portrait.key.hex not in names_list(client)
    assert "image" not in json_ld(page) and "og:image" not in page
    assert "closed-note" not in page  # the victim's record is open; only this file is withheld
    assert client.get(portrait.get_absolute_url()).status_code == 404
    assert record_version("victim", victim.identifier) != version  # conditional GETs see the change


def test_a_testimony_with_a_withheld_recording_shows_its_transcript_without_player_or_moments(client):
    testimony = TestimonyFactory(title="Gecənin ifadəsi")
    recording = attach_recording(testimony)
    add_segments(testimony, [("12", "", "Küçədə tanklar var idi.")])
    recording.withheld = True
    recording.save()

    page = client.get(testimony.get_absolute_url()).content.decode()

    assert "Küçədə tanklar var idi." in page
    assert "<audio" not in page and "<video" not in page and recording.key.hex not in page
    assert "#t=" not in page and "player.js" not in page
    assert "closed-note" not in page
    assert "associatedMedia" not in json_ld(page)
    transcript = client.get(reverse("memorial:testimony_transcript_txt", kwargs={"identifier": testimony.identifier}))
    assert transcript.status_code == 200 and "Küçədə tanklar var idi." in transcript.content.decode()


def test_the_testimony_list_calls_it_a_written_account_with_nothing_to_open(client):
    testimony = TestimonyFactory(title="Yazılı qalan")
    recording = attach_recording(testimony)
    recording.withheld = True
    recording.save()

    listing = client.get(reverse("memorial:testimonies"), {"media": "true"})
    assert testimony.title not in listing.content.decode()
    listing = client.get(reverse("memorial:testimonies"), {"kind": "written"}).content.decode()
    assert testimony.title in listing


def test_a_document_with_withheld_pages_shows_its_description_but_no_page(client):
    document = DocumentFactory(title="Arayış", description_en="A certificate.", transcription="Əmr №1")
    page_scan = attach(document, png_bytes(), "page.png", MediaFile.Role.PAGE)
    page_scan.withheld = True
    page_scan.save()

    html = client.get(document.get_absolute_url()).content.decode()

    assert "Arayış" in html and "Əmr №1" in html
    assert page_scan.key.hex not in html
    assert document.title not in client.get(reverse("memorial:documents"), {"media": "true"}).content.decode()
