from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "routines"

    def ready(self) -> None:
        from routines import signals

        signals.connect()
