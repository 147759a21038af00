"""The case page's guides-and-replies card: `{% load library %}{% case_aids c desk %}`."""

from __future__ import annotations

from typing import Any

from django import template

from tousu.cases.actions import available_actions
from tousu.cases.models import Complaint
from tousu.improve import access
from tousu.library import replies
from tousu.web.desk import Desk

register = template.Library()


@register.inclusion_tag("library/aids.html")
def case_aids(c: Complaint, desk: Desk) -> dict[str, Any]:
    return {
        "c": c,
        "guides": replies.guides_for(c),
        "templates": replies.templates_for(c),
        "can_reply": "reply" in available_actions(c, desk.user),
        "can_issue": access.holds(desk.user, access.ISSUERS, c.organisation_id),
    }
