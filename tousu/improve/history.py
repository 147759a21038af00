"""The append-only history every improvement object's state change leaves."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone

from tousu.improve.models import History


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
        {"action": h.action, "at": h.at, "actor": h.actor.get_username() if h.actor else "", "data": h.data}
        for h in rows.select_related("actor")
    ]
