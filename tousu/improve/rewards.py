"""Rewards for substantiated reports (P2.10): for a report found true and penalised, the
penalty actually collected times the policy's `reward_share` (8% in the special-equipment
preset), approved by someone other than the proposer, then the payment recorded.

Only REWARD_ROLES see rewards at all, and only those of their own organisation's
reports; others get "not found", so the existence of a reward does not leak either. A
reward names the case number, never the reporter (P2.11). `perform` is the one write
path after `propose`; each change leaves a History row."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.cases.errors import ActionRefused, Forbidden, InvalidInput, NotFound
from tousu.cases.scope import visible_cases
from tousu.cases.vocab import Kind, Outcome, Role, State
from tousu.improve import access, history
from tousu.improve.models import Reward, RewardState
from tousu.improve.validation import validated
from tousu.policies.registry import spec_of_version

SUBJECT = "reward"
REWARD_ROLES = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
APPROVERS = frozenset({Role.EXECUTIVE, Role.ADMINISTRATOR})
CENT = Decimal("0.01")


class ProposeInput(BaseModel):
    case: str = Field(min_length=1)
    penalty_collected: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class DecideInput(BaseModel):
    note: str = Field(default="", max_length=2000)


class PayInput(BaseModel):
    payment_reference: str = Field(min_length=1, max_length=100)
    paid_on: dt.date


INPUTS: dict[str, type[BaseModel]] = {"approve": DecideInput, "refuse": DecideInput, "pay": PayInput}
MOVES = {
    "approve": ({RewardState.PROPOSED}, RewardState.APPROVED),
    "refuse": ({RewardState.PROPOSED}, RewardState.REFUSED),
    "pay": ({RewardState.APPROVED}, RewardState.PAID),
}


def _organisations(actor: Any) -> list[int]:
    """Where `actor` handles rewards; nowhere is answered as "no such reward"."""
    found = access.organisations(actor, REWARD_ROLES)
    if not found:
        raise NotFound(_("No such reward."))
    return found


def may_decide(reward: Reward, actor: Any) -> bool:
    """An executive (or administrator) of the report's organisation approves (P2.10)."""
    return access.holds(actor, APPROVERS, reward.complaint.organisation_id)


def reward_for(penalty: Decimal, share: Decimal) -> Decimal:
    return (penalty * share).quantize(CENT, rounding=ROUND_HALF_UP)


def propose(data: ProposeInput | dict[str, Any], actor: Any) -> Reward:
    organisations = _organisations(actor)
    payload = validated(ProposeInput, data)
    complaint = visible_cases(actor).filter(number=payload.case, organisation_id__in=organisations).first()
    if complaint is None:
        raise InvalidInput(
            _("No such case: %(numbers)s.") % {"numbers": payload.case}, details={"case": [payload.case]}
        )
    share = spec_of_version(complaint.policy_version_id).reward_share
    if share is None:
        raise ActionRefused(_("This policy pays no rewards (P2.10)."), code="no_rewards")
    found_true = (
        complaint.kind == Kind.REPORT
        and complaint.outcome == Outcome.PENALTY
        and complaint.state in (State.RESOLVED, State.CLOSED)
    )
    if not found_true:
        raise ActionRefused(
            _("Only a report found true and penalised earns a reward (P2.10)."), code="not_substantiated"
        )
    try:
        with transaction.atomic():
            reward = Reward.objects.create(
                complaint=complaint,
                penalty_collected=payload.penalty_collected,
                share=share,
                amount=reward_for(payload.penalty_collected, share),
                proposed_by=actor,
                proposed_at=timezone.now(),
            )
            history.record(SUBJECT, reward, "propose", actor, {"amount": str(reward.amount)})
    except IntegrityError:
        raise ActionRefused(_("This case already has a reward."), code="duplicate") from None
    return Reward.objects.select_related("complaint").get(pk=reward.pk)


def perform(reward: Reward, name: str, data: Any, actor: Any) -> Reward:
    _organisations(actor)
    if name not in INPUTS:
        raise NotFound(_("No such action."))
    payload = validated(INPUTS[name], data)
    sources, target = MOVES[name]
    if name in ("approve", "refuse"):
        if not may_decide(reward, actor):
            raise Forbidden(_("Only an executive approves rewards (P2.10)."), code="role")
        if reward.proposed_by_id == actor.pk:
            raise Forbidden(_("Someone other than the proposer approves a reward."), code="own_reward")
    changes: dict[str, Any] = {"state": target}
    if name == "approve":
        changes["approved_by"] = actor
    if name == "pay":
        changes.update(payment_reference=payload.payment_reference, paid_on=payload.paid_on)
    with transaction.atomic():
        if Reward.objects.filter(pk=reward.pk, state__in=sources).update(**changes) != 1:
            current = Reward.objects.get(pk=reward.pk)
            raise ActionRefused(
                _("Not possible now: the reward is “%(state)s”.") % {"state": RewardState(current.state).label},
                code="wrong_state",
            )
        record = {k: str(v) if not isinstance(v, str) else v for k, v in payload.model_dump().items() if v}
        history.record(SUBJECT, reward, name, actor, record)
    return Reward.objects.get(pk=reward.pk)


def visible(actor: Any) -> QuerySet[Reward]:
    """The rewards of the reports of `actor`'s organisations."""
    organisations = _organisations(actor)
    return (
        Reward.objects.filter(complaint__organisation_id__in=organisations)
        .select_related("complaint")
        .order_by("-proposed_at", "-id")
    )


def get(actor: Any, pk: int) -> Reward:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such reward."))
    return found


def summary(r: Reward) -> dict[str, Any]:
    """What a reward shows: the case number and the money, never the reporter (P2.11)."""
    return {
        "id": r.pk,
        "case": r.complaint.number,
        "penalty_collected": str(r.penalty_collected),
        "share": str(r.share),
        "amount": str(r.amount),
        "state": r.state,
        "state_label": str(RewardState(r.state).label),
        "proposed_by": r.proposed_by.get_username(),
        "approved_by": r.approved_by.get_username() if r.approved_by else "",
        "payment_reference": r.payment_reference,
        "paid_on": r.paid_on,
        "history": history.of(SUBJECT, r),
    }
