"""One function per action: check what the action needs, change the case's fields,
say what goes on the timeline. Called only by tousu.cases.actions.perform, inside its
transaction; the state, role and policy-step checks have already passed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import F
from django.utils.translation import gettext as _

from tousu.cases import chain, handoffs, people, reported
from tousu.cases import clocks as clock_engine
from tousu.cases import inputs as i
from tousu.cases.context import ActionContext
from tousu.cases.errors import ActionRefused, InvalidInput
from tousu.cases.lifecycle import SCREEN_TARGETS, VERIFY_TARGETS
from tousu.cases.models import Complaint, Event
from tousu.cases.rules import ESCALATION_ORDER, closure_refusals
from tousu.cases.vocab import ENDED_STATES, Channel, ClockState, ReplyKind, State
from tousu.notify import outbox
from tousu.org import tree as org_tree
from tousu.org.models import Unit


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={field: [message]})


def screen(ctx: ActionContext, data: i.ScreenInput) -> None:
    """P2.8: in scope; out of scope with a referral and an explanation; malicious, recorded and passed on."""
    if data.decision == "out_of_scope":
        if not data.referral_target:
            raise _field_error("referral_target", _("Say where the complainant should go (P2.8)."))
        if not data.explanation:
            raise _field_error("explanation", _("Record the explanation given to the complainant (P2.8)."))
    if data.decision == "malicious" and not data.note:
        raise _field_error("note", _("Record the case carefully before passing it on (P2.8)."))
    ctx.set(scope=data.decision, referral_target=data.referral_target or data.passed_to)
    ctx.target = SCREEN_TARGETS[data.decision]
    ctx.data = data.model_dump(exclude={"version", "note", "public"})
    ctx.public = data.decision == "out_of_scope"


def verify(ctx: ActionContext, data: i.VerifyInput) -> None:
    """P5.2: the butler verifies; an invalid complaint is explained to the owner."""
    if data.decision == "invalid" and not data.explanation:
        raise _field_error("explanation", _("Record the explanation given to the owner (P5.2)."))
    ctx.set(validity=data.decision)
    ctx.target = VERIFY_TARGETS[data.decision]
    ctx.data = data.model_dump(exclude={"version", "note", "public"})
    ctx.public = data.decision == "invalid"


def classify(ctx: ActionContext, data: i.ClassifyInput) -> None:
    changes = data.model_dump(exclude={"version", "note", "public"}, exclude_none=True)
    if not changes:
        raise InvalidInput(_("Nothing to classify: give at least one field."))
    if "category" in changes and changes["category"] not in ctx.spec.category_index():
        raise _field_error("category", _("This category is not in the policy."))
    if "kind" in changes and changes["kind"] not in ctx.spec.kinds:
        raise _field_error("kind", _("This kind is not used by the policy."))
    before = {name: getattr(ctx.complaint, name) for name in changes}
    ctx.set(**changes)
    ctx.data = {"before": before, "after": changes}


def transfer(ctx: ActionContext, data: i.TransferInput) -> None:
    """P2.4, P2.6, P3.d, P4.5.2: to another department of the organisation, the same day.
    Another organisation is reached only by a hand-off the procedure names (`hand_off`)."""
    department = _department(ctx, data.department)
    if department.pk == ctx.complaint.department_id:
        raise _field_error("department", _("The case is already with this department."))
    reported.refuse_if_reported(ctx.complaint, unit_id=department.pk, field="department")
    ctx.data = {
        "from": ctx.complaint.department.code if ctx.complaint.department else None,
        "to": department.code,
        "reason": data.reason,
    }
    ctx.set(department=department, assignee=None)
    # Before screening the receiving body keeps the case unscreened (P2.6 same-day transfer).
    ctx.target = State.REGISTERED if ctx.complaint.state == State.REGISTERED else State.ACCEPTED


def assign(ctx: ActionContext, data: i.AssignInput) -> None:
    """P2.9, P4.4.4: a department and a responsible person, whom the procedure allows
    (P3.f: quality complaints only to the quality department's technical staff)."""
    _require_screened(ctx)
    department = _department(ctx, data.department) if data.department else ctx.complaint.department
    if department is None:
        raise _field_error("department", _("Choose the department that must act."))
    reported.refuse_if_reported(ctx.complaint, unit_id=department.pk, field="department")
    ctx.set(department=department)
    assignee = None
    if data.assignee:
        assignee = (
            get_user_model().objects.select_related("staff").filter(username=data.assignee, is_active=True).first()
        )
        if assignee is None:
            raise _field_error("assignee", _("No active staff member with this user name."))
        reported.refuse_if_reported(ctx.complaint, user_id=assignee.pk, field="assignee")
        allowed, why = people.may_be_assigned(assignee, ctx.complaint, ctx.spec)
        if not allowed:
            raise _field_error("assignee", why)
    ctx.set(assignee=assignee)
    ctx.data = {"department": department.code, "assignee": data.assignee}


def plan(ctx: ActionContext, data: i.PlanInput) -> None:
    """P2.9: how it will be handled, decided within 3 days."""
    ctx.set(handling_plan=data.plan)
    ctx.data = {"plan": data.plan}


def reply(ctx: ActionContext, data: i.ReplyInput) -> None:
    """P4.6 first and second replies, the result (P2.9, P5.4), explanations (P2.12)."""
    complaint = ctx.complaint
    if (
        ctx.spec.steps.written_reply_for_letters
        and complaint.channel == Channel.LETTER
        and data.reply_kind == ReplyKind.RESULT
        and data.channel != Channel.LETTER
    ):
        raise _field_error("channel", _("A complaint received by letter is answered in writing (P5.4)."))
    if ctx.spec.reply_channels and data.channel not in ctx.spec.reply_channels:
        raise _field_error("channel", _("This policy does not reply through this channel."))
    ctx.data = data.model_dump(mode="json", exclude={"version", "note", "public"})
    ctx.public = True
    if data.channel == Channel.LETTER:
        from tousu.cases.letters import attach_reply_letter

        ctx.data["letter"] = attach_reply_letter(complaint, data.text, ctx.actor, ctx.now)


def note(ctx: ActionContext, data: i.NoteInput) -> None:
    ctx.data = {}


def follow_up(ctx: ActionContext, data: i.FollowUpInput) -> None:
    """P4.8: the butler follows up every 3 days while the case is open."""
    ctx.data = {}


def site_visit(ctx: ActionContext, data: i.SiteVisitInput) -> None:
    """P3.e-h: technician on site, findings, what was done, customer confirms and signs."""
    if data.arrived_at > ctx.now:
        raise _field_error("arrived_at", _("The arrival time cannot be in the future."))
    if data.customer_confirmed and not data.customer_signature.strip():
        raise _field_error("customer_signature", _("The customer confirms and signs (P3.h): record who signed."))
    if ctx.complaint.state == State.RESOLVED:
        ctx.target = None  # a confirmation after resolving does not reopen the case
    ctx.data = data.model_dump(mode="json", exclude={"version", "note", "public"})


def determine_responsibility(ctx: ActionContext, data: i.ResponsibilityInput) -> None:
    """P1.4, P3.g: whose fault, and which service norm or procedure was broken."""
    if data.responsibility == "own_fault" and not data.norm:
        raise _field_error("norm", _("Name the service norm or procedure that was broken (P1.4)."))
    ctx.set(responsibility=data.responsibility, responsibility_norm=data.norm)
    ctx.data = data.model_dump(mode="json", exclude={"version", "note", "public"})


def resolve(ctx: ActionContext, data: i.ResolveInput) -> None:
    if ctx.spec.steps.plan and not ctx.complaint.handling_plan:
        raise ActionRefused(_("Cannot resolve: no handling plan has been decided (P2.9)."), code="plan_missing")
    ctx.set(outcome=data.outcome, satisfaction="", signed_off=False)
    ctx.data = {"outcome": data.outcome, "summary": data.summary}


def extend(ctx: ActionContext, data: i.ExtendInput) -> None:
    """P2.9: extended (顺延) for inspection or a formal investigation, with who approved."""
    approver = data.approved_by or (ctx.actor.get_username() if ctx.actor else "")
    clock = clock_engine.find_active(ctx.clocks, data.clock)
    before = clock.due_at
    clock_engine.extend(
        clock,
        data.amount,
        data.unit,
        ctx.now,
        {"amount": data.amount, "unit": data.unit, "reason": data.reason, "approved_by": approver},
    )
    ctx.touched_clocks.append(clock)
    ctx.data = {
        "clock": data.clock,
        "amount": data.amount,
        "unit": data.unit,
        "reason": data.reason,
        "approved_by": approver,
        "due_before": before.isoformat(),
        "due_after": clock.due_at.isoformat(),
    }
    ctx.public = True


def pause_clock(ctx: ActionContext, data: i.ClockInput) -> None:
    clock = clock_engine.find_active(ctx.clocks, data.clock)
    clock_engine.pause(clock, ctx.now)
    ctx.touched_clocks.append(clock)
    ctx.data = {"clock": data.clock, "reason": data.reason}


def resume_clock(ctx: ActionContext, data: i.ClockInput) -> None:
    clock = clock_engine.find_active(ctx.clocks, data.clock)
    clock_engine.resume(clock, ctx.now)
    ctx.touched_clocks.append(clock)
    ctx.data = {"clock": data.clock, "reason": data.reason, "due_after": clock.due_at.isoformat()}


def set_aside(ctx: ActionContext, data: i.SetAsideInput) -> None:
    """P4.4.3.2: caused by an outside party or history, not solvable now: an improvement plan."""
    if data.target_date <= ctx.now.date():
        raise _field_error("target_date", _("The target date must be in the future."))
    ctx.set(complaint_type="to_be_improved", improvement_plan=data.improvement_plan, improvement_due=data.target_date)
    ctx.data = data.model_dump(mode="json", exclude={"version", "note", "public"})
    ctx.public = True


def callback(ctx: ActionContext, data: i.CallbackInput) -> None:
    """P4.9: called back within 2 working days, the result recorded; P5.5."""
    if data.reached and data.satisfaction is None:
        raise _field_error("satisfaction", _("Record whether the complainant is satisfied."))
    if data.reached:
        ctx.set(satisfaction=data.satisfaction)
    ctx.data = data.model_dump(mode="json", exclude={"version", "note", "public"})


def reopen(ctx: ActionContext, data: i.ReopenInput) -> None:
    """P4.10: not satisfied, so it is handled again."""
    ctx.set(reopen_count=ctx.complaint.reopen_count + 1, satisfaction="", signed_off=False)
    ctx.data = {"reason": data.reason}
    ctx.public = True


def sign_off(ctx: ActionContext, data: i.SignOffInput) -> None:
    """P4.5.3: the department head signs off every complaint."""
    if ctx.complaint.signed_off:
        raise ActionRefused(_("The case is already signed off."), code="already_signed_off")
    ctx.set(signed_off=True)
    ctx.data = {"opinion": data.opinion}


def close(ctx: ActionContext, data: i.CloseInput) -> None:
    reasons = closure_refusals(ctx.spec, ctx.complaint)
    if reasons:
        raise ActionRefused(_("Cannot close: %(reasons)s.") % {"reasons": _("; ").join(reasons)}, code="closure_rule")
    ctx.set(closed_at=ctx.now)
    ctx.data = {"satisfaction": ctx.complaint.satisfaction}
    ctx.public = True


def escalate(ctx: ActionContext, data: i.EscalateInput) -> None:
    """Major cases go to the office manager / general manager (P3.h1, P4.5.3)."""
    if ESCALATION_ORDER.index(data.level) <= ESCALATION_ORDER.index(ctx.complaint.escalation_level):
        raise ActionRefused(_("The case is already escalated to this level or higher."), code="already_escalated")
    ctx.data = {"from": ctx.complaint.escalation_level, "to": data.level, "reason": data.reason}
    ctx.set(escalation_level=data.level)


def merge(ctx: ActionContext, data: i.MergeInput) -> None:
    target = Complaint.objects.filter(number=data.into).first()
    if target is None or target.pk == ctx.complaint.pk:
        raise _field_error("into", _("No other case with this tracking number."))
    if target.state in ENDED_STATES and target.state != State.CLOSED:
        raise _field_error("into", _("A case cannot be merged into one that was merged, withdrawn or dismissed."))
    ctx.set(merged_into=target)
    ctx.data = {"into": target.number}
    ctx.public = True
    _record_on_other_case(ctx, target, "merged_in", {"from": ctx.complaint.number})


def withdraw(ctx: ActionContext, data: i.WithdrawInput) -> None:
    ctx.set(closed_at=ctx.now)
    ctx.data = {"reason": data.reason}
    ctx.public = True


def hand_off(ctx: ActionContext, data: i.HandOffInput) -> None:
    """P2.4 to the inspection institute, P2.8 a referral: a copy of what the procedure
    allows goes to the other organisation; the case stays here, waiting for the result."""
    handoffs.send(ctx, data.handoff, data.reason)


def report_back(ctx: ActionContext, data: i.ReportBackInput) -> None:
    """P2.4: the receiving organisation reports its result back onto the origin's timeline."""
    origin, result = handoffs.report_back(ctx, data.outcome, data.summary)
    ctx.set(outcome=data.outcome, closed_at=ctx.now)
    ctx.data = {"outcome": data.outcome, "summary": data.summary, "to": origin.number}
    # Written by the receiving organisation, not by one of the origin's staff: the origin's
    # timeline names the organisation (in the data), not the person who sent it.
    _record_on_other_case(ctx, origin, "handoff_result", result, as_organisation=True)


def breach(ctx: ActionContext, data: i.BreachInput) -> None:
    """A deadline was missed (P2.15 traceable negligence); the policy's `on: breached`
    rule may raise the case to the department head, then the manager (P4.5.3)."""
    clock = next((c for c in ctx.clocks if c.name == data.clock and c.cycle == data.cycle), None)
    if clock is None or clock.state != ClockState.RUNNING or clock.due_at > ctx.now:
        raise ActionRefused(_("This deadline has not been missed."), code="not_overdue")
    ctx.data = {"clock": data.clock, "cycle": data.cycle, "due_at": clock.due_at.isoformat(), "clause": data.clause}
    level = data.escalate_to
    if level is not None and ESCALATION_ORDER.index(level) > ESCALATION_ORDER.index(ctx.complaint.escalation_level):
        ctx.data["escalated_to"] = level
        ctx.set(escalation_level=level)


def _record_on_other_case(
    ctx: ActionContext, other: Complaint, action: str, data: dict[str, object], *, as_organisation: bool = False
) -> None:
    """Leave a trace on the other case's timeline too, in the same transaction.

    The version bump is one atomic UPDATE; reading it back inside the transaction gives
    this event its sequence number (on PostgreSQL the row stays locked until commit).
    """
    Complaint.objects.filter(pk=other.pk).update(version=F("version") + 1)
    seq = Complaint.objects.values_list("version", flat=True).get(pk=other.pk)
    event = Event(
        complaint=other,
        seq=seq,
        action=action,
        actor=ctx.actor if isinstance(ctx.actor, User) and not as_organisation else None,
        actor_kind="system" if as_organisation else ctx.actor_kind,
        at=ctx.now,
        state_before=other.state,
        state_after=other.state,
        data=data,
    )
    chain.seal([event], chain.last_hash(other.pk, seq - 1))
    event.save()
    outbox.record(other, [event])


def _department(ctx: ActionContext, code: str) -> Unit:
    """A unit of the case's organisation by code, or by the policy department it plays
    within the case's office (`wy_engineering` is each office's own engineering)."""
    tree = org_tree.current()
    complaint = ctx.complaint
    unit_id = tree.resolve(code, complaint.home_id) if complaint.home_id is not None else None
    if unit_id is None:
        unit_id = tree.by_code.get(code)
    if unit_id is None:
        raise _field_error("department", _("No department with this code."))
    if complaint.organisation_id is not None and tree.nodes[unit_id].organisation_id != complaint.organisation_id:
        raise _field_error(
            "department",
            _("This department belongs to another organisation: hand the case over as the procedure says."),
        )
    department = Unit.objects.get(pk=unit_id)
    return department


def _require_screened(ctx: ActionContext) -> None:
    complaint = ctx.complaint
    if ctx.spec.steps.screen and complaint.scope != "in_scope":
        raise ActionRefused(
            _("Cannot assign: the case has not been screened as in scope yet (P2.8)."), code="not_screened"
        )
    if ctx.spec.steps.verify and complaint.validity != "valid":
        raise ActionRefused(
            _("Cannot assign: the case has not been verified as valid yet (P5.2)."), code="not_verified"
        )


# Each handler takes its own input model (see inputs.ACTION_INPUTS).
HANDLERS: dict[str, Callable[[ActionContext, Any], None]] = {
    "screen": screen,
    "verify": verify,
    "classify": classify,
    "transfer": transfer,
    "assign": assign,
    "plan": plan,
    "reply": reply,
    "note": note,
    "follow_up": follow_up,
    "site_visit": site_visit,
    "determine_responsibility": determine_responsibility,
    "resolve": resolve,
    "extend": extend,
    "pause_clock": pause_clock,
    "resume_clock": resume_clock,
    "set_aside": set_aside,
    "callback": callback,
    "reopen": reopen,
    "sign_off": sign_off,
    "close": close,
    "escalate": escalate,
    "merge": merge,
    "withdraw": withdraw,
    "breach": breach,
    "hand_off": hand_off,
    "report_back": report_back,
}
