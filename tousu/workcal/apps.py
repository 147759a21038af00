from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "tousu.workcal"
    label = "workcal"
    default_auto_field = "django.db.models.BigAutoField"
