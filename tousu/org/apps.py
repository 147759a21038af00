from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tousu.org"
    label = "org"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tousu.org import tree  # noqa: F401 - connects the signals that drop the cached tree
