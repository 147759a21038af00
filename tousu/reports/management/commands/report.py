"""`tousu report monthly|quarterly|customers|register|scheduled`: report documents from
the command line, through the same functions as the web desk and the API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.cases.errors import DomainError
from tousu.org.lookup import department_by_code
from tousu.reports import period as periods
from tousu.reports.generate import MONTHLY_BY_FORMAT, generate
from tousu.reports.schedule import generate_due_reports
from tousu.reports.scope import Scope


class Command(BaseCommand):
    help = "Generate report documents (KH-07-R02/R03 monthly, P4.8 quarterly, P3.g1, case register)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)

        def common(p: CommandParser, formats: list[str], default: str) -> None:
            p.add_argument("--policy", help="policy name, e.g. property-office (default: all policies)")
            p.add_argument("--department", help="department code (default: all departments)")
            p.add_argument("--unit", help="unit code: its cases and those of every unit under it (office → company)")
            p.add_argument("--format", choices=formats, default=default)
            p.add_argument("--output", "-o", help="file or directory to write (default: current directory)")
            p.add_argument("--language", default=settings.LANGUAGE_CODE, help="zh-hans (default) or en")

        monthly = sub.add_parser("monthly", help="xlsx/csv: statistics (R02); docx/pdf: analysis (R03); pptx: deck")
        monthly.add_argument("--month", required=True, help="e.g. 2026-10")
        common(monthly, list(MONTHLY_BY_FORMAT), "xlsx")
        quarterly = sub.add_parser("quarterly", help="the quarterly summary report (P4.8)")
        quarterly.add_argument("--quarter", required=True, help="e.g. 2026Q4")
        common(quarterly, ["docx", "pdf", "xlsx"], "docx")
        for name, text in (
            ("customers", "the customer information summary (P3.g1)"),
            ("register", "the case register"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--period", required=True, help="2026-10, 2026Q4 or 2026-10-01..2026-10-15")
            common(p, ["xlsx", "csv"], "xlsx")
        scheduled = sub.add_parser(
            "scheduled", help="generate and send the reports due today (first day of month/quarter)"
        )
        scheduled.add_argument("--today", help="the day to act as, e.g. 2026-11-01 (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "scheduled":
            today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
            for sent in generate_due_reports(today):
                self.stdout.write(
                    f"{sent.document} {sent.policy_name} {sent.period} -> {', '.join(sent.recipients) or '-'}"
                )
            return
        try:
            if options["sub"] == "monthly":
                period, report = periods.parse_month(options["month"]), MONTHLY_BY_FORMAT[options["format"]]
            elif options["sub"] == "quarterly":
                period, report = periods.parse_quarter(options["quarter"]), "quarterly_summary"
            else:
                period = periods.parse(options["period"])
                report = "customer_summary" if options["sub"] == "customers" else "case_register"
            if options["unit"] and department_by_code(options["unit"]) is None:
                raise CommandError(f"no unit with code {options['unit']!r}")
            scope = Scope(
                period=period, policy=options["policy"], department=options["department"], unit=options["unit"]
            )
            generated = generate(report, options["format"], scope, options["language"])
        except periods.BadPeriod as error:
            raise CommandError(str(error)) from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        target = Path(options["output"] or ".")
        if target.is_dir():
            target = target / generated.filename
        target.write_bytes(generated.data)
        self.stdout.write(str(target))
