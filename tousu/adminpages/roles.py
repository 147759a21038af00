"""Roles and what they may do: which role may take which action (the lifecycle table),
then, per policy, the procedure's people (tousu.adminpages.people_rules), both read from
what the engine enforces."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from tousu.adminpages.people_rules import policy_people
from tousu.cases.actions import action_label
from tousu.cases.lifecycle import MOVES
from tousu.cases.vocab import Role
from tousu.org.models import Position
from tousu.policies import registry


def role_matrix() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    counts = dict(Position.objects.values_list("role").annotate(n=Count("user_id", distinct=True)))
    roles = [{"code": r.value, "label": r.label, "count": counts.get(r.value, 0)} for r in Role]
    rows = [
        {"label": action_label(name), "clause": move.clause, "cells": [r in move.roles for r in Role]}
        for name, move in MOVES.items()
    ]
    return roles, rows


def roles_view(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    roles, rows = role_matrix()
    context = {
        **site.each_context(request),
        "title": _("Roles and what they may do"),
        "roles": roles,
        "matrix": rows,
        "policies": [policy_people(spec) for spec in registry.current_specs()],
    }
    return TemplateResponse(request, "admin/org/roles.html", context)
