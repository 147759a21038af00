"""Links in messages to complainants."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from tousu.cases.models import Complaint

CALLBACK_SALT = "tousu.callback"


def status_link(complaint: Complaint) -> str:
    """Where the complainant follows the case (the public status, number + code)."""
    query = urlencode({"number": complaint.number, "code": complaint.verification_code})
    return f"{settings.TOUSU_BASE_URL}/api/v1/public/status?{query}"


def satisfaction_link(complaint: Complaint) -> str:
    """The callback request's satisfaction link (P4.9).

    The web desk builds the page and its path (tousu.cases.callback_links.callback_path);
    this is the one place that turns it into a link, so merging the web desk only changes
    this function. Until then the link carries a signed token of the case's number."""
    try:
        from tousu.cases.callback_links import callback_path  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        token = signing.dumps(complaint.number, salt=CALLBACK_SALT)
        return f"{settings.TOUSU_BASE_URL}/callback/{token}/"
    return f"{settings.TOUSU_BASE_URL}{callback_path(complaint)}"
