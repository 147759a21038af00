"""An organisation's page: its tree of units, each with the policies that run in it, the
department of a procedure it plays, and the people in it (their positions, and who acts
for them while they are away). Read in four queries, whatever the size of the tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.vocab import Duty, Role, UnitKind
from tousu.org.models import Deputy, Organisation, Position, Unit
from tousu.policies.models import Policy


@dataclass
class Cover:
    name: str
    starts_at: object
    ends_at: object
    now: bool  # the cover runs now (else it is to come)


@dataclass
class PositionRow:
    user_id: int
    name: str
    username: str
    role: str
    title: str
    duties: list[str]
    area: str
    active: bool
    covered_by: list[Cover] = field(default_factory=list)


@dataclass
class UnitNode:
    id: int
    code: str
    name: str
    kind: str
    plays: str  # the policy department it plays when not its own code
    policies: list[str]
    positions: list[PositionRow] = field(default_factory=list)
    children: list[UnitNode] = field(default_factory=list)


def _name(user: object) -> str:
    staff = getattr(user, "staff", None)
    return staff.display_name if staff is not None else str(user)


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def organisation_tree(organisation: Organisation) -> list[UnitNode]:
    """The organisation's top units, each with its units below, in code order."""
    units = list(Unit.objects.filter(organisation=organisation).order_by("code"))
    homes: dict[int, list[str]] = {}
    for unit_id, name in Policy.homes.through.objects.filter(unit__organisation=organisation).values_list(
        "unit_id", "policy__name"
    ):
        homes.setdefault(unit_id, []).append(name)
    nodes = {
        u.pk: UnitNode(u.pk, u.code, u.name, _label(UnitKind, u.kind), u.function, sorted(homes.get(u.pk, [])))
        for u in units
    }
    positions = (
        Position.objects.filter(unit__organisation=organisation)
        .select_related("user", "user__staff")
        .order_by("unit_id", "role", "user__username")
    )
    rows: list[PositionRow] = []
    for p in positions:
        row = PositionRow(
            user_id=p.user_id,
            name=_name(p.user),
            username=p.user.get_username(),
            role=_label(Role, p.role),
            title=p.title,
            duties=[_label(Duty, d) for d in sorted(p.duty_set)],
            area=p.area,
            active=p.user.is_active,
        )
        rows.append(row)
        nodes[p.unit_id or 0].positions.append(row)
    _add_cover(rows)
    top: list[UnitNode] = []
    for u in units:
        parent = nodes.get(u.parent_id) if u.parent_id is not None else None
        (parent.children if parent is not None else top).append(nodes[u.pk])
    return top


def _add_cover(rows: list[PositionRow]) -> None:
    """Who acts for each person now or later (holiday cover): while it lasts the deputy
    holds the person's positions."""
    now = timezone.now()
    covers = (
        Deputy.objects.filter(for_user_id__in={r.user_id for r in rows}, ends_at__gt=now)
        .select_related("user", "user__staff")
        .order_by("starts_at")
    )
    by_user: dict[int, list[Cover]] = {}
    for d in covers:
        by_user.setdefault(d.for_user_id, []).append(Cover(_name(d.user), d.starts_at, d.ends_at, d.starts_at <= now))
    for row in rows:
        row.covered_by = by_user.get(row.user_id, [])


def tree_view(request: HttpRequest, site: admin.AdminSite, object_id: str) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=object_id).first() if object_id.isdigit() else None
    if organisation is None:
        raise Http404
    context = {
        **site.each_context(request),
        "title": _("%(organisation)s: units and people") % {"organisation": organisation.name},
        "organisation": organisation,
        "tree": organisation_tree(organisation),
        "opts": Organisation._meta,
    }
    return TemplateResponse(request, "admin/org/organisation/tree.html", context)
