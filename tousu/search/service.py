"""Searching cases: the one entry point for the API, the CLI and the web desk.

Every search goes through `tousu.cases.scope.visible_cases(user)`, the single place where
the requesting user's access rights become a queryset (issue 6), and is combined with the
structured filters of `tousu.cases.selectors.CaseFilters`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from tousu.cases import personal, selectors
from tousu.cases.actions import Actor
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_cases
from tousu.search import backend, rank
from tousu.search.models import SearchEntry
from tousu.search.query import ParsedQuery, parse

# How many of the newest matching cases are ranked. Ranking happens on these candidates,
# so a word found in 100,000 cases costs the same as a rare one (bench/search.py).
WINDOW = 200


@dataclass(frozen=True)
class Hit:
    complaint_id: int
    score: float
    snippet: str
    matched: str  # "number", "phone" or "words"


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    # True when more cases matched than were ranked (only the newest WINDOW were).
    more: bool = False
    next_offset: int | None = None


def scope_for(user: Actor, filters: selectors.CaseFilters | None, *, phone: bool = False) -> QuerySet[Complaint]:
    scope = visible_cases(user)
    if phone:
        # A confidential reporter's phone never finds the case outside the need-to-know
        # list (P2.11). Their name is not in the index at all (tousu.search.document).
        scope = personal.identity_searchable(user, scope)
    if filters is not None:
        scope = scope & selectors.filtered(filters, viewer=user)
    return scope


def _has_conditions(qs: QuerySet[Complaint]) -> bool:
    return bool(qs.query.where.children)


def search_cases(
    user: Actor,
    text: str,
    filters: selectors.CaseFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Cases matching `text` within the user's cases and the filters, best first.

    A tracking number finds its case directly; a phone number finds the cases of that
    caller (either phone); anything else is segmented and every word must occur.
    """
    parsed = parse(text)
    result = SearchResult(query=parsed)
    if parsed.kind == "empty":
        return result
    scope = scope_for(user, filters, phone=parsed.kind == "phone")
    if scope.query.is_empty():
        return result
    if parsed.kind == "number":
        found = scope.filter(number=parsed.number).values_list("pk", flat=True)[:1]
        result.hits = [Hit(pk, 1.0, "", "number") for pk in found]
        return result
    candidates = backend.matching_ids(parsed.words, scope if _has_conditions(scope) else None, WINDOW + 1)
    result.more = len(candidates) > WINDOW
    candidates = candidates[:WINDOW]
    bodies = dict(SearchEntry.objects.filter(complaint_id__in=candidates).values_list("complaint_id", "body"))
    phrase = "".join(parsed.words)
    matched = "phone" if parsed.kind == "phone" else "words"
    scored = sorted(
        ((rank.score(bodies.get(pk, ""), parsed.words, phrase), pk) for pk in candidates),
        key=lambda pair: (-pair[0], -pair[1]),
    )
    page = scored[offset : offset + limit]
    result.hits = [Hit(pk, s, rank.snippet(bodies.get(pk, ""), parsed.words), matched) for s, pk in page]
    if offset + limit < len(scored):
        result.next_offset = offset + limit
    return result


def hit_rows(result: SearchResult, columns: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """The hits as `.values()` rows of `columns`, in rank order, with score, snippet and
    how each was matched: what a list view or the API renders."""
    ids = [hit.complaint_id for hit in result.hits]
    rows = {row["id"]: row for row in Complaint.objects.filter(pk__in=ids).values(*columns)}
    out = []
    for hit in result.hits:
        row = rows.get(hit.complaint_id)
        if row is not None:
            out.append({**row, "score": hit.score, "snippet": hit.snippet, "matched": hit.matched})
    return out
