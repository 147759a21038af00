"""`tousu mail collect|failed|show|register|dismiss`: the e-mail channel from the shell.

collect   read the configured mailboxes now (`--force` ignores the policy's schedule)
failed    the mails held for a person, oldest first
show      one mail: what was read from it, why it is held, or which case it went to
register  complete a held mail with the fields it lacked and register it (or add it to
          the case it answers)
dismiss   a held mail that is no complaint (spam, an auto-reply), with the reason
"""

from __future__ import annotations

import email
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from tousu.cases.errors import DomainError
from tousu.channels import mime
from tousu.channels.collect import collect_all, configured
from tousu.channels.mailintake import register_held
from tousu.channels.models import InboundMail, MailOutcome


class Command(BaseCommand):
    help = "Collect the complaint mailboxes and deal with the mails held for a person."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        collect = sub.add_parser("collect", help="read the configured mailboxes now")
        collect.add_argument("--mailbox", help="only this mailbox (its name or its policy)")
        collect.add_argument("--force", action="store_true", help="also when the policy's schedule is not due")
        failed = sub.add_parser("failed", help="mails held for a person")
        failed.add_argument("--limit", type=int, default=100)
        show = sub.add_parser("show", help="one mail")
        show.add_argument("id", type=int)
        show.add_argument("--raw", action="store_true", help="print the raw message as received")
        register = sub.add_parser("register", help="complete a held mail and register it")
        register.add_argument("id", type=int)
        register.add_argument("--field", action="append", default=[], metavar="NAME=VALUE")
        register.add_argument("--as", dest="as_user", metavar="USER", help="the staff member completing it")
        dismiss = sub.add_parser("dismiss", help="a held mail that is no complaint")
        dismiss.add_argument("id", type=int)
        dismiss.add_argument("--reason", required=True)
        dismiss.add_argument("--as", dest="as_user", metavar="USER", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['sub']}")(options)
        except DomainError as error:
            details = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in error.details.items())
            raise CommandError(f"{error.message}{f' ({details})' if details else ''}") from None

    def _collect(self, options: dict[str, Any]) -> None:
        if not configured():
            raise CommandError("no mailbox is configured: set TOUSU_MAILBOXES (docs/channels.md)")
        failed = False
        for report in collect_all(force=options["force"], only=options["mailbox"]):
            if report.skipped:
                self.stdout.write(f"{report.mailbox} ({report.policy}): not due by the policy's schedule")
            elif report.error:
                failed = True
                self.stderr.write(f"{report.mailbox} ({report.policy}): FAILED {report.error}")
            else:
                counts = ", ".join(f"{n} {what}" for what, n in sorted(report.counts.items())) or "nothing new"
                self.stdout.write(f"{report.mailbox} ({report.policy}): {counts}")
        if failed:
            raise CommandError("some mailboxes could not be read")

    def _failed(self, options: dict[str, Any]) -> None:
        held = InboundMail.objects.filter(outcome=MailOutcome.HELD).order_by("collected_at", "pk")
        rows = list(held.defer("raw")[: options["limit"]])
        for row in rows:
            when = timezone.localtime(row.collected_at).strftime("%Y-%m-%d %H:%M")
            why = row.details.get("message") or row.details.get("detail") or ""
            missing = ",".join(row.details.get("fields", {}))
            self.stdout.write(
                f"{row.pk:>6}  {when}  {row.policy_name:<18} {row.problem:<14} {row.sender or '-':<30} "
                f"{row.subject[:40]}  {why}{f' [{missing}]' if missing else ''}".rstrip()
            )
        if not rows:
            self.stdout.write("no mail is held")

    def _show(self, options: dict[str, Any]) -> None:
        row = _mail(options["id"])
        if options["raw"]:
            _write_bytes(self.stdout, bytes(row.raw))
            return
        out = self.stdout.write
        out(f"mail {row.pk}  {row.outcome}  {row.problem}".rstrip())
        out(f"message-id: {row.message_id}")
        office = f"  office: {row.unit}" if row.unit else ""
        collected = timezone.localtime(row.collected_at)
        out(f"mailbox: {row.mailbox}  policy: {row.policy_name}{office}  collected {collected}")
        out(f"from: {row.sender_name} <{row.sender}>")
        out(f"subject: {row.subject}")
        if row.complaint_id:
            note = f" (note #{row.event_seq})" if row.event_seq else ""
            out(f"case: {row.complaint.number if row.complaint else row.complaint_id}{note}")
        if row.details:
            out(f"details: {row.details}")
        try:
            parsed = mime.parse(bytes(row.raw))
        except mime.Unreadable as error:
            headers = email.message_from_bytes(bytes(row.raw))
            out(f"unreadable ({error.code}); headers: {dict(list(headers.items())[:12])}")
            return
        out("text:")
        out(parsed.text[:3000])
        for item in parsed.attachments:
            out(f"attachment: {item.name} ({item.content_type}, {len(item.data)} bytes)")

    def _register(self, options: dict[str, Any]) -> None:
        row = _mail(options["id"])
        overrides: dict[str, Any] = {}
        for item in options["field"]:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--field takes NAME=VALUE, not {item!r}")
            overrides[name.strip()] = value
        actor = _user(options["as_user"]) if options["as_user"] else None
        try:
            row = register_held(
                row,
                overrides=overrides,
                actor=actor,
                actor_kind="staff" if actor else "complainant",
                by=options["as_user"] or "",
            )
        except mime.Unreadable as error:
            raise CommandError(f"mail {row.pk} cannot be read ({error.code}); dismiss it with a reason") from None
        case = row.complaint
        self.stdout.write(f"mail {row.pk}: {row.outcome} {case.number if case else ''}".rstrip())

    def _dismiss(self, options: dict[str, Any]) -> None:
        row = _mail(options["id"])
        _user(options["as_user"])
        changed = InboundMail.objects.filter(pk=row.pk, outcome=MailOutcome.HELD).update(
            outcome=MailOutcome.DISMISSED,
            handled_at=timezone.now(),
            handled_by=options["as_user"],
            details={**row.details, "dismissed": options["reason"]},
        )
        if not changed:
            raise CommandError(f"mail {row.pk} is {row.outcome}, not held")
        self.stdout.write(f"mail {row.pk}: dismissed")


def _write_bytes(stream: Any, data: bytes) -> None:
    # The raw message as received (any charset), e.g. `tousu mail show 7 --raw > 7.eml`.
    target = getattr(stream, "_out", stream)
    if hasattr(target, "buffer"):
        target.flush()
        target.buffer.write(data)
        target.buffer.flush()
    else:
        target.write(data.decode("utf-8", "replace"))


def _mail(pk: int) -> InboundMail:
    row = InboundMail.objects.select_related("complaint").filter(pk=pk).first()
    if row is None:
        raise CommandError(f"no mail {pk}")
    return row


def _user(username: str) -> User:
    user = User.objects.select_related("staff").filter(Q(username=username), is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user
