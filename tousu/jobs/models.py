"""The job table: the one queue both runners (embedded, Celery) work from.

A row is claimed with a conditional UPDATE (`WHERE id = ? AND state = 'queued'`), so
whichever worker changes the row runs the job; the others see zero rows changed. That
works the same on SQLite (where select_for_update does nothing) and on PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")  # gave up after max_attempts; an administrator can retry it


class Job(models.Model):
    name = models.CharField(_("job"), max_length=100)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    run_at = models.DateTimeField(_("run at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=8)
    # Permanent: a periodic slot ("periodic:cases.sweep:2026-11-29T08:15:00+00:00") runs once.
    unique_key = models.CharField(_("unique key"), max_length=200, null=True, blank=True, unique=True)
    # Only while queued: at most one queued "drain the outbox" job, however many events ask.
    pending_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            # The claim query: the earliest due queued jobs.
            models.Index(fields=["state", "run_at"], name="job_state_run_at"),
            models.Index(fields=["name", "state"], name="job_name_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class ReportPeriod(models.Model):
    """A reporting period that has closed (P4.8 monthly statistics, quarterly summary;
    P4.11 monthly forms). The reports issue's `reports.generate` job is queued for it."""

    kind = models.CharField(_("period"), max_length=10)  # month / quarter
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))  # exclusive
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    generate_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("report period")
        constraints = [models.UniqueConstraint(fields=["kind", "start"], name="report_period_unique")]
        ordering = ["-start", "kind"]

    def __str__(self) -> str:
        return f"{self.kind} {self.start:%Y-%m-%d}"
