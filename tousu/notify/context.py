"""The variables a notification template sees (docs/notifications.md lists them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
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


def _person(user: User | None) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff is not None else user.get_full_name() or user.get_username()


def _escalation_clause(spec: PolicySpec, level: str) -> str:
    return next((rule.clause for rule in spec.escalation if rule.to == level and rule.clause), "")


def _level_label(spec: PolicySpec, level: str, english: bool) -> str:
    """Who an escalation level is, in the policy's own words when it names them (P5.3
    物业公司经理), else the level's general name."""
    grant = next((named for at, named in spec.people.levels.items() if at == level), None)
    groups = [spec.people.groups[name] for name in (grant.groups if grant else []) if name in spec.people.groups]
    labels = [(group.label_en if english and group.label_en else group.label) for group in groups]
    return "、".join(labels) if labels else _label(vocab.EscalationLevel, level)


def _policy_reason(event: OutboxEvent, spec: PolicySpec, level: str) -> str:
    """Why a policy rule raised the case, when no person gave a reason (P5.3, P4.5.3)."""
    clause = _escalation_clause(spec, level) if (event.data or {}).get("rule") == "policy" else ""
    return _("As the procedure says (%(clause)s)") % {"clause": clause} if clause else ""


def _level(complaint: Complaint, recipient: User | None) -> str:
    """How much of the complainant a message to `recipient` may carry: all of it to the
    complainant themself; to staff what tousu.cases.personal allows them on this case."""
    return personal.FULL if recipient is None else personal.level_for(recipient, complaint)


def _name(complaint: Complaint, level: str) -> str:
    if level == personal.FULL:
        return complaint.complainant_name
    return personal.mask_name(complaint.complainant_name) if level == personal.MASKED else ""


def build(
    event: OutboxEvent, complaint: Complaint, spec: PolicySpec, *, language: str, recipient: User | None
) -> dict[str, Any]:
    data = event.data or {}
    level = _level(complaint, recipient)
    with override(language):
        category = spec.category_index().get(complaint.category)
        clock = next((c for c in spec.clocks if c.name == data.get("clock")), None)
        to_level = data.get("to") or data.get("escalated_to") or complaint.escalation_level
        english = language.startswith("en")
        # The complainant's own credentials go to the complainant only: staff work on the
        # desk, and the code opens the public status page.
        own = recipient is None
        values = {
            "number": complaint.number,
            "verification_code": complaint.verification_code if own else "",
            "kind_label": _label(vocab.Kind, complaint.kind),
            # Staff see the complainant's name as tousu.cases.personal decides: in full,
            # masked, or not at all outside a confidential reporter's need-to-know list.
            "name": _name(complaint, level),
            "received_at": _when(complaint.received_at),
            "policy_title": (spec.title_en if english and spec.title_en else spec.title),
            "org": spec.title,
            "category_label": ((category[0].label_en if english else category[0].label) if category else "")
            or complaint.category,
            "severity_label": _label(vocab.Severity, complaint.severity),
            "department": complaint.department.name if complaint.department else "",
            "assignee": _person(complaint.assignee) if complaint.assignee_id else "",
            "next_due_at": _when(complaint.next_due_at),
            "summary": complaint.content[:200],
            "status_link": status_link(complaint) if own else "",
            "callback_link": satisfaction_link(complaint) if own and event.action == "resolve" else "",
            "recipient": _person(recipient),
            "clock_label": ((clock.label_en if english and clock.label_en else clock.label) if clock else "")
            or data.get("clock", ""),
            "clock_clause": clock.clause if clock else "",
            "due_at": _when(data.get("due_at")),
            "level_label": _level_label(spec, to_level, english) if to_level else "",
            "escalated_to": _level_label(spec, data["escalated_to"], english) if data.get("escalated_to") else "",
            "reason": data.get("reason") or data.get("clause") or _policy_reason(event, spec, to_level),
            "clause": data.get("clause") or _escalation_clause(spec, to_level),
            "text": data.get("text") or data.get("summary") or "",
            "outcome_label": _label(vocab.Outcome, complaint.outcome) if complaint.outcome else "",
            # A questionnaire invitation (tousu.improve.surveys, P3.e1).
            "survey_title": data.get("survey", ""),
            "survey_link": f"{settings.TOUSU_BASE_URL}{data['path']}" if data.get("path") else "",
        }
        if event.action == "handoff_result":
            # P2.4: the body that finished is the organisation the case was handed to.
            values["department"] = data.get("organisation") or values["department"]
            values["outcome_label"] = _label(vocab.Outcome, data["outcome"]) if data.get("outcome") else ""
    if level == personal.ABSENT:
        # P2.11: outside the need-to-know list a confidential reporter is absent from the
        # whole message, whatever a template or a colleague's text puts in it: the name,
        # phones, e-mail, ID number and address are cut out of every value, masked forms too.
        cut = personal.cutter(personal.identity(complaint))
        values = {key: cut(value) if isinstance(value, str) else value for key, value in values.items()}
    return values
