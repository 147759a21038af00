"""Who may read reports, and over which scope: department heads see their department,
complaint managers and executives see everything (P4.5.3, P4.8). One check, used by the
web desk and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role
from tousu.reports.period import Period
from tousu.reports.scope import Scope

READERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


def can_read(user: Any) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.role in READERS


def scope_for(user: Any, period: Period, policy: str | None, department: str | None) -> Scope:
    staff = getattr(user, "staff", None)
    if staff is None or staff.role not in READERS:
        raise Forbidden(_("Reports are for department heads, complaint managers and executives."))
    if staff.role == Role.DEPARTMENT_HEAD:
        own = staff.department.code if staff.department else None
        if department and department != own:
            raise Forbidden(_("A department head sees the reports of their own department."))
        department = own
    return Scope(period=period, policy=policy or None, department=department or None, viewer=user)


def can_write_notes(user: Any) -> bool:
    # The analysis of a whole policy is written by the complaint manager or an executive;
    # a department head writes their department's.
    return can_read(user)
