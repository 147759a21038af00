"""Start-up check of the mailboxes against the organisation: a mailbox of a policy that
runs in several offices must say which office it serves (tousu.channels.mailboxes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from tousu.channels.mailboxes import office_problem


@register()
def mailboxes_name_their_office(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    for mailbox in settings.TOUSU_MAILBOXES:
        try:
            problem = office_problem(mailbox)
        except DatabaseError:
            return []  # not migrated yet (`tousu setup`): nothing to check against
        if problem:
            errors.append(Error(problem, hint="See docs/channels.md (TOUSU_MAILBOXES).", id="tousu.E101"))
    return errors
