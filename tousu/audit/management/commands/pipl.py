"""`tousu pipl export|anonymise --phone …`: one person's data on their request (PIPL)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from tousu.audit import pipl


class Command(BaseCommand):
    help = "Export or anonymise one person's personal data, found by phone (logged)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        export = sub.add_parser("export", help="print every case of this person as JSON")
        export.add_argument("--phone", required=True)
        export.add_argument("--reason", default="data subject's request")
        anonymise = sub.add_parser("anonymise", help="blank this person's personal data in every case")
        anonymise.add_argument("--phone", required=True)
        anonymise.add_argument("--reason", required=True)
        expired = sub.add_parser("expire", help="anonymise closed cases past their policy's retention")
        expired.set_defaults(phone=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "export":
            rows = pipl.export(options["phone"], actor=None, reason=options["reason"])
            self.stdout.write(json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        elif options["sub"] == "anonymise":
            if len(options["reason"].strip()) < 4:
                raise CommandError("give the reason (the person's request, its date)")
            n = pipl.anonymise_person(options["phone"], actor=None, reason=options["reason"])
            self.stdout.write(f"anonymised {n} case(s)")
        else:
            self.stdout.write(f"anonymised {pipl.anonymise_expired()} case(s)")
