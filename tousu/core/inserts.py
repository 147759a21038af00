"""INSERT statements built once per model, for the registration hot path.

Django compiles an INSERT anew for every save() and bulk_create(); for the 60-column case
row plus its events and clocks that was about two fifths of a registration's CPU in the
intake benchmark (bench/). The statement only depends on the model and the number of
rows, so it is built once and only the values are prepared per call, with the fields' own
`pre_save` and `get_db_prep_save` (auto_now_add, JSON, time zones work as in save()).
Like bulk_create, this sends no model signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, models


@cache
def _fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The columns an INSERT names: all but a database-generated (auto) primary key."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField))
    )


@cache
def _statement(model: type[models.Model], rows: int, vendor: str, returning: bool) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = _fields(model)
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Names from the model's own metadata, values as parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)}"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql


def insert(objs: Sequence[models.Model], *, returning: bool = False) -> None:
    """Insert new rows of one model; with `returning`, set their primary keys (one row only:
    the order of several RETURNING rows is not guaranteed on SQLite)."""
    if not objs:
        return
    if returning and len(objs) != 1:
        raise ValueError("RETURNING is only reliable for one row")
    # The wrapper itself, not the `connection` proxy: the proxy's per-attribute look-up
    # through a thread-local was a tenth of this function's time.
    connection = connections[DEFAULT_DB_ALIAS]
    model = type(objs[0])
    fields = _fields(model)
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for obj in objs for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, len(objs), connection.vendor, returning), params)
        if returning:
            (objs[0].pk,) = cursor.fetchone()
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
