"""The one write path for a case's life after registration.

Every caller (API, web desk, CLI, jobs) changes a case only through `perform`: it checks
the move against the lifecycle table, the policy and the actor's role, runs the action's
handler, writes the case with an optimistic-lock condition, appends the timeline event
and moves the clocks, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from tousu.cases import chain, people
from tousu.cases import clocks as clock_engine
from tousu.cases.context import ActionContext
from tousu.cases.errors import ActionRefused, Conflict, DomainError, Forbidden, InvalidInput
from tousu.cases.handlers import HANDLERS
from tousu.cases.inputs import ACTION_INPUTS, ActionInput, validated
from tousu.cases.labels import ACTION_LABELS
from tousu.cases.lifecycle import COMPLAINANT_ACTIONS, MOVES, SYSTEM_ACTIONS, Move, step_on
from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.timeline import Entry, events_for, policy_escalation
from tousu.cases.vocab import ENDED_STATES, State
from tousu.notify import outbox
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.search import index as search_index

Actor = User | AnonymousUser | None


@dataclass
class Done:
    complaint: Complaint
    events: list[Event]


def refusal(
    move: Move, complaint: Complaint, spec: PolicySpec, actor: Actor, actor_kind: str, *, explain: bool = True
) -> DomainError | None:
    """Why `move` may not be taken now, or None. The web desk lists only moves with None.
    `explain=False` skips naming who may act instead (it reads the organisation's people):
    for callers that only ask whether a move is open."""
    label = action_label(move.action)
    if move.step is not None and not step_on(spec, move.step):
        why = _("this policy has no such step")
        return ActionRefused(_("Cannot %(action)s: %(why)s.") % {"action": label, "why": why}, code="step_off")
    if complaint.state not in move.sources:
        why = _("the case is “%(state)s”") % {"state": State(complaint.state).label}
        return ActionRefused(_("Cannot %(action)s: %(why)s.") % {"action": label, "why": why}, code="wrong_state")
    if actor_kind == "system" or move.action in SYSTEM_ACTIONS:
        if actor_kind == "system" and move.action in SYSTEM_ACTIONS:
            return None
        return Forbidden(_("Cannot %(action)s: your role may not do this.") % {"action": label}, code="role")
    if actor_kind == "complainant":
        if move.action in COMPLAINANT_ACTIONS:
            return None
        return Forbidden(_("Complainants can only answer the callback."))
    permission = people.may_act(actor, move.action, complaint, move.roles)
    if not permission.allowed:
        if not explain:
            return Forbidden(_("Cannot %(action)s: your role may not do this.") % {"action": label}, code="role")
        return Forbidden(who_may(move, complaint, permission), code="role")
    return None


def who_may(
    move: Move, complaint: Complaint, permission: people.Permission, found: list[people.Person] | None = None
) -> str:
    """The refusal that says who may act instead («须由工程部主管赵国强签批（P4.5.3）»);
    `found`: those people, when the caller already knows them."""
    clause = permission.clause or move.clause
    if found is None:
        found = people.who_may_act(move.action, complaint, move.roles)
    who = people.describe(found, permission.groups)
    if found or permission.groups:
        values = {"who": who, "action": action_label(move.action), "clause": clause}
        if clause:
            return _("Only %(who)s may %(action)s (%(clause)s).") % values
        return _("Only %(who)s may %(action)s.") % values
    return _("Cannot %(action)s: your role may not do this.") % {"action": action_label(move.action)}


def available_actions(complaint: Complaint, actor: Actor) -> list[str]:
    spec = spec_of_version(complaint.policy_version_id)
    return [
        name for name, move in MOVES.items() if refusal(move, complaint, spec, actor, "staff", explain=False) is None
    ]


def parse_input(action: str, payload: dict[str, Any] | BaseModel) -> ActionInput:
    if action not in ACTION_INPUTS:
        raise InvalidInput(_("Unknown action “%(action)s”.") % {"action": action}, code="unknown_action")
    return validated(ACTION_INPUTS[action], payload)


def perform(
    complaint: Complaint,
    action: str,
    payload: dict[str, Any] | BaseModel,
    *,
    actor: Actor,
    actor_kind: str = "staff",
    now: dt.datetime | None = None,
) -> Done:
    data = parse_input(action, payload)
    move = MOVES[action]
    with transaction.atomic():
        # Re-read inside the transaction, locked: on SQLite the IMMEDIATE transaction holds
        # the write lock from its start (select_for_update is a no-op there); on PostgreSQL
        # the row lock makes concurrent actions without a `version` queue instead of
        # conflicting. A client's `version` is still checked: acting on what it saw.
        current = Complaint.objects.select_related("department").select_for_update(of=("self",)).get(pk=complaint.pk)
        expected = data.version if data.version is not None else current.version
        if current.version != expected:
            raise Conflict(
                _("Someone else changed this case in the meantime (now version %(theirs)s, you saw %(yours)s).")
                % {"theirs": current.version, "yours": expected},
                details={"version": [current.version]},
            )
        spec = spec_of_version(current.policy_version_id)
        refused = refusal(move, current, spec, actor, actor_kind)
        if refused is not None:
            raise refused
        ctx = ActionContext(
            complaint=current,
            spec=spec,
            actor=actor,
            actor_kind=actor_kind,
            action=action,
            input=data,
            now=now or timezone.now(),
            clocks=list(Clock.objects.filter(complaint=current)),
        )
        ctx.target = move.target
        HANDLERS[action](ctx, data)
        events = _write(ctx, expected)
    return Done(complaint=ctx.complaint, events=events)


def _write(ctx: ActionContext, expected: int) -> list[Event]:
    complaint = ctx.complaint
    state_before = complaint.state
    if ctx.target is not None and ctx.target != complaint.state:
        ctx.set(state=ctx.target)
    if complaint.state in ENDED_STATES:
        ctx.set(is_open=False, closed_at=complaint.closed_at or ctx.now)
    elif not complaint.is_open:
        ctx.set(is_open=True, closed_at=None)
    public = ctx.input.public if ctx.input.public is not None else ctx.public
    entries = [Entry(ctx.action, ctx.data, public, ctx.input.note)]
    if ctx.action == "classify" or {"severity", "category"} & ctx.changed:
        escalation = policy_escalation(ctx.spec, complaint)
        if escalation is not None:
            ctx.changed.add("escalation_level")
            entries.append(escalation)

    changes = clock_engine.apply_event(complaint, ctx.spec, ctx.action, ctx.data, ctx.now, ctx.clocks)
    touched = {c.pk: c for c in [*ctx.touched_clocks, *changes.updated]}
    all_clocks = [c for c in ctx.clocks if c.pk not in touched] + list(touched.values()) + changes.created
    ctx.set(next_due_at=clock_engine.next_due(all_clocks))

    fields = {name: getattr(complaint, name) for name in ctx.changed}
    for name in ("department", "assignee", "merged_into"):
        if name in fields:
            related = fields.pop(name)
            fields[f"{name}_id"] = related.pk if related is not None else None
    updated = Complaint.objects.filter(pk=complaint.pk, version=expected).update(
        version=F("version") + len(entries), **fields
    )
    if updated != 1:
        raise Conflict(_("Someone else changed this case in the meantime. Reload it and try again."))
    complaint.version = expected + len(entries)
    events = events_for(
        complaint,
        entries,
        after_seq=expected,
        actor=ctx.actor,
        actor_kind=ctx.actor_kind,
        at=ctx.now,
        state_before=state_before,
    )
    chain.seal(events, chain.last_hash(complaint.pk, expected))
    Event.objects.bulk_create(events)
    outbox.record(complaint, events)  # notifications and webhooks, in this transaction
    for clock in touched.values():
        clock.save(
            update_fields=["state", "due_at", "met_at", "paused_at", "estimated", "extensions", "amount", "unit"]
        )
    Clock.objects.bulk_create(changes.created)
    # Replies, notes and changed fields are searchable at once: same transaction.
    search_index.case_written(complaint, ctx.action)
    return events


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
