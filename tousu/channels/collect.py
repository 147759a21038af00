"""Collecting mailboxes: each new message taken in (tousu.channels.mailintake), then the
mailbox's position saved, message by message, so a crash costs at most a re-read that
the Message-ID table turns into a no-op.

When: on the schedule of the policy the mailbox feeds (`mailbox_collection`): P2.7 has
the web administrator collect the complaint mailbox every Monday; other policies collect
continuously (each minute, the periodic job's interval).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from tousu.channels import imap
from tousu.channels.mailboxes import Mailbox, office_problem
from tousu.channels.mailintake import take
from tousu.channels.models import MailboxState
from tousu.jobs.cron import Cron
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version

log = logging.getLogger(__name__)


@dataclass
class Report:
    mailbox: str
    policy: str
    counts: Counter[str] = field(default_factory=Counter)
    error: str = ""
    skipped: bool = False  # not due by the policy's schedule


def configured() -> list[Mailbox]:
    return list(settings.TOUSU_MAILBOXES)


def is_due(collection: str, last: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a mailbox collected last at `last` is due now under `collection`."""
    if collection == "continuous":
        return True
    slot = Cron.parse(collection).latest_at_or_before(timezone.localtime(now))
    return slot is not None and (last is None or last < slot)


def collection_of(policy: str) -> str:
    try:
        return spec_of_version(current_version_id(policy)).mailbox_collection
    except UnknownPolicy:
        return "continuous"  # intake then holds each mail with "unknown_policy"


def collect_mailbox(mailbox: Mailbox, *, now: dt.datetime | None = None, force: bool = False) -> Report:
    now = now or timezone.now()
    report = Report(mailbox.name, mailbox.policy)
    state, _created = MailboxState.objects.get_or_create(name=mailbox.name)
    if not force and not is_due(collection_of(mailbox.policy), state.last_collected_at, now):
        report.skipped = True
        return report
    problem = office_problem(mailbox)
    if problem:
        # Nothing is taken: the mail waits in the mailbox until the office is named.
        report.error = problem
        MailboxState.objects.filter(name=mailbox.name).update(last_error=problem[:2000])
        log.warning("mailbox %s: %s", mailbox.name, problem)
        return report
    try:
        with imap.session(mailbox) as conn:
            uidvalidity = imap.open_folder(conn, mailbox.folder)
            if uidvalidity != state.uidvalidity:
                # The server renumbered the folder: read it all again; the Message-ID
                # table keeps the messages already taken from becoming cases twice.
                state.uidvalidity, state.last_uid = uidvalidity, 0
            for uid in imap.uids_after(conn, state.last_uid):
                raw = imap.fetch(conn, uid)
                taken = take(raw, mailbox=mailbox.name, policy=mailbox.policy, unit=mailbox.unit, uid=uid, now=now)
                outcome = "duplicate" if taken.duplicate or taken.mail is None else taken.mail.outcome
                report.counts[outcome] += 1
                imap.mark_seen(conn, uid)
                state.last_uid = uid
                MailboxState.objects.filter(name=mailbox.name).update(uidvalidity=uidvalidity, last_uid=uid)
    except imap.MailboxError as error:
        report.error = str(error)
        MailboxState.objects.filter(name=mailbox.name).update(last_error=report.error[:2000])
        log.warning("mailbox %s: %s", mailbox.name, error)
        return report
    MailboxState.objects.filter(name=mailbox.name).update(
        uidvalidity=state.uidvalidity, last_uid=state.last_uid, last_collected_at=now, last_error=""
    )
    return report


def collect_all(*, now: dt.datetime | None = None, force: bool = False, only: str | None = None) -> list[Report]:
    return [
        collect_mailbox(mailbox, now=now, force=force)
        for mailbox in configured()
        if only is None or only in (mailbox.name, mailbox.policy, mailbox.feeds)
    ]
