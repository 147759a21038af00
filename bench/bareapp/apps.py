import os

from django.apps import AppConfig


class BareAppConfig(AppConfig):
    name = "bench.bareapp"
    label = "bareapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Both opt-in, set by `python -m bench.run --trace / --what-if` for the server it starts.
        if os.environ.get("TOUSU_BENCH_TRACE") == "1":
            from bench.bareapp import trace

            trace.install()
        level = os.environ.get("TOUSU_BENCH_WHATIF", "")
        if level.isdigit() and int(level) > 0:
            from bench import whatif

            whatif.apply(int(level))
