"""Personal data of a complainant: who sees it, masked or not, and the confidential
reporter (P2.11). One module used by the desk pages, the API, printing, exports and
notifications, so a rule changed here changes every output.

Who sees the complainant in full (tousu.cases.people): the receptionist who registered
the case (首问负责, P4.4.4), the person now responsible for it, the complaint managers of
its office (callbacks and the complaint office, P4.5.3) and whom the policy names as
reaching the complainant (`people.contact`, e.g. the customer-service desk that calls
back, P4.9). Everyone else who sees the case sees the complainant masked (138****1234,
张*, the address cut to the building) and may reveal it for one case with a reason,
which is logged.

A confidential reporter is shown only to the policy's need-to-know list (the receiver,
the person responsible, `confidentiality.need_to_know`). To everyone else the reporter
is absent, not masked: the fields are empty, the reporter's name, phones, e-mail and ID
number are cut out of every text of the case, restricted documents are not listed, and
revealing is refused (an administrator may only under break-glass, logged).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from tousu.cases import people
from tousu.policies import registry

FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_alt_phone",
    "complainant_unit",
    "complainant_address",
    "contact_person",
    "complainant_email",
    "complainant_id_number",
)

FULL, MASKED, ABSENT = "full", "masked", "absent"
# What stands in a text where a confidential reporter's identity was cut out.
CUT = "〔已隐去〕"

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


def mask_id_number(value: str) -> str:
    """110101199001011234 -> 1101**********1234"""
    value = value.strip()
    return value[:4] + "*" * max(len(value) - 8, 1) + value[-4:] if len(value) > 8 else "*" * len(value)


MASKERS = {
    "complainant_name": mask_name,
    "contact_person": mask_name,
    "complainant_phone": mask_phone,
    "complainant_alt_phone": mask_phone,
    "complainant_unit": mask_unit,
    "complainant_address": mask_address,
    "complainant_email": mask_email,
    "complainant_id_number": mask_id_number,
}


def _spec(complaint: Any) -> Any:
    return registry.current_spec(complaint.policy_name)


def need_to_know(user: Any, complaint: Any) -> bool:
    """Is `user` on the need-to-know list of this case's reporter (P2.11)?"""
    return people.fits_any(user, people.need_to_know_rules(_spec(complaint)), complaint)


def need_to_know_q(user: Any, prefix: str = "") -> Q:
    """The cases whose complainant `user` may know: not confidential, or on their list."""
    return Q(**{prefix + "confidential": False}) | people.fits_any_q(user, people.need_to_know_rules, prefix)


def level_for(user: Any, complaint: Any) -> str:
    """How much of the complainant `user` may see on this case by default."""
    if complaint.confidential:
        return FULL if need_to_know(user, complaint) else ABSENT
    if people.fits_any(user, people.contact_rules(_spec(complaint)), complaint):
        return FULL
    return MASKED


def may_reveal(user: Any, complaint: Any) -> bool:
    from tousu.audit.breakglass import has_break_glass
    from tousu.org.positions import held_by

    if complaint.confidential:
        return need_to_know(user, complaint) or has_break_glass(user)
    return bool(held_by(user)) or has_break_glass(user)


def identity(complaint: Any) -> list[str]:
    """The reporter's identifying values, longest first (a phone before its prefix)."""
    values = {str(getattr(complaint, name, "") or "").strip() for name in FIELDS}
    return sorted((v for v in values if len(v) >= 2), key=len, reverse=True)


def cutter(values: list[str]) -> Callable[[str], str]:
    """A function cutting `values` (and their masked forms) out of a text."""
    if not values:
        return lambda text: text
    forms = set(values)
    for value in values:
        forms |= {mask_phone(value), mask_name(value)} if len(value) >= 2 else set()
    forms = {f for f in forms if len(f) >= 2 and f.strip("*")}
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    return lambda text: pattern.sub(CUT, text) if text else text


def apply(complaint: Any, level: str) -> Any:
    """Mask or blank the personal fields of an in-memory case (never saved afterwards).
    For ABSENT, the reporter is also cut out of the case's own texts; `text_of` does the
    same for the texts shown with it (timeline, attachments)."""
    if level == ABSENT:
        cut = cutter(identity(complaint))
        for name in ("content", "request", "subject_person", "location"):
            setattr(complaint, name, cut(getattr(complaint, name) or ""))
        complaint.cut_identity = cut
    if level != FULL:
        for name in FIELDS:
            value = getattr(complaint, name) or ""
            setattr(complaint, name, "" if level == ABSENT else MASKERS[name](value))
    complaint.personal_level = level
    return complaint


def text_of(complaint: Any, text: str) -> str:
    """A text shown with the case (a note, a reply, a file name) as its viewer may see it."""
    cut = getattr(complaint, "cut_identity", None)
    return cut(text) if cut is not None and text else text


def protect(complaint: Any, user: Any) -> Any:
    """The case as `user` may see it by default (the one call before rendering)."""
    return apply(complaint, level_for(user, complaint))


def sees_restricted(complaint: Any) -> bool:
    """Whether the viewer of this (protected) case may see its restricted documents."""
    return getattr(complaint, "personal_level", FULL) != ABSENT or not complaint.confidential


def row_name(row: dict[str, Any], user: Any) -> str:
    """The complainant's name in a list row: a confidential reporter is never named in a
    list; in full for the receiver, the person responsible and the complaint managers of
    the case's office; masked for everyone else."""
    if row.get("confidential"):
        return ""
    name = row.get("complainant_name") or ""
    if user is not None and user.pk in (row.get("received_by_id"), row.get("assignee_id")):
        return name
    if row.get("home_id") in people.complaint_office_homes(user):
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


def identity_searchable(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Narrow a search by the complainant's phone or name to the cases whose complainant
    `user` may know: a confidential reporter is never found by their phone or name by
    anyone outside the need-to-know list, not even as a count (P2.11)."""
    if user is None:
        return qs
    return qs.filter(need_to_know_q(user))


MIN_REASON = 4


def reveal(complaint: Any, user: Any, reason: str) -> Any:
    """Show one case's personal data in full to `user`, for the reason given; logged.
    Refused for a confidential reporter to anyone outside the need-to-know list (P2.11)."""
    from django.utils.translation import gettext as _

    from tousu.audit import log
    from tousu.cases.errors import Forbidden, InvalidInput

    reason = (reason or "").strip()
    if not may_reveal(user, complaint):
        raise Forbidden(_("You may not see this complainant's personal data (P2.11)."))
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            _("Say why you need the personal data (at least %(n)d characters).") % {"n": MIN_REASON},
            details={"reason": [_("Required.")]},
        )
    log.record(user, log.REVEAL, complaint_id=complaint.pk, number=complaint.number, reason=reason)
    complaint.cut_identity = None
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
