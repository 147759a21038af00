"""`tousu serve`: gunicorn with several workers, static files served by WhiteNoise, and
the embedded job runner beside it (unless Celery runs the jobs)."""

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from tousu.env import env_int, env_str


class TousuServer(BaseApplication):
    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from tousu.wsgi import application

        return application


class Command(BaseCommand):
    help = "Run the production web server (gunicorn, several workers) on the configured database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=env_str("TOUSU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=env_int("TOUSU_WORKERS", 4))
        parser.add_argument("--threads", type=int, default=env_int("TOUSU_THREADS", 1))
        parser.add_argument("--access-log", action="store_true", help="log every request to stdout")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the embedded job runner (`tousu worker`)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.STATIC_ROOT / "ninja").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        server_options = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread" if options["threads"] > 1 else "sync",
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": "-" if options["access_log"] else None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "tousu",
        }
        self.stdout.write(f"Tousu serving on http://{options['bind']}/ with {options['workers']} workers")
        self.stdout.flush()
        # The embedded default needs no other server: the job runner is one more process.
        worker = None
        if settings.TOUSU_JOBS_RUNNER == "embedded" and not options["no_worker"]:
            command = [sys.executable, "-m", "tousu", "worker", "--parent", str(os.getpid())]
            worker = subprocess.Popen(command)  # noqa: S603 - our own command
        arbiter = os.getpid()
        try:
            TousuServer(server_options).run()
        finally:
            # gunicorn's forked web workers leave through here too: only the arbiter
            # stops the job runner.
            if worker is not None and os.getpid() == arbiter:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
