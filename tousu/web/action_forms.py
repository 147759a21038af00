"""One small form per action, built from the action's input model (tousu.cases.inputs),
the contract the API publishes too. The form only collects and converts values; the
domain (`actions.perform`) validates them and decides.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic.fields import FieldInfo

from tousu.cases import people, reported, vocab
from tousu.cases.inputs import ACTION_INPUTS
from tousu.cases.models import Clock, Complaint
from tousu.cases.vocab import ClockState
from tousu.org import tree as org_tree
from tousu.policies.schema import Policy as PolicySpec
from tousu.web.present import category_label, clock_label, handoff_label

FIELD_LABELS: dict[str, Any] = {
    "decision": _("Decision"),
    "referral_target": _("Refer to"),
    "explanation": _("Explanation given"),
    "passed_to": _("Passed to"),
    "findings": _("Findings"),
    "category": _("Category"),
    "severity": _("Severity"),
    "urgent": _("Same-day urgent (P4.7.1)"),
    "quality": _("Quality"),
    "complaint_type": _("Complaint type"),
    "equipment_type": _("Equipment type"),
    "equipment_stage": _("Equipment lifecycle stage"),
    "region": _("Region"),
    "kind": _("Kind"),
    "department": _("Department"),
    "reason": _("Reason"),
    "assignee": _("Responsible person"),
    "plan": _("Handling plan"),
    "reply_kind": _("Reply"),
    "channel": _("Channel"),
    "text": _("Text"),
    "second_reply_by": _("Second reply agreed by (P4.6.1)"),
    "note": _("Note (internal)"),
    "technician": _("Technician"),
    "arrived_at": _("Arrived at"),
    "work_done": _("Work done"),
    "customer_confirmed": _("Customer confirmed"),
    "customer_signature": _("Customer signature"),
    "responsibility": _("Responsibility"),
    "norm": _("Norm or procedure broken"),
    "responsible_department": _("Responsible department"),
    "responsible_person": _("Responsible person"),
    "outcome": _("Outcome"),
    "summary": _("Summary"),
    "clock": _("Deadline"),
    "amount": _("Extend by"),
    "unit": _("Time unit"),
    "approved_by": _("Approved by"),
    "improvement_plan": _("Improvement plan"),
    "target_date": _("Target date"),
    "reached": _("Complainant reached"),
    "satisfaction": _("Satisfaction"),
    "comments": _("Complainant's comments"),
    "opinion": _("Opinion"),
    "level": _("Escalate to"),
    "into": _("Merge into case number"),
    "public": _("The complainant may see this"),
    "due_before": _("Due before"),
    "from": _("From"),
    "to": _("To"),
    "due_at": _("Due at"),
    "handoff": _("Hand over"),
    "organisation": _("Organisation"),
    "copy": _("Their case number"),
    "clause": _("Clause"),
}
# Where the main text of an action is its note, the note is not "internal" by label.
NOTE_IS_MAIN = {"note": _("Note"), "follow_up": _("Follow-up record")}
UNITS = [("calendar_days", _("calendar days")), ("working_days", _("working days")), ("hours", _("hours"))]
LONG_TEXT = 500


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the inner type, whether None is allowed) of `X | None`."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _max_length(info: FieldInfo) -> int | None:
    for meta in info.metadata:
        value = getattr(meta, "max_length", None)
        if value is not None:
            return int(value)
    return None


class Choices:
    """The choices that depend on the case: departments, staff, clocks, categories."""

    def __init__(self, complaint: Complaint, spec: PolicySpec, clocks: list[Clock]):
        self.complaint, self.spec, self.clocks = complaint, spec, clocks
        self._departments: list[tuple[str, str]] | None = None
        self._staff: list[tuple[str, str]] | None = None

    def departments(self) -> list[tuple[str, str]]:
        """The units of the case's own organisation (another is reached by a hand-off);
        for a confidential report, never the party reported's (P2.11)."""
        if self._departments is None:
            tree = org_tree.current()
            organisation = self.complaint.organisation_id
            party = reported.units_of_party(self.complaint) if self.complaint.confidential else set()
            units = [
                n
                for n in tree.nodes.values()
                if n.organisation_id == organisation and n.parent_id is not None and n.id not in party
            ]
            self._departments = [(n.code, tree.path(n.id).split(" / ", 1)[-1]) for n in units]
            self._departments.sort(key=lambda pair: pair[1])
        return self._departments

    def staff(self) -> list[tuple[str, str]]:
        """Active staff of the case's organisation it may be given to now: of its
        department, or whom the policy allows (P2.9, P3.f); never the party reported (P2.11)."""
        if self._staff is None:
            tree = org_tree.current()
            party = reported.units_of_party(self.complaint) if self.complaint.confidential else set()
            roster = people.Roster(self.complaint.organisation_id)
            rows: dict[str, str] = {}
            for username, display_name, held in sorted(roster.positions, key=lambda e: (e[1], e[2].id)):
                if held.user_id == self.complaint.reported_person_id or held.unit_id in party:
                    continue
                if people.may_be_given(held, self.complaint, self.spec, tree)[0]:
                    rows.setdefault(username, f"{display_name or username} ({held.title or held.role.label})")
            self._staff = list(rows.items())
        return self._staff

    def handoffs(self) -> list[tuple[str, str]]:
        """The hand-offs the policy names (P2.4, P2.8): the only way to another organisation."""
        return [(h.code, handoff_label(self.spec, h.code)) for h in self.spec.handoffs]

    def running_clocks(self) -> list[tuple[str, str]]:
        active = [c for c in self.clocks if c.state in (ClockState.RUNNING, ClockState.PAUSED)]
        return [(c.name, clock_label(self.spec, c.name)) for c in active]

    def categories(self) -> list[tuple[str, str]]:
        return [(code, category_label(self.spec, code)) for code in self.spec.category_codes()]

    def reply_channels(self) -> list[tuple[str, str]]:
        channels = self.spec.reply_channels or list(vocab.Channel)
        return [(str(c.value), str(vocab.Channel(c).label)) for c in channels]


