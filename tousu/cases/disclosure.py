"""What is shown with a case besides its own fields — timeline texts, attachments, list
rows — as its viewer may see it. The API, the desk and printing all read through here,
after `personal.shown` decided the viewer's level for the case (P2.11).

Outside the need-to-know list a confidential reporter is absent: every text shown with
the case has the reporter's name, phones, e-mail and ID number cut out
(`personal.text_of`), and restricted documents (the letter to the reporter, a file staff
marked confidential) are neither listed nor served: asking for one answers like a
missing file.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet

from tousu.cases import personal
from tousu.cases.models import Attachment, Complaint

# The identity columns a list row must read so that its texts can be cut.
ROW_IDENTITY = personal.FIELDS


# Free texts of the case that its handling writes (personal.apply cuts the report's own).
CASE_TEXTS = ("handling_plan", "improvement_plan", "referral_target", "responsibility_norm", "subject_org")


def shown(complaint: Complaint, user: Any) -> Complaint:
    """The case as `user` may see it: `personal.shown`, and the reporter cut out of the
    texts its handling wrote too (a plan naming the reporter, P2.11)."""
    personal.shown(complaint, user)
    for name in CASE_TEXTS:
        setattr(complaint, name, personal.text_of(complaint, getattr(complaint, name) or ""))
    return complaint


def value(complaint: Complaint, data: Any) -> Any:
    """An event's data (strings, lists, nested dicts) with the reporter cut out."""
    if isinstance(data, str):
        return personal.text_of(complaint, data)
    if isinstance(data, dict):
        return {key: value(complaint, item) for key, item in data.items()}
    if isinstance(data, list):
        return [value(complaint, item) for item in data]
    return data


def attachments(complaint: Complaint, qs: QuerySet[Attachment] | None = None) -> list[Attachment]:
    """The attachments this case's viewer may see, in order, their names cut."""
    found = Attachment.objects.filter(complaint=complaint) if qs is None else qs
    if not personal.sees_restricted(complaint):
        found = found.filter(restricted=False)
    shown = list(found.order_by("id"))
    for attachment in shown:
        attachment.name = personal.text_of(complaint, attachment.name)
    return shown


def attachment(complaint: Complaint, token: str) -> Attachment | None:
    """One attachment to serve, or None (missing, or restricted and not for this viewer)."""
    found = complaint.attachments.filter(token=token).first()
    if found is None or (found.restricted and not personal.sees_restricted(complaint)):
        return None
    found.name = personal.text_of(complaint, found.name)
    return found


def row_content(row: dict[str, Any]) -> str:
    """A list row's text. A list never names a confidential reporter, whoever reads it
    (`personal.row_name`): their identity is cut out of the text of a confidential row."""
    content = row.get("content") or ""
    if not row.get("confidential"):
        return content
    return personal.cutter(personal.identity(SimpleNamespace(**row)))(content)
