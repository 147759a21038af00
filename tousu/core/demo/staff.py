"""The demo organisations and their people: `organisations.yaml` imported through
`tousu org import` (tousu.org.importer), so the demo is set up exactly as an
organisation sets itself up. Existing accounts keep their passwords."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from tousu.core.demo.people import DEMO_PASSWORD, ORGANISATIONS_FILE
from tousu.org import importer
from tousu.org.models import Organisation, Unit


@dataclass(frozen=True)
class Login:
    organisation: str  # the organisation's name; "" for the installation's administrator
    unit: str  # the unit's name
    title: str
    username: str
    name: str
    role: str
    created: bool  # False: the account existed before and kept its password


def ensure_staff() -> list[Login]:
    """Import the demo organisations (adopting the units the presets created); the
    logins in the order of the file, grouped by organisation."""
    doc = importer.read(ORGANISATIONS_FILE)
    # The first import prunes: the presets' placeholder organisations go. Later runs only
    # add and update, so people added to the demo organisations since keep their places.
    first = not Organisation.objects.filter(code__in=[o.code for o in doc.organisations]).exists()
    # One hash for the one demo password: hashing it per account would take ~0.3 s each.
    outcome = importer.apply(doc, prune=first, password_hash=make_password(DEMO_PASSWORD))
    return logins(doc, set(outcome.new_users))


def demo_logins() -> list[Login]:
    """The demo logins that exist, as they were created (for `tousu demo --if-empty`)."""
    doc = importer.read(ORGANISATIONS_FILE)
    existing = set(
        User.objects.filter(username__in=[p.username for p in doc.people]).values_list("username", flat=True)
    )
    doc.people = [p for p in doc.people if p.username in existing]
    return logins(doc, existing)


def logins(doc: importer.Document, created: set[str]) -> list[Login]:
    units = {u.code: u for u in Unit.objects.select_related("organisation")}
    order = {org.code: i for i, org in enumerate(doc.organisations)}
    found: list[tuple[int, Login]] = []
    for person in doc.people:
        position = person.positions[0]
        unit = units.get(position.unit or "")
        login = Login(
            organisation=unit.organisation.name if unit is not None else "",
            unit=unit.name if unit is not None else "",
            title=position.title,
            username=person.username,
            name=person.name or person.username,
            role=position.role,
            created=person.username in created,
        )
        found.append((order.get(unit.organisation.code, -1) if unit is not None else -1, login))
    return [login for _, login in sorted(found, key=lambda pair: pair[0])]
