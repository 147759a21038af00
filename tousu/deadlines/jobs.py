"""The sweep as a periodic job."""

import datetime as dt

from tousu.deadlines.sweep import sweep
from tousu.jobs.registry import periodic


@periodic("deadlines.sweep", every=dt.timedelta(minutes=1))
def run_sweep() -> None:
    sweep()
