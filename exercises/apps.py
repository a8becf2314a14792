from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"

    def ready(self) -> None:
        from config import cache
        from exercises import signals
        from exercises.models import LibraryVersion

        signals.connect()
        cache.read_library_version_with(LibraryVersion.current)
