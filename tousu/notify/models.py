"""The notification outbox, its deliveries, in-app notifications, templates, preferences
and outgoing webhooks.

An `OutboxEvent` is written in the same transaction as the case change that causes it
(tousu.notify.outbox.record, called by the one write path), so a notification exists if
and only if the change committed. The runner expands each event into `Delivery` rows (one
per recipient and channel, with a unique key so nothing goes out twice) and one job per
delivery, retried with backoff until the server takes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; one template per kind, channel and language."""

    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the complainant")
    ASSIGNMENT = "assignment", _("Case assigned")
    DUE_SOON = "due_soon", _("Deadline due soon")
    BREACHED = "breached", _("Deadline breached")
    ESCALATION = "escalation", _("Case escalated")
    MAJOR_CASE = "major_case", _("Major case")  # P3.h1, P4.5.3
    RESULT = "result", _("Result to the complainant")  # P5.4
    CALLBACK_REQUEST = "callback_request", _("Callback and satisfaction link")  # P4.9
    SUPERVISION_REPORT = "supervision_report", _("Result reported to the supervision body")  # P2.4
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")  # P4.8
    SURVEY = "survey", _("Questionnaire to a customer")  # P3.e1 (tousu.improve.surveys)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    INAPP = "inapp", _("In-app")


class OutboxEvent(models.Model):
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    # "event:<seq>" for a timeline event, "clock:<id>:due_soon" etc. for the sweep's notices.
    key = models.CharField(max_length=100)
    action = models.CharField(max_length=32)
    seq = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    expanded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        constraints = [models.UniqueConstraint(fields=["complaint", "key"], name="outbox_event_unique")]
        # The runner's poll: events not expanded yet, oldest first.
        indexes = [models.Index(fields=["expanded_at", "id"], name="outbox_pending")]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("address"), max_length=254, blank=True)  # e-mail or phone; "" in-app
    language = models.CharField(max_length=10, default="zh-hans")
    # event + channel + recipient: the same notice never goes to the same place twice.
    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        indexes = [models.Index(fields=["state", "created_at"], name="delivery_state")]


class InAppNotification(models.Model):
    """What a staff member's bell shows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="inapp")
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("in-app notification")
        # The unread count and the bell's list: one index range per user.
        indexes = [models.Index(fields=["user", "read_at", "created_at"], name="inapp_user_unread")]


class Template(models.Model):
    """A message per kind, channel and language; seeded from files, edited in the admin.

    Django template syntax over the case's fields, e.g. {{ number }}, {{ verification_code }}."""

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject / title"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [models.UniqueConstraint(fields=["kind", "channel", "language"], name="template_unique")]
        ordering = ["kind", "channel", "language"]

    def __str__(self) -> str:
        return f"{self.kind} / {self.channel} / {self.language}"


class Preference(models.Model):
    """A staff member's choice for one kind of notice on one channel (default: see prefs.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        verbose_name = _("notification preference")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_unique")]


class QuietHours(models.Model):
    """No SMS to complainants between `start` and `end` (local time); held until `end`."""

    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("quiet hours for SMS to complainants")
        verbose_name_plural = _("quiet hours for SMS to complainants")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class WebhookEndpoint(models.Model):
    """An outside system told of case events, signed with HMAC-SHA256 of the body."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200)
    # Timeline actions to send ("register", "assign", "close" ...); empty: every action.
    actions = models.JSONField(_("actions"), default=list, blank=True)
    # Policies whose cases are sent; empty: every policy.
    policies = models.JSONField(_("policies"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100, unique=True)  # endpoint + event
    state = models.CharField(_("state"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    payload = models.JSONField(_("payload"), default=dict)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "created_at"], name="webhook_delivery_log")]
