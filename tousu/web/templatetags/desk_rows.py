"""`{% case_rows rows %}`: the worklist's table rows rendered in Python.

A page shows up to fifty rows of a dozen values each; through the template engine (and
even through format_html, whose lazy-string checks run per value) that was most of the
worklist's server time at 100,000 cases (see bench/desk.py). Every value is escaped with
the standard library's html.escape before it is put into the markup.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _due(r: dict[str, Any]) -> str:
    if not r["next_due_at"]:
        return "—"
    local = timezone.localtime(r["next_due_at"])
    due = r["due"]
    return (
        f'<time datetime="{local.isoformat()}">{local:%m-%d %H:%M}</time><br>'
        f'<span class="countdown {_e(due["level"])}">{_e(due["text"])}</span>'
    )


def _short(text: str, length: int = 48) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _row(r: dict[str, Any], urgent: str) -> str:
    tags = ""
    if r["urgent"]:
        tags += f' <span class="tag urgent">{urgent}</span>'
    if r["severity"] != "general":
        tags += f' <span class="tag sev">{_e(r["severity_label"])}</span>'
    assignee = r.get("assignee__staff__display_name")
    who = f"<br><small>{_e(assignee)}</small>" if assignee else ""
    return (
        f'<tr class="due-{_e(r["due"]["level"])}"><td class="due">{_due(r)}</td>'
        f'<td><a href="{_e(r["url"])}">{_e(r["number"])}</a>{tags}'
        f"<br><small>{_e(r['channel_label'])} · {_e(r['kind_label'])}</small></td>"
        f"<td>{_e(r['state_label'])}</td><td>{_e(r['category_label'])}</td><td>{_e(r['who'])}</td>"
        f'<td class="wide">{_e(_short(r["content"]))}</td>'
        f"<td>{_e(r.get('department__name') or '—')}{who}</td></tr>"
    )


@register.simple_tag
def case_rows(rows: list[dict[str, Any]]) -> SafeString:
    urgent = _e(_("urgent"))
    return mark_safe("\n".join(_row(r, urgent) for r in rows))  # noqa: S308 - every value escaped above
