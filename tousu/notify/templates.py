"""Notification templates: seeded from seed/templates.yaml, edited in the admin, rendered
as plain text (no HTML escaping) with Django's template language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.template import Context, Engine

from tousu.notify.models import Template

SEED = Path(__file__).parent / "seed" / "templates.yaml"


@cache
def seed_data() -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    with SEED.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_templates(*, reset: bool = False) -> int:
    """Copy the file's templates into the database; existing (edited) ones are kept
    unless `reset`. Returns how many rows were written."""
    written = 0
    for kind, channels in seed_data().items():
        for channel, languages in channels.items():
            for language, text in languages.items():
                values = {"subject": text.get("subject", ""), "body": text["body"]}
                if reset:
                    Template.objects.update_or_create(kind=kind, channel=channel, language=language, defaults=values)
                    written += 1
                else:
                    _, created = Template.objects.get_or_create(
                        kind=kind, channel=channel, language=language, defaults=values
                    )
                    written += created
    return written


def has_template(kind: str, channel: str) -> bool:
    return channel in seed_data().get(kind, {}) or Template.objects.filter(kind=kind, channel=channel).exists()


def find(kind: str, channel: str, language: str) -> Template | None:
    for lang in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        row = Template.objects.filter(kind=kind, channel=channel, language=lang).first()
        if row is not None:
            return row
        seeded = seed_data().get(kind, {}).get(channel, {}).get(lang)
        if seeded is not None:
            row, _ = Template.objects.get_or_create(
                kind=kind,
                channel=channel,
                language=lang,
                defaults={"subject": seeded.get("subject", ""), "body": seeded["body"]},
            )
            return row
    return None


_engine = Engine(autoescape=False)


def render_text(source: str, context: dict[str, Any]) -> str:
    # Browsers send textarea edits with CRLF line ends; messages use plain newlines.
    source = source.replace("\r\n", "\n")
    return _engine.from_string(source).render(Context(context, autoescape=False)).strip()


def render(kind: str, channel: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of the kind's template for the channel, in the language (falling
    back to the default language)."""
    template = find(kind, channel, language)
    if template is None:
        raise LookupError(f"no {channel} template for {kind}")
    return render_text(template.subject, context), render_text(template.body, context)
