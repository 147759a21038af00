"""Fixed-window rate limits on a counter every worker process shares.

With REDIS_URL set the counter is a Redis key (INCR + EXPIRE); otherwise one row per
window in the database, incremented by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE
… RETURNING`, the same on SQLite and PostgreSQL), so two processes never both pass the
last slot.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from tousu.security.models import RateCounter


@dataclass(frozen=True)
class Limited:
    """The limit is reached; the client may try again after `retry_after` seconds."""

    retry_after: int


def _key(scope: str, ident: str, window: int, now: float) -> tuple[str, int]:
    bucket = int(now // window)
    # Hashed: phone numbers and addresses are not stored in the clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{ident}".encode()).hexdigest()[:40]
    return f"{scope}:{digest}:{window}:{bucket}", (bucket + 1) * window


@cache
def _redis() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


_TABLE = RateCounter._meta.db_table
# The table name comes from the model's metadata; the values are parameters.
_UPSERT = (
    f'INSERT INTO {_TABLE} ("key", "count", "expires") VALUES (%s, 1, %s)'  # noqa: S608
    f' ON CONFLICT ("key") DO UPDATE SET "count" = {_TABLE}."count" + 1 RETURNING "count"'
)


def _increment(key: str, expires: int) -> int:
    if settings.REDIS_URL:
        pipe = _redis().pipeline()
        pipe.incr(key)
        pipe.expireat(key, expires)
        return int(pipe.execute()[0])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, expires])
        (count,) = cursor.fetchone()
        if random.random() < 0.01:  # noqa: S311  (pruning now and then is enough)
            RateCounter.objects.filter(expires__lt=int(time.time())).delete()
    return int(count)


def _read(key: str) -> int:
    if settings.REDIS_URL:
        return int(_redis().get(key) or 0)
    return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


def hit(scope: str, ident: str, *, limit: int, window: int) -> Limited | None:
    """Count one request; Limited once more than `limit` fell in the current window."""
    now = time.time()
    key, ends = _key(scope, ident, window, now)
    if _increment(key, ends) > limit:
        return Limited(max(1, math.ceil(ends - now)))
    return None


def check(scope: str, ident: str, *, limit: int, window: int) -> Limited | None:
    """Limited if `limit` requests already fell in this window; counts nothing."""
    now = time.time()
    key, ends = _key(scope, ident, window, now)
    if _read(key) >= limit:
        return Limited(max(1, math.ceil(ends - now)))
    return None


def count(scope: str, ident: str, *, window: int) -> None:
    """Count one event (e.g. a failed login) without answering."""
    key, ends = _key(scope, ident, window, time.time())
    _increment(key, ends)


def client_address(request: Any) -> str:
    """The client's address; behind a trusted proxy, the last hop it appended."""
    if settings.TOUSU_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
