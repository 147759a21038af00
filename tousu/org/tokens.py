"""Who an API token belongs to, checked against the database on every request.

No cache, so a revoked token, a disabled user or a changed position takes
effect on the next request. The look-up is one hand-written statement instead of an ORM
query: compiling the `select_related` query cost about a fifth of a registration's CPU,
measured by the intake benchmark (bench/), and the statement never changes.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model

from tousu.org.models import ApiToken, Staff, hash_token

BOOLEAN_COLUMNS = {"is_active", "is_staff", "is_superuser"}
SCOPES = ("read", "write", "reports")


def _columns(model: type[Model], wanted: set[str]) -> tuple[str, ...]:
    # In the model's field order, which Model.from_db() expects for a partial row.
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname in wanted)


# Only columns that need no conversion from the database's types; the user's other
# fields are deferred and load on first access, as with QuerySet.only().
USER_COLUMNS = _columns(User, {"id", "username"} | BOOLEAN_COLUMNS)
STAFF_COLUMNS = _columns(Staff, {"id", "user_id", "display_name", "phone"})

# Table and column names from the models' metadata; the token digest is a parameter.
SQL = (  # noqa: S608
    "SELECT t.scopes, {user_columns}, {staff_columns} FROM {user} u"
    " JOIN {token} t ON t.user_id = u.id"
    " LEFT JOIN {staff} s ON s.user_id = u.id"
    " WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
).format(
    user_columns=", ".join(f"u.{column}" for column in USER_COLUMNS),
    staff_columns=", ".join(f"s.{column}" for column in STAFF_COLUMNS),
    user=User._meta.db_table,
    token=ApiToken._meta.db_table,
    staff=Staff._meta.db_table,
)


def user_for_token(raw: str) -> User | None:
    """The active user holding this unrevoked token, with their staff record attached."""
    with connection.cursor() as cursor:
        cursor.execute(SQL, [hash_token(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    scopes, row = frozenset(str(row[0]).split(",")), row[1:]
    user_values = [
        bool(value) if column in BOOLEAN_COLUMNS else value
        for column, value in zip(USER_COLUMNS, row[: len(USER_COLUMNS)], strict=True)
    ]
    user = User.from_db(connection.alias, list(USER_COLUMNS), user_values)
    staff_values = list(row[len(USER_COLUMNS) :])
    if staff_values[0] is not None:
        staff = Staff.from_db(connection.alias, list(STAFF_COLUMNS), staff_values)
        # Both sides of the one-to-one, as select_related would set them.
        user._state.fields_cache["staff"] = staff
        staff._state.fields_cache["user"] = user
    user.token_scopes = scopes  # type: ignore[attr-defined]
    return user


def scope_needed(method: str, path: str) -> str:
    """The scope a request needs: reports for the reports endpoints, read for reading,
    write for every change."""
    if "/reports/" in path or path.rstrip("/").endswith("/reports"):
        return "reports"
    return "read" if method in ("GET", "HEAD", "OPTIONS") else "write"
