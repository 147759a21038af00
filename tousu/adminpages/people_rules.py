"""The procedure's people of each policy, in words: who sees its cases, who may take which
action, to whom a case may be given, whom each escalation level reaches, who may know a
confidential reporter. Read from the policy and from the defaults of tousu.cases.people
(the rules the engine enforces), so the page documents what is enforced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tousu.cases import people
from tousu.cases.actions import action_label
from tousu.cases.vocab import Duty, EscalationLevel, Kind, Role, UnitKind
from tousu.policies.diagram import describe_condition
from tousu.policies.schema import Group, Who
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.texts import in_language


@dataclass(frozen=True)
class GroupRow:
    name: str
    label: str
    who: str


@dataclass(frozen=True)
class RuleRow:
    what: str  # the action, the level, or what the rule is about
    code: str
    people: list[str]  # group labels, or the default rules in words
    when: str  # the cases it applies to ("" = all)
    clause: str
    default: bool = False  # not declared by the policy: the engine's default


@dataclass(frozen=True)
class PolicyPeople:
    name: str
    title: str
    groups: list[GroupRow]
    sees: list[RuleRow]
    acts: list[RuleRow]
    assigns: list[RuleRow]
    levels: list[RuleRow]
    contact: list[str]
    need_to_know: list[str]
    confidential_kinds: list[str]
    waiver: bool
    confidentiality_clause: str
    handoffs: list[RuleRow]


def _labels(choices: type, values: Iterable[object]) -> str:
    return " / ".join(str(choices(str(getattr(v, "value", v))).label) for v in values)


RELATION_WORDS = {
    "case_department": lambda: _("in the department handling the case"),
    "department_tree": lambda: _("in the department handling the case or a unit above it"),
    "received_in": lambda: _("in the unit that received the case or a unit above it"),
    "home": lambda: _("in the case's office or above it"),
    "organisation": lambda: _("anywhere in the case's organisation"),
    "assignee": lambda: _("the person responsible for the case"),
    "receiver": lambda: _("the first receiver of the case"),
}


def who_words(who: Who, spec: PolicySpec | None = None) -> str:
    """A rule over positions in words: «部门主管, 在处理该案件的部门»."""
    departments = {d.code: d.name for d in spec.departments} if spec is not None else {}
    parts = []
    if who.roles:
        parts.append(_labels(Role, who.roles))
    if who.duties:
        parts.append(_labels(Duty, who.duties))
    if who.functions:
        named = " / ".join(f"{departments.get(f, f)} ({f})" for f in who.functions)
        parts.append(_("of %(departments)s") % {"departments": named})
    if who.unit_kinds:
        parts.append(_("in a unit of kind %(kinds)s") % {"kinds": _labels(UnitKind, who.unit_kinds)})
    parts.append(str(RELATION_WORDS[who.relation]()))
    if who.area:
        parts.append(_("whose area covers the case's building or region"))
    when = describe_condition(who.when, sep=", ")
    if when:
        parts.append(_("for cases with %(condition)s") % {"condition": when})
    return ", ".join(parts)


def _group_labels(spec: PolicySpec, names: Sequence[str]) -> list[str]:
    groups = spec.people.groups
    return [in_language(groups[n].label, groups[n].label_en) if n in groups else n for n in names]


def _rules_words(rules: Sequence[Who], spec: PolicySpec) -> list[str]:
    return [in_language(r.label, r.label_en) if isinstance(r, Group) else who_words(r, spec) for r in rules]


def policy_people(spec: PolicySpec) -> PolicyPeople:
    declared = spec.people
    groups = [
        GroupRow(name, in_language(g.label, g.label_en), who_words(g, spec)) for name, g in declared.groups.items()
    ]
    sees = [RuleRow(_("sees its cases"), "", _group_labels(spec, g.groups), "", g.clause) for g in declared.sees]
    sees.append(RuleRow(_("sees its cases"), "", _rules_words(people.DEFAULT_SEES, spec), "", "", default=True))
    acts = [
        RuleRow(action_label(action), action, _group_labels(spec, grant.groups), "", grant.clause)
        for action, grant in declared.acts.items()
    ]
    given = _("may be given the case")
    assigns = [
        RuleRow(given, "", _group_labels(spec, r.groups), describe_condition(r.when, sep=", "), r.clause)
        for r in declared.assigns
    ]
    if not any(not describe_condition(r.when) for r in declared.assigns):
        default = [who_words(Who(relation="case_department"), spec)]
        assigns.append(RuleRow(given, "", default, "", "", default=True))
    levels = []
    for level in people.LEVEL_ORDER[1:]:
        grant = declared.levels.get(EscalationLevel(level))
        if grant is not None:
            levels.append(
                RuleRow(str(EscalationLevel(level).label), level, _group_labels(spec, grant.groups), "", grant.clause)
            )
        else:
            alternatives = [" + ".join(_rules_words(rules, spec)) for rules in people.level_rules(spec, level)]
            levels.append(RuleRow(str(EscalationLevel(level).label), level, alternatives, "", "", default=True))
    handoffs = [
        RuleRow(in_language(h.label, h.label_en), h.code, [f"{h.to} ({h.policy})"], ", ".join(h.copies), h.clause)
        for h in spec.handoffs
    ]
    return PolicyPeople(
        name=spec.name,
        title=in_language(spec.title, spec.title_en),
        groups=groups,
        sees=sees,
        acts=acts,
        assigns=assigns,
        levels=levels,
        contact=_rules_words(people.contact_rules(spec), spec),
        need_to_know=_rules_words(people.need_to_know_rules(spec), spec),
        confidential_kinds=[str(Kind(k).label) for k in spec.confidentiality.kinds],
        waiver=spec.confidentiality.waiver,
        confidentiality_clause=spec.confidentiality.clause,
        handoffs=handoffs,
    )
