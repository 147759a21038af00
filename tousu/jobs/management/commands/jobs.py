"""`tousu jobs list [--failed] | retry ID | run NAME | schedules`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.jobs import registry
from tousu.jobs.models import Job, JobState
from tousu.jobs.queue import retry, submit
from tousu.jobs.runner import run_one, worker_name


class Command(BaseCommand):
    help = "Inspect and manage background jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        listing = sub.add_parser("list", help="recent jobs, newest first")
        listing.add_argument("--failed", action="store_true", help="only jobs that gave up")
        listing.add_argument("--state", choices=[s.value for s in JobState])
        listing.add_argument("--name")
        listing.add_argument("--limit", type=int, default=50)
        again = sub.add_parser("retry", help="queue a failed job again")
        again.add_argument("job_id", type=int)
        now = sub.add_parser("run", help="queue a job now and run it in this process")
        now.add_argument("name")
        sub.add_parser("schedules", help="the periodic jobs and their schedules")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "list":
            self._list(options)
        elif what == "retry":
            if not retry(options["job_id"]):
                raise CommandError(f"job {options['job_id']} does not exist or has not failed")
            self.stdout.write(f"job {options['job_id']} queued again")
        elif what == "run":
            if options["name"] not in registry.JOBS:
                raise CommandError(f"no job is called {options['name']!r}; known: {', '.join(sorted(registry.JOBS))}")
            outcome = run_one(submit(options["name"], {}), worker_name("cli"))
            if outcome is None or not outcome.ok:
                raise CommandError(f"{options['name']} failed; see `tousu jobs list --failed` or the admin")
            self.stdout.write(f"{options['name']} done")
        else:
            for name, schedule in sorted(registry.SCHEDULES.items()):
                slot = schedule.slot(timezone.localtime())
                last = f"last slot {timezone.localtime(slot):%Y-%m-%d %H:%M}" if slot else ""
                self.stdout.write(f"{name:40} {schedule.describe():28} {last}")

    def _list(self, options: dict[str, Any]) -> None:
        rows = Job.objects.order_by("-pk")
        if options["failed"]:
            rows = rows.filter(state=JobState.FAILED)
        if options["state"]:
            rows = rows.filter(state=options["state"])
        if options["name"]:
            rows = rows.filter(name=options["name"])
        for job in rows[: options["limit"]]:
            when = timezone.localtime(job.finished_at or job.run_at)
            tries = f"{job.attempts}/{job.max_attempts}"
            self.stdout.write(f"{job.pk:>8} {job.state:8} {job.name:32} attempts {tries:6} {when:%Y-%m-%d %H:%M:%S}")
            if job.state == JobState.FAILED and job.last_error:
                self.stdout.write("         " + job.last_error.strip().splitlines()[-1])
