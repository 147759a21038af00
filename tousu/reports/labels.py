"""Translated names for the codes the figures keep (shown, never stored)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.cases import vocab
from tousu.policies.schema import Policy as PolicySpec
from tousu.web.present import category_label, choice_label, clock_label, english

DIMENSION_TITLES = {
    "kind": gettext_lazy("By kind"),
    "channel": gettext_lazy("By channel"),
    "category": gettext_lazy("By category"),
    "severity": gettext_lazy("By severity"),
    "validity": gettext_lazy("By validity"),
    "scope": gettext_lazy("By scope decision"),
    "state": gettext_lazy("By state"),
    "urgent": gettext_lazy("Same-day urgent"),
}
DIMENSION_CHOICES: dict[str, type[vocab.models.TextChoices]] = {
    "kind": vocab.Kind,
    "channel": vocab.Channel,
    "severity": vocab.Severity,
    "validity": vocab.Validity,
    "scope": vocab.Scope,
    "state": vocab.State,
    "complaint_type": vocab.ComplaintType,
}


def value_label(dimension: str, code: str, specs: dict[str, PolicySpec]) -> str:
    if dimension == "category":
        return category_of(code, specs)
    if dimension == "urgent":
        return _("Same-day urgent") if code == "true" else _("Not urgent")
    if not code:
        return _("Not decided")
    choices = DIMENSION_CHOICES.get(dimension)
    return choice_label(choices, code) if choices else code


def category_of(code: str, specs: dict[str, PolicySpec]) -> str:
    if not code:
        return _("No category")
    for spec in specs.values():
        if code in spec.category_index():
            return category_label(spec, code)
    return code


def clock_of(policy: str, name: str, specs: dict[str, PolicySpec]) -> str:
    return clock_label(specs.get(policy), name)


def policy_of(spec: PolicySpec | None) -> str:
    if spec is None:
        return _("All policies")
    return (spec.title_en or spec.title) if english() else spec.title


def responsibility_of(code: str) -> str:
    return choice_label(vocab.Responsibility, code)


def satisfaction_of(code: str) -> str:
    return choice_label(vocab.Satisfaction, code) if code else _("No answer")


def unit_of(code: str) -> str:
    """A unit by its place in the tree (阳光物业 / 阳光花园管理处), for a report's subtitle."""
    from tousu.org import tree as org_tree

    tree = org_tree.current()
    unit_id = tree.by_code.get(code)
    return tree.path(unit_id) if unit_id is not None else code
