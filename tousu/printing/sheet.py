"""Which facts a printed record form shows: read once from the case, its timeline and its
clocks. The templates only lay them out (one template per procedure's form)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from tousu.cases import disclosure, personal, vocab
from tousu.cases.actions import action_label
from tousu.cases.models import Attachment, Clock, Complaint, Event
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.texts import in_language


def person(user: User | None) -> str:
    """A staff member's display name as printed on a form."""
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.display_name if staff is not None else user.get_username()


def choice_label(choices: type[vocab.models.TextChoices], value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class Step:
    """One timeline event as a form shows it."""

    seq: int
    action: str
    label: str
    at: dt.datetime
    by: str
    actor_kind: str
    data: dict[str, Any]
    note: str
    public: bool

    @property
    def channel_label(self) -> str:
        return choice_label(vocab.Channel, str(self.data.get("channel") or ""))

    @property
    def satisfaction_label(self) -> str:
        return choice_label(vocab.Satisfaction, str(self.data.get("satisfaction") or ""))


@dataclass
class Sheet:
    complaint: Complaint
    spec: PolicySpec
    category: str
    labels: dict[str, str]
    steps: list[Step]
    clocks: list[dict[str, Any]]
    attachments: list[Attachment]
    by_action: dict[str, list[Step]] = field(default_factory=dict)

    def of(self, action: str) -> list[Step]:
        return self.by_action.get(action, [])

    def last(self, action: str) -> Step | None:
        found = self.of(action)
        return found[-1] if found else None

    # Named lists for the templates (a template cannot call `of` with an argument).
    transfers = property(lambda self: self.of("transfer"))
    handoffs = property(lambda self: self.of("hand_off"))
    handoff_results = property(lambda self: self.of("handoff_result"))
    extensions = property(lambda self: self.of("extend"))
    resolves = property(lambda self: self.of("resolve"))
    site_visits = property(lambda self: self.of("site_visit"))
    follow_ups = property(lambda self: self.of("follow_up"))
    last_screen = property(lambda self: self.last("screen"))
    last_verify = property(lambda self: self.last("verify"))
    last_sign_off = property(lambda self: self.last("sign_off"))

    @property
    def replies(self) -> list[Step]:
        return self.of("reply")

    @property
    def callbacks(self) -> list[Step]:
        return self.of("callback")

    @property
    def result_reply(self) -> Step | None:
        results = [s for s in self.replies if s.data.get("reply_kind") == vocab.ReplyKind.RESULT]
        return results[-1] if results else None

    @property
    def first_reply(self) -> Step | None:
        firsts = [s for s in self.replies if s.data.get("reply_kind") == vocab.ReplyKind.FIRST]
        return firsts[0] if firsts else None


def sheet_of(complaint: Complaint) -> Sheet:
    """The facts of a case already protected for its reader (`disclosure.shown`): the
    timeline's texts and the attachments as they may see them (P2.11)."""
    spec = spec_of_version(complaint.policy_version_id)
    events = list(Event.objects.filter(complaint=complaint).select_related("actor__staff").order_by("seq"))
    steps = [
        Step(
            seq=e.seq,
            action=e.action,
            label=action_label(e.action),
            at=e.at,
            by=person(e.actor) or (_("the complainant") if e.actor_kind == "complainant" else ""),
            actor_kind=e.actor_kind,
            data=disclosure.value(complaint, e.data),
            note=personal.text_of(complaint, e.note),
            public=e.public,
        )
        for e in events
    ]
    by_action: dict[str, list[Step]] = {}
    for step in steps:
        by_action.setdefault(step.action, []).append(step)
    clock_labels = {k.name: in_language(k.label, k.label_en) for k in spec.clocks}
    clocks = [
        {
            "label": clock_labels.get(k.name, k.name),
            "cycle": k.cycle,
            "state": choice_label(vocab.ClockState, k.state),
            "due_at": k.due_at,
            "met_at": k.met_at,
            "extensions": k.extensions,
        }
        for k in Clock.objects.filter(complaint=complaint).order_by("started_at", "name", "cycle")
    ]
    entry = spec.category_index().get(complaint.category)
    category = in_language(entry[0].label, entry[0].label_en) if entry else complaint.category
    c = complaint
    labels = {
        "kind": choice_label(vocab.Kind, c.kind),
        "channel": choice_label(vocab.Channel, c.channel),
        "state": choice_label(vocab.State, c.state),
        "severity": choice_label(vocab.Severity, c.severity),
        "quality": choice_label(vocab.Quality, c.quality),
        "complaint_type": choice_label(vocab.ComplaintType, c.complaint_type),
        "equipment_type": choice_label(vocab.EquipmentType, c.equipment_type),
        "equipment_stage": choice_label(vocab.EquipmentStage, c.equipment_stage),
        "region": choice_label(vocab.Region, c.region),
        "scope": choice_label(vocab.Scope, c.scope),
        "validity": choice_label(vocab.Validity, c.validity),
        "responsibility": choice_label(vocab.Responsibility, c.responsibility),
        "outcome": choice_label(vocab.Outcome, c.outcome),
        "satisfaction": choice_label(vocab.Satisfaction, c.satisfaction),
        "escalation_level": choice_label(vocab.EscalationLevel, c.escalation_level),
        "department": c.department.name if c.department else "",
        "assignee": person(c.assignee),
        "received_by": person(c.received_by),
        "policy": in_language(spec.title, spec.title_en),
    }
    return Sheet(
        complaint=c,
        spec=spec,
        category=category,
        labels=labels,
        steps=steps,
        clocks=clocks,
        attachments=disclosure.attachments(c),
        by_action=by_action,
    )


# The record forms of each procedure (by the policy's `procedure`), in printing order.
RECORD_FORMS: dict[str, list[str]] = {
    "P2": ["printing/forms/p2_registration.html"],  # P2.5 登记表
    "P3": ["printing/forms/p3_record.html"],  # P3.a 顾客投诉及处理记录表
    "P4": ["printing/forms/p4_record.html"],  # P4.5.1 客户投诉处理记录表 (KH-07-R01)
    "P5": ["printing/forms/p5_reception.html", "printing/forms/p5_handling.html"],  # P5.1, P5.2
}
GENERIC_FORM = ["printing/forms/generic_record.html"]


def record_forms(spec: PolicySpec) -> list[str]:
    return RECORD_FORMS.get(spec.procedure, GENERIC_FORM)
