"""The forms of the organisation pages: a unit stays in its organisation's tree (its parent
in the same organisation, never below itself), a position's duties and area are chosen as
the procedures name them, a deputy's period makes sense. Each refusal says what to do."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.cases.vocab import Duty, Role
from tousu.org import tree as org_tree
from tousu.org.areas import expand
from tousu.org.models import Deputy, Position, Unit
from tousu.org.positions import NOT_CASE_WORK


class UnitChoiceField(forms.ModelChoiceField):
    """Units named by their place in the tree (阳光物业 / 阳光花园管理处 / 工程部): every
    office has a 工程部, and the name alone does not say which."""

    def label_from_instance(self, obj: Any) -> str:
        tree = org_tree.current()
        return tree.path(obj.pk) if obj.pk in tree.nodes else str(obj)

    def offer_only(self, queryset: QuerySet[Unit]) -> None:
        """Offer only these units, while any unit is still accepted: a parent of another
        organisation, or a cycle, is then refused with a message saying why, not as an
        unknown choice."""
        shown = forms.ModelChoiceField(queryset=queryset, required=self.required, empty_label=self.empty_label)
        shown.label_from_instance = self.label_from_instance  # type: ignore[method-assign]
        self.widget.choices = shown.choices


def parents_of(organisation_id: int | None) -> dict[int, int | None]:
    """Each unit of the organisation with its parent, as stored now."""
    if organisation_id is None:
        return {}
    return dict(Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id"))


def parent_problem(unit: Unit, parent: Unit | None, parents: dict[int, int | None]) -> str | None:
    """Why `unit` cannot be placed under `parent`, given every unit's parent (`parents`,
    with the changes being saved): None when it can."""
    if parent is None:
        return None
    if parent.organisation_id != unit.organisation_id:
        return _(
            "%(parent)s belongs to another organisation: a unit's parent must be a unit of its own "
            "organisation. Choose a parent in the same organisation, or move the unit's organisation first."
        ) % {"parent": parent.name}
    seen: set[int] = set()
    current: int | None = parent.pk
    while current is not None and current not in seen:
        if current == unit.pk:
            return _(
                "%(parent)s is %(unit)s itself or one of its units: a unit cannot be placed under itself. "
                "Choose a parent that is not below it."
            ) % {"parent": parent.name, "unit": unit.name or unit.code}
        seen.add(current)
        current = parents.get(current)
    return None


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(queryset=Unit.objects.all(), required=False, label=gettext_lazy("parent"))

    class Meta:
        model = Unit
        fields = ("organisation", "code", "name", "kind", "parent", "function", "aliases")

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = organisation_id or self.instance.organisation_id or self._chosen_organisation()
        cast(UnitChoiceField, self.fields["parent"]).offer_only(self._parent_choices(organisation))

    def _chosen_organisation(self) -> Any:
        value = self.data.get(self.add_prefix("organisation")) or self.initial.get("organisation")
        return value if str(value or "").isdigit() else None

    def _parent_choices(self, organisation: Any) -> QuerySet[Unit]:
        """The units of the same organisation, not the unit itself nor any unit below it."""
        units = Unit.objects.all() if organisation is None else Unit.objects.filter(organisation_id=organisation)
        if self.instance.pk is not None:
            below = org_tree.current().subtree(self.instance.pk)
            units = units.exclude(pk__in=below)
        return units.order_by("organisation_id", "parent_id", "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "organisation" in self.fields and data.get("organisation") is not None:
            self.instance.organisation = data["organisation"]
        parent = data.get("parent")
        if self.instance.pk is not None and "organisation" in self.changed_data:
            if Unit.objects.filter(parent_id=self.instance.pk).exists():
                self.add_error(
                    "organisation",
                    _("Units are placed below this one: move them first, or move the whole organisation's tree."),
                )
        parents = {**parents_of(self.instance.organisation_id), **self.pending_parents()}
        problem = parent_problem(self.instance, parent, parents)
        if problem:
            self.add_error("parent", problem)
        return data

    def pending_parents(self) -> dict[int, int | None]:
        if self.instance.pk is None or not hasattr(self, "cleaned_data"):
            return {}
        parent = self.cleaned_data.get("parent")
        return {self.instance.pk: parent.pk if parent is not None else None}


class UnitFormSet(forms.BaseInlineFormSet):
    """The units of one organisation edited together: moving two units under each other in
    one save is a cycle too."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "organisation_id": self.instance.pk}

    def clean(self) -> None:
        super().clean()
        forms_kept = [f for f in self.forms if hasattr(f, "cleaned_data") and not f.cleaned_data.get("DELETE")]
        parents = parents_of(self.instance.pk)
        for form in forms_kept:
            parents.update(form.pending_parents())
        for form in forms_kept:
            if form.instance.pk is None or form.has_error("parent"):
                continue
            problem = parent_problem(form.instance, form.cleaned_data.get("parent"), parents)
            if problem:
                form.add_error("parent", problem)


class PositionForm(forms.ModelForm):
    """A role in a unit; the duties the procedures name (butler, technician …) as boxes to
    tick; the area as people write it ("1-8, 12" becomes buildings 1 to 8 and 12)."""

    unit = UnitChoiceField(queryset=Unit.objects.order_by("organisation_id", "code"), required=False)
    duty_set = forms.MultipleChoiceField(
        label=gettext_lazy("duties"), choices=Duty.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Position
        fields = ("role", "unit", "title", "duty_set", "area")
        help_texts = {"area": gettext_lazy("Buildings or regions, e.g. 1-8, 12.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = Position._meta.get_field("unit").verbose_name
        self.initial.setdefault("duty_set", sorted(self.instance.duty_set))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, unit = data.get("role"), data.get("unit")
        if role and role not in NOT_CASE_WORK and unit is None:
            label = Role(role).label
            self.add_error("unit", _("A %(role)s works in a unit: choose it.") % {"role": label})
        if data.get("duty_set") and role in NOT_CASE_WORK:
            self.add_error("duty_set", _("Administrators and auditors take no part in a procedure: no duties."))
        return data

    def clean_area(self) -> str:
        return ",".join(expand(self.cleaned_data.get("area") or ""))

    def save(self, commit: bool = True) -> Any:
        self.instance.duties = ",".join(self.cleaned_data.get("duty_set") or [])
        return super().save(commit)


class DeputyForm(forms.ModelForm):
    class Meta:
        model = Deputy
        fields = ("for_user", "starts_at", "ends_at", "reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The cover ends after it starts."))
        user_id = self.instance.user_id
        for_user = data.get("for_user")
        if for_user is not None and user_id is not None and for_user.pk == user_id:
            self.add_error("for_user", _("A person cannot act for themselves."))
        return data
