"""Who is told: the complainant's addresses and the staff at each level of a case.

Staff are named by the procedure's people rules (tousu.cases.people) within the case's
own organisation: the department head is the head of the case's department; each
escalation level reaches whom the policy's `people.levels` names (P5.3 the company
manager), else the office manager (an executive of the office's management office), else
the office's complaint managers (P4.5.3), and the general manager (P3.h1) is an
executive of the office or above it. Whoever acts for one of them now is told too: every
staff recipient is found through `people.people_for`, which adds the deputies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User

from tousu.cases import people
from tousu.cases.models import Complaint
from tousu.cases.vocab import Role, UnitKind
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.schema import Who

# Mainland mobile numbers: SMS goes only to these, never to a landline.
MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")

ASSIGNEE = Who(relation="assignee")
RECEIVER = Who(relation="receiver")
HEAD = Who(roles=[Role.DEPARTMENT_HEAD], relation="case_department")
HEAD_ABOVE = Who(roles=[Role.DEPARTMENT_HEAD], relation="department_tree")
# P2.4: the supervision body's heads and complaint managers file the results reported back.
SUPERVISION = Who(roles=[Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER], unit_kinds=[UnitKind.SUPERVISION])


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


def _users(found: list[people.Person]) -> list[User]:
    users = User.objects.in_bulk([person.user_id for person in found])
    return [users[person.user_id] for person in found if person.user_id in users]


def department_head(complaint: Complaint) -> list[User]:
    if complaint.department_id is None:
        return []
    return _users(people.people_for([HEAD], complaint) or people.people_for([HEAD_ABOVE], complaint))


def at_level(level: str, complaint: Complaint, spec: PolicySpec) -> list[User]:
    for rules in people.level_rules(spec, level):
        found = people.people_for(rules, complaint)
        if found:
            return _users(found)
    return []


def handler_or_head(complaint: Complaint) -> list[User]:
    """Whoever must act on a deadline: the responsible person (and whoever covers for
    them), else the department head."""
    if complaint.assignee_id is not None:
        found = people.people_for([ASSIGNEE], complaint)
        if found:
            return _users(found)
    return department_head(complaint)


def first_receiver(complaint: Complaint) -> list[User]:
    """The first receiver, who follows the case until it is solved (首问负责, P4.4.4),
    and whoever covers for them."""
    if complaint.received_by_id is None:
        return []
    return _users(people.people_for([RECEIVER], complaint))


def supervision_body(complaint: Complaint) -> list[User]:
    """P2.4: the supervision body's heads and complaint managers, who file the results."""
    return _users(people.people_for([SUPERVISION], complaint))
