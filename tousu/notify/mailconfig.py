"""E-mail settings from the environment: TOUSU_SMTP_URL or Django's own EMAIL_* variables.

    TOUSU_SMTP_URL=smtp://user:password@mail.example.org:587?starttls   (or ?ssl, port 465)

Imported by settings.py, so nothing here touches Django's app registry.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tousu.env import SettingError, env_bool, env_int, env_str


def email_settings() -> dict[str, Any]:
    url = os.environ.get("TOUSU_SMTP_URL", "").strip()
    if not url:
        return {
            "EMAIL_BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": env_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
            "EMAIL_TIMEOUT": env_int("EMAIL_TIMEOUT", 20),
        }
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise SettingError(f"TOUSU_SMTP_URL={url!r} is not an smtp:// or smtps:// URL with a host")
    options = parse_qs(parts.query, keep_blank_values=True)
    ssl = parts.scheme == "smtps" or "ssl" in options
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": "starttls" in options or "tls" in options,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": env_int("EMAIL_TIMEOUT", 20),
    }
