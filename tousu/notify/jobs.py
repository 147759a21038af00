"""The notification jobs; registered with the runner when the app loads."""

from tousu.jobs.registry import job, poller
from tousu.notify import deliver, expand, webhooks

# 14 attempts, 30 s doubling to a 6 h cap: a mail server away for a day loses nothing.
job("notify.deliver", max_attempts=14, on_give_up=deliver.give_up)(deliver.deliver)
job("notify.webhook", max_attempts=10, on_give_up=webhooks.give_up)(webhooks.call)
poller("notify.expand")(expand.expand_pending)
