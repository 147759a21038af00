"""The portal's plain pages: the start page, the published channels and the privacy notice."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.cases.vocab import Channel
from tousu.portal.published import in_language, published_policies


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def channels(request: HttpRequest) -> HttpResponse:
    """P2.4, P2.7, P2.14: hotlines, mailbox, address and scope, as each policy publishes them."""
    organisations: list[dict[str, Any]] = []
    for published in published_policies():
        contact = published.spec.public_contact
        if contact is None:
            continue
        organisations.append(
            {
                "policy": published,
                "organisation": in_language(contact.organisation, contact.organisation_en),
                "hotlines": [
                    {
                        "label": in_language(h.label, h.label_en),
                        "number": h.number,
                        "hours": in_language(h.hours, h.hours_en),
                    }
                    for h in contact.hotlines
                ],
                "mailbox": contact.mailbox,
                "website": contact.website,
                "address": in_language(contact.address, contact.address_en),
                "reception_hours": in_language(contact.reception_hours, contact.reception_hours_en),
                "scope": in_language(contact.scope, contact.scope_en),
                "publicity": in_language(contact.publicity, contact.publicity_en),
                "channels": [Channel(c).label for c in published.spec.channels if c in PUBLIC_CHANNELS],
            }
        )
    return render(request, "portal/channels.html", {"organisations": organisations})


# Channels a member of the public can use; internal transfers, front-line filings and
# the API are how staff and systems bring cases in.
PUBLIC_CHANNELS = {
    Channel.PHONE,
    Channel.VISIT,
    Channel.HEAD_OFFICE_VISIT,
    Channel.LETTER,
    Channel.FAX,
    Channel.EMAIL,
    Channel.WEB,
    Channel.HOTLINE,
    Channel.MEDIA,
    Channel.FORUM,
}


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")
