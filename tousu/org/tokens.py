"""Who an API token belongs to, checked against the database on every request.

No cache, so a revoked token, a disabled user or a changed position takes
effect on the next request. The look-up is one hand-written statement instead of an ORM
query: compiling the `select_related` query cost about a fifth of a registration's CPU,
measured by the intake benchmark (bench/), and the statement never changes. It reads the
user's own positions too (a row each), so the scope of the request needs no statement of
its own, unless the user covers for a colleague now (tousu.org.positions reads those).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from tousu.org import positions
from tousu.org.models import ApiToken, Deputy, Position, Staff, hash_token

BOOLEAN_COLUMNS = {"is_active", "is_staff", "is_superuser"}
SCOPES = ("read", "write", "reports")


def _columns(model: type[Model], wanted: set[str]) -> tuple[str, ...]:
    # In the model's field order, which Model.from_db() expects for a partial row.
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname in wanted)


# Only columns that need no conversion from the database's types; the user's other
# fields are deferred and load on first access, as with QuerySet.only().
USER_COLUMNS = _columns(User, {"id", "username"} | BOOLEAN_COLUMNS)
STAFF_COLUMNS = _columns(Staff, {"id", "user_id", "display_name", "phone"})

# Table and column names from the models' metadata; the times and the token digest are
# parameters.
SQL = (  # noqa: S608
    "SELECT t.scopes, {user_columns}, {staff_columns}, {position_columns},"
    " EXISTS (SELECT 1 FROM {deputy} d WHERE d.user_id = u.id AND d.starts_at <= %s AND d.ends_at > %s)"
    " FROM {user} u"
    " JOIN {token} t ON t.user_id = u.id"
    " LEFT JOIN {staff} s ON s.user_id = u.id"
    " LEFT JOIN {position} p ON p.user_id = u.id"
    " WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
).format(
    user_columns=", ".join(f"u.{column}" for column in USER_COLUMNS),
    staff_columns=", ".join(f"s.{column}" for column in STAFF_COLUMNS),
    position_columns=", ".join(f"p.{column}" for column in positions.POSITION_COLUMNS),
    user=User._meta.db_table,
    token=ApiToken._meta.db_table,
    staff=Staff._meta.db_table,
    position=Position._meta.db_table,
    deputy=Deputy._meta.db_table,
)
_STAFF = slice(1 + len(USER_COLUMNS), 1 + len(USER_COLUMNS) + len(STAFF_COLUMNS))
_POSITION = slice(_STAFF.stop, _STAFF.stop + len(positions.POSITION_COLUMNS))


def user_for_token(raw: str) -> User | None:
    """The active user holding this unrevoked token, with their staff record attached
    and, unless they cover for someone now, their positions for the request."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(SQL, [now, now, hash_token(raw)])
        rows = cursor.fetchall()
    if not rows:
        return None
    row = rows[0]
    scopes = frozenset(str(row[0]).split(","))
    user_values = [
        bool(value) if column in BOOLEAN_COLUMNS else value
        for column, value in zip(USER_COLUMNS, row[1 : _STAFF.start], strict=True)
    ]
    user = User.from_db(connection.alias, list(USER_COLUMNS), user_values)
    staff_values = list(row[_STAFF])
    if staff_values[0] is not None:
        staff = Staff.from_db(connection.alias, list(STAFF_COLUMNS), staff_values)
        # Both sides of the one-to-one, as select_related would set them.
        user._state.fields_cache["staff"] = staff
        staff._state.fields_cache["user"] = user
    user.token_scopes = scopes  # type: ignore[attr-defined]
    covers = bool(row[-1])
    if not covers:
        positions.remember(user, [r[_POSITION] for r in rows if r[_POSITION.start] is not None])
    return user


def scope_needed(method: str, path: str) -> str:
    """The scope a request needs: reports for the reports endpoints, read for reading,
    write for every change."""
    if "/reports/" in path or path.rstrip("/").endswith("/reports"):
        return "reports"
    return "read" if method in ("GET", "HEAD", "OPTIONS") else "write"
