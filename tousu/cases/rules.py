"""Policy rules applied to a case: required fields, routing, closure, escalation."""

from __future__ import annotations

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


def closure_refusals(spec: PolicySpec, complaint: Complaint) -> list[str]:
    """Why the policy's closure rule does not hold yet (empty: the case may close)."""
    events = list(
        Event.objects.filter(complaint=complaint, action__in=["reply", "site_visit", "callback", "reopen", "resolve"])
        .order_by("seq")
        .values("action", "data")
    )
    # Only what happened since the case was last reopened counts (P4.10).
    last_reopen = max((i for i, e in enumerate(events) if e["action"] == "reopen"), default=-1)
    recent = events[last_reopen + 1 :]
    reasons: list[str] = []
    values = case_values(complaint)
    ancestors = category_ancestors(spec, complaint.category)
    required = list(spec.closure.requires)
    for extra in spec.closure.also:
        if extra.when.matches(values, ancestors):
            required += [c for c in extra.requires if c not in required]
    for condition in required:
        if condition == "satisfied_callback" and complaint.satisfaction not in (
            Satisfaction.SATISFIED,
            Satisfaction.BASICALLY_SATISFIED,
        ):
            reasons.append(_("no satisfied callback yet (P4.10)"))
        elif condition == "callback_done" and not any(
            e["action"] == "callback" and e["data"].get("reached") for e in recent
        ):
            reasons.append(_("the complainant has not been called back yet (P5.5)"))
        elif condition == "result_reply" and not any(
            e["action"] == "reply" and e["data"].get("reply_kind") == "result" for e in recent
        ):
            reasons.append(_("the complainant has not been told the result yet (P2.9, P5.4)"))
        elif condition == "customer_confirmation" and not any(
            e["action"] == "site_visit" and e["data"].get("customer_confirmed") for e in events
        ):
            reasons.append(_("the customer has not confirmed the service on site (P3.h)"))
        elif condition == "responsibility_determined" and not complaint.responsibility:
            reasons.append(_("responsibility has not been determined (P1.4)"))
        elif condition == "head_signoff" and not complaint.signed_off:
            reasons.append(_("the department head has not signed off (P4.5.3)"))
        elif condition == "handling_plan" and not complaint.handling_plan:
            reasons.append(_("no handling plan has been decided (P2.9)"))
    return reasons
