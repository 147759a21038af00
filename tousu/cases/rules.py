"""Policy rules applied to a case: required fields, routing, closure, escalation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.models import Complaint, Event
from tousu.cases.values import case_values
from tousu.cases.vocab import EscalationLevel, Satisfaction
from tousu.policies.schema import Policy as PolicySpec

ESCALATION_ORDER = ["", EscalationLevel.DEPARTMENT_HEAD, EscalationLevel.MANAGER, EscalationLevel.EXECUTIVE]


def missing_required(spec: PolicySpec, values: dict[str, Any]) -> list[str]:
    return [name for name in spec.required_fields if not values.get(name)]


def category_ancestors(spec: PolicySpec, code: str) -> tuple[str, ...]:
    entry = spec.category_index().get(code)
    return entry[1] if entry else ()


def is_urgent_category(spec: PolicySpec, code: str) -> bool:
    """P4.7.1: some categories call for same-day dispatch."""
    index = spec.category_index()
    entry = index.get(code)
    if entry is None:
        return False
    category, ancestors = entry
    return category.urgent or any(index[a][0].urgent for a in ancestors)


def route(spec: PolicySpec, values: dict[str, Any]) -> str | None:
    """The department code the policy's first matching routing rule gives."""
    ancestors = category_ancestors(spec, values.get("category") or "")
    for rule in spec.routing:
        if rule.when.matches(values, ancestors):
            return rule.department
    return spec.default_department


def escalation_due(spec: PolicySpec, values: dict[str, Any], current: str) -> str | None:
    """The higher level a case must be escalated to now (P3.h1, P4.5.3), if any."""
    ancestors = category_ancestors(spec, values.get("category") or "")
    best = current
    for rule in spec.escalation:
        if rule.on == "classified" and rule.when.matches(values, ancestors):
            if ESCALATION_ORDER.index(rule.to) > ESCALATION_ORDER.index(best):
                best = rule.to
    return best if best != current else None


# The clause each closure condition comes from, cited when it is the policy's own procedure.
CLOSURE_CLAUSES = {
    "satisfied_callback": "P4.10",
    "callback_done": "P5.5",
    "result_reply": "P2.9, P5.4",
    "customer_confirmation": "P3.h",
    "responsibility_determined": "P1.4",
    "head_signoff": "P4.5.3",
    "handling_plan": "P2.9",
}


def _unmet(condition: str) -> str:
    return {
        "satisfied_callback": _("no satisfied callback yet"),
        "callback_done": _("the complainant has not been called back yet"),
        "result_reply": _("the complainant has not been told the result yet"),
        "customer_confirmation": _("the customer has not confirmed and signed for the service on site"),
        "responsibility_determined": _("responsibility has not been determined"),
        "head_signoff": _("the department head has not signed off"),
        "handling_plan": _("no handling plan has been decided"),
    }[condition]


def _clause(spec: PolicySpec, condition: str, rule_clause: str) -> str:
    """Cite the clause of the policy's own procedure: the default one if it belongs to it,
    otherwise the clause the policy gives for its closure rule."""
    own = [
        part.strip() for part in CLOSURE_CLAUSES[condition].split(",") if part.strip().startswith(f"{spec.procedure}.")
    ]
    return ", ".join(own) or rule_clause or CLOSURE_CLAUSES[condition]


def _holds(
    condition: str, complaint: Complaint, events: Sequence[Mapping[str, Any]], recent: Sequence[Mapping[str, Any]]
) -> bool:
    if condition == "satisfied_callback":
        return complaint.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
    if condition == "callback_done":
        return any(e["action"] == "callback" and e["data"].get("reached") for e in recent)
    if condition == "result_reply":
        return any(e["action"] == "reply" and e["data"].get("reply_kind") == "result" for e in recent)
    if condition == "customer_confirmation":
        return any(e["action"] == "site_visit" and e["data"].get("customer_confirmed") for e in events)
    if condition == "responsibility_determined":
        return bool(complaint.responsibility)
    if condition == "head_signoff":
        return complaint.signed_off
    return bool(complaint.handling_plan)  # handling_plan


def closure_refusals(spec: PolicySpec, complaint: Complaint) -> list[str]:
    """Why the policy's closure rule does not hold yet (empty: the case may close)."""
    events = list(
        Event.objects.filter(complaint=complaint, action__in=["reply", "site_visit", "callback", "reopen"])
        .order_by("seq")
        .values("action", "data")
    )
    # Replies and callbacks count only since the case was last reopened (P4.10).
    last_reopen = max((i for i, e in enumerate(events) if e["action"] == "reopen"), default=-1)
    recent = events[last_reopen + 1 :]
    required = {c: _clause(spec, c, spec.closure.clause) for c in spec.closure.requires}
    values = case_values(complaint)
    ancestors = category_ancestors(spec, complaint.category)
    for extra in spec.closure.also:
        if extra.when.matches(values, ancestors):
            for condition in extra.requires:
                required.setdefault(condition, extra.clause or _clause(spec, condition, spec.closure.clause))
    return [
        _("%(reason)s (%(clause)s)") % {"reason": _unmet(condition), "clause": clause}
        for condition, clause in required.items()
        if not _holds(condition, complaint, events, recent)
    ]
