"""Suggestions at intake from the complaint text and the policy: category, same-day
urgency (P4.7.1), severity, special-equipment type (P2.3), quality vs non-quality
(P3.b-d) and the department the routing rules give. Each comes with its reason (the
words that matched, or the rule), for the receptionist to confirm or change.

Rules live in the policy: each category's `keywords`, and the optional `suggest` section
(docs/policy-format.md). A trained classifier replaces the keyword rules for the category
only when it beat them on held-out cases (`tousu suggest train`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import gettext as _

from tousu.cases import rules
from tousu.policies.schema import Category, SuggestRule
from tousu.policies.schema import Policy as PolicySpec
from tousu.search import segment

FIELDS = ("category", "urgent", "severity", "equipment_type", "quality", "department")


@dataclass(frozen=True)
class Suggestion:
    field: str
    value: Any
    reason: str
    matched: list[str] = dataclass_field(default_factory=list)
    rule: str = "keywords"  # keywords / category / routing / classifier / default
    clause: str = ""


@functools.lru_cache(maxsize=4096)
def _normalised(keyword: str) -> str:
    return segment.normalise(keyword)


def _found(text: str, keywords: list[str]) -> list[str]:
    return [k for k in keywords if k and _normalised(k) in text]


def _words_reason(matched: list[str]) -> str:
    return _("matched words: %(words)s") % {"words": "、".join(matched)}


def _best_category(spec: PolicySpec, text: str) -> tuple[Category, list[str]] | None:
    """The category whose keywords cover most of the text (longer phrases weigh more); on
    a tie the more specific one, then the one listed first."""
    best: tuple[float, int, Category, list[str]] | None = None
    for category, ancestors in spec.category_index().values():
        matched = _found(text, category.keywords)
        if not matched:
            continue
        weight = sum(len(m) for m in matched) + 0.1 * len(ancestors)
        if best is None or weight > best[0]:
            best = (weight, len(ancestors), category, matched)
    return (best[2], best[3]) if best else None


def _rule_matches(rule: SuggestRule, text: str, category: str, ancestors: tuple[str, ...]) -> tuple[bool, list[str]]:
    matched = _found(text, rule.keywords)
    by_category = bool({category, *ancestors} & set(rule.categories)) if category else False
    return bool(matched) or by_category, matched


def _choice(
    name: str,
    options: dict[Any, SuggestRule],
    text: str,
    category: str,
    ancestors: tuple[str, ...],
) -> Suggestion | None:
    """The option with the most matched words; an option implied by the category wins ties."""
    best: tuple[int, Suggestion] | None = None
    for value, rule in options.items():
        hit, matched = _rule_matches(rule, text, category, ancestors)
        if not hit:
            continue
        code = str(getattr(value, "value", value))
        by_category = bool({category, *ancestors} & set(rule.categories)) if category else False
        weight = sum(len(m) for m in matched) + (100 if by_category else 0)
        if matched:
            reason = _words_reason(matched)
        else:
            reason = _("the category “%(category)s” implies it") % {"category": category}
        suggestion = Suggestion(name, code, reason, matched, "keywords" if matched else "category", rule.clause)
        if best is None or weight > best[0]:
            best = (weight, suggestion)
    return best[1] if best else None


def suggest(spec: PolicySpec, text: str, given: dict[str, Any] | None = None) -> dict[str, Suggestion]:
    """Suggested values for `text` under the policy. `given` holds what the receptionist
    already chose (category, kind, channel …): those are kept and used for the rest."""
    given = {k: v for k, v in (given or {}).items() if v not in (None, "")}
    norm = segment.normalise(text)
    out: dict[str, Suggestion] = {}
    index = spec.category_index()

    from tousu.search.suggest.classifier import classify

    predicted = classify(spec, text)
    if predicted is not None:
        out["category"] = predicted
    else:
        found = _best_category(spec, norm)
        if found is not None:
            category, matched = found
            out["category"] = Suggestion(
                "category", category.code, _words_reason(matched), matched, clause=category.clause
            )
    category_code = str(given.get("category") or (out["category"].value if "category" in out else ""))
    ancestors = index[category_code][1] if category_code in index else ()

    urgent_rule = spec.suggest.urgent
    urgent_words = _found(norm, urgent_rule.keywords) if urgent_rule else []
    if urgent_words and urgent_rule is not None:
        out["urgent"] = Suggestion("urgent", True, _words_reason(urgent_words), urgent_words, clause=urgent_rule.clause)
    elif category_code and rules.is_urgent_category(spec, category_code):
        label = index[category_code][0].label
        reason = _("the category “%(category)s” is dispatched the same day") % {"category": label}
        out["urgent"] = Suggestion("urgent", True, reason, rule="category", clause=index[category_code][0].clause)
    else:
        out["urgent"] = Suggestion("urgent", False, _("no words or category for same-day dispatch"), rule="default")

    severity = _choice("severity", dict(spec.suggest.severity), norm, category_code, ancestors)
    if severity is not None and "major" in spec.suggest.severity and severity.value == "serious":
        # Major beats serious whenever it matched at all.
        major = _choice("severity", {"major": spec.suggest.severity["major"]}, norm, category_code, ancestors)
        severity = major or severity
    out["severity"] = severity or Suggestion("severity", "general", _("no words for a serious case"), rule="default")

    if "equipment" in spec.classifications and spec.suggest.equipment:
        equipment = _choice("equipment_type", dict(spec.suggest.equipment), norm, category_code, ancestors)
        if equipment is not None:
            out["equipment_type"] = equipment
    if "quality" in spec.classifications and spec.suggest.quality:
        quality = _choice("quality", dict(spec.suggest.quality), norm, category_code, ancestors)
        if quality is not None:
            out["quality"] = quality

    values = {
        "kind": given.get("kind") or spec.default_kind or spec.kinds[0],
        "channel": given.get("channel", ""),
        "category": category_code,
        "urgent": given.get("urgent", out["urgent"].value),
        "severity": given.get("severity", out["severity"].value),
        "quality": given.get("quality", out["quality"].value if "quality" in out else ""),
        "equipment_type": given.get("equipment_type", out["equipment_type"].value if "equipment_type" in out else ""),
    }
    out["department"] = _department(spec, values, ancestors)
    return out


def _department(spec: PolicySpec, values: dict[str, Any], ancestors: tuple[str, ...]) -> Suggestion:
    for number, route in enumerate(spec.routing, start=1):
        if route.when.matches(values, ancestors):
            reason = _("routing rule %(number)s of the policy") % {"number": number}
            if route.clause:
                reason += f" ({route.clause})"
            return Suggestion("department", route.department, reason, rule="routing", clause=route.clause)
    return Suggestion("department", spec.default_department or "", _("the policy's default department"), rule="default")


def as_values(suggestions: dict[str, Suggestion]) -> dict[str, Any]:
    return {name: s.value for name, s in suggestions.items()}
