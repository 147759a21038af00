from django.apps import AppConfig, apps
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
        # The admin groups models under their app's name; the foundation apps have none
        # of their own, so the admin shows them in the users' words.
        for label, name in APP_NAMES.items():
            if apps.is_installed(f"tousu.{label}"):
                apps.get_app_config(label).verbose_name = name


APP_NAMES = {
    "cases": _("Complaints"),
    "org": _("Organisation"),
    "policies": _("Policies"),
    "workcal": _("Working-day calendar"),
}
