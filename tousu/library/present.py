"""Write-ups as the API and the desk show them."""

from __future__ import annotations

from typing import Any

from tousu.improve import history
from tousu.library import writeups
from tousu.library.models import WriteUp, WriteUpState


def summary(w: WriteUp) -> dict[str, Any]:
    return {
        "id": w.pk,
        "title": w.title,
        "state": w.state,
        "state_label": str(WriteUpState(w.state).label),
        "category": w.category,
        "tags": w.tags,
        "published_at": w.published_at,
        "version": w.version,
    }


def detail(w: WriteUp) -> dict[str, Any]:
    return {
        **summary(w),
        "case": w.source.number if w.source else "",
        "policy": w.policy_name,
        "facts": w.facts,
        "handling": w.handling,
        "skills": w.skills,
        "lesson": w.lesson,
        "author": w.author.get_username(),
        "reviewer": w.reviewer.get_username() if w.reviewer else "",
        "history": history.of(writeups.SUBJECT, w),
    }
