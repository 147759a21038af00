"""The variables a notification template sees (docs/notifications.md lists them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import override

from tousu.cases import personal, vocab
from tousu.cases.models import Complaint
from tousu.notify.links import satisfaction_link, status_link
from tousu.notify.models import OutboxEvent
from tousu.policies.schema import Policy as PolicySpec


def _when(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _label(choices: type[vocab.models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _name(user: User | None) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff is not None else user.get_full_name() or user.get_username()


def _escalation_clause(spec: PolicySpec, level: str) -> str:
    return next((rule.clause for rule in spec.escalation if rule.to == level and rule.clause), "")


def _staff_sees_name(complaint: Complaint, recipient: User | None) -> str:
    if recipient is None:
        return complaint.complainant_name
    if complaint.confidential:
        return ""
    level = personal.level_for(recipient, complaint)
    return complaint.complainant_name if level == personal.FULL else personal.mask_name(complaint.complainant_name)


def build(
    event: OutboxEvent, complaint: Complaint, spec: PolicySpec, *, language: str, recipient: User | None
) -> dict[str, Any]:
    data = event.data or {}
    with override(language):
        category = spec.category_index().get(complaint.category)
        clock = next((c for c in spec.clocks if c.name == data.get("clock")), None)
        level = data.get("to") or data.get("escalated_to") or complaint.escalation_level
        english = language.startswith("en")
        return {
            "number": complaint.number,
            "verification_code": complaint.verification_code,
            "kind_label": _label(vocab.Kind, complaint.kind),
            # P2.11: a confidential reporter's name stays out of every message but their own.
            # Staff see the name as tousu.cases.personal decides (masked, or absent for the
            # party complained about of a confidential reporter, P2.11).
            "name": _staff_sees_name(complaint, recipient),
            "received_at": _when(complaint.received_at),
            "policy_title": (spec.title_en if english and spec.title_en else spec.title),
            "org": spec.title,
            "category_label": ((category[0].label_en if english else category[0].label) if category else "")
            or complaint.category,
            "severity_label": _label(vocab.Severity, complaint.severity),
            "department": complaint.department.name if complaint.department else "",
            "assignee": _name(complaint.assignee) if complaint.assignee_id else "",
            "next_due_at": _when(complaint.next_due_at),
            "summary": complaint.content[:200],
            "status_link": status_link(complaint),
            "callback_link": satisfaction_link(complaint) if event.action == "resolve" else "",
            "recipient": _name(recipient),
            "clock_label": ((clock.label_en if english and clock.label_en else clock.label) if clock else "")
            or data.get("clock", ""),
            "clock_clause": clock.clause if clock else "",
            "due_at": _when(data.get("due_at")),
            "level_label": _label(vocab.EscalationLevel, level) if level else "",
            "escalated_to": _label(vocab.EscalationLevel, data["escalated_to"]) if data.get("escalated_to") else "",
            "reason": data.get("reason") or data.get("clause") or "",
            "clause": data.get("clause") or _escalation_clause(spec, level),
            "text": data.get("text") or data.get("summary") or "",
            "outcome_label": _label(vocab.Outcome, complaint.outcome) if complaint.outcome else "",
            # A questionnaire invitation (tousu.improve.surveys, P3.e1).
            "survey_title": data.get("survey", ""),
            "survey_link": f"{settings.TOUSU_BASE_URL}{data['path']}" if data.get("path") else "",
        }
