from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tousu.jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # Every app's `jobs` module registers its jobs and periodic schedules on import,
        # so a worker (embedded or Celery) knows all of them before it claims one.
        from tousu.jobs.registry import autodiscover

        autodiscover()
