"""What came in by e-mail: every message we took from a mailbox, kept with its raw bytes.

A row is written in the same transaction as the case it registered (or the note it added),
so a Message-ID is taken once even when two collectors run at the same time: the unique
constraint is the lock. A message that could not become a case stays here, `held`, until a
person deals with it (admin, `tousu mail failed`); nothing is dropped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailOutcome(models.TextChoices):
    REGISTERED = "registered", _("Registered as a new case")
    REPLY = "reply", _("Added to an existing case")
    HELD = "held", _("Held for a person")
    DISMISSED = "dismissed", _("Dismissed by a person")


class InboundMail(models.Model):
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    mailbox = models.CharField(_("mailbox"), max_length=64)
    policy_name = models.CharField(_("policy"), max_length=64)
    # The office whose mailbox it came to, when the policy runs in several (unit code).
    unit = models.CharField(_("office"), max_length=64, blank=True)
    uid = models.PositiveBigIntegerField(_("IMAP UID"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    sender_name = models.CharField(_("sender name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    raw = models.BinaryField(_("raw message"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=MailOutcome.choices)
    # Why it is held: a stable code (unreadable, no_sender, no_text, invalid ...) and details.
    problem = models.CharField(_("problem"), max_length=32, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    event_seq = models.PositiveIntegerField(null=True, blank=True)  # the note a reply became
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.CharField(_("handled by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        indexes = [
            # The list of held mails a person works through, oldest first.
            models.Index(fields=["outcome", "collected_at"], name="inbound_outcome"),
            models.Index(fields=["complaint"], name="inbound_complaint"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} {self.subject}"[:80]


class MailboxState(models.Model):
    """Where the last collection of a mailbox stopped: UIDs only grow while UIDVALIDITY
    stays the same (RFC 3501), so the next run asks only for newer messages."""

    name = models.CharField(max_length=64, primary_key=True)
    uidvalidity = models.PositiveBigIntegerField(default=0)
    last_uid = models.PositiveBigIntegerField(default=0)
    last_collected_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mailbox state")
