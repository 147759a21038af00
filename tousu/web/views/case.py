"""The case page and its actions. Each action is a small form posted with htmx; the
answer is the case again, rendered in place, with the engine's reason if it refused.
Every change goes through `actions.perform` (or `attachments.add`)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.cases import actions, attachments, disclosure, personal, scope, selectors
from tousu.cases.errors import DomainError, NotFound
from tousu.cases.inputs import ACTION_INPUTS
from tousu.cases.models import Complaint
from tousu.policies.registry import spec_of_version
from tousu.web import case_view
from tousu.web.action_forms import Choices, action_form, payload
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, is_htmx, page


def _complaint(number: str, desk: Desk) -> Complaint:
    # Out of scope answers exactly like a case that does not exist (tousu.cases.scope).
    try:
        return scope.visible_case(number, desk.user, base=selectors.case_rows())
    except NotFound:
        raise Http404 from None


def _render(
    request: HttpRequest, desk: Desk, view: case_view.CaseView, status: int = 200, done: str = ""
) -> HttpResponse:
    context = {"case": view, "c": view.complaint, "done": done, "nav": "case"}
    template = "web/parts/case_body.html" if is_htmx(request) else "web/case.html"
    return page(request, desk, template, context, status=status)


@desk_view
def case_page(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    complaint = _complaint(number, desk)
    view = case_view.build(complaint, desk)
    personal.log_view(complaint, desk.user)
    return _render(request, desk, view, done=request.GET.get("done", ""))


@desk_view
def action_form_view(request: HttpRequest, desk: Desk, number: str, action: str) -> HttpResponse:
    """One action's form, loaded when its panel is opened (a page of its own without htmx)."""
    complaint = _complaint(number, desk)
    seen = request.GET.get("version", "")
    seen_version = int(seen) if seen.isdigit() else None
    found = case_view.panel(complaint, desk, action, seen_version) if action in ACTION_INPUTS else None
    if found is None:
        message = _("This action is not open to you now. Reload the case.")
        return page(request, desk, "web/parts/message.html", {"message": message}, status=409)
    context = {"p": found, "c": complaint, "nav": "case"}
    template = "web/parts/action_form.html" if is_htmx(request) else "web/action_page.html"
    return page(request, desk, template, context)


@require_POST
@desk_view
def act(request: HttpRequest, desk: Desk, number: str, action: str) -> HttpResponse:
    if action not in ACTION_INPUTS:
        raise Http404
    complaint = _complaint(number, desk)
    spec = spec_of_version(complaint.policy_version_id)
    choices = Choices(complaint, spec, list(complaint.clocks.all()))
    form = action_form(action, complaint, choices, data=request.POST)
    if not form.is_valid():
        view = case_view.build(
            complaint, desk, failed=action, failed_form=form, error=_("Please correct the fields below.")
        )
        return _render(request, desk, view, status=422)
    try:
        actions.perform(complaint, action, payload(form), actor=desk.user)
    except DomainError as error:
        for name, problems in error.details.items():
            target = name if name in form.fields else None
            for problem in problems:
                form.add_error(target, str(problem))
        view = case_view.build(
            _complaint(number, desk), desk, failed=action, failed_form=form, error=str(error.message)
        )
        return _render(request, desk, view, status=error.status)
    done = _("Done: %(action)s.") % {"action": actions.action_label(action)}
    # The answer shows the case after the action even if the action took it out of the
    # user's scope (a transfer), as the API does; their next visit finds no such case.
    after = selectors.complaint_by_number(number)
    if not is_htmx(request):
        still_mine = scope.in_scope(desk.user, after.pk)
        target = reverse("web:case", args=[number]) + "?done=" + action if still_mine else reverse("web:worklist")
        return HttpResponseRedirect(target)
    return _render(request, desk, case_view.build(after, desk), done=done)


@require_POST
@desk_view
def attach(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    complaint = _complaint(number, desk)
    error = ""
    # Files marked confidential are seen only by the need-to-know list (P2.11).
    restricted = request.POST.get("confidential") in ("1", "on", "true")
    try:
        for upload in request.FILES.getlist("files"):
            limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
            attachments.add(complaint, upload, actor=desk.user, limit=limit, restricted=restricted)
    except DomainError as refused:
        error = str(refused.message)
    if not is_htmx(request) and not error:
        return HttpResponseRedirect(reverse("web:case", args=[number]))
    view = case_view.build(complaint, desk)
    view.upload_error = error
    return _render(request, desk, view, status=422 if error else 200)


@desk_view
def download(request: HttpRequest, desk: Desk, number: str, token: str) -> HttpResponseBase:
    complaint = personal.shown(_complaint(number, desk), desk.user)
    # A restricted document answers like a missing one outside the need-to-know list (P2.11).
    found = disclosure.attachment(complaint, token)
    if found is None:
        raise Http404
    return attachments.download(found)


@require_POST
@desk_view
def reveal(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    """The complainant's personal data in full, for a reason given; logged (issue 6)."""
    complaint = _complaint(number, desk)
    try:
        personal.reveal(complaint, desk.user, request.POST.get("reason", ""))
    except DomainError as refused:
        view = case_view.build(complaint, desk)
        return _render(request, desk, view, status=refused.status, done=str(refused.message))
    return _render(request, desk, case_view.build(complaint, desk))