def _choice_field(name: str, choices: list[tuple[str, Any]], optional: bool, label: Any) -> forms.Field:
    if optional:
        choices = [("", "—"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=not optional)


def _field(action: str, name: str, info: FieldInfo, dynamic: Choices) -> forms.Field | None:
    inner, nullable = _unwrap(info.annotation)
    optional = nullable or not info.is_required()
    label = NOTE_IS_MAIN.get(action) if name == "note" and action in NOTE_IS_MAIN else FIELD_LABELS.get(name, name)
    if name == "department":
        return _choice_field(name, dynamic.departments(), optional, label)
    if name in ("assignee", "approved_by"):
        return _choice_field(name, dynamic.staff(), optional, label)
    if name == "clock":
        return _choice_field(name, dynamic.running_clocks(), False, label)
    if name == "handoff":
        return _choice_field(name, dynamic.handoffs(), False, label)
    if name == "category":
        return _choice_field(name, dynamic.categories(), optional, label)
    if name == "channel" and action == "reply":
        return _choice_field(name, dynamic.reply_channels(), optional, label)
    if name == "unit":
        return forms.ChoiceField(label=label, choices=UNITS, initial=info.default)
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return _choice_field(name, list(inner.choices), optional, label)  # type: ignore[attr-defined]
    if inner is bool:
        if nullable:  # e.g. classify's urgent: leave unchanged, yes or no
            return _choice_field(name, [("true", _("yes")), ("false", _("no"))], True, label)
        return forms.BooleanField(label=label, required=False)
    if inner is int:
        return forms.IntegerField(label=label, required=not optional)
    if inner is dt.datetime:
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return forms.DateTimeField(label=label, required=not optional, widget=widget)
    if inner is dt.date:
        return forms.DateField(label=label, required=not optional, widget=forms.DateInput(attrs={"type": "date"}))
    if inner is str:
        length = _max_length(info)
        text: forms.Widget | None = forms.Textarea(attrs={"rows": 3}) if length is None or length > LONG_TEXT else None
        required = not optional and not (info.default == "" and name == "note")
        return forms.CharField(label=label, required=required, max_length=length, widget=text, strip=True)
    return None


def action_form(
    action: str, complaint: Complaint, dynamic: Choices, data: Any = None, prefix: str | None = None
) -> forms.Form:
    """The form for `action` on this case, with the case version as a hidden field."""
    model = ACTION_INPUTS[action]
    form = forms.Form(data, prefix=prefix or action, initial={"version": complaint.version})
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
    for name, info in model.model_fields.items():
        if name in ("version", "public"):
            continue
        field = _field(action, name, info, dynamic)
        if field is not None:
            form.fields[name] = field
    if action == "note":
        form.fields["public"] = forms.BooleanField(label=FIELD_LABELS["public"], required=False)
    # The main fields first, the optional internal note last.
    if "note" in form.fields and action not in NOTE_IS_MAIN:
        form.fields["note"] = form.fields.pop("note")
    return form


def payload(form: forms.Form) -> dict[str, Any]:
    """The cleaned values as the action's input: blanks left out, so defaults apply."""
    out: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        if value is None or value == "":
            continue
        if value in ("true", "false") and isinstance(form.fields[name], forms.ChoiceField):
            value = value == "true"
        if isinstance(form.fields[name], forms.BooleanField) and name == "public" and not value:
            continue
        out[name] = value
    return out
