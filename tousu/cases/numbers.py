"""Tracking numbers (prefix + date + sequence) and verification codes for the public."""

import datetime as dt
import secrets

from django.db import connection


def next_tracking_number(prefix: str, day: dt.date) -> str:
    """Unique under concurrent intake on both databases: one atomic upsert per number.

    Runs inside the intake transaction, so a rolled-back registration also returns its
    sequence number; on PostgreSQL the row lock serialises concurrent intakes per day.
    """
    key = f"{prefix}{day:%Y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_counter (key, value) VALUES (%s, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = cases_counter.value + 1 RETURNING value",
            [key],
        )
        (value,) = cursor.fetchone()
    return f"{key}-{value:04d}"


def new_verification_code() -> str:
    """Six digits, easy to read out on the phone; public look-ups need number and code."""
    return f"{secrets.randbelow(10**6):06d}"
