"""Keeping the index row of a case up to date, and rebuilding the whole index.

The rows are written inside the transaction of `register` (`new_case_written`) and
`perform` (`case_written`), so the index never disagrees with a committed case (a
rolled-back action rolls its index row back too). For a new case the segmentation and
the suggestions are computed before that transaction (`prepare_new_case`): on SQLite the
registration holds the database's write lock from its first statement, so only the
INSERTs belong inside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from tousu.cases.models import Complaint, Event
from tousu.core import inserts
from tousu.search.document import build_entry, event_texts
from tousu.search.models import SearchEntry, SuggestionRecord
from tousu.search.suggest.record import new_record, record_choice


@dataclass
class NewCase:
    entry: SearchEntry
    suggestion: SuggestionRecord


def prepare_new_case(complaint: Complaint, events: Sequence[Event]) -> NewCase:
    """The index row and the suggestion record of a case not yet saved."""
    texts = [text for event in events for text in event_texts(event.note, event.data)]
    return NewCase(build_entry(complaint, texts), new_record(complaint))


def new_case_written(prepared: NewCase, complaint: Complaint) -> None:
    """Called by `register` inside its transaction, once the case has its primary key."""
    prepared.entry.complaint_id = complaint.pk
    prepared.suggestion.complaint_id = complaint.pk
    inserts.insert([prepared.entry])
    inserts.insert([prepared.suggestion])


def case_written(complaint: Complaint, action: str) -> None:
    """Called by `perform` inside the transaction of every later action."""
    build_entry(complaint).save()
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
