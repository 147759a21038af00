"""The public questionnaire page under /p/survey/<token>/: no login, a signed link sent
through the notification channels; each invitation is answered once (P3.e1)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tousu.cases.errors import DomainError
from tousu.improve import surveys


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = surveys.invitation_for(token)
    if invitation is None:
        return render(request, "improve/survey_public.html", {"invalid": True}, status=404)
    context = {"survey": invitation.survey, "done": invitation.answered_at is not None, "errors": {}, "posted": {}}
    status = 200
    if request.method == "POST" and not context["done"]:
        posted = {q["id"]: request.POST.get(q["id"], "") for q in invitation.survey.questions}
        try:
            surveys.answer(invitation, posted)
        except DomainError as exc:
            context.update(errors=exc.details, message=str(exc.message), posted=posted)
            status = exc.status
        else:
            context["done"] = True
    return render(request, "improve/survey_public.html", context, status=status)
