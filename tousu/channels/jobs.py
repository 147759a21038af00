"""The mailbox collection as a periodic job (tousu.jobs): every minute it collects the
mailboxes whose policy schedule is due (P2.7 Mondays, others continuous)."""

import datetime as dt

from tousu.channels.collect import collect_all
from tousu.jobs.registry import periodic


class CollectionFailed(RuntimeError):
    pass


@periodic("channels.collect_mail", every=dt.timedelta(minutes=1))
def collect_mail() -> None:
    failed = [f"{report.mailbox}: {report.error}" for report in collect_all() if report.error]
    if failed:
        # The job is recorded as failed with this message (admin, `tousu jobs`); the
        # other mailboxes were still collected, and the next minute tries again.
        raise CollectionFailed("; ".join(failed))
