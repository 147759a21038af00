from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tousu.notify"
    verbose_name = "通知"
