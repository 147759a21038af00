"""`tousu org import FILE | export | show`: organisations, units and people as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.org import exporter, importer

LABELS = {
    "organisations": gettext_lazy("organisations"),
    "units": gettext_lazy("units"),
    "policies": gettext_lazy("policies"),
    "people": gettext_lazy("people"),
    "positions": gettext_lazy("positions"),
    "cover": gettext_lazy("acting-for periods"),
}


class Command(BaseCommand):
    help = "Organisations, their units and people: import a YAML or CSV file, export them, show the tree."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{import,export,show}")
        load = sub.add_parser("import", help="Create or update organisations, units and people from a file.")
        load.add_argument("file", help="organisations.yaml, or units/staff .csv (UTF-8 or GB18030)")
        load.add_argument(
            "--prune",
            action="store_true",
            help="the file is the whole truth for its organisations: delete their units, positions and cover "
            "it does not list",
        )
        out = sub.add_parser("export", help="Print the organisations in the format `import` reads.")
        out.add_argument("--format", choices=["yaml", "csv"], default="yaml")
        out.add_argument("--organisation", help="only this organisation (its code)")
        out.add_argument("--staff", action="store_true", help="CSV: the staff file (default: the units file)")
        out.add_argument("-o", "--output", help="write to this file instead of standard output")
        show = sub.add_parser("show", help="The tree of units with the positions held in each.")
        show.add_argument("code", nargs="?", help="an organisation's or a unit's code")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["sub"])(options)

    def _import(self, options: dict[str, Any]) -> None:
        try:
            outcome = importer.import_file(options["file"], prune=options["prune"])
        except importer.OrgFileError as error:
            raise CommandError("\n" + "\n".join(str(p) for p in error.problems)) from None
        for kind in importer.KINDS:
            counts = {
                "what": LABELS[kind],
                "created": outcome.created[kind],
                "updated": outcome.updated[kind],
                "unchanged": outcome.unchanged[kind],
                "deleted": outcome.deleted[kind],
            }
            if any(counts[k] for k in ("created", "updated", "unchanged", "deleted")):
                line = _(
                    "%(what)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(deleted)s deleted"
                )
                self.stdout.write(line % counts)
        for username, password in outcome.passwords:
            self.stdout.write(
                _("password of %(username)s (shown once): %(password)s") % {"username": username, "password": password}
            )
        for warning in outcome.warnings:
            self.stderr.write(_("warning: %(message)s") % {"message": warning})

    def _export(self, options: dict[str, Any]) -> None:
        code = options["organisation"]
        try:
            if options["format"] == "yaml":
                text = exporter.to_yaml(code)
            else:
                text = exporter.staff_csv(code) if options["staff"] else exporter.units_csv(code)
        except exporter.UnknownOrganisation:
            raise CommandError(_("No organisation with the code “%(code)s”.") % {"code": code}) from None
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _show(self, options: dict[str, Any]) -> None:
        try:
            lines = exporter.outline(options["code"])
        except exporter.UnknownOrganisation:
            raise CommandError(
                _("No organisation or unit with the code “%(code)s”.") % {"code": options["code"]}
            ) from None
        self.stdout.write("\n".join(lines))
