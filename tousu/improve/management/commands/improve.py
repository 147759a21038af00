"""`tousu improve overdue|library-export`: the overdue corrective actions (P3.i, P5.5) and
the case library as a Word document for training (P1.6), from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tousu.improve import corrective
from tousu.improve.models import CorrectiveAction, CorrectiveState
from tousu.library import writeups
from tousu.library.export import writeups_docx
from tousu.library.models import WriteUp, WriteUpState


class Command(BaseCommand):
    help = "Improvement loop: overdue corrective actions; export the case library (docx)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("overdue", help="corrective actions past their answer or verification date")
        export = sub.add_parser("library-export", help="published case write-ups as one Word document")
        export.add_argument("--query", "-q", default="", help="words that must occur")
        export.add_argument("--tag", default="")
        export.add_argument("--output", "-o", default="case-library.docx")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "overdue":
            for a in corrective.overdue(CorrectiveAction.objects.select_related("department")):
                due = a.answer_due if a.state == CorrectiveState.ISSUED else a.verify_due
                self.stdout.write(f"{a.number}\t{a.department.code}\t{a.state}\t{due}\t{a.problem[:60]}")
            return
        found = writeups.search(WriteUp.objects.filter(state=WriteUpState.PUBLISHED), options["query"], options["tag"])
        rows = list(found[:500])
        Path(options["output"]).write_bytes(writeups_docx(rows))
        self.stdout.write(f"{options['output']}: {len(rows)}")
