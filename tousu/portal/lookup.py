"""Looking a case up by tracking number and verification code: state and the public
timeline, nothing personal (the same domain function as the API's /public/status)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tousu.cases.actions import action_label
from tousu.cases.public_status import find_for_complainant, public_status
from tousu.cases.vocab import State
from tousu.security import public_limits


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        help_text=_("The six digits on your receipt."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    # POST keeps the verification code out of addresses, histories and server logs.
    status = None
    not_found = False
    if request.method == "POST":
        limited = public_limits.limited(request, "lookup")
        if limited:
            return public_limits.too_many_page(request, limited)
        form = LookupForm(request.POST)
        if form.is_valid():
            found = find_for_complainant(form.cleaned_data["number"], form.cleaned_data["code"])
            if found is None:
                not_found = True
            else:
                raw = public_status(found)
                status = {
                    "number": raw.number,
                    "state": raw.state,
                    "state_label": State(raw.state).label,
                    "received_at": raw.received_at,
                    "closed_at": raw.closed_at,
                    "steps": [
                        {"label": action_label(s.action), "at": s.at, "state_label": State(s.state_after).label}
                        for s in raw.steps
                    ],
                }
    else:
        form = LookupForm(initial={"number": request.GET.get("number", "")[:32]})
    return render(request, "portal/lookup.html", {"form": form, "status": status, "not_found": not_found})
