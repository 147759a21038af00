"""Hand-offs between organisations (P2.4, P2.8): the only way a case crosses an
organisation's boundary.

The sending policy names each hand-off (`handoffs`): the receiving unit, the policy the
receiving organisation handles it under, and the fields it copies. The receiving
organisation works on its own copy, registered in its own books with only those fields;
a confidential reporter never goes with it (their name, phones, e-mail and ID number are
cut out of the copied texts, P2.11). When the receiver reports its result back, the
result is written onto the origin's timeline (P2.4: both report their results back to
the supervision body, which files them).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases import personal, reported
from tousu.cases.context import ActionContext
from tousu.cases.errors import ActionRefused, InvalidInput
from tousu.cases.models import Complaint, Handoff
from tousu.cases.vocab import Channel
from tousu.org import tree as org_tree
from tousu.policies import registry
from tousu.policies.schema import Handoff as HandoffSpec

# Texts that may carry the reporter's identity when copied.
TEXT_FIELDS = ("content", "request", "location", "subject_person")


def _declared(ctx: ActionContext, code: str) -> HandoffSpec:
    found = next((h for h in ctx.spec.handoffs if h.code == code), None)
    if found is None:
        message = _("This policy names no such hand-off.")
        raise InvalidInput(message, details={"handoff": [message]})
    return found


def copied_fields(complaint: Complaint, declared: HandoffSpec) -> dict[str, Any]:
    """What goes with the case: the declared fields only, the reporter cut out."""
    cut = personal.cutter(personal.identity(complaint)) if complaint.confidential else None
    out: dict[str, Any] = {}
    for name in declared.copies:
        value = getattr(complaint, name)
        if complaint.confidential and name in personal.FIELDS:
            continue  # P2.11: the identity of a confidential reporter never goes along
        if cut is not None and name in TEXT_FIELDS and isinstance(value, str):
            value = cut(value)
        if value not in ("", None):
            out[name] = value
    return out


def send(ctx: ActionContext, code: str, reason: str) -> None:
    """Register the copy in the receiving organisation and link it to this case."""
    from tousu.cases import intake

    declared = _declared(ctx, code)
    complaint = ctx.complaint
    tree = org_tree.current()
    to_unit = tree.by_code.get(declared.to)
    if to_unit is None:
        raise ActionRefused(_("The receiving organisation of this hand-off is not set up here."), code="no_receiver")
    receiving = tree.nodes[to_unit].organisation_id
    party = reported.units_of_party(complaint) if complaint.confidential else set()
    if any(tree.nodes[u].organisation_id == receiving for u in party if u in tree.nodes):
        message = _("A confidential report never goes to the party reported or their organisation (P2.11).")
        raise InvalidInput(message, code="reported_party", details={"handoff": [message]})
    if Handoff.objects.filter(origin=complaint, code=code, returned_at__isnull=True).exists():
        raise ActionRefused(_("The case is already with them; wait for their result."), code="already_handed_off")
    fields = copied_fields(complaint, declared)
    target = registry.current_spec(declared.policy)
    if target is None:
        raise ActionRefused(_("The receiving organisation's policy is not loaded."), code="no_receiver")
    if fields.get("category") and fields["category"] not in target.category_index():
        fields.pop("category")
    if fields.get("kind") not in target.kinds:
        fields.pop("kind", None)
    payload = {
        **fields,
        "policy": declared.policy,
        "channel": Channel.HANDOFF,
        "unit": declared.to,
        "received_at": ctx.now,
        "anonymous": not any(name in fields for name in personal.FIELDS),
        "confidential": False,
        "content": fields.get("content") or complaint.content[:1] or "-",
    }
    copy = intake.register(payload, actor=None, actor_kind="system", now=ctx.now, handed_off=True).complaint
    Handoff.objects.create(origin=complaint, copy=copy, code=code, to_unit_id=to_unit, sent_at=ctx.now)
    ctx.data = {
        "handoff": code,
        "to": declared.to,
        "organisation": tree.organisation_names.get(receiving, ""),
        "copy": copy.number,
        "reason": reason,
        "clause": declared.clause,
    }


def report_back(ctx: ActionContext, outcome: str, summary: str) -> tuple[Complaint, dict[str, Any]]:
    """Close the copy with its result; the origin and what goes onto its timeline."""
    link = Handoff.objects.select_related("origin").filter(copy=ctx.complaint).first()
    if link is None:
        raise ActionRefused(_("This case did not come from another organisation."), code="not_handed_off")
    tree = org_tree.current()
    result = {
        "handoff": link.code,
        "copy": ctx.complaint.number,
        "organisation": tree.organisation_names.get(ctx.complaint.organisation_id or 0, ""),
        "outcome": outcome,
        "summary": summary,
    }
    Handoff.objects.filter(pk=link.pk).update(returned_at=ctx.now, result=result)
    return link.origin, result
