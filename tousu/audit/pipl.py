"""PIPL duties towards one person: export what is held about them, anonymise it on request,
and anonymise every case closed longer ago than its policy's retention period.

Anonymising blanks the complainant's personal fields (tousu.cases.personal.FIELDS) and
their search-index row; the category, dates, department, state and the timeline stay, so
every statistic still counts the case. Each anonymisation appends an `anonymise` event to
the case's timeline (hash-chained like any other) and, when a person asked, an access-log
entry with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tousu.audit import log
from tousu.cases import chain, personal
from tousu.cases.models import Attachment, Complaint, Event
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version

EXPORT_FIELDS = (
    "number",
    "policy_name",
    "received_at",
    "state",
    "closed_at",
    "category",
    "content",
    "request",
    *personal.FIELDS,
)


def cases_of(phone: str) -> QuerySet[Complaint]:
    phone = phone.strip()
    return Complaint.objects.filter(Q(complainant_phone=phone) | Q(complainant_alt_phone=phone))


def export(phone: str, *, actor: Any, reason: str) -> list[dict[str, Any]]:
    """Everything held about the person with this phone (PIPL art. 45), logged."""
    rows = list(cases_of(phone).order_by("received_at", "id").values("pk", *EXPORT_FIELDS))
    attachments: dict[int, list[str]] = {}
    for complaint_id, name in Attachment.objects.filter(complaint_id__in=[r["pk"] for r in rows]).values_list(
        "complaint_id", "name"
    ):
        attachments.setdefault(complaint_id, []).append(name)
    for row in rows:
        row["attachments"] = attachments.pop(row["pk"], [])
        log.record(actor, log.PIPL_EXPORT, complaint_id=row.pop("pk"), number=row["number"], reason=reason)
    return rows


def anonymise_case(
    complaint_id: int, *, actor: Any, reason: str, now: dt.datetime | None = None, on_request: bool = True
) -> bool:
    """Blank one case's personal data; False if it was already anonymous."""
    from tousu.search import index as search_index

    now = now or timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.get(pk=complaint_id)
        if not any(getattr(complaint, name) for name in personal.FIELDS):
            return False
        blank = dict.fromkeys(personal.FIELDS, "")
        Complaint.objects.filter(pk=complaint.pk).update(version=F("version") + 1, **blank)
        complaint.refresh_from_db()
        event = Event(
            complaint=complaint,
            seq=complaint.version,
            action="anonymise",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_kind="staff" if getattr(actor, "is_authenticated", False) else "system",
            at=now,
            state_before=complaint.state,
            state_after=complaint.state,
            data={"fields": list(personal.FIELDS)},
            note=reason,
        )
        chain.seal([event], chain.last_hash(complaint.pk, complaint.version - 1))
        event.save()
        search_index.case_written(complaint, "anonymise")
        if on_request:
            log.record(actor, log.ANONYMISE, complaint_id=complaint.pk, number=complaint.number, reason=reason)
    return True


def anonymise_person(phone: str, *, actor: Any, reason: str) -> int:
    """Anonymise every case of the person with this phone (a request under PIPL art. 47)."""
    ids = list(cases_of(phone).values_list("pk", flat=True))
    return sum(anonymise_case(pk, actor=actor, reason=reason) for pk in ids)


def anonymise_expired(now: dt.datetime | None = None) -> int:
    """Anonymise the closed cases whose policy's retention period has passed."""
    from tousu.policies.models import Policy

    now = now or timezone.now()
    done = 0
    for name in Policy.objects.values_list("name", flat=True):
        try:
            spec = spec_of_version(current_version_id(name))
        except UnknownPolicy:
            continue
        years = spec.retention.anonymise_after_years
        if years is None:
            continue
        cutoff = now - dt.timedelta(days=round(365.25 * years))
        not_blank = Q()
        for field in personal.FIELDS:
            not_blank |= ~Q(**{field: ""})
        expired = Complaint.objects.filter(
            not_blank, policy_name=name, is_open=False, closed_at__lt=cutoff
        ).values_list("pk", flat=True)
        for pk in list(expired):
            done += anonymise_case(pk, actor=None, reason=f"retention {years} years", now=now, on_request=False)
    return done
