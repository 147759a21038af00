from typing import Any

from django.db import migrations, models


def seal_existing(apps: Any, schema_editor: Any) -> None:
    """Chain the events written before the hash existed, case by case in seq order."""
    from tousu.cases import chain

    Event = apps.get_model("cases", "Event")
    previous_case, previous = None, chain.GENESIS
    for event in Event.objects.order_by("complaint_id", "seq").iterator(chunk_size=2000):
        if event.complaint_id != previous_case:
            previous_case, previous = event.complaint_id, chain.GENESIS
        chain.seal([event], previous)
        Event.objects.filter(pk=event.pk).update(hash=event.hash)
        previous = event.hash


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_finish_report_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
