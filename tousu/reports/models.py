"""What the reports module keeps: the analysis and improvement proposals a responsible
person writes for a month (KH-07-R03, P1.5, P4.11), and the reports sent on schedule."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportNote(models.Model):
    """The editable sections of the monthly analysis and improvement report, kept with the
    report: one per policy, period, department and unit ("" = the whole policy)."""

    policy_name = models.CharField(_("policy"), max_length=64)
    period = models.CharField(_("period"), max_length=32)  # Period.code, e.g. 2026-10
    department_code = models.CharField(_("department"), max_length=64, blank=True)
    # The unit whose subtree the report rolls up (an office's analysis is not its company's).
    unit_code = models.CharField(_("unit"), max_length=64, blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    proposals = models.TextField(_("improvement proposals"), blank=True)
    # Optimistic lock: two managers editing the same month must not overwrite each other.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report analysis")
        constraints = [
            models.UniqueConstraint(
                fields=["policy_name", "period", "department_code", "unit_code"], name="report_note_unique_unit"
            )
        ]


def report_file_path(instance: "SentReport", filename: str) -> str:
    return f"reports/{instance.policy_name}/{instance.period}/{filename}"


class SentReport(models.Model):
    """A document generated on schedule and sent: makes the schedule idempotent (a second
    run on the same day sends nothing twice) and keeps what was sent."""

    document = models.CharField(max_length=40)  # e.g. monthly_statistics.xlsx
    policy_name = models.CharField(max_length=64)
    period = models.CharField(max_length=32)
    file = models.FileField(upload_to=report_file_path, max_length=200)
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent report")
        constraints = [models.UniqueConstraint(fields=["document", "policy_name", "period"], name="sent_report_unique")]
