"""The admin's PIPL page: export or anonymise one person's data on their request, logged
(the same functions as `tousu pipl`)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.audit import pipl


class PiplForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32)
    reason = forms.CharField(label=gettext_lazy("Reason"), min_length=4, max_length=500)
    what = forms.ChoiceField(
        label=gettext_lazy("Request"),
        choices=[("export", gettext_lazy("Export the person's data")), ("anonymise", gettext_lazy("Anonymise it"))],
    )


def pipl_view(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    form = PiplForm(request.POST or None)
    done = ""
    if request.method == "POST" and form.is_valid():
        phone, reason = form.cleaned_data["phone"], form.cleaned_data["reason"]
        if form.cleaned_data["what"] == "export":
            rows = pipl.export(phone, actor=request.user, reason=reason)
            response = HttpResponse(
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        count = pipl.anonymise_person(phone, actor=request.user, reason=reason)
        done = _("Anonymised %(n)d case(s).") % {"n": count}
    context = {**site.each_context(request), "title": _("Personal data request (PIPL)"), "form": form, "done": done}
    return TemplateResponse(request, "admin/audit/pipl.html", context)
