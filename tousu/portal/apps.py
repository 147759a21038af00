from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public pages: no login, nothing personal shown."""

    name = "tousu.portal"
    label = "portal"
    verbose_name = _("Public portal")
