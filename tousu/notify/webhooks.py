"""Outgoing webhooks: case events POSTed as JSON to an administrator's endpoints, signed
with HMAC-SHA256, retried with backoff, every attempt in the delivery log.

Receivers check `X-Tousu-Signature: sha256=<hex>` = HMAC(secret, "<timestamp>.<body>")
with the `X-Tousu-Timestamp` header, and deduplicate by `X-Tousu-Delivery` (stable across
retries). No personal data of the complainant is sent (P2.11): the receiver is outside
the organisation, so the payload has no complainant field, and the complainant's name,
phones, e-mail, ID number and address (masked forms too) are cut out of the event's texts
(a reply's words, a reason), whether or not the reporter asked for confidentiality.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import requests
from django.db.models import F
from django.utils import timezone

from tousu.cases import personal
from tousu.cases.models import Complaint
from tousu.notify.models import DeliveryState, OutboxEvent, WebhookDelivery, WebhookEndpoint

TIMEOUT = 10.0


def endpoints_for(action: str, policy: str) -> list[WebhookEndpoint]:
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if (not endpoint.actions or action in endpoint.actions)
        and (not endpoint.policies or policy in endpoint.policies)
    ]


def _without_complainant(value: Any, cut: Any) -> Any:
    """The event's data with the complainant's fields left out and their identity cut out
    of every text, at any depth."""
    if isinstance(value, str):
        return cut(value)
    if isinstance(value, list):
        return [_without_complainant(item, cut) for item in value]
    if isinstance(value, dict):
        return {k: _without_complainant(v, cut) for k, v in value.items() if k not in personal.FIELDS}
    return value


def payload_for(event: OutboxEvent, complaint: Complaint) -> dict[str, Any]:
    cut = personal.cutter(personal.identity(complaint))
    return {
        "event": event.action,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "data": _without_complainant(event.data or {}, cut),
        "case": {
            "number": complaint.number,
            "organisation": complaint.organisation.code if complaint.organisation else None,
            "office": complaint.home.code if complaint.home else None,
            "policy": complaint.policy_name,
            "state": complaint.state,
            "kind": complaint.kind,
            "channel": complaint.channel,
            "category": complaint.category,
            "severity": complaint.severity,
            "department": complaint.department.code if complaint.department else None,
            "escalation_level": complaint.escalation_level,
            "next_due_at": complaint.next_due_at.isoformat() if complaint.next_due_at else None,
        },
    }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookFailed(RuntimeError):
    pass


def call(call_id: int) -> None:
    """One attempt at one webhook delivery; raises (so the job retries) unless a 2xx."""
    row = WebhookDelivery.objects.select_related("endpoint").get(pk=call_id)
    if row.state == DeliveryState.SENT:
        return
    body = json.dumps(row.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tousu-Webhooks/1",
        "X-Tousu-Event": str(row.payload.get("event", "")),
        "X-Tousu-Delivery": row.key,
        "X-Tousu-Timestamp": timestamp,
        "X-Tousu-Signature": sign(row.endpoint.secret, timestamp, body),
    }
    started = time.monotonic()
    status, text, error = None, "", ""
    try:
        response = requests.post(row.endpoint.url, data=body, headers=headers, timeout=TIMEOUT)
        status, text = response.status_code, response.text[:2000]
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"[:2000]
    elapsed = int((time.monotonic() - started) * 1000)
    fields: dict[str, Any] = {
        "attempts": F("attempts") + 1,
        "response_status": status,
        "response_body": text,
        "duration_ms": elapsed,
        "last_error": error,
    }
    if not error:
        fields.update(state=DeliveryState.SENT, delivered_at=timezone.now())
    WebhookDelivery.objects.filter(pk=row.pk).update(**fields)
    if error:
        raise WebhookFailed(f"{row.endpoint.url}: {error}")


def give_up(call_id: int) -> None:
    WebhookDelivery.objects.filter(pk=call_id, state=DeliveryState.PENDING).update(state=DeliveryState.FAILED)
