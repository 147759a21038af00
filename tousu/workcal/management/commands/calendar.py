"""`manage.py calendar seed | import FILE | show YEAR`: the official calendar."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tousu.workcal import store
from tousu.workcal.models import CalendarDay, CalendarYear
from tousu.workcal.notice import DayEntry
from tousu.workcal.render import render_year


class Command(BaseCommand):
    help = "Load and inspect China's official working-day calendar (holidays and 调休)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{seed,import,show}")
        seed = sub.add_parser("seed", help="Load all years the chinese_calendar package knows.")
        seed.add_argument("--from", dest="first", type=int, help="First year to load.")
        seed.add_argument("--to", dest="last", type=int, help="Last year to load.")
        seed.add_argument(
            "--overwrite-notices",
            action="store_true",
            help="Also replace years imported from a State Council notice file.",
        )
        imp = sub.add_parser("import", help="Import one year from a notice file (YAML).")
        imp.add_argument("file")
        show = sub.add_parser("show", help="Print a year with holidays (H) and workdays (W).")
        show.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed":
            self._seed(options["first"], options["last"], options["overwrite_notices"])
        elif action == "import":
            self._import(options["file"])
        else:
            self._show(options["year"])

    def _seed(self, first: int | None, last: int | None, overwrite: bool) -> None:
        available = store.package_years()
        # A lone --from/--to outside the package range must reach the "no data" error.
        first = first if first is not None else min(available.start, last or available.start)
        last = last if last is not None else max(available.stop - 1, first)
        years = range(first, last + 1)
        if not years:
            raise CommandError(_("--from must not be after --to."))
        try:
            written = store.seed_from_package(years, overwrite_notices=overwrite)
        except store.CalendarImportError as exc:
            raise CommandError(str(exc)) from exc
        skipped = [y for y in years if y not in written]
        if written:
            message = _("Loaded %(count)d years from %(source)s: %(years)s.")
            self.stdout.write(
                message
                % {
                    "count": len(written),
                    "source": store.PACKAGE_SOURCE,
                    "years": _span(written),
                }
            )
        if skipped:
            message = _("Kept %(years)s: imported from a notice file (use --overwrite-notices to replace).")
            self.stdout.write(message % {"years": ", ".join(map(str, skipped))})

    def _import(self, path: str) -> None:
        try:
            year = store.import_notice(path)
        except store.CalendarImportError as exc:
            raise CommandError(str(exc)) from exc
        source = CalendarYear.objects.get(year=year).source
        count = CalendarDay.objects.filter(year=year).count()
        message = _("Imported %(year)d from %(path)s (%(count)d days): %(source)s")
        self.stdout.write(message % {"year": year, "path": path, "count": count, "source": source})
        if "EXAMPLE" in source.upper():
            self.stderr.write(_("Warning: this file says it is an example, not the official notice."))

    def _show(self, year: int) -> None:
        if not 1900 <= year <= 2100:
            raise CommandError(_("Year must be between 1900 and 2100."))
        cal_year = CalendarYear.objects.filter(year=year).first()
        days = [DayEntry(d.date, d.is_workday, d.name) for d in CalendarDay.objects.filter(date__year=year)]
        self.stdout.write(render_year(year, days, cal_year.source if cal_year else None), ending="")


def _span(years: list[int]) -> str:
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(map(str, years))
