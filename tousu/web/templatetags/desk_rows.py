"""`{% case_rows section %}`: the worklist's table rows rendered in Python.

A page shows up to fifty rows of a dozen values each; through the template engine that
was most of the worklist's server time at 100,000 cases (see bench/desk.py). The markup
is the same as a template would give, every value escaped by format_html.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

ROW = (
    '<tr class="due-{level}"><td class="due">{due}</td>'
    '<td><a href="{url}">{number}</a>{tags}<br><small>{channel} · {kind}</small></td>'
    "<td>{state}</td><td>{category}</td><td>{who}</td>"
    '<td class="wide">{content}</td><td>{department}{assignee}</td></tr>'
)


def _due(r: dict[str, Any]) -> SafeString:
    if not r["next_due_at"]:
        return mark_safe("—")
    local = timezone.localtime(r["next_due_at"])
    return format_html(
        '<time datetime="{}">{}</time><br><span class="countdown {}">{}</span>',
        local.isoformat(),
        local.strftime("%m-%d %H:%M"),
        r["due"]["level"],
        r["due"]["text"],
    )


def _tags(r: dict[str, Any], urgent: str) -> SafeString:
    out = []
    if r["urgent"]:
        out.append(format_html(' <span class="tag urgent">{}</span>', urgent))
    if r["severity"] != "general":
        out.append(format_html(' <span class="tag sev">{}</span>', r["severity_label"]))
    return mark_safe("".join(out))  # noqa: S308 - parts built by format_html


def _row(r: dict[str, Any], urgent: str) -> SafeString:
    assignee = r.get("assignee__staff__display_name")
    return format_html(
        ROW,
        level=r["due"]["level"],
        due=_due(r),
        url=r["url"],
        number=r["number"],
        tags=_tags(r, urgent),
        channel=r["channel_label"],
        kind=r["kind_label"],
        state=r["state_label"],
        category=r["category_label"],
        who=r["who"],
        content=Truncator(r["content"]).chars(48),
        department=r.get("department__name") or "—",
        assignee=format_html("<br><small>{}</small>", assignee) if assignee else "",
    )


@register.simple_tag
def case_rows(rows: list[dict[str, Any]]) -> SafeString:
    urgent = _("urgent")
    return format_html_join("\n", "{}", ((_row(r, urgent),) for r in rows))
