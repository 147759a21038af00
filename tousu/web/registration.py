"""The registration form for phone and counter intake, built from the policy: which
fields appear and which are marked required is the policy's data (required_fields,
public_fields, classifications). The domain (`intake.register`) enforces them."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tousu.cases import directory, vocab
from tousu.cases.models import Complaint
from tousu.cases.rules import is_urgent_category
from tousu.org import tree as org_tree
from tousu.org.lookup import department_by_code
from tousu.org.positions import held_by
from tousu.policies import registry
from tousu.policies.schema import Policy as PolicySpec
from tousu.search.suggest.engine import Suggestion
from tousu.web.present import category_label, choice_label, english

# The order a receptionist asks in: the phone first (it finds the caller's earlier cases).
FIELD_ORDER = (
    "complainant_phone",
    "complainant_name",
    "complainant_unit",
    "contact_person",
    "complainant_alt_phone",
    "complainant_address",
    "complainant_email",
    "complainant_id_number",
    "subject_org",
    "subject_department",
    "subject_person",
    "reported_unit",
    "reported_person",
    "equipment_type",
    "equipment_stage",
    "location",
    "region",
    "category",
    "severity",
    "quality",
    "content",
    "request",
)
ALWAYS_SHOWN = {"complainant_phone", "complainant_name", "category", "content", "request"}
BY_CLASSIFICATION = {
    "equipment": ("equipment_type", "equipment_stage"),
    "region": ("region",),
    "severity": ("severity",),
    "quality": ("quality",),
}
ENUMS: dict[str, type[vocab.models.TextChoices]] = {
    "equipment_type": vocab.EquipmentType,
    "equipment_stage": vocab.EquipmentStage,
    "region": vocab.Region,
    "severity": vocab.Severity,
    "quality": vocab.Quality,
}
LONG = {"content", "request"}
# The party reported (P2.11), picked from the directory; not fields of the case's own.
REPORTED = ("reported_unit", "reported_person")
SUBJECT = ("subject_org", "subject_department", "subject_person")
# Labels the desk words for the person on the phone; other fields use the model's.
LABELS = {
    "complainant_name": _("Complainant's name"),
    "complainant_phone": _("Phone"),
    "complainant_alt_phone": _("Other phone"),
    "complainant_unit": _("Unit number"),
    "content": _("What happened"),
    "request": _("What the complainant asks for"),
    "reported_unit": _("Reported unit (from the directory)"),
    "reported_person": _("Reported person (from the directory)"),
}


def main_fields(spec: PolicySpec) -> set[str]:
    shown = set(ALWAYS_SHOWN) | set(spec.required_fields) | set(spec.public_fields)
    for classification in spec.classifications:
        shown |= set(BY_CLASSIFICATION.get(classification, ()))
    # Where reports are confidential, the party reported is asked for with the report.
    if spec.confidentiality.kinds or shown & set(SUBJECT):
        shown |= {*SUBJECT, *REPORTED}
    return shown


def confidential_by_default(spec: PolicySpec, kind: str | None) -> bool:
    """P2.11: the policy keeps this kind of case confidential (special equipment: reports)."""
    return (kind or spec.default_kind or spec.kinds[0]) in spec.confidentiality.kinds


def offices(spec: PolicySpec, user: Any) -> list[tuple[str, str]]:
    """The offices running `spec` that `user` works in or above, when there are several
    to choose from (a company's staff registering for one of its estates)."""
    tree = org_tree.current()
    try:
        homes = registry.placement(spec.name)[1]
    except registry.UnknownPolicy:
        return []
    mine = []
    for home in sorted(homes, key=tree.path):
        for held in held_by(user):
            if held.works_cases and held.unit_id is not None:
                if tree.within(held.unit_id, home) or tree.within(home, held.unit_id):
                    mine.append((tree.nodes[home].code, tree.path(home)))
                    break
    return mine if len(mine) > 1 else []


def category_choices(spec: PolicySpec) -> list[tuple[str, str]]:
    out = [("", "—")]
    index = spec.category_index()
    for code in spec.category_codes():
        depth = len(index[code][1])
        out.append((code, "\u3000" * depth + category_label(spec, code)))
    return out


def urgent_suggested(spec: PolicySpec, category: str) -> bool:
    """P4.7.1: the policy marks some categories for same-day dispatch."""
    return bool(category) and is_urgent_category(spec, category)


class RegistrationForm(forms.Form):
    policy = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, spec: PolicySpec, data: Any = None, initial: dict[str, Any] | None = None, user: Any = None
    ) -> None:
        start = {"policy": spec.name, "token": uuid.uuid4().hex, **(initial or {})}
        super().__init__(data, initial=start)
        self.spec, self.user = spec, user
        self.units, self.people = directory.choices(user, spec) if user is not None else ([], [])
        channels = [(str(c.value), str(vocab.Channel(c).label)) for c in spec.channels]
        self.fields["channel"] = forms.ChoiceField(label=_("Channel"), choices=channels)
        self.initial.setdefault("channel", "phone" if "phone" in spec.channels else channels[0][0])
        if len(spec.kinds) > 1:
            kinds = [(str(k.value), str(vocab.Kind(k).label)) for k in spec.kinds]
            self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=kinds)
            self.initial.setdefault("kind", str(spec.default_kind or spec.kinds[0]))
        shown = main_fields(spec)
        self.more: list[str] = []
        for name in FIELD_ORDER:
            self.fields[name] = self._field(name)
            if name not in shown:
                self.more.append(name)
        self.fields["urgent"] = forms.BooleanField(label=_("Same-day urgent (P4.7.1)"), required=False)
        self.fields["anonymous"] = forms.BooleanField(label=_("Anonymous"), required=False)
        # P2.11: on by default for the kinds the policy keeps confidential; the reporter may
        # waive it, which the register event records.
        self.fields["confidential"] = forms.BooleanField(label=_("Confidential reporter (P2.11)"), required=False)
        self.fields["confidentiality_waived"] = forms.BooleanField(
            label=_("The reporter waives confidentiality (recorded)"), required=False
        )
        self.initial.setdefault("confidential", confidential_by_default(spec, self.initial.get("kind")))
        choices = offices(spec, user) if user is not None else []
        if choices:
            self.fields["unit"] = forms.ChoiceField(label=_("Office taking the complaint"), choices=choices)
        # The urgent flag right after the category it is suggested from.
        order = [n for n in self.fields if n != "urgent"]
        order.insert(order.index("category") + 1, "urgent")
        self.order_fields(order)
        if "kind" in self.fields:
            self.fields["kind"].widget.attrs.update(
                {
                    "hx-get": reverse("web:confidential_field"),
                    "hx-trigger": "change",
                    "hx-target": "#confidential-field",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=policy]",
                }
            )

        self.fields["category"].widget.attrs.update(
            {
                "hx-get": reverse("web:urgent_hint"),
                "hx-trigger": "change",
                "hx-target": "#urgent-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name=policy]",
            }
        )
        caller = {
            "hx-get": reverse("web:caller"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#caller",
            "hx-include": "[name=policy],[name=complainant_phone],[name=complainant_alt_phone],"
            "[name=complainant_unit],[name=complainant_address],[name=content],[name=request]",
        }
        for name in ("complainant_phone", "complainant_alt_phone", "complainant_unit", "complainant_address"):
            self.fields[name].widget.attrs.update(caller)

    def _field(self, name: str) -> forms.Field:
        if name in REPORTED:
            choices = self.units if name == "reported_unit" else self.people
            field: forms.Field = forms.ChoiceField(label=LABELS[name], choices=[("", "—"), *choices], required=False)
            field.policy_required = False  # type: ignore[attr-defined]
            return field
        model_field = Complaint._meta.get_field(name)
        label: Any = LABELS.get(name) or getattr(model_field, "verbose_name", None) or name
        required = name in self.spec.required_fields
        attrs: dict[str, Any] = {}
        if required:
            attrs["aria-required"] = "true"
        if name == "category":
            field = forms.ChoiceField(label=label, choices=category_choices(self.spec), required=False)
        elif name in ENUMS:
            field = forms.ChoiceField(label=label, choices=[("", "—"), *ENUMS[name].choices], required=False)
        elif name in LONG:
            field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}))
        else:
            max_length = getattr(model_field, "max_length", None)
            field = forms.CharField(label=label, required=False, max_length=max_length)
        if name == "complainant_phone":
            attrs.update({"type": "tel", "autocomplete": "off", "inputmode": "tel"})
        field.widget.attrs.update(attrs)
        # Required-ness is shown and checked by the domain, because an anonymous
        # reporter (P2.11) may leave the complainant's fields empty.
        field.policy_required = required  # type: ignore[union-attr]
        return field

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {"policy": self.spec.name, "channel": data["channel"]}
        if data.get("kind"):
            out["kind"] = data["kind"]
        for name in FIELD_ORDER:
            value = data.get(name)
            if value:
                out[name] = value
        out["urgent"] = bool(data.get("urgent"))
        out["anonymous"] = bool(data.get("anonymous"))
        # A waiver says the reporter does not want it (P2.11); an unticked box for a kind the
        # policy keeps confidential, without the waiver, is refused by intake.
        waived = bool(data.get("confidentiality_waived")) and confidential_by_default(self.spec, data.get("kind"))
        out["confidential"] = bool(data.get("confidential")) and not waived
        if waived:
            out["confidentiality_waived"] = True
        if data.get("unit"):
            out["unit"] = data["unit"]
        return out

    def main(self) -> list[forms.BoundField]:
        hidden = {"policy", "token", "confidentiality_waived"}
        return [self[name] for name in self.fields if name not in self.more and name not in hidden]

    def waiver_offered(self) -> bool:
        return bool(self.spec.confidentiality.kinds) and self.spec.confidentiality.waiver

    def extra(self) -> list[forms.BoundField]:
        return [self[name] for name in self.more]


