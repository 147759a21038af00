"""Who may export documents that list people (names, phones, complaint texts): a bulk
export of personal data needs the export permission (issue 6). Statistics are not
personal and stay with `access.can_read`.

The permission is a position's: complaint managers and executives, over their own
organisation's cases (the export's rows come from their scope).
Administrators manage users and policies; they do not export case contents.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.audit import log
from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role
from tousu.org.positions import holds_any
from tousu.reports.scope import Scope

# Documents with a row per case and its complainant.
PERSONAL = frozenset({"case_register", "customer_summary"})
EXPORTERS = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


def can_export_personal_data(user: Any) -> bool:
    return holds_any(user, EXPORTERS)


def check_export(user: Any, report: str) -> None:
    if report in PERSONAL and not can_export_personal_data(user):
        raise Forbidden(_("You do not have the permission to export personal data."))


def exported(user: Any, report: str, fmt: str, scope: Scope) -> None:
    """Called after every document export, personal or not: the one place where the access
    log records who exported what."""
    log.record(
        user,
        log.EXPORT,
        report=report,
        format=fmt,
        period=f"{scope.period.first.isoformat()}..{scope.period.last.isoformat()}",
        policy=scope.policy or "",
        department=scope.department or "",
        unit=scope.unit or "",
    )
