"""What an action handler works with, and what it hands back to the write path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from tousu.cases.inputs import ActionInput
from tousu.cases.models import Clock, Complaint
from tousu.cases.vocab import State
from tousu.policies.schema import Policy as PolicySpec


@dataclass
class ActionContext:
    complaint: Complaint
    spec: PolicySpec
    actor: User | AnonymousUser | None
    actor_kind: str
    action: str
    input: ActionInput
    now: dt.datetime
    clocks: list[Clock]
    # Filled by the handler:
    target: State | None = None
    changed: set[str] = field(default_factory=set)
    data: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    touched_clocks: list[Clock] = field(default_factory=list)

    def set(self, **fields: Any) -> None:
        """Change case fields; only these are written by the conditional update."""
        for name, value in fields.items():
            setattr(self.complaint, name, value)
            self.changed.add(name)
