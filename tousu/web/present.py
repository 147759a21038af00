"""Turning case rows into what a desk page shows: translated labels, countdowns and the
colour of a deadline. Presentation only; no rule of the procedure is decided here."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from tousu.cases import disclosure, personal, vocab
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.policies.schema import Policy as PolicySpec


def spec_named(name: str) -> PolicySpec | None:
    try:
        return spec_of_version(current_version_id(name))
    except UnknownPolicy:
        return None


def english() -> bool:
    return (get_language() or "").startswith("en")


def category_label(spec: PolicySpec | None, code: str) -> str:
    if not code:
        return ""
    entry = spec.category_index().get(code) if spec else None
    if entry is None:
        return code
    category = entry[0]
    return (category.label_en or category.label) if english() else category.label


def clock_label(spec: PolicySpec | None, name: str) -> str:
    for clock in spec.clocks if spec else []:
        if clock.name == name:
            return (clock.label_en or clock.label) if english() else clock.label
    return name


def handoff_label(spec: PolicySpec | None, code: str) -> str:
    for handoff in spec.handoffs if spec else []:
        if handoff.code == code:
            return (handoff.label_en or handoff.label) if english() else handoff.label
    return code


def policy_title(spec: PolicySpec | None) -> str:
    if spec is None:
        return ""
    return (spec.title_en or spec.title) if english() else spec.title


def choice_label(choices: type[vocab.models.TextChoices], value: str) -> str:
    if not value:
        return ""
    return _label(choices, value, get_language() or "")


@lru_cache(maxsize=2048)
def _label(choices: type[vocab.models.TextChoices], value: str, language: str) -> str:
    # Labels of the fixed vocabulary are the same for every row in a language: translated
    # once per process, not once per row (a worklist page has hundreds of them).
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def countdown(due: dt.datetime | None, now: dt.datetime, running: bool = True) -> dict[str, Any]:
    """The countdown text and its urgency: 'breached' (red), 'today' (orange) or 'later'."""
    if due is None or not running:
        return {"text": "", "level": "none"}
    left = (due - now).total_seconds()
    if left < 0:
        return {"text": _("overdue by %(span)s") % {"span": _span(-left)}, "level": "breached"}
    level = "today" if timezone.localdate(due) == timezone.localdate(now) else "later"
    return {"text": _("%(span)s left") % {"span": _span(left)}, "level": level}


@lru_cache(maxsize=1)
def case_url_prefix() -> str:
    """The case page's URL without the number: one reverse() per process, not one per row."""
    return reverse("web:case", args=["-"])[:-2]


def case_row(row: dict[str, Any], now: dt.datetime, user: Any = None) -> dict[str, Any]:
    """One worklist row from a `.values()` dict (see queues.ROW_COLUMNS)."""
    spec = spec_named(row["policy_name"])
    return {
        **row,
        "url": f"{case_url_prefix()}{row['number']}/",
        "state_label": choice_label(vocab.State, row["state"]),
        "channel_label": choice_label(vocab.Channel, row["channel"]),
        "kind_label": choice_label(vocab.Kind, row["kind"]),
        "severity_label": choice_label(vocab.Severity, row["severity"]),
        "category_label": category_label(spec, row["category"]),
        # P2.11: a confidential reporter's name is not shown in lists.
        "who": _("confidential") if row["confidential"] else (personal.row_name(row, user) or _("anonymous")),
        "content": disclosure.row_content(row),
        "due": countdown(row["next_due_at"], now, row["is_open"]),
    }
