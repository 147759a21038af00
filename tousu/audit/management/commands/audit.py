"""`tousu audit verify|log|break-glass`: check the timeline's hash chain, read the access
log, open a logged time-limited access to case contents for an administrator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.audit import breakglass
from tousu.audit.models import AccessEntry
from tousu.cases import chain
from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint


class Command(BaseCommand):
    help = "Verify the timeline hash chain, read the access log, open break-glass access."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        verify = sub.add_parser("verify", help="recompute every case's timeline hash chain")
        verify.add_argument("--number", action="append", help="only these tracking numbers")
        log = sub.add_parser("log", help="the newest access log entries")
        log.add_argument("--user")
        log.add_argument("--number")
        log.add_argument("--action")
        log.add_argument("--limit", type=int, default=50)
        glass = sub.add_parser("break-glass", help="let an administrator read case contents for a while")
        glass.add_argument("--user", required=True)
        glass.add_argument("--reason", required=True)
        glass.add_argument("--minutes", type=int, default=breakglass.DEFAULT_MINUTES)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["sub"].replace("-", "_"))(options)

    def _verify(self, options: dict[str, Any]) -> None:
        ids = None
        if options["number"]:
            ids = list(Complaint.objects.filter(number__in=options["number"]).values_list("pk", flat=True))
        breaks = list(chain.verify(ids))
        if not breaks:
            self.stdout.write("timeline hash chain: OK")
            return
        numbers = dict(Complaint.objects.filter(pk__in=[b.complaint_id for b in breaks]).values_list("pk", "number"))
        for b in breaks:
            self.stdout.write(f"{numbers.get(b.complaint_id, b.complaint_id)} event {b.seq}: {b.reason}")
        raise CommandError(f"timeline hash chain broken in {len(breaks)} case(s)")

    def _log(self, options: dict[str, Any]) -> None:
        qs = AccessEntry.objects.all()
        for field in ("number", "action"):
            if options[field]:
                qs = qs.filter(**{field: options[field]})
        if options["user"]:
            qs = qs.filter(username=options["user"])
        for e in qs[: options["limit"]]:
            self.stdout.write(f"{e.at:%Y-%m-%d %H:%M:%S} {e.username or '-'} {e.action} {e.number or '-'} {e.reason}")

    def _break_glass(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']}")
        try:
            grant = breakglass.open_access(user, options["reason"], options["minutes"])
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        self.stdout.write(f"access for {user.username} until {grant.expires_at:%Y-%m-%d %H:%M}")
