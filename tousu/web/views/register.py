"""Registration for phone and counter intake: the policy's form, the caller's earlier
cases as they type the phone, the urgent flag suggested from the category (P4.7.1),
attachments by drag and drop; on save the number and code to read out."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases import attachments, intake, personal, scope, selectors
from tousu.cases.errors import DomainError, NotFound
from tousu.policies.schema import Policy as PolicySpec
from tousu.web import queues
from tousu.web.desk import Desk
from tousu.web.present import case_row, spec_named
from tousu.web.registration import RegistrationForm, title, urgent_suggested
from tousu.web.views.common import desk_view, page

MIN_PHONE_DIGITS = 5
HISTORY_ROWS = 8
ROWS = queues.ROW_COLUMNS


def _spec(desk: Desk, name: str | None) -> PolicySpec:
    spec = spec_named(name) if name else desk.home_policy
    if spec is None:
        raise Http404
    return spec


def _check_files(files: list[UploadedFile]) -> str:
    """Refuse before registering, so that a bad file never leaves a half-saved intake."""
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    for upload in files:
        if (upload.size or 0) > limit:
            return _("“%(name)s” is larger than %(size)s.") % {"name": upload.name, "size": filesizeformat(limit)}
        if not upload.size:
            return _("“%(name)s” is empty.") % {"name": upload.name}
    return ""


@desk_view
def register_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    spec = _spec(desk, request.POST.get("policy") or request.GET.get("policy"))
    status = 200
    files_error = ""
    if request.method == "POST":
        form = RegistrationForm(spec, request.POST)
        files = request.FILES.getlist("attachments")
        files_error = _check_files(files)
        if form.is_valid() and not files_error:
            token = form.cleaned_data["token"]
            try:
                done = intake.register(
                    form.payload(), actor=desk.user, idempotency=(f"user:{desk.user.pk}", f"desk:{token}")
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
                for name, problems in error.details.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, str(problem))
                status = error.status
            else:
                if done.created:
                    for upload in files:
                        attachments.add(
                            done.complaint, upload, actor=desk.user, limit=settings.TOUSU_ATTACHMENT_MAX_BYTES
                        )
                return HttpResponseRedirect(reverse("web:registered", args=[done.complaint.number]))
        else:
            status = 422
    else:
        form = RegistrationForm(spec)
    context = {
        "nav": "register",
        "form": form,
        "spec": spec,
        "policy_title": title(spec),
        "policies": [(p.name, title(p)) for p in desk.policies],
        "files_error": files_error,
    }
    return page(request, desk, "web/register.html", context, status=status)


@desk_view
def urgent_hint(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The urgent suggestion for the chosen category (htmx fragment, P4.7.1)."""
    spec = _spec(desk, request.GET.get("policy"))
    suggested = urgent_suggested(spec, request.GET.get("category", ""))
    return page(request, desk, "web/parts/urgent_field.html", {"suggested": suggested, "checked": suggested})


@desk_view
def caller(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The caller's earlier cases (repeat complainants) and open cases at the same unit."""
    phone = request.GET.get("complainant_phone", "").strip()[:32]
    unit = request.GET.get("complainant_unit", "").strip()[:100]
    policy = request.GET.get("policy", "")[:64]
    now = timezone.now()
    earlier = []
    if sum(ch.isdigit() for ch in phone) >= MIN_PHONE_DIGITS:
        # The phone index (complaint_phone) serves this; newest first.
        mine = personal.without_confidential_about(desk.user, scope.visible_cases(desk.user))
        rows = selectors.filtered(selectors.CaseFilters(phone=phone), base=mine).order_by("-received_at")
        earlier = [case_row(r, now, desk.user) for r in rows.values(*ROWS)[:HISTORY_ROWS]]
    same_unit = []
    if len(unit) >= 2 and policy:
        rows = personal.without_confidential_about(desk.user, scope.visible_cases(desk.user)).filter(
            complainant_unit=unit, policy_name=policy, is_open__in=selectors.OPEN
        )
        same_unit = [case_row(r, now, desk.user) for r in rows.order_by("-received_at").values(*ROWS)[:HISTORY_ROWS]]
    context = {"earlier": earlier, "same_unit": same_unit, "phone": phone, "unit": unit}
    return page(request, desk, "web/parts/caller.html", context)


@desk_view
def registered(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    try:
        complaint = personal.protect(scope.visible_case(number, desk.user, base=selectors.case_rows()), desk.user)
    except NotFound:
        raise Http404 from None
    return page(request, desk, "web/registered.html", {"c": complaint, "nav": "register"})
