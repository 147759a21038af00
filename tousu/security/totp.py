"""The optional second factor: a time-based one-time password (RFC 6238) from an
authenticator app. A staff member enrols by scanning a QR code (drawn here, as SVG) and
confirming one code; from then on login asks for a code after the password."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import segno
from django.utils import timezone

from tousu.security.models import TotpDevice

ISSUER = "Tousu"
STEP = 30


def device_of(user: Any) -> TotpDevice | None:
    """The user's confirmed device, if any."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def pending_of(user: Any) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()


def start_enrolment(user: Any) -> TotpDevice:
    """A fresh secret, unconfirmed (the caller refuses while a confirmed one exists)."""
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "last_step": 0, "confirmed_at": None}
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as an SVG element (no external service, no inline style)."""
    return str(segno.make(uri, error="m").svg_inline(scale=5, omitsize=False))


def verify(device: TotpDevice, code: str) -> bool:
    """True once per code: the step used is remembered so a code cannot be replayed."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for drift in (0, -1, 1):  # one step of clock drift either way
        at = now + drift * STEP
        step = int(at // STEP)
        if step > device.last_step and totp.verify(code, for_time=at):
            # Conditional update: two concurrent logins with one code cannot both pass.
            updated = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
            return updated == 1
    return False


def confirm(device: TotpDevice, code: str) -> bool:
    if not verify(device, code):
        return False
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    return True
