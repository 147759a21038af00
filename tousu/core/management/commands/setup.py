from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tousu.policies.loader import load_presets
from tousu.workcal.store import seed_from_package


class Command(BaseCommand):
    help = "Migrate the database, seed the working-day calendar and load the five policy presets."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database migrated")
        call_command("collectstatic", interactive=False, verbosity=0)
        years = seed_from_package()
        if years:
            self.stdout.write(f"calendar seeded: {years[0]}–{years[-1]}")
        for version, created in load_presets():
            state = "loaded" if created else "unchanged"
            self.stdout.write(f"policy {version.policy.name} v{version.number}: {state}")
        from tousu.notify.templates import seed_templates

        self.stdout.write(f"notification templates: {seed_templates()} added")
