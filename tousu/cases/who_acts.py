"""Who takes the procedure's next steps that a person may not take themselves, named
for the case page: «须由工程部主管赵国强签批（P4.5.3）» (the wording of the refusal,
`actions.who_may`). The people of the case's organisation are read once for every step
(one query, and one for holiday cover), not once per step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tousu.cases import actions, people
from tousu.cases.lifecycle import MOVES, Move, step_on
from tousu.cases.models import Complaint
from tousu.org import tree as org_tree
from tousu.org.positions import Held
from tousu.policies.registry import spec_of_version

# The procedure's steps worth naming who takes them; not the housekeeping anyone in a
# role does along the way (notes, replies, extensions, merges).
NAMED_STEPS = (
    "screen",
    "verify",
    "assign",
    "plan",
    "site_visit",
    "follow_up",
    "resolve",
    "set_aside",
    "callback",
    "reopen",
    "sign_off",
    "close",
    "hand_off",
    "report_back",
)


@dataclass(frozen=True)
class Hint:
    action: str
    label: str
    text: str


def _refused(complaint: Complaint, actor: Any, spec: Any) -> list[tuple[Move, people.Permission]]:
    out = []
    for name in NAMED_STEPS:
        move = MOVES[name]
        if complaint.state not in move.sources or (move.step is not None and not step_on(spec, move.step)):
            continue
        permission = people.may_act(actor, name, complaint, move.roles)
        if not permission.allowed:
            out.append((move, permission))
    return out


def _rule(move: Move, permission: people.Permission, case: Complaint, spec: Any, tree: Any) -> Callable[[Held], bool]:
    """Who may take `move`, as `people.who_may_act` decides: the policy's people for it,
    else the roles of the lifecycle table among those who see the case (`position_acts`)."""
    if permission.groups:
        return lambda held: any(people.matches(who, held, case, spec, tree) for who in permission.groups)
    return lambda held: held.role in move.roles and people.position_acts(held, case, spec, tree)


def hints(complaint: Complaint, actor: Any) -> list[Hint]:
    """The steps open in this state that `actor` may not take, each with who may."""
    spec = spec_of_version(complaint.policy_version_id)
    refused = _refused(complaint, actor, spec)
    if not refused or complaint.organisation_id is None:
        return []
    roster, tree = people.Roster(complaint.organisation_id), org_tree.current()
    out = []
    for move, permission in refused:
        fits = _rule(move, permission, complaint, spec, tree)
        found = roster.fitting(fits)
        if found or permission.groups:
            text = actions.who_may(move, complaint, permission, found)
            out.append(Hint(move.action, actions.action_label(move.action), text))
    return out
