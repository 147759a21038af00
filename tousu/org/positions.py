"""The positions a person holds now: their own, and those of colleagues they act for
(holiday cover) while the cover lasts. Read from the database once per request and kept
on the user object, so a changed position takes effect on the next request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from tousu.cases.vocab import Role
from tousu.org.models import Deputy, Position

# Administrators and auditors manage and audit the installation; they hold no place in
# any procedure, so no people rule names them (tousu.cases.people).
NOT_CASE_WORK = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})


@dataclass(frozen=True)
class Held:
    """A position as its holder uses it now. `user_id` is the position's owner: the
    colleague when held as their deputy (`acting_for`), so "the person responsible"
    also means the colleague being covered for."""

    id: int
    user_id: int
    role: Role
    unit_id: int | None
    title: str
    duties: frozenset[str]
    area: frozenset[str]
    acting_for: int | None = None

    @property
    def works_cases(self) -> bool:
        return self.role not in NOT_CASE_WORK


CACHE_ATTRIBUTE = "_tousu_held"

# Every request reads this; compiling the ORM query (an OR over a subquery) cost 1.5 ms a
# request, the statement itself 0.07 ms (bench/). Table and column names come from the
# models' metadata; the values are parameters. Own positions, then those of colleagues
# the user acts for now.
_P, _D = Position._meta.db_table, Deputy._meta.db_table
POSITION_COLUMNS = ("id", "user_id", "role", "unit_id", "title", "duties", "area")
_COLUMNS = ", ".join(POSITION_COLUMNS)
HELD_SQL = (
    f"SELECT {_COLUMNS} FROM {_P} WHERE user_id = %s"  # noqa: S608 - names from the models' metadata
    f" UNION ALL SELECT {', '.join('p.' + c for c in _COLUMNS.split(', '))} FROM {_P} p"
    f" JOIN {_D} d ON d.for_user_id = p.user_id WHERE d.user_id = %s AND d.starts_at <= %s AND d.ends_at > %s"
)


def held_by(user: Any, now: dt.datetime | None = None) -> list[Held]:
    """The positions `user` holds now (cached on the user object for this request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None and now is None:
        return list(cached)
    at = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(HELD_SQL, [user.pk, user.pk, *[connection.ops.adapt_datetimefield_value(at)] * 2])
        held = _held(cursor.fetchall(), user.pk)
    if now is None:
        setattr(user, CACHE_ATTRIBUTE, tuple(held))
    return held


def remember(user: Any, rows: Iterable[tuple[Any, ...]]) -> None:
    """Keep the positions read with the user (rows of POSITION_COLUMNS, the user's own,
    when they act for nobody now) for this request, as `held_by` would."""
    setattr(user, CACHE_ATTRIBUTE, tuple(_held(rows, user.pk)))


def _held(rows: Iterable[tuple[Any, ...]], user_id: int) -> list[Held]:
    return [held_from_row(row, user_id) for row in sorted(rows)]


def held_from_row(row: tuple[Any, ...], user_id: int) -> Held:
    """A position read as a row of POSITION_COLUMNS, as `user_id` holds it (as deputy when
    it is a colleague's)."""
    pk, owner, role, unit, title, duties, area = row
    return Held(pk, owner, Role(role), unit, title, _split(duties), _split(area), owner if owner != user_id else None)


def held_of(position: Position) -> Held:
    """A position as its owner holds it."""
    p = position
    return Held(p.pk, p.user_id, Role(p.role), p.unit_id, p.title, p.duty_set, p.area_set)


def _split(joined: str) -> frozenset[str]:
    return frozenset(part for part in joined.split(",") if part)


def forget(user: Any) -> None:
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def roles_of(user: Any) -> frozenset[Role]:
    return frozenset(h.role for h in held_by(user))


def holds_any(user: Any, roles: Iterable[Role]) -> bool:
    wanted = set(roles)
    return any(h.role in wanted for h in held_by(user))


def units_of(user: Any, roles: Iterable[Role] | None = None) -> list[int]:
    """The units of the positions `user` holds (of these roles), in order, without repeats."""
    wanted = set(roles) if roles is not None else None
    out: list[int] = []
    for h in held_by(user):
        if h.unit_id is not None and (wanted is None or h.role in wanted) and h.unit_id not in out:
            out.append(h.unit_id)
    return out


def primary(user: Any) -> Held | None:
    """The first case-work position: the one the desk starts from (its default policy)."""
    return next((h for h in held_by(user) if h.works_cases), None)
