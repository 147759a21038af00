"""Everything the case page shows, read in a fixed number of queries: the case, its
clocks with due times and countdowns, its timeline (internal apart from public), its
attachments, and the actions this user may take now (`actions.available_actions`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.cases import disclosure, personal, reported, vocab, who_acts
from tousu.cases.actions import action_label, available_actions
from tousu.cases.callback_links import callback_path
from tousu.cases.lifecycle import MOVES
from tousu.cases.models import Attachment, Clock, Complaint, Event
from tousu.org.models import Staff, Unit
from tousu.policies.registry import spec_of_version
from tousu.web.action_forms import FIELD_LABELS, UNITS, Choices, action_form
from tousu.web.desk import Desk
from tousu.web.present import category_label, choice_label, clock_label, countdown, handoff_label, policy_title

# Event data keys whose values are vocabulary codes, shown with their translated label.
VALUE_CHOICES: dict[str, type[vocab.models.TextChoices]] = {
    "reply_kind": vocab.ReplyKind,
    "channel": vocab.Channel,
    "outcome": vocab.Outcome,
    "satisfaction": vocab.Satisfaction,
    "responsibility": vocab.Responsibility,
    "to": vocab.EscalationLevel,
    "from": vocab.EscalationLevel,
    "level": vocab.EscalationLevel,
    "severity": vocab.Severity,
}
EVENT_COLUMNS = (
    "seq action actor_kind at state_before state_after data note public actor__username actor__staff__display_name"
).split()
HIDDEN_KEYS = {"letter", "due_after", "previous_due", "rule"}


@dataclass
class ActionPanel:
    name: str
    label: str
    form: forms.Form | None  # None: loaded when the panel is opened
    open: bool = False
    error: str = ""


@dataclass
class CaseView:
    complaint: Complaint
    facts: list[tuple[str, str]]
    clocks: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    attachments: list[Attachment]
    panels: list[ActionPanel]
    links: dict[str, str] = field(default_factory=dict)
    tags: list[tuple[str, str]] = field(default_factory=list)
    # The next steps this user may not take, with who may (P4.5.3 …).
    hints: list[who_acts.Hint] = field(default_factory=list)
    policy: str = ""
    upload_error: str = ""


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and key in VALUE_CHOICES:
        return choice_label(VALUE_CHOICES[key], value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        parsed = dt.datetime.fromisoformat(value)
        return timezone.localtime(parsed).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(parsed) else value
    return str(value)


def _names(rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Display names for the department codes and usernames events store: two queries."""
    codes, usernames = set(), set()
    for e in rows:
        for key, value in (e["data"] or {}).items():
            kind = _name_kind(e["action"], key)
            if kind == "department" and isinstance(value, str):
                codes.add(value)
            elif kind == "user" and isinstance(value, str):
                usernames.add(value)
    names: dict[tuple[str, str], str] = {}
    if codes:
        for code, name in Unit.objects.filter(code__in=codes).values_list("code", "name"):
            names[("department", code)] = name
    if usernames:
        staff = Staff.objects.filter(user__username__in=usernames).values_list("user__username", "display_name")
        for username, name in staff:
            names[("user", username)] = name
    return names


NAME_KEYS = {
    "department": "department",
    "responsible_department": "department",
    "assignee": "user",
    "approved_by": "user",
}


def _name_kind(action: str, key: str) -> str:
    """Whether an event's data value is a department code or a username (or neither)."""
    if (action == "transfer" and key in ("from", "to")) or (action == "hand_off" and key == "to"):
        return "department"
    return NAME_KEYS.get(key, "")


# Values whose meaning depends on the action: screening and verification decisions.
ACTION_CHOICES: dict[tuple[str, str], type[vocab.models.TextChoices]] = {
    ("screen", "decision"): vocab.Scope,
    ("verify", "decision"): vocab.Validity,
}
UNIT_LABELS = dict(UNITS)
TRANSFER_LABELS = {"from": gettext_lazy("From department"), "to": gettext_lazy("To department")}
# A hand-off goes to a unit of another organisation (P2.4).
HANDOFF_LABELS = {"to": gettext_lazy("Receiving unit")}


