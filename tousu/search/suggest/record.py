"""Recording what was suggested at intake and what the case finally says, so accuracy can
be measured on the organisation's own cases (`tousu suggest accuracy`)."""

from __future__ import annotations

from typing import Any

from tousu.cases.models import Complaint
from tousu.policies.registry import spec_of_version
from tousu.search.models import SuggestionRecord
from tousu.search.suggest.engine import FIELDS, as_values, suggest

# Actions after which the classification may differ from what intake recorded.
RECLASSIFYING = frozenset({"classify", "transfer", "assign", "screen"})


def chosen_values(complaint: Complaint) -> dict[str, Any]:
    values = {name: getattr(complaint, name) for name in FIELDS if name != "department"}
    department = complaint.department
    values["department"] = department.code if department is not None else ""
    return values


def new_record(complaint: Complaint) -> SuggestionRecord:
    """What the suggestions would have proposed for a new case (unsaved: computed before
    the registration's write transaction)."""
    spec = spec_of_version(complaint.policy_version_id)
    text = f"{complaint.content}\n{complaint.request}"
    suggested = suggest(spec, text, {"kind": complaint.kind, "channel": complaint.channel})
    source = "classifier" if suggested.get("category") and suggested["category"].rule == "classifier" else "rules"
    return SuggestionRecord(
        policy_name=complaint.policy_name,
        source=source,
        suggested=as_values(suggested),
        chosen=chosen_values(complaint),
    )


def record_choice(complaint: Complaint, action: str) -> None:
    if action in RECLASSIFYING:
        SuggestionRecord.objects.filter(complaint=complaint).update(chosen=chosen_values(complaint))
