"""The curators' admin: who may do what, publishing through actions, uploads through ingest, history, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from archive.models import MediaFile, Status, Testimony, Victim
from tests.factories import (
    DocumentFactory,
    EventFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    SubjectFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["victim", "testimony", "document", "mediafile", "place", "event", "source", "subject"]
ADDABLE = [name for name in MODELS if name != "mediafile"]


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:archive_{model}_{view}", args=args)


def stored_media(record, *, kind: str = MediaFile.Kind.IMAGE, content_type: str = "image/png") -> MediaFile:
    """A media file as ingest leaves it, written straight to storage (ingest itself is tested elsewhere)."""
    media = MediaFile(
        kind=kind,
        content_type=content_type,
        size=3,
        sha256="a" * 64,
        source_sha256="a" * 64,
        role=MediaFile.Role.PHOTO,
        **{record._meta.model_name: record},
    )
    media.file.save("anything.bin", ContentFile(b"abc"), save=False)
    media.save()
    return media


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _form_data(data: dict, form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = field.prepare_value(form[name].value())
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[form.add_prefix(name)] = list(value or [])
            continue
        data[form.add_prefix(name)] = "" if value is None else value


def change_form_data(response) -> dict:
    """What a browser would post back from the rendered change form, unchanged."""
    data: dict = {}
    _form_data(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        data[f"{formset.prefix}-INITIAL_FORMS"] = len(formset.initial_forms)
        for form in formset.initial_forms:
            _form_data(data, form)
    return data


def media_prefix(response) -> str:
    return next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is MediaFile)


def add_upload(data: dict, prefix: str, upload: SimpleUploadedFile, **fields) -> dict:
    index = data[f"{prefix}-TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-upload": upload, f"{prefix}-{index}-role": MediaFile.Role.PORTRAIT})
    data.update({f"{prefix}-{index}-order": 0})
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def offered_actions(client, model: str) -> set[str]:
    response = client.get(admin_url(model, "changelist"))
    action_form = response.context["action_form"]
    return {name for name, _label in action_form.fields["action"].choices if name} if action_form else set()


# --- who may see and do what ---


@pytest.mark.parametrize("model", MODELS)
def test_curator_opens_every_changelist(client, curator, model):
    client.force_login(curator)
    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", ADDABLE)
def test_curator_opens_every_add_page(client, curator, model):
    client.force_login(curator)
    assert client.get(admin_url(model, "add")).status_code == 200


def test_media_files_are_added_on_their_record_not_alone(client, curator):
    client.force_login(curator)
    assert client.get(admin_url("mediafile", "add")).status_code == 403


def test_curator_opens_change_pages_of_every_kind_of_record(client, curator):
    client.force_login(curator)
    victim = VictimFactory()
    objects = {
        "victim": victim,
        "testimony": TestimonyFactory(),
        "document": DocumentFactory(),
        "mediafile": stored_media(victim),
        "place": PlaceFactory(),
        "event": EventFactory(),
        "source": SourceFactory(),
        "subject": SubjectFactory(),
    }
    for model, obj in objects.items():
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


@pytest.mark.parametrize("model", MODELS)
def test_reviewer_reads_changelists(client, reviewer, model):
    client.force_login(reviewer)
    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", ADDABLE)
def test_reviewer_may_not_add(client, reviewer, model):
    client.force_login(reviewer)
    assert client.get(admin_url(model, "add")).status_code == 403


def test_reviewer_sees_a_victim_read_only_and_cannot_save_it(client, reviewer):
    victim = VictimFactory(surname_az="Əliyev")
    client.force_login(reviewer)
    url = admin_url("victim", "change", victim.pk)

    response = client.get(url)
    assert response.status_code == 200
    assert "Əliyev" in response.content.decode()
    assert 'name="_save"' not in response.content.decode()

    assert client.post(url, {"surname_az": "Dəyişdirilmiş"}).status_code == 403
    victim.refresh_from_db()
    assert victim.surname_az == "Əliyev"


def test_reviewer_is_not_offered_publishing_and_cannot_post_it(client, reviewer):
    draft = VictimFactory(status=Status.DRAFT)
    client.force_login(reviewer)

    assert not offered_actions(client, "victim") & {"publish_selected", "withdraw_selected"}
    client.post(
        admin_url("victim", "changelist"), {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk], "index": 0}
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_curator_is_offered_publish_and_withdraw_but_not_delete(client, curator):
    client.force_login(curator)
    for model in ["victim", "testimony", "document", "event"]:
        actions = offered_actions(client, model)
        assert {"publish_selected", "withdraw_selected"} <= actions, model
        assert "delete_selected" not in actions, model


def test_a_victim_cannot_be_deleted_in_the_admin(client, curator):
    victim = VictimFactory()
    client.force_login(curator)

    assert client.get(admin_url("victim", "delete", victim.pk)).status_code == 403
    assert client.post(admin_url("victim", "delete", victim.pk), {"post": "yes"}).status_code == 403
    assert Victim.objects.filter(pk=victim.pk).exists()


def test_a_media_file_cannot_be_deleted_in_the_admin(client, curator):
    media = stored_media(VictimFactory())
    client.force_login(curator)
    assert client.post(admin_url("mediafile", "delete", media.pk), {"post": "yes"}).status_code == 403
    assert MediaFile.objects.filter(pk=media.pk).exists()


# --- publishing and withdrawing ---


def test_curator_publishes_a_draft_victim_with_the_action(client, curator):
    draft = VictimFactory(status=Status.DRAFT)
    assert not draft.is_public
    client.force_login(curator)

    response = client.post(
        admin_url("victim", "changelist"), {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk], "index": 0}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert draft.is_public


def test_status_cannot_be_set_by_editing_the_form(client, curator):
    draft = VictimFactory(status=Status.DRAFT, surname_az="Qarayev")
    client.force_login(curator)
    url = admin_url("victim", "change", draft.pk)
    data = change_form_data(client.get(url))
    data["status"] = Status.PUBLISHED
    data["surname_az"] = "Qarayeva"

    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.surname_az == "Qarayeva"
    assert draft.status == Status.DRAFT


def test_withdraw_asks_for_a_reason_and_keeps_it(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    changelist = admin_url("victim", "changelist")

    confirmation = client.post(
        changelist, {"action": "withdraw_selected", ACTION_CHECKBOX_NAME: [victim.pk], "index": 0}
    )
    assert confirmation.status_code == 200
    assert 'name="reason"' in confirmation.content.decode()
    victim.refresh_from_db()
    assert victim.status == Status.PUBLISHED

    response = client.post(
        changelist,
        {"action": "withdraw_selected", ACTION_CHECKBOX_NAME: [victim.pk], "apply": "1", "reason": "Duplicate of V-1"},
    )

    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.status == Status.WITHDRAWN
    assert victim.withdrawal_reason == "Duplicate of V-1"
    assert not victim.is_public


def test_withdraw_without_a_reason_changes_nothing(client, curator):
    victim = VictimFactory()
    client.force_login(curator)

    response = client.post(
        admin_url("victim", "changelist"),
        {"action": "withdraw_selected", ACTION_CHECKBOX_NAME: [victim.pk], "apply": "1", "reason": "   "},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    victim.refresh_from_db()
    assert victim.status == Status.PUBLISHED


def test_publishing_an_archive_only_testimony_is_refused_with_a_message(client, curator):
    kept = TestimonyFactory(status=Status.DRAFT, narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    client.force_login(curator)

    response = client.post(
        admin_url("testimony", "changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [kept.pk], "index": 0},
        follow=True,
    )

    assert response.status_code == 200
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert kept.identifier in str(errors[0])
    kept.refresh_from_db()
    assert kept.status == Status.DRAFT


def test_a_refused_record_leaves_the_rest_of_the_batch_unpublished(client, curator):
    fine = TestimonyFactory(status=Status.DRAFT, narrator_consent=Testimony.Consent.NAMED)
    kept = TestimonyFactory(status=Status.DRAFT, narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    client.force_login(curator)

    client.post(
        admin_url("testimony", "changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [fine.pk, kept.pk], "index": 0},
    )

    fine.refresh_from_db()
    assert fine.status == Status.DRAFT


def test_curator_publishes_an_event(client, curator):
    event = EventFactory(status=Status.DRAFT)
    client.force_login(curator)
    client.post(
        admin_url("event", "changelist"), {"action": "publish_selected", ACTION_CHECKBOX_NAME: [event.pk], "index": 0}
    )
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED


def test_changing_consent_of_a_published_testimony_to_archive_only_is_a_form_error(client, curator):
    testimony = TestimonyFactory(narrator_consent=Testimony.Consent.NAMED)
    client.force_login(curator)
    url = admin_url("testimony", "change", testimony.pk)
    data = change_form_data(client.get(url))
    data["narrator_consent"] = Testimony.Consent.ARCHIVE_ONLY

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    testimony.refresh_from_db()
    assert testimony.narrator_consent == Testimony.Consent.NAMED


# --- finding records ---


def test_search_finds_a_victim_by_russian_surname(client, curator):
    wanted = VictimFactory(surname_az="Məmmədov", surname_ru="Мамедов")
    VictimFactory(surname_az="Hüseynov", surname_ru="Гусейнов")
    client.force_login(curator)

    response = client.get(admin_url("victim", "changelist"), {"q": "Мамедов"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_search_finds_a_victim_by_a_name_variant(client, curator):
    wanted = VictimFactory(surname_az="Cəfərov")
    NameVariantFactory(victim=wanted, name="Dzhafarov")
    NameVariantFactory(victim=wanted, name="Jafarov Dzhafar")
    VictimFactory(surname_az="Hüseynov")
    client.force_login(curator)

    response = client.get(admin_url("victim", "changelist"), {"q": "Dzhafarov"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_search_finds_a_victim_by_identifier(client, curator):
    wanted = VictimFactory()
    VictimFactory()
    client.force_login(curator)
    response = client.get(admin_url("victim", "changelist"), {"q": wanted.identifier})
    assert list(response.context["cl"].result_list) == [wanted]


def test_victim_changelist_queries_do_not_grow_with_the_victims(client, curator):
    place = PlaceFactory()
    client.force_login(curator)
    url = admin_url("victim", "changelist")

    def queries_for(count: int) -> int:
        VictimFactory.create_batch(count, incident_place=place)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = queries_for(5)
    many = queries_for(15)
    assert Victim.objects.count() == 20
    assert many == few
    assert many <= 20


@pytest.mark.parametrize("model", ["testimony", "document", "mediafile", "event"])
def test_other_changelists_query_a_fixed_number_of_times(client, curator, model, django_assert_max_num_queries):
    client.force_login(curator)
    place = PlaceFactory()
    for _number in range(10):
        victim = VictimFactory()
        TestimonyFactory(recorded_place=place).victims.add(victim)
        DocumentFactory()
        EventFactory(place=place)
        stored_media(victim)
    with django_assert_max_num_queries(20):
        assert client.get(admin_url(model, "changelist")).status_code == 200


def test_demo_records_are_marked_in_the_changelist(client, curator):
    VictimFactory(surname_az="Nümunəov", is_demo=True)
    client.force_login(curator)

    html = client.get(admin_url("victim", "changelist")).content.decode()
    assert html.count('class="demo-badge"') == 1

    VictimFactory(surname_az="Həqiqiyev")
    html = client.get(admin_url("victim", "changelist")).content.decode()
    assert html.count('class="demo-badge"') == 1


# --- history and export ---


def test_history_shows_who_changed_what(client, curator):
    victim = VictimFactory(surname_az="Rəhimov", status=Status.DRAFT)
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    data = change_form_data(client.get(url))
    data["surname_az"] = "Rəhimli"
    assert client.post(url, data).status_code == 302

    history = client.get(admin_url("victim", "history", victim.pk))

    assert history.status_code == 200
    html = history.content.decode()
    assert "curator" in html
    assert "Rəhimli" in html
    latest = victim.history.first()
    assert latest.history_user == curator


def test_history_cannot_be_reverted_around_the_services(client, curator):
    victim = VictimFactory(status=Status.DRAFT)
    first = victim.history.last()
    victim.publish()
    victim.save()
    client.force_login(curator)

    url = reverse("admin:archive_victim_simple_history", args=[victim.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    victim.refresh_from_db()
    assert victim.status == Status.PUBLISHED


def test_export_csv_has_identifiers_and_names(client, curator):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Əli", surname_ru="Мамедов")
    client.force_login(curator)
    export = admin_url("victim", "export")
    assert client.get(export).status_code == 200

    response = client.post(export, {"format": "0", "resource": "0"})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0].startswith("identifier,")
    assert victim.identifier in text
    assert "Məmmədov" in text
    assert "Мамедов" in text


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3"]
)
def test_export_csv_keeps_a_typed_formula_as_text(client, curator, typed):
    VictimFactory(surname_az="Məmmədov", given_name_az=typed, biography_az=typed)
    client.force_login(curator)

    response = client.post(admin_url("victim", "export"), {"format": "0", "resource": "0"})

    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    # A spreadsheet reads a cell that starts with an apostrophe as text, whatever follows.
    assert row["given_name_az"] == "'" + typed
    assert row["biography_az"] == "'" + typed
    assert row["surname_az"] == "Məmmədov"


def test_export_json_has_identifiers_and_names(client, curator):
    victim = VictimFactory(surname_az="Cəfərov", surname_ru="Джафаров")
    client.force_login(curator)

    response = client.post(admin_url("victim", "export"), {"format": "1", "resource": "0"})

    rows = json.loads(response.content)
    assert [(row["identifier"], row["surname_az"], row["surname_ru"]) for row in rows] == [
        (victim.identifier, "Cəfərov", "Джафаров")
    ]


# --- media ---


def test_media_previews_go_through_the_checked_urls(client, curator):
    victim = VictimFactory()
    image = stored_media(victim)
    recording = stored_media(victim, kind=MediaFile.Kind.AUDIO, content_type="audio/mpeg")
    client.force_login(curator)

    html = client.get(admin_url("victim", "change", victim.pk)).content.decode()

    assert f'<img src="{image.get_absolute_url()}"' in html
    assert f'<audio controls preload="none" src="{recording.get_absolute_url()}"' in html


def test_media_file_page_shows_the_codec_next_to_the_duration(client, curator):
    recording = stored_media(TestimonyFactory(), kind=MediaFile.Kind.VIDEO, content_type="video/webm")
    MediaFile.objects.filter(pk=recording.pk).update(duration=192, codec="vp9+opus")
    client.force_login(curator)

    html = client.get(admin_url("mediafile", "change", recording.pk)).content.decode()

    assert (
        html.index("field-duration") < html.index("field-codec") < html.index("vp9+opus") < html.index("field-sha256")
    )
    assert 'name="codec"' not in html  # recorded at ingest, not edited


def test_uploaded_text_is_not_marked_safe_in_previews(client, curator):
    victim = VictimFactory()
    media = stored_media(victim)
    media.alt_text = '"><script>alert(1)</script>'
    media.save()
    client.force_login(curator)

    html = client.get(admin_url("mediafile", "changelist")).content.decode()

    assert "<script>alert(1)</script>" not in html


def test_curator_uploads_a_png_on_the_victim_page(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    data = add_upload(change_form_data(page), media_prefix(page), upload, caption_en="At home, 1988")

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    media = MediaFile.objects.get(victim=victim)
    assert media.kind == MediaFile.Kind.IMAGE
    assert media.role == MediaFile.Role.PORTRAIT
    assert media.caption_en == "At home, 1988"
    assert (media.width, media.height) == (40, 30)
    assert "portrait" not in media.file.name
    assert media.file.storage.exists(media.file.name)
    assert media.history.first().history_user == curator
    page = client.get(url).content.decode()
    assert f'<img src="{media.get_thumbnail_url()}"' in page


def test_curator_adds_a_victim_with_a_portrait_in_one_go(client, curator):
    client.force_login(curator)
    url = admin_url("victim", "add")
    page = client.get(url)
    data = change_form_data(page)
    data.update(surname_az="Yeniyev", given_name_az="Vüqar", death_date="1990-01-20")
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    data = add_upload(data, media_prefix(page), upload)

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    victim = Victim.objects.get(surname_az="Yeniyev")
    assert victim.status == Status.DRAFT
    assert victim.media.get().kind == MediaFile.Kind.IMAGE


def test_a_new_media_row_without_a_file_is_refused(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    data = change_form_data(page)
    prefix = media_prefix(page)
    data[f"{prefix}-TOTAL_FORMS"] += 1
    data.update({f"{prefix}-0-role": MediaFile.Role.PHOTO, f"{prefix}-0-order": 0, f"{prefix}-0-caption_en": "x"})

    response = client.post(url, data)

    assert response.status_code == 200
    media_formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is MediaFile)
    assert [error.code for error in media_formset.forms[0].errors.as_data()["upload"]] == ["required"]
    assert not MediaFile.objects.exists()


def test_a_lying_file_is_refused_with_the_reason_and_nothing_is_stored(client, curator, private_media_root):
    from archive.ingest import IngestError, prepare_upload

    content = b"<html><script>alert(1)</script></html>"
    with pytest.raises(IngestError) as refusal:
        prepare_upload(SimpleUploadedFile("portrait.png", content, content_type="image/png"))
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    upload = SimpleUploadedFile("portrait.png", content, content_type="image/png")
    data = add_upload(change_form_data(page), media_prefix(page), upload)

    response = client.post(url, data)

    assert response.status_code == 200
    media_formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is MediaFile)
    assert media_formset.forms[0].errors["upload"] == [str(refusal.value)]
    assert str(refusal.value) in response.content.decode()
    assert not MediaFile.objects.exists()
    assert not [path for path in private_media_root.rglob("*") if path.is_file()]


def test_editing_a_stored_media_row_keeps_its_file(client, curator):
    victim = VictimFactory()
    media = stored_media(victim)
    stored = media.file.name
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    data = change_form_data(page)
    data[f"{media_prefix(page)}-0-caption_en"] = "Family photograph"

    assert client.post(url, data).status_code == 302
    media.refresh_from_db()
    assert media.caption_en == "Family photograph"
    assert media.file.name == stored
    assert MediaFile.objects.count() == 1


def test_curator_ticks_the_languages_of_a_testimony(client, curator):
    testimony = TestimonyFactory(languages=["az"])
    client.force_login(curator)
    url = admin_url("testimony", "change", testimony.pk)
    page = client.get(url)
    assert 'type="checkbox" name="languages" value="ru"' in page.content.decode()
    data = change_form_data(page)
    data["languages"] = ["az", "ru"]

    response = client.post(url, data)

    assert response.status_code == 302
    testimony.refresh_from_db()
    assert testimony.languages == ["az", "ru"]


@pytest.mark.parametrize("next_url", ["", "http://elsewhere.example/", "//elsewhere.example/admin/", "javascript:x"])
def test_a_staff_login_whose_next_leads_off_the_site_lands_on_the_curators_desk(client, curator, next_url):
    curator.set_password("a long passphrase 1990")
    curator.save()

    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": "curator", "password": "a long passphrase 1990", "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
