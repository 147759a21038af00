"""`{% bell %}`: the bell with the unread count, in the header of every desk page."""

from __future__ import annotations

from typing import Any

from django import template

from tousu.notify import inbox

register = template.Library()


@register.inclusion_tag("web/parts/bell.html", takes_context=True)
def bell(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": inbox.unread_count(user) if user.is_authenticated else 0}
