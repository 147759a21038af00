"""Registering a complaint: the first event of every case, from any channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from tousu.cases import chain, placement, reported, rules
from tousu.cases import clocks as clock_engine
from tousu.cases.actions import Actor
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.inputs import RegisterInput, validated
from tousu.cases.models import Complaint, IdempotencyKey
from tousu.cases.numbers import give_tracking_number, new_verification_code, provisional_number
from tousu.cases.timeline import Entry, events_for, policy_escalation
from tousu.cases.vocab import Channel, State
from tousu.core import inserts
from tousu.notify import outbox
from tousu.org import tree as org_tree
from tousu.org.areas import area_of
from tousu.org.positions import held_by
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.search import index as search_index


@dataclass
class Registered:
    complaint: Complaint
    created: bool
    body: dict[str, Any] | None  # the first answer, replayed for a repeated Idempotency-Key
    status: int = 201


def register(
    payload: dict[str, Any] | BaseModel,
    *,
    actor: Actor,
    actor_kind: str = "staff",
    now: dt.datetime | None = None,
    idempotency: tuple[str, str] | None = None,
    render: Callable[[Complaint], dict[str, Any]] | None = None,
    handed_off: bool = False,
) -> Registered:
    """Register a case under the policy's current version; P2.5, P4.5.1, P5.1.

    `idempotency` is (owner, key): the same key from the same owner returns the first
    case and the first answer instead of registering again.
    """
    if idempotency is not None:
        replay = _replay(idempotency)
        if replay is not None:
            return replay
    data = validated(RegisterInput, payload)
    if actor_kind == "staff" and not any(h.works_cases for h in held_by(actor)):
        raise Forbidden(_("Only staff handling complaints can register them."))
    try:
        version_id = current_version_id(data.policy)
    except UnknownPolicy:
        raise InvalidInput(_("No such policy."), details={"policy": [_("No such policy.")]}) from None
    spec = spec_of_version(version_id)
    fields = _case_fields(data, spec, partial=handed_off)
    now = now or timezone.now()
    where = placement.place(spec, fields, data.unit, actor, actor_kind)
    # Everything but the writes is prepared before the transaction: on SQLite the
    # IMMEDIATE transaction holds the database's write lock from its first statement.
    complaint = Complaint(
        **fields,
        number=provisional_number(),
        verification_code=new_verification_code(),
        policy_version_id=version_id,
        policy_name=spec.name,
        state=State.REGISTERED,
        received_at=data.received_at or now,
        received_by=actor if isinstance(actor, User) and actor_kind == "staff" else None,
        organisation_id=where.organisation_id,
        home_id=where.home_id,
        received_in_id=where.received_in_id,
        area=area_of(data.complainant_unit, data.location),
    )
    _reported_party(complaint, data)
    where = placement.avoid_reported(where, spec, complaint)
    complaint.department_id = where.department_id
    register_data: dict[str, Any] = {"department": where.department_code, "channel": data.channel}
    if where.rerouted:
        register_data["rerouted"] = "P2.11"
    if data.confidentiality_waived and not complaint.confidential:
        register_data["confidentiality_waived"] = True
    entries = [Entry("register", register_data, public=True)]
    escalation = policy_escalation(spec, complaint)
    if escalation is not None:
        entries.append(escalation)
    changes = clock_engine.apply_event(complaint, spec, "register", {"channel": data.channel}, now, [])
    complaint.next_due_at = clock_engine.next_due(changes.created)
    complaint.version = len(entries)
    events = events_for(complaint, entries, after_seq=0, actor=actor, actor_kind=actor_kind, at=now, state_before="")
    indexed = search_index.prepare_new_case(complaint, events)
    body = None
    try:
        with transaction.atomic():
            inserts.insert([complaint], returning=True)
            for event in events:
                event.complaint = complaint
            chain.seal(events, chain.GENESIS)
            for clock in changes.created:
                clock.complaint = complaint
            inserts.insert(events)
            inserts.insert(changes.created)
            # The search index row and the suggestion record, in the same transaction
            # (before the number: a tracking number is looked up directly, not indexed).
            search_index.new_case_written(indexed, complaint)
            outbox.record(complaint, events)  # the acknowledgement, in this transaction
            # The tracking number last: on PostgreSQL the day's counter row stays locked
            # until COMMIT, so concurrent intakes wait only for the end of this one.
            complaint.number = give_tracking_number(complaint.pk, spec.tracking_prefix, timezone.localdate(now))
            if idempotency is not None:
                body = render(complaint) if render else {}
                IdempotencyKey.objects.create(
                    owner=idempotency[0], key=idempotency[1], complaint=complaint, status=201, body=body
                )
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key committed first.
        if idempotency is not None:
            replay = _replay(idempotency)
            if replay is not None:
                return replay
        raise
    if body is None and render is not None:
        body = render(complaint)
    return Registered(complaint=complaint, created=True, body=body)


def _replay(idempotency: tuple[str, str]) -> Registered | None:
    owner, key = idempotency
    found = IdempotencyKey.objects.select_related("complaint").filter(owner=owner, key=key).first()
    if found is None:
        return None
    return Registered(complaint=found.complaint, created=False, body=found.body, status=found.status)


def _case_fields(data: RegisterInput, spec: PolicySpec, partial: bool = False) -> dict[str, Any]:
    """The case's fields, checked against the policy's vocabulary and required fields."""
    errors: dict[str, list[Any]] = {}
    kind = data.kind or spec.default_kind or spec.kinds[0]
    if kind not in spec.kinds:
        errors["kind"] = [_("This policy does not take this kind of case.")]
    if data.channel not in spec.channels and not (partial and data.channel == Channel.HANDOFF):
        errors["channel"] = [_("This policy does not take cases from this channel.")]
    if data.category and data.category not in spec.category_index():
        errors["category"] = [_("This category is not in the policy.")]
    if data.complainant_email:
        try:
            validate_email(data.complainant_email)
        except DjangoValidationError:
            errors["complainant_email"] = [_("Enter a valid e-mail address.")]
    fields: dict[str, Any] = data.model_dump(
        exclude={
            "policy",
            "received_at",
            "urgent",
            "severity",
            "quality",
            "kind",
            "extra",
            "unit",
            "confidentiality_waived",
            "reported_unit",
            "reported_person",
        }
    )
    for name in ("equipment_type", "equipment_stage", "region", "reply_channel"):
        fields[name] = fields[name] or ""
    fields["kind"] = kind
    fields["quality"] = data.quality or ""
    fields["severity"] = data.severity or "general"
    fields["extra"] = data.extra
    # P4.7.1: same-day dispatch suggested from the category unless the receiver says otherwise.
    fields["urgent"] = data.urgent if data.urgent is not None else rules.is_urgent_category(spec, data.category)
    fields["confidential"] = _confidential(data, spec, kind, errors)
    if data.anonymous:
        fields["complainant_name"] = fields["complainant_name"] or ""
    # A case handed over by another organisation comes with what that procedure copies;
    # the receivers complete the rest.
    for name in [] if partial else rules.missing_required(spec, fields):
        if not (data.anonymous and name.startswith("complainant_")):
            errors.setdefault(name, []).append(_("This policy requires this field."))
    if errors:
        raise InvalidInput(_("Some fields are not valid."), details=errors)
    return fields


def _confidential(data: RegisterInput, spec: PolicySpec, kind: str, errors: dict[str, list[Any]]) -> bool:
    """P2.11: a kind the policy keeps confidential (special equipment: reports) stays so
    unless the reporter waives it, which the register event records."""
    by_default = kind in spec.confidentiality.kinds
    if data.confidential is None:
        return by_default and not (data.confidentiality_waived and spec.confidentiality.waiver)
    if data.confidential or not by_default:
        return data.confidential
    if not spec.confidentiality.waiver:
        errors["confidential"] = [_("This policy keeps every such reporter confidential (P2.11).")]
    elif not data.confidentiality_waived:
        errors["confidential"] = [
            _("A report is kept confidential unless the reporter waives it: record the waiver (P2.11).")
        ]
    return not data.confidentiality_waived


def _reported_party(complaint: Complaint, data: RegisterInput) -> None:
    """The party reported: picked from the directory, else found in the typed subject."""
    tree = org_tree.current()
    errors: dict[str, list[Any]] = {}
    if data.reported_unit:
        complaint.reported_unit_id = tree.by_code.get(data.reported_unit)
        if complaint.reported_unit_id is None:
            errors["reported_unit"] = [_("No unit with this code.")]
    if data.reported_person:
        complaint.reported_person_id = (
            User.objects.filter(username=data.reported_person).values_list("pk", flat=True).first()
        )
        if complaint.reported_person_id is None:
            errors["reported_person"] = [_("No staff member with this user name.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), details=errors)
    typed = data.subject_org or data.subject_department or data.subject_person
    if not data.reported_unit and not data.reported_person and typed:
        complaint.reported_unit_id, complaint.reported_person_id = reported.resolve_subject(
            {
                "subject_org": data.subject_org,
                "subject_department": data.subject_department,
                "subject_person": data.subject_person,
            }
        )
