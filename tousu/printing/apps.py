from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintingConfig(AppConfig):
    """Printable documents filled from a case: record forms (P2.5, P3.a, P4.5.1, P5) and the reply letter (P5.4)."""

    name = "tousu.printing"
    label = "printing"
    verbose_name = _("Printable documents")
