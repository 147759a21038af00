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

from tousu.cases import chain, rules
from tousu.cases import clocks as clock_engine
from tousu.cases.actions import Actor, role_of
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.inputs import RegisterInput, validated
from tousu.cases.models import Complaint, IdempotencyKey
from tousu.cases.numbers import give_tracking_number, new_verification_code, provisional_number
from tousu.cases.timeline import Entry, events_for, policy_escalation
from tousu.cases.vocab import Role, State
from tousu.core import inserts
from tousu.notify import outbox
from tousu.org.lookup import department_by_code
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
    if actor_kind == "staff" and role_of(actor) in (None, Role.ADMINISTRATOR):
        raise Forbidden(_("Only staff handling complaints can register them."))
    try:
        version_id = current_version_id(data.policy)
    except UnknownPolicy:
        raise InvalidInput(_("No such policy."), details={"policy": [_("No such policy.")]}) from None
    spec = spec_of_version(version_id)
    fields = _case_fields(data, spec)
    now = now or timezone.now()
    department_code = rules.route(spec, fields)
    department = department_by_code(department_code) if department_code else None
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
        department=department,
    )
    entries = [Entry("register", {"department": department_code, "channel": data.channel}, public=True)]
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


def _case_fields(data: RegisterInput, spec: PolicySpec) -> dict[str, Any]:
    """The case's fields, checked against the policy's vocabulary and required fields."""
    errors: dict[str, list[Any]] = {}
    kind = data.kind or spec.default_kind or spec.kinds[0]
    if kind not in spec.kinds:
        errors["kind"] = [_("This policy does not take this kind of case.")]
    if data.channel not in spec.channels:
        errors["channel"] = [_("This policy does not take cases from this channel.")]
    if data.category and data.category not in spec.category_index():
        errors["category"] = [_("This category is not in the policy.")]
    if data.complainant_email:
        try:
            validate_email(data.complainant_email)
        except DjangoValidationError:
            errors["complainant_email"] = [_("Enter a valid e-mail address.")]
    fields: dict[str, Any] = data.model_dump(
        exclude={"policy", "received_at", "urgent", "severity", "quality", "kind", "extra"}
    )
    for name in ("equipment_type", "equipment_stage", "region", "reply_channel"):
        fields[name] = fields[name] or ""
    fields["kind"] = kind
    fields["quality"] = data.quality or ""
    fields["severity"] = data.severity or "general"
    fields["extra"] = data.extra
    # P4.7.1: same-day dispatch suggested from the category unless the receiver says otherwise.
    fields["urgent"] = data.urgent if data.urgent is not None else rules.is_urgent_category(spec, data.category)
    if data.anonymous:
        fields["complainant_name"] = fields["complainant_name"] or ""
    for name in rules.missing_required(spec, fields):
        if not (data.anonymous and name.startswith("complainant_")):
            errors.setdefault(name, []).append(_("This policy requires this field."))
    if errors:
        raise InvalidInput(_("Some fields are not valid."), details=errors)
    return fields
