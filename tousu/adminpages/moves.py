"""The lifecycle under one policy as a readable table of moves: the state diagram for the
administration pages, drawn server-side from the same table the engine enforces."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.cases.actions import action_label
from tousu.cases.lifecycle import Move
from tousu.cases.vocab import OPEN_STATES, Role, State
from tousu.policies.diagram import OUTCOMES, enabled_moves
from tousu.policies.schema import Policy as PolicySpec


@dataclass(frozen=True)
class MoveRow:
    action: str
    label: str
    clause: str
    sources: list[str]  # state labels; one "any open state" entry when it is all of them
    targets: list[str]  # "outcome → state" when the outcome decides
    roles: list[str]
    step: str


def move_rows(spec: PolicySpec) -> list[MoveRow]:
    return [_row(move) for move in enabled_moves(spec)]


def _row(move: Move) -> MoveRow:
    from django.utils.translation import gettext as _

    if move.sources >= OPEN_STATES:
        sources = [_("any open state")]
        sources += [str(State(s).label) for s in sorted(move.sources - OPEN_STATES)]
    else:
        sources = [str(State(s).label) for s in _ordered(move.sources)]
    if move.action in OUTCOMES:
        targets = [f"{outcome} → {State(target).label}" for outcome, target in OUTCOMES[move.action].items()]
    elif move.target is None:
        targets = [_("unchanged")]
    else:
        targets = [str(State(move.target).label)]
    return MoveRow(
        action=move.action,
        label=action_label(move.action),
        clause=move.clause,
        sources=sources,
        targets=targets,
        roles=[str(Role(r).label) for r in Role if r in move.roles],
        step=move.step or "",
    )


def _ordered(states: frozenset[State]) -> list[State]:
    order = list(State)
    return sorted(states, key=order.index)
