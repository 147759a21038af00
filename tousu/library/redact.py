"""Personal-data removal for texts that leave a case (P2.11, P1.6): write-ups, corrective
action notices, their Word documents.

Two passes: the personal data the linked cases hold (name, phones, e-mail, unit, address,
contact person, and the polite forms of a Chinese name such as 陈先生), then patterns of
personal data anyone may have typed (mobile and fixed phone numbers, e-mail addresses,
identity card numbers)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tousu.cases.models import Complaint

PERSONAL_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_alt_phone",
    "complainant_email",
    "complainant_unit",
    "complainant_address",
    "contact_person",
    "subject_person",
)
HONORIFICS = ("先生", "女士", "小姐", "师傅", "阿姨", "大爷", "老师")
PATTERNS = (
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # identity card
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"),  # fixed line with area code
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail
)
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def marker() -> str:
    return _("[personal data removed]")


def personal_values(cases: Iterable[Complaint]) -> list[str]:
    values: set[str] = set()
    for case in cases:
        for name in PERSONAL_FIELDS:
            value = (getattr(case, name) or "").strip()
            if len(value) >= 2:
                values.add(value)
        for person in (case.complainant_name, case.contact_person):
            person = (person or "").strip()
            if HAN.match(person):
                values.update(person[0] + h for h in HONORIFICS)
    # Longest first, so that a full address goes before the unit inside it.
    return sorted(values, key=len, reverse=True)


def scrub(text: str, cases: Iterable[Complaint] = ()) -> str:
    if not text:
        return text
    mark = marker()
    for value in personal_values(cases):
        text = text.replace(value, mark)
    for pattern in PATTERNS:
        text = pattern.sub(mark, text)
    return text
