from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockAlert(models.Model):
    """What the sweep has already done for one clock cycle: warned it is due soon,
    recorded its breach, escalated it to a level. The unique pair makes each happen once,
    even when two sweeps overlap (the second one's INSERT fails and it rolls back)."""

    clock = models.ForeignKey("cases.Clock", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=32)  # due_soon / breached / department_head / manager / executive
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline alert")
        constraints = [models.UniqueConstraint(fields=["clock", "stage"], name="clock_alert_unique")]
