from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImproveConfig(AppConfig):
    name = "tousu.improve"
    label = "improve"
    verbose_name = _("Improvement")
    default_auto_field = "django.db.models.BigAutoField"
