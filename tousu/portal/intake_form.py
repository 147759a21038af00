"""The public complaint form, built from the policy: its `public_fields`, required where
the policy requires them (intake checks them again: the policy is the one authority)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tousu.cases import vocab
from tousu.org import tree as org_tree
from tousu.policies import registry
from tousu.policies.schema import Category
from tousu.policies.schema import Policy as PolicySpec
from tousu.portal.published import in_language

MAX_FILES = 5
TEXT_LIMITS = {
    "complainant_name": 100,
    "complainant_unit": 100,
    "complainant_address": 200,
    "contact_person": 100,
    "subject_org": 200,
    "subject_department": 200,
    "subject_person": 100,
    "location": 200,
}
AUTOCOMPLETE = {
    "complainant_name": "name",
    "complainant_phone": "tel",
    "complainant_email": "email",
    "complainant_address": "street-address",
    "contact_person": "name",
}
CHOICES: dict[str, Any] = {
    "equipment_type": vocab.EquipmentType.choices,
    "equipment_stage": vocab.EquipmentStage.choices,
    "region": vocab.Region.choices,
    "severity": vocab.Severity.choices,
    "quality": vocab.Quality.choices,
}
# Labels written for the public (the model's verbose names are the staff's words).
LABELS = {
    "complainant_name": _("Your name"),
    "complainant_phone": _("Your phone number"),
    "complainant_unit": _("Your unit (building, entrance, room)"),
    "complainant_address": _("Your address"),
    "contact_person": _("Contact person"),
    "complainant_email": _("Your e-mail"),
    "subject_org": _("Organisation complained about"),
    "subject_department": _("Department complained about"),
    "subject_person": _("Person complained about"),
    "equipment_type": _("Type of equipment"),
    "equipment_stage": _("Stage (use, installation, repair …)"),
    "location": _("Where"),
    "region": _("Region"),
    "category": _("What it is about"),
    "content": _("Your complaint"),
    "request": _("What you ask for"),
    "severity": _("How serious"),
    "quality": _("Is it about product quality?"),
}
HELP = {
    "content": _("What happened, where and when. The more precise, the faster we can act."),
    "request": _("What you would like us to do."),
    "complainant_phone": _("We call you on this number about your complaint."),
}


def category_choices(spec: PolicySpec) -> list[tuple[str, str]]:
    """The category tree as one list, subcategories indented under their parent."""
    out: list[tuple[str, str]] = [("", "—")]

    def walk(items: list[Category], depth: int) -> None:
        for item in items:
            out.append((item.code, "\u3000" * depth + in_language(item.label, item.label_en)))
            walk(item.children, depth + 1)

    walk(spec.categories, 0)
    return out


def confidential_by_default(spec: PolicySpec) -> bool:
    """A web case is of the policy's default kind: confidential if the policy keeps that
    kind so (special equipment: reports, P2.11)."""
    return (spec.default_kind or spec.kinds[0]) in spec.confidentiality.kinds


def office_choices(spec: PolicySpec) -> list[tuple[str, str]]:
    """The offices a policy runs in, when there are several (a company's estates)."""
    try:
        homes = registry.placement(spec.name)[1]
    except registry.UnknownPolicy:
        return []
    if len(homes) < 2:
        return []
    tree = org_tree.current()
    return sorted(((tree.nodes[h].code, tree.nodes[h].name) for h in homes if h in tree.nodes), key=lambda c: c[1])


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_FILES})
        limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
        for upload in files:
            if (upload.size or 0) > limit:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(size)s.") % {"name": upload.name, "size": filesizeformat(limit)}
                )
            if not upload.size:
                raise forms.ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
        return files


def _consent_label() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I have read the privacy notice and agree that my complaint and contact details are used to handle it."),
        reverse_lazy("portal:privacy"),
        _("Read the privacy notice"),
    )


