"""Which cases a user may see: the one place where roles and departments become a query.

Every reader of case data (API, web desk, printing, search, similar cases, repeats,
counts, worklists, reports asked for by a user) starts from `visible_cases(user)`, so a
rule changed here changes everywhere at once (issue 6, see docs/access.md).

The rule:
- executives (general manager) and complaint managers (the central complaint office,
  P4.5.3) see every case;
- a department head sees the cases of their department and of its sub-departments, the
  cases their staff received (the customer-service head closes what the desk took in,
  P4.10) and the cases that were once routed to their department (the quality department
  follows the complaint it handed to a technician, P3.d);
- receptionists and handlers see their department's cases and the cases they received
  (首问负责, P4.4.4) or are responsible for;
- everybody else (administrators, auditors, users without a staff record) sees no case
  contents, unless they opened a logged, time-limited break-glass access with a reason.

A case outside the scope is answered exactly like a case that does not exist, and the
attempt is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from tousu.cases.errors import NotFound
from tousu.cases.models import Complaint, Event
from tousu.cases.vocab import Role
from tousu.org.models import Department

SEE_ALL = frozenset({Role.EXECUTIVE, Role.COMPLAINT_MANAGER})
SEE_SUBTREE = frozenset({Role.DEPARTMENT_HEAD})
SEE_OWN = frozenset({Role.RECEPTIONIST, Role.HANDLER})


def _staff(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "staff", None)


def subtree_ids(root_id: int) -> list[int]:
    """A department and all departments below it (the table is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Department.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, todo = [], [root_id]
    while todo:
        pk = todo.pop()
        if pk in out:
            continue
        out.append(pk)
        todo.extend(children.get(pk, []))
    return out


def scope_filter(user: Any, prefix: str = "") -> Q | None:
    """The scope as a filter on Complaint (or, with `prefix` such as "complaint__", on a
    model related to it); None means every case; an always-false Q means none."""
    from tousu.audit.breakglass import has_break_glass

    def on(**lookups: Any) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if user is None:
        return None  # the system itself: the command line and background jobs
    staff = _staff(user)
    role = staff.role if staff is not None else None
    if role in SEE_ALL:
        return None
    if role in SEE_SUBTREE and staff.department_id is not None:
        ids = subtree_ids(staff.department_id)
        codes = list(Department.objects.filter(pk__in=ids).values_list("code", flat=True))
        once_ours = Exists(Event.objects.filter(complaint_id=OuterRef(prefix + "pk"), data__department__in=codes))
        return on(department_id__in=ids) | on(received_by__staff__department_id__in=ids) | Q(once_ours)
    if role in SEE_OWN or role in SEE_SUBTREE:
        q = on(assignee_id=user.pk) | on(received_by_id=user.pk)
        if staff.department_id is not None:
            q |= on(department_id=staff.department_id)
        return q
    if user is not None and getattr(user, "is_active", False) and has_break_glass(user):
        return None
    return NOTHING


# Compared by identity: a scope that admits no case at all.
NOTHING = Q(pk__in=[])


def visible_cases(user: Any, base: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    """The cases `user` may see (narrowing `base` when given)."""
    qs = base if base is not None else Complaint.objects.all()
    condition = scope_filter(user)
    if condition is NOTHING:
        return qs.none()
    return qs if condition is None else qs.filter(condition)


def sees_all(user: Any) -> bool:
    return scope_filter(user) is None


def not_found() -> NotFound:
    # One message for "no such case" and "not yours": the answers must be identical.
    return NotFound(gettext("No case with this tracking number."))


def visible_case(number: str, user: Any, base: QuerySet[Complaint] | None = None) -> Complaint:
    """The case with this tracking number if `user` may see it; otherwise NotFound, the
    same as for a number that does not exist, and a denied attempt is logged."""
    from tousu.audit import log

    qs = base if base is not None else Complaint.objects.all()
    try:
        return visible_cases(user, qs).get(number=number)
    except Complaint.DoesNotExist:
        hidden = Complaint.objects.filter(number=number).values_list("pk", flat=True).first()
        if hidden is not None:
            log.record(user, log.DENIED, complaint_id=hidden, number=number)
        raise not_found() from None


def in_scope(user: Any, complaint_id: int) -> bool:
    return visible_cases(user).filter(pk=complaint_id).exists()
