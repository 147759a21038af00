"""Complainants' personal data on the administration pages (P2.11, issue 14).

Administrators manage the installation; they do not read complainants. The admin's case
pages and notification pages therefore show every complainant masked (tousu.cases.personal:
张*, 138****1234) and a confidential reporter not at all — their fields empty and their
name, phones, e-mail and ID number cut out of every text — and never the verification
code that opens the public status page. Seeing one case's or one message's personal data
in full takes an active break-glass access (opened by an operator with `tousu audit
break-glass`, its reason logged) and a reveal with its own reason, logged in the access
log by the same `personal.reveal` the desk uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tousu.audit.breakglass import has_break_glass
from tousu.cases import personal
from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint

HIDDEN = "******"
# Texts of a case beyond those `personal.apply` already treats.
CASE_TEXTS = ("handling_plan", "improvement_plan", "referral_target", "responsibility_norm")


def admin_level(complaint: Complaint) -> str:
    """How much of the complainant the admin pages show, to anyone, until revealed: never
    in full; a confidential reporter not at all (P2.11). The desk is where the procedure's
    people see what their rules give them."""
    return personal.ABSENT if complaint.confidential else personal.MASKED


def _masker(complaint: Complaint) -> Callable[[str], str]:
    """Every identifying value of the complainant replaced by its masked form, the
    verification code hidden."""
    forms_of: dict[str, str] = {}
    for name in personal.FIELDS:
        value = str(getattr(complaint, name, "") or "").strip()
        if len(value) >= 2:
            forms_of.setdefault(value, personal.MASKERS[name](value))
    code = (complaint.verification_code or "").strip()
    if code:
        forms_of[code] = HIDDEN
    if not forms_of:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(v) for v in sorted(forms_of, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: forms_of[m.group(0)], text) if text else text


def text_shower(complaint: Complaint, level: str) -> Callable[[str], str]:
    """How a text shown with the case (a message, a note) reads at `level`."""
    if level == personal.FULL:
        return lambda text: text
    if level == personal.ABSENT:
        code = [complaint.verification_code] if complaint.verification_code else []
        return personal.cutter(personal.identity(complaint) + code)
    return _masker(complaint)


def protect_case(complaint: Complaint) -> Complaint:
    """The case (in memory, never saved) as the admin pages show it until revealed; its
    `admin_show` reads the texts shown with it (the timeline's notes) the same way."""
    level = admin_level(complaint)
    show = text_shower(complaint, level)
    for name in CASE_TEXTS:
        setattr(complaint, name, show(getattr(complaint, name) or ""))
    personal.apply(complaint, level)
    complaint.verification_code = HIDDEN
    setattr(complaint, "admin_show", show)  # noqa: B010 - an attribute of this in-memory copy only
    return complaint


def shown_text(complaint: Complaint, text: str) -> str:
    return text_shower(complaint, admin_level(complaint))(text)


def shown_address(address: str, to_complainant: bool, complaint: Complaint) -> str:
    """A recipient's address: a complainant's masked (absent for a confidential reporter);
    a staff member's own address as it is."""
    level = admin_level(complaint)
    if not to_complainant or not address:
        return address
    if level == personal.ABSENT:
        return ""
    return personal.mask_email(address) if "@" in address else personal.mask_phone(address)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you need it"),
        min_length=personal.MIN_REASON,
        max_length=500,
        help_text=gettext_lazy("Written to the access log with your name and the case."),
    )


def without_break_glass(request: HttpRequest, back: str) -> HttpResponse | None:
    """Back to `back`, saying how to get a break-glass access, unless the user has one."""
    if has_break_glass(request.user):
        return None
    messages.error(
        request,
        _(
            "Personal data on these pages needs a break-glass access: an operator opens it for you with "
            "`tousu audit break-glass --user %(user)s --reason …`; then reveal it here, with a reason."
        )
        % {"user": request.user.get_username()},
    )
    return HttpResponseRedirect(back)


def reveal(request: HttpRequest, complaint: Complaint, back: str) -> Complaint | HttpResponse:
    """The case in full for the reason given, logged; else back to `back` saying why not."""
    refused = without_break_glass(request, back)
    if refused is not None:
        return refused
    try:
        # The desk's reveal: refused for a reason too short, logged with the reason given.
        return personal.reveal(complaint, request.user, request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(back)


class RevealingAdmin(admin.ModelAdmin):
    """A model admin whose change page offers to reveal the complainant for a reason
    (admin/personal_reveal.html), posted to `<id>/reveal/` and answered by `reveal_view`."""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra = {**(extra_context or {}), "reveal_form": RevealForm(), "break_glass": has_break_glass(request.user)}
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[URLPattern]:
        @require_POST
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            return self.reveal_view(request, object_id)

        name = f"{self.opts.app_label}_{self.opts.model_name}_reveal"
        return [path("<path:object_id>/reveal/", self.admin_site.admin_view(view), name=name), *super().get_urls()]

    def reveal_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        raise NotImplementedError


def revealed_page(request: HttpRequest, site: admin.AdminSite, title: str, context: dict[str, Any]) -> HttpResponse:
    """The revealed values (`rows` of label and value), for this one answer only."""
    page = {**site.each_context(request), "title": title, "reason": request.POST.get("reason", ""), **context}
    return TemplateResponse(request, "admin/personal_revealed.html", page)
