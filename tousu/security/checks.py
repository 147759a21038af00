"""Deployment checks Django's own `check --deploy` does not make."""

from __future__ import annotations

import os
from typing import Any

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_set(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if not os.environ.get("TOUSU_SECRET_KEY"):
        return [
            Warning(
                "TOUSU_SECRET_KEY is not set: the built-in development key is in use.",
                hint="Set TOUSU_SECRET_KEY to a long random value (docs/deployment.md).",
                id="tousu.W001",
            )
        ]
    return []