def _shown(action: str, key: str, value: Any, names: dict[tuple[str, str], str], spec: Any) -> str:
    kind = _name_kind(action, key)
    if kind and isinstance(value, str):
        return names.get((kind, value), value)
    if (action, key) in ACTION_CHOICES and isinstance(value, str):
        return choice_label(ACTION_CHOICES[(action, key)], value)
    if key == "clock" and isinstance(value, str):
        return clock_label(spec, value)
    if key == "handoff" and isinstance(value, str):
        return handoff_label(spec, value)
    if key == "unit" and value in UNIT_LABELS:
        return str(UNIT_LABELS[value])
    return _value(key, value)


def _key_label(action: str, key: str) -> str:
    if action == "transfer" and key in TRANSFER_LABELS:
        return str(TRANSFER_LABELS[key])
    if action == "hand_off" and key in HANDOFF_LABELS:
        return str(HANDOFF_LABELS[key])
    return str(FIELD_LABELS.get(key, key))


def _event(c: Complaint, e: dict[str, Any], names: dict[tuple[str, str], str], spec: Any) -> dict[str, Any]:
    """One timeline entry; its texts as the viewer may see them (P2.11)."""
    e = {**e, "data": disclosure.value(c, e["data"] or {}), "note": personal.text_of(c, e["note"])}
    if e["actor_kind"] == "complainant":
        actor = _("the complainant")
    elif e["actor_kind"] == "system":
        actor = _("policy rule")
    else:
        actor = e["actor__staff__display_name"] or e["actor__username"] or ""
    data = [
        (_key_label(e["action"], k), _shown(e["action"], k, v, names, spec))
        for k, v in (e["data"] or {}).items()
        if k not in HIDDEN_KEYS and v not in (None, "", [], {})
    ]
    changed = e["state_before"] and e["state_before"] != e["state_after"]
    return {
        **e,
        "label": action_label(e["action"]),
        "actor": actor,
        "data_items": data,
        "state_change": (
            f"{choice_label(vocab.State, e['state_before'])} → {choice_label(vocab.State, e['state_after'])}"
            if changed
            else ""
        ),
    }


def _clock(k: Clock, spec: Any, now: dt.datetime) -> dict[str, Any]:
    running = k.state == vocab.ClockState.RUNNING
    shown = vocab.ClockState.BREACHED if running and k.due_at < now else k.state
    return {
        "name": k.name,
        "label": clock_label(spec, k.name),
        "cycle": k.cycle,
        "state": shown,
        "state_label": choice_label(vocab.ClockState, shown),
        "due_at": k.due_at,
        "met_at": k.met_at,
        "countdown": countdown(k.due_at, now, running),
        "estimated": k.estimated,
        "extensions": k.extensions,
    }


