"""The access log: who viewed, revealed, exported or printed personal data, and who was
denied a case outside their scope. Append-only: rows are never changed or deleted
through the product (the model and its queryset refuse it; the admin is read-only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.audit.log import LABELS


class AppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("the access log cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the access log cannot be deleted")


class AccessEntry(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, db_index=True)
    complaint_id = models.BigIntegerField(_("case id"), null=True, blank=True)
    number = models.CharField(_("tracking number"), max_length=32, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("the access log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the access log cannot be deleted")

    @property
    def action_label(self) -> str:
        return str(LABELS.get(self.action, self.action))


class BreakGlass(models.Model):
    """An administrator's time-limited access to case contents, with the reason given."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    opened_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("break-glass access")
