"""The complainant's callback / satisfaction page, reached by a personal link (P4.9, P4.10).

The answer is recorded through the one write path, `perform(..., "callback", ...)`, as
the complainant: the engine's own refusals (wrong state, step off) are shown as they are.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tousu.cases.actions import perform
from tousu.cases.callback_links import resolve_token
from tousu.cases.errors import Conflict, DomainError
from tousu.cases.vocab import Channel, Satisfaction


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Are you satisfied with how your complaint was handled?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Why? Tell us what was good or what is still wrong"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # The case version the complainant saw: a second submission of the same page is a
    # conflict, not a second callback.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("satisfaction") == Satisfaction.UNSATISFIED and not str(data.get("comments", "")).strip():
            self.add_error("comments", _("Please tell us what is still wrong, so that we can handle it again."))
        return data


@never_cache
@require_http_methods(["GET", "POST"])
def callback_page(request: HttpRequest, token: str) -> HttpResponse:
    link = resolve_token(token)
    complaint = link.complaint
    form = None
    refusal = ""
    if link.status == "open" and complaint is not None:
        if request.method == "POST":
            form = CallbackForm(request.POST)
            if form.is_valid():
                payload = {
                    "reached": True,
                    "channel": Channel.WEB,
                    "satisfaction": form.cleaned_data["satisfaction"],
                    "comments": form.cleaned_data["comments"],
                    "version": form.cleaned_data["version"],
                    "public": True,
                }
                try:
                    perform(complaint, "callback", payload, actor=None, actor_kind="complainant")
                except Conflict:
                    # The case changed since the page was shown: the same answer sent twice
                    # at once (then it is answered now), or staff added a note meanwhile.
                    if resolve_token(token).status != "open":
                        return HttpResponseRedirect(request.path)
                    complaint.refresh_from_db(fields=["version"])
                    again = request.POST.copy()
                    again["version"] = str(complaint.version)
                    form = CallbackForm(again)
                    form.is_valid()
                    refusal = str(_("Your case was updated in the meantime. Check your answer and send it again."))
                except DomainError as error:
                    refusal = str(error.message)
                else:
                    # Post/redirect/get: a reload shows the thank-you, it does not post again.
                    return HttpResponseRedirect(request.path)
        else:
            form = CallbackForm(initial={"version": complaint.version})
    status = 404 if link.status == "invalid" else 200
    context = {"link": link, "complaint": complaint, "form": form, "refusal": refusal}
    return render(request, "portal/callback.html", context, status=status)
