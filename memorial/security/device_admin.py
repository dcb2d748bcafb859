"""The admin pages of the staff's second factors (authenticator apps and recovery codes) in the admin's language.

django-otp names its fields in English only (no ``verbose_name``), so its own admin pages would show "Created at"
and "Throttling failure count" in the Azerbaijani and Russian admin. These admins show the same fields under
translated labels; administrators use them to remove the device of someone who lost their phone."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

LABELS = {
    "user": _("staff member"),
    "name": _("device name"),
    "confirmed": _("confirmed"),
    "key": _("secret key"),
    "step": _("time step (seconds)"),
    "t0": _("start of the first step (Unix time)"),
    "digits": _("digits"),
    "tolerance": _("steps of tolerance"),
    "drift": _("clock drift (steps)"),
    "throttling_failure_timestamp": _("last failed code"),
    "throttling_failure_count": _("failed codes in a row"),
}


class TranslatedDeviceAdmin:
    """The device's fields under ``LABELS``; the dates as read-only columns and fields with their own names."""

    list_display = ["owner", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = []
    readonly_fields = ["created", "last_used"]

    @admin.display(description=LABELS["user"], ordering="user")
    def owner(self, device: Model):
        return device.user

    @admin.display(description=LABELS["name"], ordering="name")
    def device_name(self, device: Model) -> str:
        return device.name

    @admin.display(description=LABELS["confirmed"], ordering="confirmed", boolean=True)
    def is_confirmed(self, device: Model) -> bool:
        return device.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, device: Model):
        return device.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, device: Model):
        return device.last_used_at

    def get_form(self, request: HttpRequest, obj: Model | None = None, **kwargs):
        kwargs["labels"] = {**LABELS, **kwargs.get("labels", {})}
        return super().get_form(request, obj, **kwargs)

    def get_list_display(self, request: HttpRequest) -> list[str]:
        return self.list_display

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list:
        return [
            (_("Device"), {"fields": ["user", "name", "confirmed"]}),
            (_("Dates"), {"fields": ["created", "last_used"]}),
            *self.settings_fieldsets(obj),
            (_("Failed codes"), {"fields": ["throttling_failure_timestamp", "throttling_failure_count"]}),
        ]

    def settings_fieldsets(self, obj: Model | None) -> list:
        return []


class TranslatedTOTPDeviceAdmin(TranslatedDeviceAdmin, TOTPDeviceAdmin):
    def settings_fieldsets(self, obj: Model | None) -> list:
        # The secret key only while the device is being added: once in use it stays out of sight.
        fields = ["step", "t0", "digits", "tolerance", "drift"] if obj else ["key", "step", "t0", "digits", "tolerance"]
        return [(_("Settings"), {"fields": fields})]


class TranslatedStaticDeviceAdmin(TranslatedDeviceAdmin, StaticDeviceAdmin):
    pass


def register() -> None:
    for model, model_admin in ((TOTPDevice, TranslatedTOTPDeviceAdmin), (StaticDevice, TranslatedStaticDeviceAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
