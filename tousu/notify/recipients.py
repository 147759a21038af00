"""Who is told: the complainant's addresses and the staff at each level of a case.

Escalation levels name people by role (one organisation per installation): the
department head is the head of the case's department; the office manager (P4.5.3) is
an executive of the policy's management office, else its complaint managers; the
general manager (P3.h1) is an executive of the policy's departments or of a management
department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q

from tousu.cases.models import Complaint
from tousu.cases.vocab import DepartmentKind, EscalationLevel, Role
from tousu.org.models import Staff
from tousu.policies.schema import Policy as PolicySpec

# Mainland mobile numbers: SMS goes only to these, never to a landline.
MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


@dataclass(frozen=True)
class Address:
    channel: str  # email / sms
    value: str


def complainant_addresses(complaint: Complaint) -> list[Address]:
    found = []
    if complaint.complainant_email:
        found.append(Address("email", complaint.complainant_email.strip()))
    phone = re.sub(r"[\s-]", "", complaint.complainant_phone or "")
    if MOBILE.match(phone):
        found.append(Address("sms", phone))
    return found


def _active(staff: Q) -> list[User]:
    rows = Staff.objects.filter(staff, user__is_active=True).select_related("user").order_by("user_id")
    return [s.user for s in rows]


def department_head(complaint: Complaint) -> list[User]:
    if complaint.department_id is None:
        return []
    head = complaint.department.head if complaint.department else None
    if head is not None and head.is_active:
        return [head]
    return _active(Q(department_id=complaint.department_id, role=Role.DEPARTMENT_HEAD))


def at_level(level: str, complaint: Complaint, spec: PolicySpec) -> list[User]:
    codes = [d.code for d in spec.departments]
    if level == EscalationLevel.DEPARTMENT_HEAD:
        return department_head(complaint)
    if level == EscalationLevel.MANAGER:
        office = _active(
            Q(role=Role.EXECUTIVE, department__kind=DepartmentKind.MANAGEMENT_OFFICE, department__code__in=codes)
        )
        return office or _active(Q(role=Role.COMPLAINT_MANAGER, department__code__in=codes))
    if level == EscalationLevel.EXECUTIVE:
        return _active(Q(role=Role.EXECUTIVE) & (Q(department__code__in=codes) | Q(department__kind="management")))
    return []


def handler_or_head(complaint: Complaint) -> list[User]:
    """Whoever must act on a deadline: the responsible person, else the department head."""
    if complaint.assignee_id is not None and complaint.assignee is not None and complaint.assignee.is_active:
        return [complaint.assignee]
    return department_head(complaint)


def supervision_body(spec: PolicySpec) -> list[User]:
    """P2.4: the supervision body's heads and complaint managers, who file the results."""
    codes = [d.code for d in spec.departments if d.kind == DepartmentKind.SUPERVISION]
    return _active(Q(department__code__in=codes, role__in=[Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER]))