def title(spec: PolicySpec) -> str:
    return (spec.title_en or spec.title) if english() else spec.title


SUGGESTED_LABELS = {
    "category": _("Category"),
    "urgent": _("Same-day urgent (P4.7.1)"),
    "severity": _("Severity"),
    "equipment_type": _("Equipment type"),
    "quality": _("Quality"),
    "department": _("Department"),
}


def _value_label(spec: PolicySpec, name: str, value: Any) -> str:
    if name == "category":
        return category_label(spec, str(value))
    if name == "urgent":
        return str(_("yes") if value else _("no"))
    if name in ENUMS:
        return choice_label(ENUMS[name], str(value))
    if name == "department":
        department = department_by_code(str(value))
        return department.name if department else str(value)
    return str(value)


def suggestion_rows(spec: PolicySpec, found: dict[str, Suggestion]) -> list[dict[str, Any]]:
    """The suggestions as the form shows them: what, why, and the form field a click on
    "use" fills (the department is the routing's outcome, shown but not a form field)."""
    rows = []
    for name in SUGGESTED_LABELS:
        suggestion = found.get(name)
        if suggestion is None:
            continue
        value = suggestion.value
        rows.append(
            {
                "field": name,
                "label": SUGGESTED_LABELS[name],
                "value": "on" if value is True else ("" if value is False else str(value)),
                "value_label": _value_label(spec, name, value),
                "reason": suggestion.reason,
                "fillable": name != "department",
            }
        )
    return rows
