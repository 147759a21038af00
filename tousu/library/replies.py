"""Reply templates with the case's fields filled in, and the handling guide of a case's
category (P1.6): what the handler sees on the case page and in the reply form."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import get_language

from tousu.cases import vocab
from tousu.cases.models import Complaint
from tousu.library.models import HandlingGuide, ReplyTemplate
from tousu.policies.registry import spec_of_version
from tousu.web.present import category_label

# Templates are written by administrators; this engine has no loaders, no libraries and
# does not escape (a reply is plain text).
ENGINE = Engine(autoescape=False, builtins=[], libraries={})


def _language(language: str | None) -> str:
    code = (language or get_language() or "zh-hans").lower()
    return "zh-hans" if code.startswith("zh") else code


def _matching(qs: QuerySet[Any], complaint: Complaint, language: str | None) -> QuerySet[Any]:
    """The texts of the case's organisation (or the installation's own), of its policy or
    of every policy: never another organisation's."""
    return qs.filter(
        Q(organisation_id=complaint.organisation_id) | Q(organisation__isnull=True, policy_name=""),
        Q(policy_name="") | Q(policy_name=complaint.policy_name),
        active=True,
        language=_language(language),
    )


def templates_for(complaint: Complaint, language: str | None = None) -> list[ReplyTemplate]:
    """The templates of this case's policy (or of every policy) in the language, those of
    its category first."""
    qs = _matching(ReplyTemplate.objects.all(), complaint, language)
    qs = qs.filter(Q(category="") | Q(category=complaint.category))
    return sorted(qs, key=lambda t: (t.category != complaint.category, t.policy_name == "", t.name))


def guides_for(complaint: Complaint, language: str | None = None) -> list[HandlingGuide]:
    if not complaint.category:
        return []
    qs = _matching(HandlingGuide.objects.all(), complaint, language).filter(category=complaint.category)
    return sorted(qs, key=lambda g: (g.policy_name == "", g.title))


def fields_of(complaint: Complaint) -> dict[str, Any]:
    """The case fields a template may use. A confidential or anonymous reporter is
    addressed without the name (P2.11)."""
    spec = spec_of_version(complaint.policy_version_id)
    hidden = complaint.anonymous or complaint.confidential
    return {
        "number": complaint.number,
        "name": "" if hidden else complaint.complainant_name,
        "received": timezone.localtime(complaint.received_at).strftime("%Y-%m-%d"),
        "category": category_label(spec, complaint.category),
        "department": complaint.department.name if complaint.department else "",
        "plan": complaint.handling_plan,
        "outcome": str(vocab.Outcome(complaint.outcome).label) if complaint.outcome else "",
        "location": complaint.location,
        "organisation": spec.title,
    }


def render(template: ReplyTemplate | str, complaint: Complaint) -> str:
    text = template.text if isinstance(template, ReplyTemplate) else template
    return ENGINE.from_string(text).render(Context(fields_of(complaint), autoescape=False)).strip()


def check(text: str) -> str | None:
    """Why a template's text would not render, or None (for the admin form)."""
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        return str(exc)
    return None
