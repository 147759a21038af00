"""What of a case is searchable: its content, the complainant's request, replies and notes
on its timeline, the party complained about, the address and unit, names and phones."""

from __future__ import annotations

import re
from typing import Any

from tousu.cases import personal
from tousu.cases.models import Complaint, Event
from tousu.search import segment
from tousu.search.models import SearchEntry

# Case fields in the order a snippet looks for a hit: the complaint itself first.
TEXT_FIELDS = (
    "content",
    "request",
    "subject_org",
    "subject_department",
    "subject_person",
    "location",
    "complainant_address",
    "complainant_unit",
    "complainant_name",
    "contact_person",
)
# Free text that actions put on the timeline (reply text, plan, findings, summaries …).
EVENT_TEXT_KEYS = (
    "text",
    "plan",
    "summary",
    "findings",
    "work_done",
    "reason",
    "improvement_plan",
    "comments",
    "explanation",
    "opinion",
)
NON_DIGITS = re.compile(r"\D+")
PLACE_NOISE = re.compile(r"[\s,，.。、#＃\-－—_/\\()（）]+")


def phone_key(value: str) -> str:
    """A phone number as digits only; a leading +86/0086 country code dropped."""
    digits = NON_DIGITS.sub("", segment.normalise(value))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def place_key(address: str, unit: str) -> str:
    """The address and unit with spaces and punctuation removed: 3号楼-2单元 502 = 3号楼2单元502."""
    joined = f"{segment.normalise(address)}{segment.normalise(unit)}"
    return PLACE_NOISE.sub("", joined)[:300]


def event_texts(note: str, data: Any) -> list[str]:
    """The free text of one timeline event."""
    texts = [note] if note else []
    if isinstance(data, dict):
        texts.extend(str(data[key]) for key in EVENT_TEXT_KEYS if data.get(key))
    return texts


def timeline_texts(complaint_id: int) -> list[str]:
    texts: list[str] = []
    for note, data in Event.objects.filter(complaint_id=complaint_id).order_by("seq").values_list("note", "data"):
        texts.extend(event_texts(note, data))
    return texts


def case_text(values: dict[str, Any], timeline: list[str]) -> str:
    """The raw searchable text, one field per line, timeline text last."""
    lines = [str(values.get(name) or "") for name in TEXT_FIELDS]
    return "\n".join(line for line in [*lines, *timeline] if line)


def build_entry(complaint: Complaint, timeline: list[str] | None = None) -> SearchEntry:
    values = {name: getattr(complaint, name) for name in TEXT_FIELDS}
    texts = timeline_texts(complaint.pk) if timeline is None else timeline
    phones = {phone_key(p) for p in (complaint.complainant_phone, complaint.complainant_alt_phone) if p}
    place = place_key(complaint.complainant_address or complaint.location, complaint.complainant_unit)
    if complaint.confidential:
        # P2.11: a confidential reporter is not in the index at all, so no text search,
        # snippet, similar case or repeat count can name or link them.
        cut = personal.cutter(personal.identity(complaint))
        values = {name: ("" if name in personal.FIELDS else cut(str(value or ""))) for name, value in values.items()}
        texts = [cut(text) for text in texts]
        phones, place = set(), ""
    body = case_text(values, texts)
    # The tracking number is not indexed: a query that is one is looked up directly.
    tokens = segment.index_tokens(body) | {p for p in phones if p}
    about = "\n".join([values["content"] or "", values["request"] or "", *texts])
    return SearchEntry(
        complaint_id=complaint.pk,
        words=segment.joined(tokens),
        body=body,
        terms=segment.joined(segment.content_terms(about)),
        place=place,
        phone="" if complaint.confidential else phone_key(complaint.complainant_phone),
    )
