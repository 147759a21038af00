from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "tousu.security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from tousu.security import checks, sessions  # noqa: F401  (registers checks and signals)
