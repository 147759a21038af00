"""Sending one delivery: e-mail through Django's mail machinery, SMS through the
provider, in-app as a row the bell reads. Called by the `notify.deliver` job, which
retries with backoff while the server is away; a delivery already sent is never sent
again (its state is checked first and set in the same transaction as the in-app row)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tousu.cases.models import Complaint
from tousu.jobs.registry import Defer
from tousu.notify import context, sms, templates
from tousu.notify.models import Channel, Delivery, DeliveryState, InAppNotification
from tousu.notify.quiet import quiet_until
from tousu.policies.registry import spec_of_version


def _rendered(delivery: Delivery) -> Delivery:
    """Render once, at the first attempt: every retry sends the same words."""
    if delivery.body:
        return delivery
    complaint = Complaint.objects.select_related("department", "assignee__staff").get(pk=delivery.complaint_id)
    spec = spec_of_version(complaint.policy_version_id)
    values = context.build(delivery.event, complaint, spec, language=delivery.language, recipient=delivery.user)
    subject, body = templates.render(delivery.kind, delivery.channel, delivery.language, values)
    Delivery.objects.filter(pk=delivery.pk).update(subject=subject[:300], body=body)
    delivery.subject, delivery.body = subject[:300], body
    return delivery


def message_id(delivery: Delivery) -> str:
    # Stable across retries: a receiving server or client can tell a repeat.
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "tousu"
    return f"<tousu.{delivery.complaint.number}.{delivery.pk}@{domain}>"


def deliver(delivery_id: int) -> None:
    delivery = Delivery.objects.select_related("event", "complaint", "user").get(pk=delivery_id)
    if delivery.state != DeliveryState.PENDING:
        return
    if delivery.channel == Channel.SMS and delivery.user_id is None:
        held = quiet_until()
        if held is not None:
            raise Defer(held)
    delivery = _rendered(delivery)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    if delivery.channel == Channel.INAPP:
        with transaction.atomic():
            InAppNotification.objects.get_or_create(
                delivery=delivery,
                defaults={
                    "user_id": delivery.user_id,
                    "complaint_id": delivery.complaint_id,
                    "kind": delivery.kind,
                    "title": delivery.subject,
                    "body": delivery.body,
                    "created_at": delivery.event.at,
                },
            )
            _mark_sent(delivery)
        return
    try:
        if delivery.channel == Channel.EMAIL:
            mail = EmailMessage(
                subject=delivery.subject,
                body=delivery.body,
                to=[delivery.address],
                headers={"Message-ID": message_id(delivery), "X-Tousu-Case": delivery.complaint.number},
            )
            mail.send(fail_silently=False)
        else:
            sms.provider().send(delivery.address, delivery.body, reference=delivery.key)
    except Exception as error:
        Delivery.objects.filter(pk=delivery.pk).update(last_error=f"{type(error).__name__}: {error}"[:2000])
        raise
    _mark_sent(delivery)


def _mark_sent(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), last_error=""
    )


def give_up(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).update(state=DeliveryState.FAILED)
