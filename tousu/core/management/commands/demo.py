"""`tousu demo`: the demo organisations with their people, and a few hundred realistic
complaints lived by them under every preset."""

from __future__ import annotations

import time
import unicodedata
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q
from django.utils import timezone

from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.vocab import State
from tousu.core.demo import build
from tousu.core.demo.people import DEMO_PASSWORD
from tousu.core.demo.staff import Login, demo_logins
from tousu.org.importer import OrgFileError


class Command(BaseCommand):
    help = (
        "Create the demo organisations and their people (one password for all) and realistic complaints under "
        "the policy presets, spread over the last six months, every step taken by the person the procedure names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="number of complaints (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed tells the same stories")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any complaint exists")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Complaint.objects.exists():
            self.stdout.write("complaints exist already: no demo data added")
            self._some_logins()
            return
        if options["cases"] < 0:
            raise CommandError("--cases must be 0 or more")
        started = time.monotonic()
        try:
            result = build.run(options["cases"], options["seed"])
        except (LookupError, OrgFileError) as error:
            raise CommandError(str(error)) from None
        elapsed = time.monotonic() - started
        for problem in result.problems:
            self.stderr.write(f"demo step refused: {problem}")
        self._summary(result, elapsed)
        self._logins(result)

    def _some_logins(self) -> None:
        """The demo logins again, for `make run` on an existing database."""
        self._print_logins(demo_logins())

    def _summary(self, result: build.Result, elapsed: float) -> None:
        states = result.states()
        now = timezone.now()
        mine = Complaint.objects.filter(number__in=result.numbers)
        order = [s.value for s in State if any(state == s.value for _, state in states)]
        policies = sorted({policy for policy, _ in states})
        rows = [["policy", *order, "total"]]
        for policy in policies:
            counts = [states.get((policy, state), 0) for state in order]
            rows.append([policy, *map(str, counts), str(sum(counts))])
        totals = [sum(states.get((p, s), 0) for p in policies) for s in order]
        rows.append(["all", *map(str, totals), str(sum(totals))])
        self.stdout.write(f"\n{len(result.numbers)} demo complaints in {elapsed:.1f} s\n")
        self.stdout.write(_table(rows))
        facts = mine.aggregate(
            overdue=Count("pk", filter=Q(is_open=True, next_due_at__lt=now)),
            urgent=Count("pk", filter=Q(urgent=True)),
            escalated=Count("pk", filter=~Q(escalation_level="")),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
            letters=Count("pk", filter=Q(channel="letter")),
        )
        extended = Clock.objects.filter(complaint__in=mine).exclude(extensions=[]).count()
        breached = Clock.objects.filter(complaint__in=mine, state="breached").count()
        events = Event.objects.filter(complaint__in=mine).count()
        first = mine.order_by("received_at").values_list("received_at", flat=True).first()
        since = f", received since {timezone.localtime(first):%Y-%m-%d}" if first else ""
        self.stdout.write(
            f"\n{events} timeline events{since}; open and overdue: {facts['overdue']}, urgent: {facts['urgent']}, "
            f"escalated: {facts['escalated']}, reopened: {facts['reopened']}, by letter: {facts['letters']}, "
            f"deadlines extended: {extended}, clocks met late: {breached}\n"
        )

    def _logins(self, result: build.Result) -> None:
        self._print_logins(result.logins)

    def _print_logins(self, logins: list[Login]) -> None:
        """Grouped by organisation, as a new user looks for the person to be: name, unit,
        title, username."""
        self.stdout.write(
            f"\nDemo logins, password {DEMO_PASSWORD} (/admin/ for admin; an API token for anyone: "
            "tousu token create USERNAME):\n"
        )
        kept = False
        for organisation, group in groupby(logins, key=lambda login: login.organisation):
            rows = []
            for login in group:
                kept = kept or not login.created
                mark = "" if login.created else "*"
                rows.append([login.name, login.unit or "-", login.title, login.username + mark])
            self.stdout.write(f"\n{organisation or 'installation'}\n")
            self.stdout.write(_table(rows, indent="  "))
        if kept:
            self.stdout.write("\n* existed before this run: the password set then was kept, not reset\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _table(rows: list[list[str]], indent: str = "") -> str:
    """Columns aligned by display width, so Chinese text lines up in a terminal."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append(indent + "  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
