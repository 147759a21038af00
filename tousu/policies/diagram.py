"""The lifecycle as one policy switches it, drawn as a Mermaid state diagram.

Drawn from the same table the engine enforces (tousu.cases.lifecycle.MOVES), so the
picture cannot drift from what the desk and the API allow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from tousu.cases.lifecycle import MOVES, SCREEN_TARGETS, VERIFY_TARGETS, Move, step_on
from tousu.cases.vocab import ENDED_STATES, OPEN_STATES, State
from tousu.policies.schema import Clock, ClockTrigger, Condition, Duration
from tousu.policies.schema import Policy as PolicySpec

# Moves allowed in every open state are drawn once, from this pseudo-state, instead of
# one arrow per open state: merge and withdraw alone would add a dozen arrows.
ANY_OPEN = "any_open"
START = State.REGISTERED

# Outcome-dependent moves: the handler picks the target, the table only has the default.
OUTCOMES: dict[str, dict[str, State]] = {"screen": SCREEN_TARGETS, "verify": VERIFY_TARGETS}

# Listing order of states in the output, so the text diff of two diagrams stays small.
STATE_ORDER = [s.value for s in State]
OPEN_CODES = frozenset(s.value for s in OPEN_STATES)
ENDED_CODES = frozenset(s.value for s in ENDED_STATES)


def enabled_moves(spec: PolicySpec) -> list[Move]:
    """The moves of the lifecycle this policy allows: common ones and its switched-on steps."""
    return [m for m in MOVES.values() if m.step is None or step_on(spec, m.step)]


def _edges(spec: PolicySpec, move: Move, sources: frozenset[State]) -> list[tuple[State, State, str]]:
    """(source, target, outcome) for each way `move` can leave one of `sources`."""
    out: list[tuple[State, State, str]] = []
    for source in sources:
        if move.action in OUTCOMES:
            out.extend((source, target, outcome) for outcome, target in OUTCOMES[move.action].items())
        elif move.action == "transfer" and source == State.REGISTERED:
            # The handler keeps an unscreened case registered so the receiving body screens it.
            out.append((source, source, ""))
        elif move.action == "assign" and source == State.REGISTERED and (spec.steps.screen or spec.steps.verify):
            # Assigning needs an in-scope screening or a valid verification first, and
            # both of those move the case to "accepted": no assign from "registered".
            continue
        else:
            out.append((source, move.target if move.target is not None else source, ""))
    return out


def _label(move: Move, outcome: str = "") -> str:
    name = f"{move.action} {outcome}" if outcome else move.action
    return f"{name} ({move.clause})" if move.clause else name


def describe_duration(duration: Duration) -> str:
    if duration.unit == "same_day":
        return "same day"
    unit = duration.unit.replace("_", " ")
    return f"{duration.amount} {unit[:-1] if duration.amount == 1 else unit}"


def describe_clock_duration(clock: Clock) -> str:
    if clock.duration is not None:
        return describe_duration(clock.duration)
    by = ", ".join(f"{key} {describe_duration(d)}" for key, d in clock.durations.items())
    return f"by {clock.duration_by}: {by}"


def describe_condition(condition: Condition, data: Mapping[str, object] | None = None, sep: str = " ") -> str:
    """`field=value` pairs (a list as `a|b`), empty when the condition always holds."""
    fields = {**condition.model_dump(mode="json", exclude_none=True), **(data or {})}
    parts = []
    for key, value in fields.items():
        shown = "|".join(str(v) for v in value) if isinstance(value, list) else str(value)
        parts.append(f"{key}={shown.lower() if isinstance(value, bool) else shown}")
    return sep.join(parts)


def describe_trigger(trigger: ClockTrigger) -> str:
    again = "(again)" if trigger.again else ""
    return " ".join(filter(None, [trigger.on, describe_condition(trigger.when, trigger.data), again]))


def describe_triggers(triggers: list[ClockTrigger]) -> str:
    return " or ".join(describe_trigger(t) for t in triggers)


def _state_decl(state: str) -> str:
    if state == ANY_OPEN:
        return f'state "任何未结状态 any open state" as {ANY_OPEN}'
    # A double quote would end Mermaid's description string; #quot; is its escape.
    label = str(State(state).label).replace('"', "#quot;")
    return f'state "{label} ({state})" as {state}'


def mermaid(spec: PolicySpec) -> str:
    """A Mermaid `stateDiagram-v2` of the lifecycle under `spec`, with its clocks as a note."""
    moves = enabled_moves(spec)
    transitions: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_place: dict[str, list[str]] = defaultdict(list)
    everywhere = frozenset(OPEN_STATES)

    for move in moves:
        others = move.sources
        if move.sources >= everywhere:
            if move.target is None:
                in_place[ANY_OPEN].append(_label(move))
            else:
                transitions[(ANY_OPEN, move.target)].append(_label(move))
            others = move.sources - everywhere  # e.g. a note on a closed case
        for source, target, outcome in _edges(spec, move, others):
            label = _label(move, outcome)
            if source == target:
                in_place[source].append(label)
            else:
                transitions[(source, target)].append(label)

    reachable = _reachable(transitions)
    lines = ["stateDiagram-v2", f"    %% policy {spec.name}: {spec.title}"]
    for state in [*sorted(reachable, key=STATE_ORDER.index), ANY_OPEN]:
        lines.append(f"    {_state_decl(state)}")
    lines.append(f"    [*] --> {START}")
    for (origin, goal), labels in sorted(transitions.items(), key=_edge_order):
        if origin in reachable or origin == ANY_OPEN:
            lines.append(f"    {origin} --> {goal}: {' / '.join(labels)}")
    for state in sorted(reachable & ENDED_CODES, key=STATE_ORDER.index):
        lines.append(f"    {state} --> [*]")
    for state in [*sorted(reachable, key=STATE_ORDER.index), ANY_OPEN]:
        if in_place.get(state):
            lines.extend(_note(state, "right", ["in place: " + ", ".join(in_place[state])]))
    if spec.clocks:
        lines.extend(_note(START, "left", ["clocks:", *(_clock_line(c) for c in spec.clocks)]))
    return "\n".join(lines) + "\n"


def _reachable(transitions: dict[tuple[str, str], list[str]]) -> set[str]:
    """States reachable from registration; moves from any open state reach from all of them."""
    seen = {START.value}
    changed = True
    while changed:
        changed = False
        for source, target in transitions:
            if (source in seen or (source == ANY_OPEN and seen & OPEN_CODES)) and target not in seen:
                seen.add(target)
                changed = True
    return seen


def _edge_order(item: tuple[tuple[str, str], list[str]]) -> tuple[int, int]:
    (source, target), _labels = item
    rank = len(STATE_ORDER)
    return (STATE_ORDER.index(source) if source in STATE_ORDER else rank, STATE_ORDER.index(target))


def _clock_line(clock: Clock) -> str:
    clause = f" ({clock.clause})" if clock.clause else ""
    recurring = ", repeats" if clock.recurring else ""
    events = f"{describe_triggers(clock.start)} → {describe_triggers(clock.stop)}"
    return f"{clock.name} {clock.label}{clause} = {describe_clock_duration(clock)}{recurring}, {events}"


def _note(state: str, side: str, text: list[str]) -> list[str]:
    # Mermaid ends a note at "end note" and reads ";" as a statement break in some versions.
    body = [f"        {line.replace(';', ',')}" for line in text]
    return [f"    note {side} of {state}", *body, "    end note"]
