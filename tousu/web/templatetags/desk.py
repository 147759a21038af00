"""`{{ field|control }}`: a form control rendered in Python.

Django renders every widget, and every <option> of a select, through a template of its
own; a case page with a dozen action forms and the worklist's filters took tens of
milliseconds on that alone. This renders the same HTML (name, id, value, choices,
required, errors announced) in one pass.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attrs(bound: forms.BoundField, extra: dict[str, Any]) -> dict[str, Any]:
    field, widget = bound.field, bound.field.widget
    attrs: dict[str, Any] = {**widget.attrs, "name": bound.html_name, **extra}
    if bound.auto_id:
        attrs["id"] = bound.auto_id
    if field.required and not isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
        attrs["required"] = True
    if bound.errors:
        attrs["aria-invalid"] = "true"
    return attrs


def _choices(field: forms.Field) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an optgroup: flattened
            out.extend((str(v), str(lbl)) for v, lbl in label)
        else:
            out.append((str(value), str(label)))
    return out


@register.filter
def control(bound: forms.BoundField) -> SafeString:
    widget = bound.field.widget
    value = bound.value()
    if isinstance(widget, forms.Select):
        current = "" if value is None else str(value)
        options = "".join(
            format_html('<option value="{}"{}>{}</option>', v, " selected" if v == current else "", label)
            for v, label in _choices(bound.field)
        )
        return format_html("<select{}>{}</select>", flatatt(_attrs(bound, {})), mark_safe(options))  # noqa: S308
    if isinstance(widget, forms.Textarea):
        text = "" if value is None else str(value)
        return format_html("<textarea{}>\n{}</textarea>", flatatt(_attrs(bound, {})), text)
    if isinstance(widget, forms.CheckboxInput):
        checked = value not in (None, False, "", "false", "off")
        attrs = _attrs(bound, {"type": "checkbox"})
        if checked:
            attrs["checked"] = True
        return format_html("<input{}>", flatatt(attrs))
    input_type = getattr(widget, "input_type", "text")
    attrs = _attrs(bound, {"type": input_type})
    shown = widget.format_value(value)
    if shown not in (None, "") and input_type != "password":
        attrs["value"] = shown
    return format_html("<input{}>", flatatt(attrs))


@register.filter
def errors(bound: forms.BoundField) -> SafeString:
    if not bound.errors:
        return mark_safe("")
    items = "".join(format_html("<li>{}</li>", e) for e in bound.errors)
    return format_html('<ul class="errorlist">{}</ul>', mark_safe(items))  # noqa: S308


@register.filter
def label(bound: forms.BoundField) -> SafeString:
    return format_html('<label for="{}">{}</label>', bound.id_for_label, conditional_escape(bound.label))
