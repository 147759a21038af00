from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tousu.search"
    label = "search"
    verbose_name = _("Search and suggestions")
    default_auto_field = "django.db.models.BigAutoField"
