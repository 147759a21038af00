"""Printable documents of a case, for staff only: the procedure's record form(s) and the
written reply letter (P5.4). A4 print styles; the browser prints or saves as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tousu.audit import log
from tousu.cases import disclosure, personal, reported
from tousu.cases.errors import NotFound
from tousu.cases.letters import reply_letter
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_case
from tousu.cases.selectors import case_rows
from tousu.cases.vocab import Channel, ReplyKind
from tousu.printing.sheet import record_forms, sheet_of


def _case_for_staff(request: HttpRequest, number: str) -> Complaint:
    """Cases in the user's scope only; the documents name the complainant as the user may
    see them (masked, or absent for the party complained about, P2.11); printing is logged."""
    user = request.user
    if not (getattr(user, "is_superuser", False) or hasattr(user, "staff")):
        raise PermissionDenied
    try:
        complaint = visible_case(number, user, base=case_rows())
    except NotFound:
        raise Http404 from None
    disclosure.shown(complaint, user)
    log.record(user, log.PRINT, complaint_id=complaint.pk, number=complaint.number, document=request.path)
    return complaint


@login_required
def record(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _case_for_staff(request, number)
    sheet = sheet_of(complaint)
    context = {
        "sheet": sheet,
        "c": complaint,
        "forms": record_forms(sheet.spec),
        "printed_at": timezone.now(),
        # The party reported (P2.11) only for whoever may know the reporter.
        "reported": reported.display(complaint) if personal.sees_restricted(complaint) else "",
    }
    return render(request, "printing/record.html", context)


@login_required
def letter(request: HttpRequest, number: str) -> HttpResponse:
    """The letter for the latest reply sent by letter, else the latest result reply. To a
    confidential reporter it is a restricted document: outside the need-to-know list it
    answers like a case without a letter (P2.11)."""
    complaint = _case_for_staff(request, number)
    if not personal.sees_restricted(complaint):
        return render(request, "printing/letter.html", {"c": complaint, "letter": None}, status=404)
    sheet = sheet_of(complaint)
    by_letter = [s for s in sheet.replies if s.data.get("channel") == Channel.LETTER]
    results = [s for s in sheet.replies if s.data.get("reply_kind") == ReplyKind.RESULT]
    candidates = by_letter or results
    chosen = candidates[-1] if candidates else None
    if chosen is None:
        return render(request, "printing/letter.html", {"c": complaint, "letter": None}, status=404)
    text = str(chosen.data.get("text", ""))
    content = reply_letter(complaint, text, sheet.labels["policy"], timezone.localdate(chosen.at))
    return render(request, "printing/letter.html", {"c": complaint, "letter": content, "reply": chosen})