def _facts(c: Complaint, spec: Any) -> list[tuple[str, str]]:
    rows: list[tuple[str, Any]] = [
        (_("Kind"), choice_label(vocab.Kind, c.kind)),
        (_("Channel"), choice_label(vocab.Channel, c.channel)),
        (_("Category"), category_label(spec, c.category)),
        (_("Received at"), timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M")),
        (_("First received by"), _staff_name(c.received_by)),
        (_("Department"), c.department.name if c.department else ""),
        (_("Responsible person"), _staff_name(c.assignee)),
        (_("Complainant"), c.complainant_name or (_("anonymous") if c.anonymous else "")),
        (_("Phone"), c.complainant_phone),
        (_("Other phone"), c.complainant_alt_phone),
        (_("Unit number"), c.complainant_unit),
        (_("Address"), c.complainant_address),
        (_("Contact person"), c.contact_person),
        (_("E-mail"), c.complainant_email),
        (_("ID number"), c.complainant_id_number),
        (_("Organisation complained about"), c.subject_org),
        (_("Department complained about"), c.subject_department),
        (_("Person complained about"), c.subject_person),
        # The party reported as the directory knows it: only for whoever may know the reporter.
        (_("Reported party (P2.11)"), reported.display(c) if personal.sees_restricted(c) else ""),
        (_("Equipment type"), choice_label(vocab.EquipmentType, c.equipment_type)),
        (
            _("Equipment lifecycle stage"),
            choice_label(vocab.EquipmentStage, c.equipment_stage),
        ),
        (_("Location"), c.location),
        (_("Severity"), choice_label(vocab.Severity, c.severity)),
        (_("Referred to"), c.referral_target),
        (_("Responsibility"), choice_label(vocab.Responsibility, c.responsibility)),
        (_("Outcome"), choice_label(vocab.Outcome, c.outcome)),
        (_("Satisfaction"), choice_label(vocab.Satisfaction, c.satisfaction)),
        (_("Handling plan"), c.handling_plan),
        (_("Improvement plan"), c.improvement_plan),
        (_("Signed off"), _("yes") if c.signed_off else ""),
        (_("Times reopened"), str(c.reopen_count) if c.reopen_count else ""),
    ]
    return [(label, str(value)) for label, value in rows if value]


def _written(data: dict[str, Any]) -> bool:
    return data.get("channel") == vocab.Channel.LETTER or data.get("reply_kind") == vocab.ReplyKind.RESULT


def _staff_name(user: Any) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.get_username()


def panel(complaint: Complaint, desk: Desk, action: str, seen_version: int | None) -> ActionPanel | None:
    """One action's panel with its form, if the action is open to this user now. The form
    carries the version of the case the user was looking at, so that acting on a case
    someone changed since is refused as a conflict, not applied blindly."""
    if action not in available_actions(complaint, desk.user):
        return None
    spec = spec_of_version(complaint.policy_version_id)
    choices = Choices(complaint, spec, list(Clock.objects.filter(complaint=complaint)))
    form = action_form(action, complaint, choices)
    if seen_version is not None:
        form.initial["version"] = seen_version
    return ActionPanel(action, action_label(action), form, open=True)


def build(
    complaint: Complaint,
    desk: Desk,
    *,
    failed: str | None = None,
    failed_form: forms.Form | None = None,
    error: str = "",
) -> CaseView:
    """The page of `complaint` for `desk`; `failed` names an action whose form comes back
    with its errors (and stays open)."""
    disclosure.shown(complaint, desk.user)
    now = timezone.now()
    spec = spec_of_version(complaint.policy_version_id)
    clocks = list(Clock.objects.filter(complaint=complaint).order_by("name", "cycle"))
    events = Event.objects.filter(complaint=complaint).order_by("seq")
    rows = events.values(*EVENT_COLUMNS)
    rows = list(rows)
    names = _names(rows)
    panels = []
    for name in available_actions(complaint, desk.user):
        if name == failed and failed_form is not None:
            panels.append(ActionPanel(name, action_label(name), failed_form, open=True, error=error))
        else:
            panels.append(ActionPanel(name, action_label(name), None))
    if failed and failed not in {p.name for p in panels}:
        # The move is no longer available (e.g. someone else acted): say why at the top.
        panels.insert(0, ActionPanel(failed, action_label(failed), failed_form or forms.Form(), True, error))
    links = {"record": reverse("printing:record", kwargs={"number": complaint.number})}
    # The written reply (P5.4) exists once a reply went by letter or told the result; to a
    # confidential reporter it is a restricted document (P2.11).
    written = any(e["action"] == "reply" and _written(e["data"] or {}) for e in rows)
    if written and personal.sees_restricted(complaint):
        links["letter"] = reverse("printing:letter", kwargs={"number": complaint.number})
    if spec.steps.callback and complaint.state in MOVES["callback"].sources:
        links["callback"] = callback_path(complaint)
    tags = []
    if complaint.urgent:
        tags.append(("urgent", _("same-day urgent")))
    if complaint.severity != vocab.Severity.GENERAL:
        tags.append(("sev", choice_label(vocab.Severity, complaint.severity)))
    if complaint.escalation_level:
        level = choice_label(vocab.EscalationLevel, complaint.escalation_level)
        tags.append(("sev", _("escalated to %(level)s") % {"level": level}))
    if complaint.confidential:
        tags.append(("conf", _("confidential reporter (P2.11)")))
    return CaseView(
        complaint=complaint,
        facts=_facts(complaint, spec),
        clocks=[_clock(k, spec, now) for k in clocks],
        timeline=[_event(complaint, e, names, spec) for e in rows],
        attachments=disclosure.attachments(complaint),
        panels=panels,
        links=links,
        tags=tags,
        policy=policy_title(spec),
        hints=who_acts.hints(complaint, desk.user),
    )
