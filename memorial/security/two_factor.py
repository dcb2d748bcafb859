"""Second factor for staff (django-otp): an authenticator app (TOTP) and single-use recovery codes.

Required for curators and superusers (they publish and read private testimonies), optional for reviewers: a
reviewer who sets one up is asked for it at every sign-in, like a curator. A recovery code is a static token,
deleted as it is used; a new set replaces the old one whole. A superuser who deletes someone's devices in the
admin (OTP_TOTP > TOTP devices) lets them set up a new authenticator at their next sign-in.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.roles import CURATORS

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def requires_two_factor(user: AbstractBaseUser) -> bool:
    """Whether this signed-in member of staff may reach nothing without a second factor."""
    if not (settings.STAFF_TWO_FACTOR_REQUIRED and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=CURATORS).exists()


def has_second_factor(user: AbstractBaseUser) -> bool:
    """A confirmed authenticator or recovery code: such a user must give a code to sign in."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def has_authenticator(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def authenticator_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit until it is confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; the first set of recovery codes, or None if the code is wrong."""
    if not device.verify_token(normalised(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    """A new set of ``STAFF_RECOVERY_CODES`` codes, the old ones no longer valid. Shown once: kept only as tokens."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.STAFF_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def normalised(token: str) -> str:
    """What people type: spaces and dashes between groups, capitals from a printed recovery code."""
    return "".join(token.split()).replace("-", "").lower()


def verified_device(*, user: AbstractBaseUser, token: str) -> Device | None:
    """The device that accepts this code, using it up (a recovery code is deleted, a TOTP code cannot be given
    twice). Six digits are tried on the authenticator only, anything else on the recovery codes only, so a mistyped
    code slows down (django-otp's throttling) the one kind it was meant for."""
    token = normalised(token)
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    return None


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The ``otpauth://`` address as an SVG QR code, drawn as paths: no script, no inline style, no image URL."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # made here from the device's own address
