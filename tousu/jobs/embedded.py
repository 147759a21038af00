"""The embedded runner: one loop in one process, no server besides the database.

`tousu worker` runs it; `tousu serve` starts it beside gunicorn. Several may run at once
(on one machine or several sharing PostgreSQL): the conditional claim keeps each job to
one of them.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType

from django.db import close_old_connections

from tousu.jobs.runner import PeriodicFirer, run_pending, worker_name

log = logging.getLogger(__name__)


class EmbeddedWorker:
    def __init__(
        self, *, poll: float = 1.0, name: str | None = None, periodic: bool = True, parent: int | None = None
    ) -> None:
        self.poll = poll
        # Started by `tousu serve`: stop when it is gone, even if it was killed outright.
        self.parent = parent
        self.name = name or worker_name()
        self.firer = PeriodicFirer() if periodic else None
        self.stopping = threading.Event()

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        # The job in hand finishes; the loop ends before claiming another.
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run_forever(self) -> None:
        log.info("embedded worker %s started", self.name)
        while not self.stopping.is_set():
            if self.parent is not None and os.getppid() != self.parent:
                log.warning("the server that started worker %s is gone; stopping", self.name)
                break
            try:
                # Like a request: drop a connection the database closed or that is too old.
                close_old_connections()
                outcomes = run_pending(self.name, firer=self.firer)
            except Exception:
                # E.g. the database restarting: wait and try again, never die.
                log.exception("worker pass failed")
                outcomes = []
            if not outcomes:
                self.stopping.wait(self.poll)
        log.info("embedded worker %s stopped", self.name)
