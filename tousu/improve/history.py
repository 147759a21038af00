"""The append-only history every improvement object's state change leaves."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from tousu.improve.models import History

# What each step is called on the history of corrective actions, proposals, reviews,
# rewards, service requests, surveys and case write-ups (the action codes of their modules).
LABELS = {
    "create": pgettext_lazy("improvement history", "Created"),
    "issue": pgettext_lazy("improvement history", "Notice issued"),
    "answer": pgettext_lazy("improvement history", "Answered with cause and measures"),
    "extend": pgettext_lazy("improvement history", "Answer date moved"),
    "verify": pgettext_lazy("improvement history", "Effect verified"),
    "propose": pgettext_lazy("improvement history", "Proposed"),
    "accept": pgettext_lazy("improvement history", "Accepted"),
    "reject": pgettext_lazy("improvement history", "Rejected"),
    "implement": pgettext_lazy("improvement history", "Implemented"),
    "approve": pgettext_lazy("improvement history", "Approved"),
    "refuse": pgettext_lazy("improvement history", "Refused"),
    "pay": pgettext_lazy("improvement history", "Paid out"),
    "plan": pgettext_lazy("improvement history", "Planned"),
    "minutes": pgettext_lazy("improvement history", "Minutes recorded"),
    "action": pgettext_lazy("improvement history", "Measure assigned"),
    "close": pgettext_lazy("improvement history", "Closed"),
    "review": pgettext_lazy("improvement history", "Contract reviewed"),
    "task_done": pgettext_lazy("improvement history", "Task done"),
    "define": pgettext_lazy("improvement history", "Questionnaire defined"),
    "send": pgettext_lazy("improvement history", "Sent"),
    "record": pgettext_lazy("improvement history", "Recorded"),
    "edit": pgettext_lazy("improvement history", "Edited"),
    "submit": pgettext_lazy("improvement history", "Submitted for review"),
    "publish": pgettext_lazy("improvement history", "Published"),
    "return": pgettext_lazy("improvement history", "Returned for changes"),
    "withdraw": pgettext_lazy("improvement history", "Withdrawn"),
}


def record(subject: str, obj: Model, action: str, actor: Any, data: dict[str, Any] | None = None) -> History:
    return History.objects.create(
        subject=subject,
        subject_id=obj.pk,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        at=timezone.now(),
        data=data or {},
    )


def of(subject: str, obj: Model) -> list[dict[str, Any]]:
    rows = History.objects.filter(subject=subject, subject_id=obj.pk).order_by("at", "id")
    return [
        {
            "action": h.action,
            "label": str(LABELS.get(h.action, h.action)),
            "at": h.at,
            "actor": h.actor.get_username() if h.actor else "",
            "data": h.data,
        }
        for h in rows.select_related("actor")
    ]
