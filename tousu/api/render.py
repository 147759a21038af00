"""Turning cases into API answers; labels are translated here, at the edge."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tousu.cases import disclosure, personal, reported
from tousu.cases.actions import Actor, action_label, available_actions
from tousu.cases.models import Attachment, Clock, Complaint, Event
from tousu.cases.public_status import public_status as cases_public_status
from tousu.cases.vocab import ClockState, State
from tousu.policies.registry import spec_of_version


def _overdue(due: dt.datetime | None, is_open: bool, now: dt.datetime) -> bool:
    return bool(is_open and due is not None and due < now)


# The columns a list row needs, read with .values(): no model instances for a list.
# A confidential row also reads the reporter's identity, to cut it out of the row's text.
SUMMARY_COLUMNS = [
    *(
        "id number policy_name kind channel state version received_at category urgent severity next_due_at is_open "
        "confidential received_by_id assignee_id home_id content department__code assignee__username"
    ).split(),
    *disclosure.ROW_IDENTITY,
]


def summary_row(r: dict[str, Any], now: dt.datetime, user: Actor = None, *, trusted: bool = False) -> dict[str, Any]:
    """One list row. The name is masked for `user` unless `trusted` (the row comes from a
    case already protected by tousu.cases.personal, or just registered by the caller)."""
    return {
        "number": r["number"],
        "policy": r["policy_name"],
        "kind": r["kind"],
        "channel": r["channel"],
        "state": r["state"],
        "state_label": str(State(r["state"]).label),
        "version": r["version"],
        "received_at": r["received_at"],
        "category": r["category"],
        "urgent": r["urgent"],
        "severity": r["severity"],
        "department": r["department__code"],
        "assignee": r["assignee__username"],
        "next_due_at": r["next_due_at"],
        "overdue": _overdue(r["next_due_at"], r["is_open"], now),
        "complainant_name": r["complainant_name"] if trusted else personal.row_name(r, user),
        "content": r["content"] if trusted else disclosure.row_content(r),
    }


def summary(c: Complaint) -> dict[str, Any]:
    row = {name: getattr(c, name) for name in SUMMARY_COLUMNS if "__" not in name}
    row["department__code"] = c.department.code if c.department_id and c.department else None
    row["assignee__username"] = c.assignee.username if c.assignee_id and c.assignee else None
    return summary_row(row, timezone.now(), trusted=True)


def created(c: Complaint) -> dict[str, Any]:
    return {**summary(c), "verification_code": c.verification_code}


def clock(k: Clock, labels: dict[str, tuple[str, str]], now: dt.datetime) -> dict[str, Any]:
    label, clause = labels.get(k.name, (k.name, ""))
    overdue = k.state == ClockState.RUNNING and k.due_at < now
    return {
        "name": k.name,
        "label": label,
        "clause": clause,
        "cycle": k.cycle,
        # A running clock past its due time is shown as breached; the row itself keeps
        # "running" until the clock stops (then "breached" with the time it was met).
        "state": ClockState.BREACHED.value if overdue else k.state,
        "started_at": k.started_at,
        "due_at": k.due_at,
        "met_at": k.met_at,
        "overdue": overdue,
        "amount": k.amount,
        "unit": k.unit,
        "estimated": k.estimated,
        "extensions": k.extensions,
    }


def event(e: Event, c: Complaint) -> dict[str, Any]:
    """A timeline event of the (protected) case `c`: its texts as the viewer may see them."""
    return {
        "seq": e.seq,
        "action": e.action,
        "action_label": action_label(e.action),
        "actor": e.actor.username if e.actor_id and e.actor else None,
        "actor_kind": e.actor_kind,
        "at": e.at,
        "state_before": e.state_before,
        "state_after": e.state_after,
        "data": disclosure.value(c, e.data),
        "note": personal.text_of(c, e.note),
        "public": e.public,
    }


def attachment(a: Attachment, number: str) -> dict[str, Any]:
    return {
        "token": a.token,
        "name": a.name,
        "content_type": a.content_type,
        "size": a.size,
        "generated": a.generated,
        "url": reverse("api-1:attachment_download", kwargs={"number": number, "token": a.token}),
    }


def reported_party(c: Complaint) -> dict[str, Any]:
    """The party reported (P2.11), for whoever may know the reporter: a confidential
    case's party is no business of anyone outside its need-to-know list."""
    if not personal.sees_restricted(c):
        return {"reported_unit": None, "reported_person": None, "reported_party": ""}
    return {
        "reported_unit": c.reported_unit.code if c.reported_unit_id and c.reported_unit else None,
        "reported_person": c.reported_person.username if c.reported_person_id and c.reported_person else None,
        "reported_party": reported.display(c) if c.reported_unit_id or c.reported_person_id else "",
    }


def detail(c: Complaint, actor: Actor) -> dict[str, Any]:
    """The case as `actor` may see it: personal data masked or absent, and absent from
    every text shown with it (tousu.cases.personal, tousu.cases.disclosure)."""
    disclosure.shown(c, actor)
    now = timezone.now()
    spec = spec_of_version(c.policy_version_id)
    labels = {k.name: (k.label, k.clause) for k in spec.clocks}
    events = list(Event.objects.filter(complaint=c).select_related("actor").order_by("seq"))
    clocks = list(Clock.objects.filter(complaint=c).order_by("name", "cycle"))
    attachments = disclosure.attachments(c)
    return {
        **created(c),
        "policy_version": c.policy_version.number,
        "received_by": c.received_by.username if c.received_by_id and c.received_by else None,
        "closed_at": c.closed_at,
        **{
            name: getattr(c, name)
            for name in (
                "complainant_phone complainant_alt_phone complainant_unit complainant_address contact_person "
                "complainant_email complainant_id_number reply_channel anonymous confidential subject_org "
                "subject_department "
                "subject_person equipment_type equipment_stage location region request scope referral_target "
                "validity quality complaint_type responsibility responsibility_norm outcome satisfaction "
                "handling_plan improvement_plan improvement_due escalation_level signed_off reopen_count extra"
            ).split()
        },
        **reported_party(c),
        "merged_into": c.merged_into.number if c.merged_into_id and c.merged_into else None,
        "clocks": [clock(k, labels, now) for k in clocks],
        "timeline": [event(e, c) for e in events],
        "attachments": [attachment(a, c.number) for a in attachments],
        "available_actions": available_actions(c, actor),
        "personal_data": getattr(c, "personal_level", personal.FULL),
    }


def public_status(c: Complaint) -> dict[str, Any]:
    """What the complainant may see: state and the public timeline, nothing personal."""
    status = cases_public_status(c)
    return {
        "number": status.number,
        "state": status.state,
        "state_label": str(State(status.state).label),
        "received_at": status.received_at,
        "closed_at": status.closed_at,
        "timeline": [
            {"action": s.action, "action_label": action_label(s.action), "at": s.at, "state_after": s.state_after}
            for s in status.steps
        ],
    }
