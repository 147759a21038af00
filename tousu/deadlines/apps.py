from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "tousu.deadlines"
    verbose_name = "期限巡检"
