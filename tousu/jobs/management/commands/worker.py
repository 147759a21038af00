"""`tousu worker`: the embedded job runner (see docs/jobs.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tousu.env import env_int
from tousu.jobs.embedded import EmbeddedWorker


class Command(BaseCommand):
    help = "Run background jobs and periodic schedules from the job table, until stopped (SIGTERM/Ctrl-C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--poll", type=float, default=env_int("TOUSU_WORKER_POLL_MS", 1000) / 1000, help="seconds between polls"
        )
        parser.add_argument("--no-periodic", action="store_true", help="run queued jobs only, queue no periodic ones")
        parser.add_argument("--parent", type=int, help="stop when this process is gone (set by `tousu serve`)")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = EmbeddedWorker(poll=options["poll"], periodic=not options["no_periodic"], parent=options["parent"])
        worker.install_signal_handlers()
        self.stdout.write(f"Tousu worker {worker.name} running (poll {options['poll']} s)")
        self.stdout.flush()
        worker.run_forever()
