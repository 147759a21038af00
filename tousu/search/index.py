"""Keeping the index row of a case up to date, and rebuilding the whole index.

`case_written` is the one call tousu.cases makes: inside the transaction of `register`
and `perform`, so the index never disagrees with a committed case (a rolled-back action
rolls its index row back too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import connection, transaction

from tousu.cases.models import Complaint, Event
from tousu.search.document import build_entry, event_texts
from tousu.search.models import SearchEntry
from tousu.search.suggest.record import record_choice


def refresh(complaint: Complaint, new: bool = False) -> None:
    """Rewrite the case's index row: one INSERT for a new case, else one UPDATE."""
    build_entry(complaint).save(force_insert=new)


def case_written(complaint: Complaint, action: str) -> None:
    """Called by tousu.cases inside the transaction of every registration and action."""
    refresh(complaint, new=action == "register")
    record_choice(complaint, action)


def rebuild(batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild every case's row from the cases themselves; returns the number of cases."""
    done = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        last = 0
        while True:
            cases = list(Complaint.objects.filter(pk__gt=last).order_by("pk")[:batch])
            if not cases:
                break
            texts: dict[int, list[str]] = defaultdict(list)
            events = Event.objects.filter(complaint_id__in=[c.pk for c in cases]).order_by("complaint_id", "seq")
            for complaint_id, note, data in events.values_list("complaint_id", "note", "data"):
                texts[complaint_id].extend(event_texts(note, data))
            SearchEntry.objects.bulk_create([build_entry(c, texts[c.pk]) for c in cases])
            done += len(cases)
            last = cases[-1].pk
            if progress:
                progress(done)
        if connection.vendor == "sqlite":
            # One b-tree instead of the many segments a bulk load leaves behind.
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return done
