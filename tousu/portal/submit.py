"""Submitting a complaint through the public portal (channel web) and its receipt."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods

from tousu.cases import attachments, intake
from tousu.cases.errors import DomainError, InvalidInput
from tousu.cases.models import Complaint
from tousu.portal.intake_form import ComplaintForm
from tousu.portal.published import in_language, web_intake_policies, web_intake_policy
from tousu.security import public_limits

RECEIPT_SALT = "tousu.portal.receipt"
# The receipt page shows the verification code: its link works for a day, long enough to
# reload or print it, not forever.
RECEIPT_MAX_AGE = 24 * 3600
# Idempotency keys of the portal share one owner; the keys are random and unguessable.
IDEMPOTENCY_OWNER = "portal"


def choose(request: HttpRequest) -> HttpResponse:
    """Several organisations or procedures publish a web form: the complainant picks one."""
    policies = web_intake_policies()
    if len(policies) == 1:
        return redirect("portal:submit_to", policy=policies[0].name)
    return render(request, "portal/choose.html", {"policies": policies})


# Not no-store: the back button must show the same form, with the same submission key,
# so that sending it again answers with the first case. Private: never in a shared cache.
@cache_control(private=True)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, policy: str) -> HttpResponse:
    published = web_intake_policy(policy)
    if published is None:
        raise Http404
    if request.method == "POST":
        limited = public_limits.limited(request, "submit", str(request.POST.get("complainant_phone", "")))
        if limited:
            return public_limits.too_many_page(request, limited)
        form = ComplaintForm(published.spec, request.POST, request.FILES)
        if form.is_valid():
            try:
                done = _register_with_attachments(published.name, form)
            except InvalidInput as error:
                form.add_domain_errors(error.details, str(error.message))
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                token = signing.dumps(done.complaint.pk, salt=RECEIPT_SALT)
                return HttpResponseRedirect(reverse("portal:receipt", kwargs={"token": token}))
    else:
        form = ComplaintForm(published.spec)
    contact = published.spec.public_contact
    context = {
        "policy": published,
        "form": form,
        "organisation": in_language(contact.organisation, contact.organisation_en) if contact else "",
        "several": len(web_intake_policies()) > 1,
    }
    return render(request, "portal/submit.html", context)


def _register_with_attachments(policy: str, form: ComplaintForm) -> intake.Registered:
    """The case and its files in one transaction: a repeated submission (same key) answers
    only once the first one has committed with its files, and a failure keeps neither."""
    with transaction.atomic():
        done = intake.register(
            form.payload(policy),
            actor=None,
            actor_kind="complainant",
            idempotency=(IDEMPOTENCY_OWNER, form.cleaned_data["submission"]),
        )
        if done.created:
            # A replayed submission adds no files again.
            for upload in form.cleaned_data["attachments"]:
                attachments.add(done.complaint, upload, actor=None, limit=settings.TOUSU_ATTACHMENT_MAX_BYTES)
    return done


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        complaint = Complaint.objects.get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, Complaint.DoesNotExist):
        return render(request, "portal/receipt.html", {"complaint": None}, status=404)
    return render(request, "portal/receipt.html", {"complaint": complaint})
