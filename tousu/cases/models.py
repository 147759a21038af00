"""A complaint case, its timeline and its deadline clocks.

Rows are written only through tousu.cases.actions / tousu.cases.intake: nothing here
changes state in save(), and timeline events are never edited or deleted.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases import vocab


class Complaint(models.Model):
    number = models.CharField(_("tracking number"), max_length=32, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=12)
    policy_version = models.ForeignKey("policies.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    policy_name = models.CharField(_("policy"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=vocab.Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=vocab.Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=vocab.State.choices)
    is_open = models.BooleanField(_("open"), default=True)
    # Optimistic lock: every action runs UPDATE ... WHERE version = <read version>,
    # because select_for_update() does nothing on SQLite.
    version = models.PositiveIntegerField(default=1)

    received_at = models.DateTimeField(_("received at"))
    # The composite worklist indexes below start with these three columns, so they need
    # no single-column index of their own (one more index to write, and SQLite would pick it).
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )  # 首问负责人, stays accountable (P4.4.4)
    # Where the case belongs (docs/access.md): its organisation; its home, the unit whose
    # procedure it follows (an office running P4), within which routing resolves the
    # policy's departments; the unit that received it. The handling unit is `department`.
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    home = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    received_in = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    # The building or region the case is about, matched against positions' areas (P5.2).
    area = models.CharField(_("area"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # The complainant (P5.1); anonymous allowed, confidential reporters protected (P2.11).
    complainant_name = models.CharField(_("name"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=32, blank=True)
    complainant_alt_phone = models.CharField(_("other phone"), max_length=32, blank=True)
    complainant_unit = models.CharField(_("unit number"), max_length=100, blank=True)
    complainant_address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    complainant_email = models.EmailField(_("e-mail"), blank=True)
    complainant_id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    reply_channel = models.CharField(_("preferred reply channel"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("confidential reporter"), default=False)

    # The party complained about (P2.2-P2.3 equipment type and lifecycle stage).
    subject_org = models.CharField(_("organisation complained about"), max_length=200, blank=True)
    subject_department = models.CharField(_("department complained about"), max_length=200, blank=True)
    subject_person = models.CharField(_("person complained about"), max_length=100, blank=True)
    # The party reported, from the directory (P2.11): a confidential case never goes to them.
    reported_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    reported_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    equipment_type = models.CharField(_("equipment type"), max_length=32, blank=True)
    equipment_stage = models.CharField(_("equipment lifecycle stage"), max_length=32, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=20, blank=True, choices=vocab.Region.choices)

    category = models.CharField(_("category"), max_length=64, blank=True)
    content = models.TextField(_("content"))
    request = models.TextField(_("what the complainant asks for"), blank=True)

    # Classification and screening.
    urgent = models.BooleanField(_("same-day urgent"), default=False)  # P4.7.1
    severity = models.CharField(_("severity"), max_length=16, choices=vocab.Severity.choices, default="general")
    scope = models.CharField(_("scope"), max_length=16, blank=True, choices=vocab.Scope.choices)
    referral_target = models.CharField(_("referred to"), max_length=200, blank=True)
    validity = models.CharField(_("validity"), max_length=16, blank=True, choices=vocab.Validity.choices)
    quality = models.CharField(_("quality"), max_length=16, blank=True, choices=vocab.Quality.choices)
    complaint_type = models.CharField(
        _("complaint type"), max_length=20, blank=True, choices=vocab.ComplaintType.choices
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=20, blank=True, choices=vocab.Responsibility.choices
    )
    responsibility_norm = models.CharField(_("norm or procedure broken"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True, choices=vocab.Outcome.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, blank=True, choices=vocab.Satisfaction.choices)
    handling_plan = models.TextField(_("handling plan"), blank=True)
    improvement_plan = models.TextField(_("improvement plan"), blank=True)
    improvement_due = models.DateField(_("improvement target date"), null=True, blank=True)
    escalation_level = models.CharField(
        _("escalated to"), max_length=20, blank=True, choices=vocab.EscalationLevel.choices
    )
    signed_off = models.BooleanField(_("signed off"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    department = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    # Earliest due time of the running clocks, kept by the clock engine in the same
    # transaction as the event, so worklists and overdue lists are one index range scan.
    next_due_at = models.DateTimeField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            # Worklists: a department's / a person's open cases by nearest due time.
            models.Index(fields=["department", "is_open", "next_due_at"], name="complaint_dept_due"),
            models.Index(fields=["assignee", "is_open", "next_due_at"], name="complaint_assignee_due"),
            models.Index(fields=["received_by", "is_open", "next_due_at"], name="complaint_receiver_due"),
            # An office's cases (its customer-service desk, P4.5.2; its manager).
            models.Index(fields=["home", "is_open", "next_due_at"], name="complaint_home_due"),
            # Overdue and due-soon across all cases.
            models.Index(fields=["is_open", "next_due_at"], name="complaint_open_due"),
            models.Index(fields=["received_at", "id"], name="complaint_received"),
            models.Index(fields=["complainant_phone"], name="complaint_phone"),
            models.Index(fields=["state", "received_at"], name="complaint_state"),
            models.Index(fields=["policy_name", "received_at"], name="complaint_policy"),
        ]

    def __str__(self) -> str:
        return self.number


class Event(models.Model):
    """One line of a case's timeline. Stable codes and data, never translated text."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()  # the case version this event produced
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_kind = models.CharField(max_length=16, default="staff")  # staff / complainant / system
    at = models.DateTimeField()
    state_before = models.CharField(max_length=20, blank=True)
    state_after = models.CharField(max_length=20)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=False)  # the complainant may see it
    # sha256 over the previous event's hash of this case and this event's content
    # (tousu.cases.chain): `tousu audit verify` recomputes it.
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("timeline event")
        constraints = [models.UniqueConstraint(fields=["complaint", "seq"], name="event_seq_unique")]
        # The reports read a period's callbacks and extensions (tousu.reports.followup):
        # by case and action, without reading the register/assign/… rows between them.
        indexes = [models.Index(fields=["complaint", "action"], name="event_case_action")]
        ordering = ["complaint", "seq"]


