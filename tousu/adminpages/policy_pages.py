"""Policy pages of the administration: import a YAML file (validate only, or store it as a
new version) with the loader's located error messages; a version's YAML and its moves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.adminpages.moves import move_rows
from tousu.cases.vocab import Role
from tousu.org.positions import holds_any
from tousu.policies import loader, resolve
from tousu.policies.diagram import mermaid
from tousu.policies.models import PolicyVersion
from tousu.policies.registry import spec_of_version

MAX_POLICY_BYTES = 512 * 1024


class PolicyFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Policy file (YAML)"),
        help_text=gettext_lazy("The format is described in docs/policy-format.md."),
    )
    force = forms.BooleanField(
        label=gettext_lazy("Import even if it does not resolve in its organisation"),
        help_text=gettext_lazy(
            "Only when staff already work by it: a group nobody is in or a missing department stops their cases."
        ),
        required=False,
    )


def may_import(request: HttpRequest) -> bool:
    """Superusers and staff with the administrator role change policies."""
    user = request.user
    return bool(getattr(user, "is_superuser", False) or holds_any(user, [Role.ADMINISTRATOR]))


def import_view(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    if not may_import(request):
        raise PermissionDenied
    problems: list[loader.Problem] = []
    found = resolve.Resolution()
    valid_name = ""
    if request.method == "POST":
        form = PolicyFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = upload.name or "policy.yaml"
            try:
                if (upload.size or 0) > MAX_POLICY_BYTES:
                    raise loader.PolicyError([loader.Problem(name, None, "", _("the file is larger than 512 KB"))])
                try:
                    text = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    raise loader.PolicyError(
                        [loader.Problem(name, None, "", _("the file is not UTF-8 text"))]
                    ) from None
                spec = loader.parse(text, name)
            except loader.PolicyError as error:
                problems = error.problems
            else:
                # The file is valid; does it resolve where it runs (its people, routing, hand-offs)?
                found = resolve.resolve(spec, text, name)
                refused = found.refuses_loading and not form.cleaned_data["force"]
                if request.POST.get("action") == "import" and not refused:
                    version, created = loader.store(spec, text)
                    if created:
                        note = _("%(name)s: stored as version %(number)d, now the current version.")
                    else:
                        note = _("%(name)s: unchanged, version %(number)d is current.")
                    messages.success(request, note % {"name": spec.name, "number": version.number})
                    url = reverse("admin:policies_policyversion_change", args=[version.pk])
                    return HttpResponseRedirect(url)
                valid_name = spec.name
    else:
        form = PolicyFileForm()
    context = {
        **site.each_context(request),
        "title": _("Import a policy file"),
        "form": form,
        "problems": problems,
        "unresolved": found.problems,
        "notes": found.notes,
        "refused": found.refuses_loading,
        "organisation": found.organisation,
        "valid_name": valid_name,
        "opts": PolicyVersion._meta,
    }
    return TemplateResponse(request, "admin/policies/import.html", context)


def version_context(version: PolicyVersion) -> dict[str, Any]:
    """What a version's page shows beyond its fields: the YAML, the moves, the clocks."""
    spec = spec_of_version(version.pk)
    return {
        "policy_source": version.source,
        "moves": move_rows(spec),
        "clocks": spec.clocks,
        "mermaid": mermaid(spec),
        "spec": spec,
    }
