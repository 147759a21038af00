"""`tousu notify templates [--reset] | outbox`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tousu.notify.models import Delivery, DeliveryState, OutboxEvent
from tousu.notify.templates import seed_templates


class Command(BaseCommand):
    help = "Notification templates and the state of the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        templates = sub.add_parser("templates", help="copy the template files into the database")
        templates.add_argument("--reset", action="store_true", help="overwrite templates edited in the admin")
        sub.add_parser("outbox", help="events waiting and deliveries by state")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "templates":
            written = seed_templates(reset=options["reset"])
            self.stdout.write(f"{written} templates written")
            return
        waiting = OutboxEvent.objects.filter(expanded_at=None).count()
        self.stdout.write(f"outbox events waiting: {waiting}")
        for state in DeliveryState:
            self.stdout.write(f"deliveries {state.value}: {Delivery.objects.filter(state=state).count()}")
