import os

from django.apps import AppConfig


class BareAppConfig(AppConfig):
    name = "bench.bareapp"
    label = "bareapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Opt-in, set by `python -m bench.run --trace` for the server it starts.
        if os.environ.get("TOUSU_BENCH_TRACE") == "1":
            from bench.bareapp import trace

            trace.install()
