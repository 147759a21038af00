"""One mail in: a new case, a message on the case it answers, or held for a person.

The InboundMail row (its Message-ID unique) is written in the same transaction as the
registration or the note, so a mail becomes a case exactly once even when the job and a
person's `tousu mail collect` read the mailbox at the same time. Everything goes through
the one write path: `tousu.cases.intake.register` and `tousu.cases.actions.perform`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tousu.cases import attachments, intake
from tousu.cases.actions import Actor, perform
from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint
from tousu.channels import fields, mime
from tousu.channels.mailthread import case_replied_to
from tousu.channels.models import InboundMail, MailOutcome
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version

log = logging.getLogger(__name__)


@dataclass
class Taken:
    mail: InboundMail | None  # None: another collector took this Message-ID first
    duplicate: bool = False


def take(
    raw: bytes,
    *,
    mailbox: str,
    policy: str,
    unit: str = "",
    uid: int | None = None,
    now: dt.datetime | None = None,
) -> Taken:
    """Take one mail in from a mailbox feeding `policy` (in the office `unit`, when the
    policy runs in several)."""
    now = now or timezone.now()
    message_id = mime.message_id_of(raw)
    existing = InboundMail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return Taken(existing, duplicate=True)
    row = InboundMail(
        message_id=message_id, mailbox=mailbox, policy_name=policy, unit=unit, uid=uid, collected_at=now, raw=raw
    )
    try:
        parsed = mime.parse(raw)
    except mime.Unreadable as error:
        _hold(row, error.code, {"detail": error.detail} if error.detail else {})
        parsed = None
    except Exception as error:  # a mail the parser chokes on is kept, not lost
        log.exception("mail %s could not be parsed", message_id)
        _hold(row, "unreadable", {"detail": repr(error)[:500]})
        parsed = None
    if parsed is not None:
        sender, sender_name, subject = parsed.sender, parsed.sender_name, parsed.subject
        row.sent_at = parsed.sent_at
    else:
        sender, sender_name, subject = mime.envelope_of(raw)
    row.sender, row.sender_name, row.subject = sender[:254], sender_name[:200], subject[:500]
    if parsed is not None and parsed.automatic:
        # Kept and listed, never answered (an acknowledgement would start a mail loop).
        _hold(row, "automatic", {})
        parsed = None
    try:
        with transaction.atomic():
            if parsed is not None:
                _file(row, parsed, actor=None, actor_kind="complainant", overrides={})
            row.save()
    except IntegrityError:
        if InboundMail.objects.filter(message_id=message_id).exists():
            return Taken(None, duplicate=True)  # a concurrent collector committed it first
        raise
    return Taken(row)


def register_held(
    row: InboundMail, *, overrides: dict[str, Any], actor: Actor, actor_kind: str, by: str
) -> InboundMail:
    """A person completes a held mail (e.g. the unit number the mail did not give) and it
    is registered, or added to a case, as the collector would have done."""
    if row.outcome != MailOutcome.HELD:
        raise DomainError(f"mail {row.pk} is {row.outcome}, not held", code="wrong_state")
    parsed = mime.parse(bytes(row.raw))  # Unreadable propagates: nothing to register
    with transaction.atomic():
        _file(row, parsed, actor=actor, actor_kind=actor_kind, overrides=overrides)
        if row.outcome != MailOutcome.HELD:
            row.handled_at, row.handled_by = timezone.now(), by
        row.save()  # still held: with the reason of this attempt
    if row.outcome == MailOutcome.HELD:
        raise DomainError(
            str(row.details.get("message", row.problem)), code=row.problem, details=row.details.get("fields")
        )
    return row


def _file(row: InboundMail, parsed: mime.ParsedMail, *, actor: Actor, actor_kind: str, overrides: dict) -> None:
    """Register or reply inside a savepoint: a refusal rolls back only the case's writes
    and leaves the row held with the reason."""
    try:
        with transaction.atomic():
            case = case_replied_to(parsed, row.policy_name)
            if case is not None:
                _reply(row, parsed, case)
            else:
                _register(row, parsed, actor=actor, actor_kind=actor_kind, overrides=overrides)
    except DomainError as error:
        _hold(row, error.code, {"message": str(error.message), "fields": _jsonable(error.details)})


def _register(row: InboundMail, parsed: mime.ParsedMail, *, actor: Actor, actor_kind: str, overrides: dict) -> None:
    try:
        spec = spec_of_version(current_version_id(row.policy_name))
    except UnknownPolicy:
        raise DomainError(f"no policy {row.policy_name!r}", code="unknown_policy") from None
    payload = {**fields.registration(parsed, spec), **overrides}
    if row.unit and "unit" not in overrides:
        payload["unit"] = row.unit  # the office whose mailbox it came to
    complaint = intake.register(payload, actor=actor, actor_kind=actor_kind).complaint
    row.outcome, row.complaint, row.problem, row.details = MailOutcome.REGISTERED, complaint, "", {}
    _keep_attachments(row, parsed, complaint)


def _reply(row: InboundMail, parsed: mime.ParsedMail, case: Complaint) -> None:
    # A message from the complainant on their case's timeline, allowed in every state
    # (a closed case's complainant may still write); staff decide whether to reopen.
    done = perform(case, "note", {"note": fields.reply_text(parsed)}, actor=None, actor_kind="complainant")
    row.outcome, row.complaint, row.event_seq = MailOutcome.REPLY, case, done.events[0].seq
    row.problem, row.details = "", {}
    _keep_attachments(row, parsed, case)


def _keep_attachments(row: InboundMail, parsed: mime.ParsedMail, case: Complaint) -> None:
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    skipped = []
    for item in parsed.attachments:
        if not item.data or len(item.data) > limit:
            # Still in the raw mail kept with the row: nothing is lost, a person sees why.
            skipped.append({"name": item.name, "size": len(item.data)})
            continue
        upload = SimpleUploadedFile(item.name, item.data, content_type=item.content_type)
        attachments.add(case, upload, actor=None, limit=limit)
    if skipped:
        row.details = {**row.details, "skipped_attachments": skipped}


def _hold(row: InboundMail, problem: str, details: dict) -> None:
    row.outcome, row.problem, row.details, row.complaint = MailOutcome.HELD, problem[:32], details, None


def _jsonable(value: Any) -> Any:
    # Field messages may be lazy translations: stored as the text shown now.
    return json.loads(json.dumps(value, default=str))
