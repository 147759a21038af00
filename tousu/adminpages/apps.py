from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminPagesConfig(AppConfig):
    """The administration pages: Django's admin, styled to fit, with pages of our own for
    policies (import, YAML, moves), roles and the working-day calendar."""

    name = "tousu.adminpages"
    label = "adminpages"
    verbose_name = _("Administration")

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("Tousu administration")
        admin.site.site_title = _("Tousu administration")
        admin.site.index_title = _("Policies, organisation and calendar")
