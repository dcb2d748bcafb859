"""What the desk's tests share: filled-in public forms, and a record whose files are closed."""

from __future__ import annotations

import time

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from archive.abuse import issue_stamp
from archive.kinds import by_model
from archive.models import Access, MediaFile
from requests_desk.forms import AccessRequestForm, CorrectionForm
from tests.factories import VictimFactory
from tests.memorial_tests.test_records import attach, png_bytes

A_WHILE_AGO = 60  # seconds: a form filled in at a person's pace


def stamp(form=CorrectionForm, *, seconds_ago: float = A_WHILE_AGO) -> str:
    return issue_stamp(issued_at=time.time() - seconds_ago, salt=form.stamp_salt)


def correction_data(**overrides) -> dict:
    return {
        "what_is_wrong": "The date of death is given as 20 January.",
        "what_is_right": "He died of his wounds on 22 January 1990.",
        "source": "I am his sister; his death certificate says 22 January.",
        "sender_name": "Leyla Məmmədova",
        "sender_email": "leyla@example.org",
        "website": "",
        "stamp": stamp(CorrectionForm),
        **overrides,
    }


def access_data(**overrides) -> dict:
    return {
        "requester_name": "Dr Aysel Rzayeva",
        "requester_email": "aysel@university.example",
        "purpose": "A study of the families' testimonies, Baku State University.",
        "terms_agreed": "on",
        "website": "",
        "stamp": stamp(AccessRequestForm),
        **overrides,
    }


def correction_url(record, prefix: str = "/en") -> str:
    return prefix + _path("requests_desk:correction", record)


def access_url(record, prefix: str = "/en") -> str:
    return prefix + _path("requests_desk:request_access", record)


def _path(name: str, record) -> str:
    """The address without a language prefix, whatever language the last request left active."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs={"kind": by_model(record).plural, "identifier": record.identifier})


def closed_victim(**fields):
    """A published victim whose files are closed ("metadata only"), with a portrait and a photograph."""
    victim = VictimFactory(access=Access.METADATA, **fields)
    attach(victim, png_bytes("red"), "portrait.png", MediaFile.Role.PORTRAIT)
    attach(victim, png_bytes("blue"), "photo.png", MediaFile.Role.PHOTO)
    return victim


def review_url(row) -> str:
    """A correction's or access request's staff page, without a language prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        return row.get_review_url()


def record_page(record, prefix: str = "/en") -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return prefix + record.get_absolute_url()
