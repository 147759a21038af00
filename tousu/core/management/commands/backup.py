from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back the database up to FILE (SQLite online backup; pg_dump for PostgreSQL), safe while serving."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backed up to {options['file']}")
