"""Corrective actions, proposals and reviews as the API and the desk show them: codes with translated labels."""

from __future__ import annotations

from typing import Any

from tousu.improve import corrective, history, proposals, reviews
from tousu.improve.models import (
    CorrectiveAction,
    CorrectiveState,
    Proposal,
    ProposalArea,
    ProposalState,
    Review,
    ReviewState,
)


def summary(a: CorrectiveAction) -> dict[str, Any]:
    return {
        "id": a.pk,
        "number": a.number,
        "state": a.state,
        "state_label": str(CorrectiveState(a.state).label),
        "department": a.department.code,
        "department_name": a.department.name,
        "problem": a.problem,
        "issued_at": a.issued_at,
        "answer_due": a.answer_due,
        "verify_due": a.verify_due,
        "overdue": corrective.is_overdue(a),
        "version": a.version,
    }


def detail(a: CorrectiveAction) -> dict[str, Any]:
    found = corrective.recurrence(a)
    return {
        **summary(a),
        "cases": list(a.cases.order_by("number").values_list("number", flat=True)),
        "root_cause": a.root_cause,
        "corrective_measures": a.corrective_measures,
        "preventive_measures": a.preventive_measures,
        "owner": a.owner.get_username() if a.owner else "",
        "issued_by": a.issued_by.get_username(),
        "answered_at": a.answered_at,
        "answer_estimated": a.answer_estimated,
        "verification": a.verification,
        "recurred": a.recurred,
        "closed_at": a.closed_at,
        "similar_since_issue": {"categories": found.categories, "count": found.count, "cases": found.numbers},
        "history": history.of(corrective.SUBJECT, a),
    }


def proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "area": p.area,
        "area_label": str(ProposalArea(p.area).label),
        "problem": p.problem,
        "proposal": p.proposal,
        "state": p.state,
        "state_label": str(ProposalState(p.state).label),
        "owner": p.owner.get_username(),
        "created_at": p.created_at,
        "cases": list(p.cases.order_by("number").values_list("number", flat=True)),
        "history": history.of(proposals.SUBJECT, p),
    }


def review(r: Review) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "state": r.state,
        "state_label": str(ReviewState(r.state).label),
        "agenda": r.agenda,
        "minutes": r.minutes,
        "chair": r.chair.get_username(),
        "held_at": r.held_at,
        "decisions": [
            {
                "id": d.pk,
                "text": d.text,
                "corrective_action": d.action_id,
                "number": d.action.number if d.action else "",
            }
            for d in r.decisions.select_related("action").order_by("id")
        ],
        "history": history.of(reviews.SUBJECT, r),
    }
