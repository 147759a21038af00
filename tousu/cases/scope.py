"""Which cases a user may see: the one place where positions become a query.

Every reader of case data (API, web desk, printing, search, similar cases, repeats,
counts, worklists, reports asked for by a user) starts from `visible_cases(user)`, so a
rule changed here changes everywhere at once (docs/access.md).

The rule is the union of what each of the user's positions sees (tousu.cases.people):
by default the person responsible and the first receiver (首问负责, P4.4.4); the
department handling the case; its head and the heads above, and the heads of the unit
that received it; the complaint managers and executives of the case's office or above it
— never of another organisation. A policy adds the people its procedure names (P4.5.2
customer service sees every complaint of its office; P5.2 the butler sees those about
his buildings; P5.3 the company manager sees the serious ones). Administrators and
auditors see no case contents unless they opened a logged, time-limited break-glass
access with a reason.

A case outside the scope is answered exactly like a case that does not exist, and the
attempt is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from tousu.cases import people
from tousu.cases.errors import NotFound
from tousu.cases.models import Complaint


def scope_filter(user: Any, prefix: str = "") -> Q | None:
    """The scope as a filter on Complaint (or, with `prefix` such as "complaint__", on a
    model related to it); None means every case; NOTHING means none."""
    from tousu.audit.breakglass import has_break_glass

    if user is None:
        return None  # the system itself: the command line and background jobs
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOTHING
    condition = people.scope_q(user, prefix)
    if condition is not None:
        return condition
    if has_break_glass(user):
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
    if condition is None:
        return qs
    return qs.filter(condition) if base is not None else _all_within(condition).all()


# Turning a condition into a query costs more than the rest of a list's filters: the
# unnarrowed query of a (kept, tousu.cases.people.scope_q) condition is kept and copied.
_within: dict[int, tuple[Q, QuerySet[Complaint]]] = {}


def _all_within(condition: Q) -> QuerySet[Complaint]:
    hit = _within.get(id(condition))
    if hit is not None and hit[0] is condition:
        return hit[1]
    if len(_within) >= 4096:
        _within.clear()
    qs = Complaint.objects.filter(condition)
    _within[id(condition)] = (condition, qs)
    return qs


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
