"""What each outbox event means for whom: the rules of who is told, then one delivery
(and one job) per recipient and channel.

Runs in the worker, never in the case's transaction. An event is claimed with a
conditional UPDATE of `expanded_at`, so two workers never expand it twice; the deliveries
and their jobs are written in that same transaction, so a crash leaves either all or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tousu.cases import scope
from tousu.cases.models import Complaint
from tousu.cases.vocab import Severity, UnitKind
from tousu.jobs.queue import submit
from tousu.notify import prefs, recipients
from tousu.notify.models import Channel, Delivery, Kind, OutboxEvent, WebhookDelivery
from tousu.notify.quiet import quiet_until
from tousu.notify.webhooks import endpoints_for, payload_for
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import Policy as PolicySpec

REPORTING_BODIES = {UnitKind.INSPECTION, UnitKind.ENFORCEMENT}


@dataclass
class Intent:
    kind: str
    staff: list[User] = field(default_factory=list)
    complainant: bool = False


def intents(event: OutboxEvent, complaint: Complaint, spec: PolicySpec) -> list[Intent]:
    """Who hears of this event, as which kind of notice."""
    data: dict[str, Any] = event.data or {}
    action = event.action
    found: list[Intent] = []
    if action == "register":
        if not complaint.anonymous:
            found.append(Intent(Kind.ACKNOWLEDGEMENT, complainant=True))
        if complaint.department_id is not None:
            found.append(Intent(Kind.ASSIGNMENT, staff=recipients.department_head(complaint)))
    elif action == "assign":
        found.append(Intent(Kind.ASSIGNMENT, staff=recipients.handler_or_head(complaint)))
    elif action == "transfer":
        found.append(Intent(Kind.ASSIGNMENT, staff=recipients.department_head(complaint)))
    elif action == "escalate":
        level = data.get("to", "")
        major = data.get("rule") == "policy" and complaint.severity == Severity.MAJOR
        found.append(
            Intent(Kind.MAJOR_CASE if major else Kind.ESCALATION, staff=recipients.at_level(level, complaint, spec))
        )
    elif action == "breach":
        found.append(
            Intent(Kind.BREACHED, staff=recipients.handler_or_head(complaint) + recipients.department_head(complaint))
        )
        if data.get("escalated_to"):
            found.append(Intent(Kind.ESCALATION, staff=recipients.at_level(data["escalated_to"], complaint, spec)))
    elif action == "reply" and data.get("reply_kind") == "result":
        found.append(Intent(Kind.RESULT, complainant=True))
    elif action == "resolve":
        if spec.steps.callback and not complaint.anonymous:
            found.append(Intent(Kind.CALLBACK_REQUEST, complainant=True))
        if complaint.department is not None and complaint.department.kind in REPORTING_BODIES:
            found.append(Intent(Kind.SUPERVISION_REPORT, staff=recipients.supervision_body(complaint)))
    elif action == "handoff_result":
        # P2.4: the result of a hand-off came back; the responsible person and the
        # supervision body file it.
        who = recipients.handler_or_head(complaint) + recipients.supervision_body(complaint)
        found.append(Intent(Kind.SUPERVISION_REPORT, staff=who))
    elif action == "due_soon":
        # The responsible person, and the head warned before the deadline is missed.
        who = recipients.handler_or_head(complaint) + recipients.department_head(complaint)
        found.append(Intent(Kind.DUE_SOON, staff=who))
    elif action == "follow_up_due":
        receiver = recipients.first_receiver(complaint)
        found.append(Intent(Kind.FOLLOW_UP_DUE, staff=receiver or recipients.handler_or_head(complaint)))
    elif action == "survey_invite":
        found.append(Intent(Kind.SURVEY, complainant=True))
    return found


def _staff_address(user: User, channel: str) -> str | None:
    if channel == Channel.INAPP:
        return ""
    if channel == Channel.EMAIL:
        return user.email or None
    staff = getattr(user, "staff", None)
    phone = (staff.phone if staff else "").replace(" ", "")
    return phone if phone and recipients.MOBILE.match(phone) else None


def plan(event: OutboxEvent, complaint: Complaint, spec: PolicySpec) -> list[Delivery]:
    """The deliveries for one event: every intent × recipient × channel, deduplicated."""
    from tousu.notify.templates import has_template

    planned: dict[str, Delivery] = {}

    def add(kind: str, channel: str, user: User | None, address: str) -> None:
        if not has_template(kind, channel):
            return
        who = f"user:{user.pk}" if user is not None else address
        key = f"{event.pk}:{kind}:{channel}:{who}"
        planned.setdefault(
            key,
            Delivery(
                event=event,
                complaint=complaint,
                kind=kind,
                channel=channel,
                user=user,
                address=address,
                language=settings.LANGUAGE_CODE,
                key=key,
            ),
        )

    for intent in intents(event, complaint, spec):
        if intent.complainant:
            for contact in recipients.complainant_addresses(complaint):
                add(intent.kind, contact.channel, None, contact.value)
        people = list({u.pk: u for u in intent.staff if u is not None and u.is_active}.values())
        # Staff are told only of cases in their scope (tousu.cases.scope).
        people = [u for u in people if scope.in_scope(u, complaint.pk)]
        wanted = prefs.enabled_channels(people, intent.kind) if people else {}
        for user in people:
            for channel in sorted(wanted[user.pk]):
                address = _staff_address(user, channel)
                if address is not None:
                    add(intent.kind, channel, user, address)
    return list(planned.values())


def expand(event_id: int) -> int:
    """Claim one outbox event and write its deliveries and webhook calls with their jobs.
    Returns how many were planned (0 if another worker had it)."""
    with transaction.atomic():
        claimed = OutboxEvent.objects.filter(pk=event_id, expanded_at=None).update(expanded_at=timezone.now())
        if claimed != 1:
            return 0
        event = OutboxEvent.objects.get(pk=event_id)
        complaint = Complaint.objects.select_related("department", "organisation", "home").get(pk=event.complaint_id)
        spec = spec_of_version(complaint.policy_version_id)
        deliveries = plan(event, complaint, spec)
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        created = Delivery.objects.filter(event=event).values_list("pk", "channel", "user_id")
        for delivery_id, channel, user_id in created:
            held = quiet_until() if channel == Channel.SMS and user_id is None else None
            submit("notify.deliver", {"delivery_id": delivery_id}, run_at=held)
        calls = []
        if event.seq is not None:
            for endpoint in endpoints_for(event.action, complaint.policy_name):
                calls.append(
                    WebhookDelivery(
                        endpoint=endpoint,
                        event=event,
                        key=f"{endpoint.pk}:{event.pk}",
                        payload=payload_for(event, complaint),
                    )
                )
        WebhookDelivery.objects.bulk_create(calls, ignore_conflicts=True)
        for call_id in WebhookDelivery.objects.filter(event=event).values_list("pk", flat=True):
            submit("notify.webhook", {"call_id": call_id})
        return len(deliveries) + len(calls)


def expand_pending(limit: int = 200) -> int:
    """The poller: expand events nobody has expanded yet, oldest first."""
    ids = list(OutboxEvent.objects.filter(expanded_at=None).order_by("id").values_list("pk", flat=True)[:limit])
    return sum(expand(event_id) for event_id in ids)
