"""Tracking numbers (prefix + date + sequence) and verification codes for the public."""

import datetime as dt
import secrets

from django.db import connection


def give_tracking_number(complaint_id: int, prefix: str, day: dt.date) -> str:
    """Number a just-inserted case: unique under concurrent intake on both databases.

    One atomic upsert per number, inside the intake transaction, so a rolled-back
    registration also returns its sequence number. On PostgreSQL the counter row stays
    locked until COMMIT and serialises the day's intakes: call this last.
    """
    key = f"{prefix}{day:%Y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_counter (key, value) VALUES (%s, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = cases_counter.value + 1 RETURNING value",
            [key],
        )
        (value,) = cursor.fetchone()
        number = f"{key}-{value:04d}"
        cursor.execute("UPDATE cases_complaint SET number = %s WHERE id = %s", [number, complaint_id])
    return number


def provisional_number() -> str:
    """A unique placeholder until give_tracking_number replaces it in the same transaction."""
    return "~" + secrets.token_hex(15)


def new_verification_code() -> str:
    """Six digits, easy to read out on the phone; public look-ups need number and code."""
    return f"{secrets.randbelow(10**6):06d}"