class ComplaintForm(forms.Form):
    """Fields are added per policy in __init__; these three are on every form."""

    attachments = AttachmentsField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=lazy(
            lambda: (
                _("Up to %(n)s files, each at most %(size)s.")
                % {"n": MAX_FILES, "size": filesizeformat(settings.TOUSU_ATTACHMENT_MAX_BYTES)}
            ),
            str,
        )(),
    )
    consent = forms.BooleanField(
        label=lazy(_consent_label, SafeString)(),
        error_messages={"required": _("Please accept the privacy notice, otherwise we cannot take your complaint.")},
    )
    # One random key per form shown: a double click or the back button sends it again and
    # intake answers with the first case instead of registering a second one.
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    # A honeypot: hidden from people by the style sheet, filled in by form-filling bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, spec: PolicySpec, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.case_fields = [name for name in spec.public_fields]
        if "content" not in self.case_fields:
            self.case_fields.append("content")
        fields: dict[str, forms.Field] = {}
        offices = office_choices(spec)
        if offices:
            # The policy runs in several offices (estates): the complainant says which.
            fields["unit"] = forms.ChoiceField(
                label=_("Which office (estate) is it about?"), choices=[("", "—"), *offices], required=True
            )
        fields.update({name: self._field(name, spec) for name in self.case_fields})
        if not (confidential_by_default(spec) and not spec.confidentiality.waiver):
            fields["confidential"] = self._confidential(spec)  # else always confidential
        # Case fields first, in the policy's order, then attachments, consent, the key.
        fields.update(self.fields)
        self.fields = fields
        if not self.is_bound:
            self.initial.setdefault("submission", secrets.token_urlsafe(24))

    def _confidential(self, spec: PolicySpec) -> forms.Field:
        """P2.11: on by default where the policy keeps reports confidential; leaving it
        unticked is the reporter's own waiver, which the case records."""
        by_default = confidential_by_default(spec)
        help_text = (
            _("Untick only if you agree that we may tell the party you report who you are.")
            if by_default
            else _("Tick if the person or company you complain about must not learn who you are.")
        )
        return forms.BooleanField(
            label=_("Keep my identity confidential"), required=False, initial=by_default, help_text=help_text
        )

    def _field(self, name: str, spec: PolicySpec) -> forms.Field:
        required = name == "content" or name in spec.required_fields
        label = LABELS[name]
        options: dict[str, Any] = {"label": label, "required": required, "help_text": HELP.get(name, "")}
        attrs = {"autocomplete": AUTOCOMPLETE.get(name, "off")}
        if name == "content":
            return forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 7}), **options)
        if name == "request":
            return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **options)
        if name == "complainant_phone":
            attrs.update(type="tel", inputmode="tel")
            return forms.CharField(max_length=32, widget=forms.TextInput(attrs=attrs), **options)
        if name == "complainant_email":
            return forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=attrs), **options)
        if name == "category":
            return forms.ChoiceField(choices=category_choices(spec), **options)
        if name in CHOICES:
            return forms.ChoiceField(choices=[("", "—"), *CHOICES[name]], **options)
        return forms.CharField(max_length=TEXT_LIMITS[name], widget=forms.TextInput(attrs=attrs), **options)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            self.add_error(
                None, forms.ValidationError(_("This form could not be sent. Please try again."), code="honeypot")
            )
        return ""

    def payload(self, policy: str) -> dict[str, Any]:
        """The register() payload: the policy, the web channel and the fields filled in."""
        data = {name: self.cleaned_data[name] for name in self.case_fields if self.cleaned_data.get(name)}
        out: dict[str, Any] = {"policy": policy, "channel": vocab.Channel.WEB, **data}
        if self.cleaned_data.get("unit"):
            out["unit"] = self.cleaned_data["unit"]
        if "confidential" in self.fields:
            confidential = bool(self.cleaned_data.get("confidential"))
            out["confidential"] = confidential
            if not confidential and confidential_by_default(self.spec):
                out["confidentiality_waived"] = True  # the reporter's own choice, recorded (P2.11)
        return out

    def add_domain_errors(self, details: dict[str, list[Any]], message: str) -> None:
        """Intake's refusals on the fields they name; the rest above the form."""
        for field, problems in details.items():
            target = field if field in self.fields else None
            for problem in problems:
                self.add_error(target, str(problem))
        if not details:
            self.add_error(None, message)
