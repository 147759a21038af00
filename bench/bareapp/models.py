from django.db import models


class BareRow(models.Model):
    """One row per POST to the bare endpoint: the cheapest write Django can do here."""

    created_at = models.DateTimeField(auto_now_add=True)
    payload = models.TextField(blank=True)
