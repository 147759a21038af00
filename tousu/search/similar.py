"""Similar cases at intake and on the case page: open and recent cases from the same phone,
the same unit/address, or with similar text, so a receptionist sees at once that this
caller or this building already has an open case about the same lift, and can merge.

Text similarity is measured, not a substring test: the cosine of the two cases' sets of
content words (|A∩B| / √(|A|·|B|), `segment.content_terms`), computed on the newest
candidates that share one of the draft's words, and on older ones that share all of
the longest three.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from tousu.cases.actions import Actor
from tousu.cases.models import Complaint
from tousu.search import backend, segment
from tousu.search.document import phone_key, place_key
from tousu.search.models import SearchEntry
from tousu.search.service import scope_for

RECENT_DAYS = 90
THRESHOLD = 0.3
CANDIDATES = 60
QUERY_TERMS = 8
ALL_OF = 3
NEAR_REPEATS = 30
SAME_KEY_LIMIT = 50


@dataclass(frozen=True)
class Draft:
    """What intake knows so far (or a registered case, via `draft_of`)."""

    content: str = ""
    request: str = ""
    phones: tuple[str, ...] = ()
    address: str = ""
    unit: str = ""
    exclude_id: int | None = None


@dataclass(frozen=True)
class SimilarCase:
    complaint_id: int
    similarity: float
    reasons: tuple[str, ...]  # same_phone, same_place, similar_text


@dataclass
class SimilarResult:
    cases: list[SimilarCase] = field(default_factory=list)
    # Repeat complainant / repeat location within the window: flags for the desk and reports.
    same_phone: int = 0
    same_place: int = 0


def draft_of(complaint: Complaint) -> Draft:
    return Draft(
        content=complaint.content,
        request=complaint.request,
        phones=tuple(p for p in (complaint.complainant_phone, complaint.complainant_alt_phone) if p),
        address=complaint.complainant_address or complaint.location,
        unit=complaint.complainant_unit,
        exclude_id=complaint.pk,
    )


def cosine(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _window(user: Actor, now: dt.datetime) -> QuerySet[Complaint]:
    recent = now - dt.timedelta(days=RECENT_DAYS)
    # Text, phone and place matches: a confidential reporter stays unfindable (P2.11).
    return scope_for(user, None).filter(Q(is_open__in=[True]) | Q(received_at__gte=recent))


def _query_terms(terms: set[str]) -> list[str]:
    # Longer words say more (电梯困人 over 电梯); sorted for a stable choice.
    return sorted(terms, key=lambda t: (-len(t), t))[:QUERY_TERMS]


def similar_cases(user: Actor, draft: Draft, *, now: dt.datetime | None = None, limit: int = 10) -> SimilarResult:
    now = now or timezone.now()
    scope = _window(user, now)
    reasons: dict[int, set[str]] = {}

    phones = sorted({k for k in (phone_key(p) for p in draft.phones) if len(k) >= 7})
    by_phone = backend.matching_ids(phones, scope, SAME_KEY_LIMIT, any_token=True) if phones else []
    for pk in by_phone:
        reasons.setdefault(pk, set()).add("same_phone")

    place = place_key(draft.address, draft.unit)
    by_place: list[int] = []
    if len(place) >= 4:
        newest = list(
            SearchEntry.objects.filter(place=place)
            .order_by("-complaint_id")
            .values_list("complaint_id", flat=True)[:SAME_KEY_LIMIT]
        )
        by_place = list(scope.filter(pk__in=newest).values_list("pk", flat=True))
        for pk in by_place:
            reasons.setdefault(pk, set()).add("same_place")

    terms = segment.content_terms(f"{draft.content}\n{draft.request}")
    chosen = _query_terms(terms)
    # Two passes: the newest cases sharing any of the words (recent reports of the same
    # thing), and cases of any age in the window that share all of the three longest
    # (near-repeats that many newer cases about the same subject would push out).
    by_text = set(backend.matching_ids(chosen, scope, CANDIDATES, any_token=True)) if chosen else set()
    if len(chosen) >= 2:
        by_text.update(backend.matching_ids(chosen[:ALL_OF], scope, NEAR_REPEATS))

    candidates = set(reasons) | by_text
    candidates.discard(draft.exclude_id)  # type: ignore[arg-type]
    stored = dict(SearchEntry.objects.filter(complaint_id__in=candidates).values_list("complaint_id", "terms"))
    found: list[SimilarCase] = []
    for pk in candidates:
        similarity = round(cosine(terms, set(stored.get(pk, "").split())), 3)
        why = set(reasons.get(pk, set()))
        if similarity >= THRESHOLD:
            why.add("similar_text")
        if why:
            found.append(SimilarCase(pk, similarity, tuple(sorted(why))))
    # Same caller or place and similar text first, then the more similar, then the newer.
    found.sort(key=lambda c: (-len(c.reasons), -c.similarity, -c.complaint_id))
    return SimilarResult(
        cases=found[:limit],
        same_phone=len(set(by_phone) - {draft.exclude_id}),
        same_place=len(set(by_place) - {draft.exclude_id}),
    )