class Clock(models.Model):
    """One cycle of a named deadline clock of a case's policy (P2.9, P3.e, P4.6-P4.9)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clocks")
    name = models.CharField(max_length=64)
    cycle = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=16, choices=vocab.ClockState.choices)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=16)
    # True when the due time was computed on weekdays only because the year has no
    # official holiday calendar loaded: shown, never silently wrong.
    estimated = models.BooleanField(default=False)
    extensions = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("deadline clock")
        indexes = [
            models.Index(fields=["state", "due_at"], name="clock_state_due"),
            # Covering the monthly statistics' pass over a period's clocks
            # (tousu.reports.timeliness): answered from the index without the table rows.
            models.Index(
                fields=["complaint", "name", "cycle", "state", "due_at", "started_at", "met_at"],
                name="clock_report_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "name", "cycle"], name="clock_cycle_unique"),
        ]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"attachments/{instance.complaint_id}/{instance.token}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    generated = models.BooleanField(default=False)  # e.g. the written reply letter (P5.4)
    # A restricted document (a letter to a confidential reporter, a file staff marked
    # confidential) is listed and served only to the need-to-know list (P2.11).
    restricted = models.BooleanField(_("confidential"), default=False)

    class Meta:
        verbose_name = _("attachment")


class Counter(models.Model):
    """Per-prefix, per-day sequence for tracking numbers."""

    key = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveIntegerField(default=0)


class IdempotencyKey(models.Model):
    """The first answer to a create request, replayed for the same Idempotency-Key."""

    key = models.CharField(max_length=200)
    owner = models.CharField(max_length=64)  # user id, or "public:<addr>"
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_unique")]


class Handoff(models.Model):
    """A case handed to another organisation by a hand-off its policy names (P2.4): the
    receiving organisation works on its own copy, which holds only what the hand-off
    copies; its result comes back onto the origin's timeline."""

    origin = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="handoffs_out")
    copy = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="handoff_in")
    code = models.CharField(max_length=64)
    to_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("hand-off")
