"""Personal data of a complainant: who sees it, masked or not, and the confidential
reporter (P2.11). One module used by the desk pages, the API, printing, exports and
notifications, so a rule changed here changes every output.

Decision (docs/access.md): the complainant's data is shown in full only to the staff who
need it to work the case — the receptionist who registered it (首问负责, P4.4.4), the
person now responsible for it, and the complaint manager (callbacks and the complaint
office, P4.5.3). Everyone else in scope sees it masked (138****1234, 张*, the address cut
to the building) and may reveal it for one case with a reason, which is logged.

A confidential reporter is never shown, not even masked, to the department or person
complained about: for them the fields are empty and revealing is refused.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from tousu.cases.vocab import Role

FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_alt_phone",
    "complainant_unit",
    "complainant_address",
    "contact_person",
    "complainant_email",
)
FULL_ROLES = frozenset({Role.COMPLAINT_MANAGER})

FULL, MASKED, ABSENT = "full", "masked", "absent"

BUILDING = re.compile(r"^(.*?(?:号楼|栋|幢|座|楼|大厦|单元))")


def mask_phone(phone: str) -> str:
    """13812341234 -> 138****1234"""
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 2
    return digits[:keep] + "*" * max(len(digits) - keep - 4, 1) + digits[-4:]


def mask_name(name: str) -> str:
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_address(address: str) -> str:
    """The address cut to the building: 阳光花园3栋2单元501 -> 阳光花园3栋…"""
    address = address.strip()
    if not address:
        return ""
    found = BUILDING.match(address)
    if found and found.group(1) != address:
        return found.group(1) + "…"
    return address[: max(len(address) // 2, 1)] + "…"


def mask_unit(unit: str) -> str:
    unit = unit.strip()
    if not unit:
        return ""
    head = re.split(r"[-－/]", unit, maxsplit=1)[0]
    return (head if head != unit else unit[:1]) + "-***"


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return (local[:1] + "***@" + domain) if domain else mask_name(email)


MASKERS = {
    "complainant_name": mask_name,
    "contact_person": mask_name,
    "complainant_phone": mask_phone,
    "complainant_alt_phone": mask_phone,
    "complainant_unit": mask_unit,
    "complainant_address": mask_address,
    "complainant_email": mask_email,
}


def _staff(user: Any) -> Any:
    return getattr(user, "staff", None) if user is not None else None


def _names_of(user: Any) -> tuple[set[str], set[str]]:
    """(department names/codes, person names) by which a user can be the party complained about."""
    staff = _staff(user)
    departments, persons = set(), {getattr(user, "username", "")}
    if staff is not None:
        persons.add(staff.display_name)
        if staff.department_id is not None:
            department = staff.department
            departments |= {department.code, department.name}
    return {d for d in departments if d}, {p for p in persons if p}


def is_complained_about(user: Any, complaint: Any) -> bool:
    departments, persons = _names_of(user)
    return (bool(complaint.subject_department) and complaint.subject_department.strip() in departments) or (
        bool(complaint.subject_person) and complaint.subject_person.strip() in persons
    )


def level_for(user: Any, complaint: Any) -> str:
    """How much of the complainant `user` may see on this case by default."""
    if complaint.confidential and is_complained_about(user, complaint):
        return ABSENT
    staff = _staff(user)
    if staff is None:
        return MASKED
    if user.pk in (complaint.received_by_id, complaint.assignee_id) or staff.role in FULL_ROLES:
        return FULL
    return MASKED


def may_reveal(user: Any, complaint: Any) -> bool:
    return _staff(user) is not None and level_for(user, complaint) != ABSENT


def apply(complaint: Any, level: str) -> Any:
    """Mask or blank the personal fields of an in-memory case (never saved afterwards)."""
    if level != FULL:
        for name in FIELDS:
            value = getattr(complaint, name) or ""
            setattr(complaint, name, "" if level == ABSENT else MASKERS[name](value))
    complaint.personal_level = level
    return complaint


def protect(complaint: Any, user: Any) -> Any:
    """The case as `user` may see it by default (the one call before rendering)."""
    return apply(complaint, level_for(user, complaint))


def row_name(row: dict[str, Any], user: Any) -> str:
    """The complainant's name in a list row: masked unless the user registered or holds the
    case; a confidential reporter is never named in a list."""
    if row.get("confidential"):
        return ""
    name = row.get("complainant_name") or ""
    if user is not None and user.pk in (row.get("received_by_id"), row.get("assignee_id")):
        return name
    staff = _staff(user)
    if staff is not None and staff.role in FULL_ROLES:
        return name
    return mask_name(name)


def _plain(html: str) -> str:
    from html import unescape

    return unescape(re.sub(r"</?mark>", "", html)).strip("…").strip()


def snippet_for(row: dict[str, Any], user: Any, snippet: str, fallback: str) -> str:
    """A search snippet as `user` may see it: one cut from the complainant's own fields
    (the index holds their name and address) is replaced by `fallback` (one cut from the
    complaint text) unless the user sees this case's personal data in full."""
    if row_name(row, user) == (row.get("complainant_name") or "") and not row.get("confidential"):
        return snippet
    plain = _plain(snippet)
    if plain and any(row.get(f) and (plain in row[f] or row[f] in plain) for f in FIELDS):
        return fallback
    return snippet


def without_confidential_about(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Leave out the confidential cases complaining about `user` or their department: their
    text searches must not match the reporter's name or phone (P2.11)."""
    from tousu.org.models import Department

    staff = _staff(user)
    persons = {getattr(user, "username", ""), staff.display_name if staff is not None else ""} - {""}
    about = Q(subject_person__in=persons) if persons else Q(pk__in=[])
    if staff is not None and staff.department_id is not None:
        # Subqueries, not a look-up first: the search stays at its number of queries.
        mine = Department.objects.filter(pk=staff.department_id)
        about |= Q(subject_department__in=mine.values("code")) | Q(subject_department__in=mine.values("name"))
    return qs.exclude(Q(confidential=True) & about)


MIN_REASON = 4


def reveal(complaint: Any, user: Any, reason: str) -> Any:
    """Show one case's personal data in full to `user`, for the reason given; logged.
    Refused to the party complained about of a confidential reporter (P2.11)."""
    from django.utils.translation import gettext as _

    from tousu.audit import log
    from tousu.cases.errors import Forbidden, InvalidInput

    reason = (reason or "").strip()
    if not may_reveal(user, complaint):
        raise Forbidden(_("You may not see this complainant's personal data."))
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            _("Say why you need the personal data (at least %(n)d characters).") % {"n": MIN_REASON},
            details={"reason": [_("Required.")]},
        )
    log.record(user, log.REVEAL, complaint_id=complaint.pk, number=complaint.number, reason=reason)
    return apply(complaint, FULL)


def log_view(complaint: Any, user: Any) -> None:
    """Record that `user` was shown this case's personal data in full (access log)."""
    from tousu.audit import log

    if getattr(complaint, "personal_level", None) == FULL and any(getattr(complaint, f) for f in FIELDS):
        log.record(user, log.VIEW, complaint_id=complaint.pk, number=complaint.number)


def shown(complaint: Any, user: Any) -> Any:
    """Protect unless a reveal already decided (the case page after a reveal)."""
    if getattr(complaint, "personal_level", None) is None:
        protect(complaint, user)
    return complaint
