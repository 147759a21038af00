"""Reading what a user typed into the search box: a tracking number, a phone number, or
words (Chinese, ASCII or mixed, e.g. "3号楼 电梯")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tousu.search import segment
from tousu.search.document import phone_key

TRACKING_NUMBER = re.compile(r"^[A-Z]{1,6}\d{8}-\d{4,}$")
PHONE = re.compile(r"^\+?[\d\s\-()]{7,24}$")
# More words than this only slow the index down without narrowing the answer much.
MAX_WORDS = 12

Kind = Literal["empty", "number", "phone", "words"]


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    kind: Kind
    words: list[str] = field(default_factory=list)
    number: str = ""


def parse(text: str) -> ParsedQuery:
    raw = segment.normalise(text).strip()
    if not raw:
        return ParsedQuery(text, "empty")
    upper = raw.upper().replace(" ", "")
    if TRACKING_NUMBER.match(upper):
        return ParsedQuery(text, "number", number=upper)
    if PHONE.match(raw):
        digits = phone_key(raw)
        if 7 <= len(digits) <= 15:
            return ParsedQuery(text, "phone", words=[digits])
    words = list(dict.fromkeys(segment.query_words(raw)))[:MAX_WORDS]
    if not words:
        return ParsedQuery(text, "empty")
    return ParsedQuery(text, "words", words=words)
