"""The audit app's periodic job: PIPL retention (tousu.audit.pipl)."""

from tousu.audit import pipl
from tousu.jobs.registry import periodic


@periodic("pipl.anonymise_expired", cron="40 2 * * *")
def anonymise_expired() -> int:
    return pipl.anonymise_expired()
