from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "tousu.channels"
    label = "channels"
    verbose_name = _("Channels in")

    def ready(self) -> None:
        from tousu.channels import checks  # noqa: F401  (registers the mailbox check)
