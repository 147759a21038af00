"""Rate-limit counters shared by every worker process (the embedded deployment's store;
Redis serves when REDIS_URL is set) and staff members' TOTP second factors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One fixed window of one limit for one client: `key` names all three."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    # Unix seconds after which the row is stale and may be pruned.
    expires = models.BigIntegerField(db_index=True)


class TotpDevice(models.Model):
    """A staff member's authenticator app. Unconfirmed until one code has been entered."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step: a code cannot be used twice.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator (TOTP)")
