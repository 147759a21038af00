"""The one lifecycle every policy uses, as a declared table of allowed moves.

A policy switches optional steps on (screen, verify, site visit, ...) and decides the
closure rule; it cannot add states. The web desk and the API ask `available_actions`
which actions a user may take now; `tousu policy diagram` draws this table.
"""

from dataclasses import dataclass
from typing import Any

from tousu.cases.vocab import OPEN_STATES, Role
from tousu.cases.vocab import State as S

R = Role
STAFF = frozenset(set(Role) - {Role.ADMINISTRATOR})
INTAKE = frozenset({R.RECEPTIONIST, R.COMPLAINT_MANAGER, R.DEPARTMENT_HEAD, R.EXECUTIVE})
ROUTERS = frozenset({R.RECEPTIONIST, R.COMPLAINT_MANAGER, R.DEPARTMENT_HEAD, R.EXECUTIVE})
HANDLERS = frozenset({R.HANDLER, R.DEPARTMENT_HEAD, R.COMPLAINT_MANAGER, R.EXECUTIVE})
APPROVERS = frozenset({R.DEPARTMENT_HEAD, R.COMPLAINT_MANAGER, R.EXECUTIVE})
CUSTOMER_SERVICE = frozenset({R.RECEPTIONIST, R.COMPLAINT_MANAGER, R.DEPARTMENT_HEAD, R.EXECUTIVE})

OPEN = frozenset(OPEN_STATES)
WORKING = frozenset({S.REGISTERED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS})
HANDLING = frozenset({S.ASSIGNED, S.IN_PROGRESS})


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[S]
    # None: the state does not change; a dict: chosen by the action's outcome.
    target: S | None
    roles: frozenset[Role]
    step: str | None = None  # the policy step that must be switched on
    clause: str = ""


MOVES: dict[str, Move] = {
    m.action: m
    for m in [
        Move("screen", frozenset({S.REGISTERED}), S.ACCEPTED, INTAKE, "screen", "P2.8"),
        Move("verify", frozenset({S.REGISTERED, S.ACCEPTED}), S.ACCEPTED, INTAKE | HANDLERS, "verify", "P5.2"),
        Move("classify", WORKING | {S.RESOLVED, S.TO_BE_IMPROVED}, None, INTAKE | HANDLERS, None, "P4.4.3"),
        Move("transfer", WORKING, S.ACCEPTED, STAFF, None, "P2.6"),
        Move("assign", WORKING, S.ASSIGNED, ROUTERS, None, "P2.9"),
        Move("plan", HANDLING, S.IN_PROGRESS, HANDLERS, "plan", "P2.9"),
        Move("reply", OPEN, None, STAFF, None, "P4.6"),
        # Notes are allowed on ended cases too, e.g. a referred caller who persists (P2.8).
        Move("note", frozenset(S), None, STAFF, None, ""),
        Move("follow_up", OPEN - {S.RESOLVED}, None, STAFF, "follow_up", "P4.8"),
        # Also after resolving: the customer's confirmation may come later (P3.h, P3.s3).
        Move("site_visit", HANDLING | {S.RESOLVED}, S.IN_PROGRESS, HANDLERS, "site_visit", "P3.e"),
        Move(
            "determine_responsibility",
            HANDLING | {S.RESOLVED},
            None,
            HANDLERS,
            "responsibility",
            "P1.4",
        ),
        Move("resolve", HANDLING, S.RESOLVED, HANDLERS, None, "P2.9"),
        Move("extend", OPEN, None, APPROVERS, None, "P2.9"),
        Move("pause_clock", OPEN, None, APPROVERS, None, ""),
        Move("resume_clock", OPEN, None, APPROVERS, None, ""),
        Move("set_aside", HANDLING, S.TO_BE_IMPROVED, HANDLERS, "set_aside", "P4.4.3.2"),
        Move("callback", frozenset({S.RESOLVED, S.TO_BE_IMPROVED}), None, CUSTOMER_SERVICE, "callback", "P4.9"),
        Move("reopen", frozenset({S.RESOLVED, S.TO_BE_IMPROVED}), S.IN_PROGRESS, CUSTOMER_SERVICE, None, "P4.10"),
        Move("sign_off", frozenset({S.RESOLVED, S.TO_BE_IMPROVED}), None, APPROVERS, "sign_off", "P4.5.3"),
        Move("close", frozenset({S.RESOLVED, S.TO_BE_IMPROVED}), S.CLOSED, CUSTOMER_SERVICE, None, "P4.10"),
        Move("escalate", OPEN, None, STAFF, None, "P4.5.3"),
        Move("merge", OPEN, S.MERGED, ROUTERS, None, ""),
        # To another organisation, only as the policy's `handoffs` say (P2.4 the inspection
        # institute; P2.8 a referral or a malicious report passed to the competent body).
        Move("hand_off", WORKING | {S.REFERRED, S.MALICIOUS}, None, ROUTERS, "handoffs", "P2.4"),
        # The receiving organisation reports its result back onto the origin's timeline.
        Move("report_back", frozenset({S.RESOLVED}), S.CLOSED, HANDLERS, None, "P2.4"),
        Move("withdraw", OPEN, S.WITHDRAWN, INTAKE, None, ""),
        # Recorded by the clock sweep (tousu.deadlines), never by a person: a deadline
        # was missed, and the policy's `on: breached` escalation that follows (P4.5.3).
        Move("breach", OPEN, None, frozenset(), None, "P2.15"),
    ]
}

# Actions only the system takes (actor_kind="system"), e.g. from a periodic job.
SYSTEM_ACTIONS = frozenset({"breach"})

# What a complainant may do on their own case: answer the callback (P4.9) and add a
# message to its timeline, e.g. a reply by e-mail to the acknowledgement (tousu.channels).
COMPLAINANT_ACTIONS = frozenset({"callback", "note"})

# Outcomes of screening and verification that end the case (P2.8, P5.2).
SCREEN_TARGETS = {"in_scope": S.ACCEPTED, "out_of_scope": S.REFERRED, "malicious": S.MALICIOUS}
VERIFY_TARGETS = {"valid": S.ACCEPTED, "invalid": S.INVALID}


def step_on(spec: Any, step: str) -> bool:
    """Is a step of the lifecycle switched on by the policy (`spec`)? Hand-offs are on
    when the policy names any."""
    return bool(spec.handoffs) if step == "handoffs" else bool(getattr(spec.steps, step))
