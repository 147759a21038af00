"""SMS through a provider interface: a generic HTTP gateway, or a file/console for the
embedded default (TOUSU_SMS_BACKEND = http | file)."""

from __future__ import annotations

import json
import sys
import threading
from typing import Protocol

import requests
from django.conf import settings
from django.utils import timezone


class SmsError(RuntimeError):
    pass


class SmsProvider(Protocol):
    def send(self, phone: str, text: str, *, reference: str) -> str:
        """Send one message; return the provider's id for it. Raise SmsError on failure."""
        ...


class FileSms:
    """Appends one JSON line per message to a file ("-": standard output). For the
    embedded default and for development: nothing leaves the machine."""

    _lock = threading.Lock()

    def __init__(self, path: str) -> None:
        self.path = path

    def send(self, phone: str, text: str, *, reference: str) -> str:
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": phone, "text": text, "reference": reference}, ensure_ascii=False
        )
        with self._lock:
            if self.path == "-":
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            else:
                with open(self.path, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
        return reference


class HttpSms:
    """A generic HTTP SMS gateway: POST {to, text, sender, reference} as JSON with a
    bearer token; any 2xx is accepted and its JSON `id` (if any) kept. The `reference`
    is stable across retries, so a gateway that deduplicates by it sends once."""

    def __init__(self, url: str, token: str, sender: str, timeout: float = 10.0) -> None:
        if not url:
            raise SmsError("TOUSU_SMS_URL is not set")
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def send(self, phone: str, text: str, *, reference: str) -> str:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body = {"to": phone, "text": text, "sender": self.sender, "reference": reference}
        try:
            response = requests.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            raise SmsError(f"SMS gateway unreachable: {error}") from error
        if not 200 <= response.status_code < 300:
            raise SmsError(f"SMS gateway answered {response.status_code}: {response.text[:300]}")
        try:
            return str(response.json().get("id", reference))
        except ValueError:
            return reference


def provider() -> SmsProvider:
    backend = settings.TOUSU_SMS_BACKEND
    if backend == "http":
        return HttpSms(settings.TOUSU_SMS_URL, settings.TOUSU_SMS_TOKEN, settings.TOUSU_SMS_SENDER)
    if backend == "file":
        return FileSms(settings.TOUSU_SMS_FILE)
    raise SmsError(f"TOUSU_SMS_BACKEND={backend!r}: use http or file")
