"""Any change to what the library pages show moves the library's cache token on."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from exercises.models import BodyArea, Condition, Equipment, Exercise, LibraryVersion, Source, Step

WATCHED = [Source, BodyArea, Equipment, Condition, Exercise, Step]
WATCHED_M2M = [
    Exercise.body_areas.through,
    Exercise.equipment.through,
    Exercise.also_works_with.through,
    Exercise.conditions.through,
]


def bump_library_version(sender, **kwargs) -> None:
    """A receiver for any model whose rows the cached library or routine pages show."""
    LibraryVersion.bump()


def _bump_after_load(sender, **kwargs) -> None:
    # Rows loaded raw (loaddata, a test's serialized rollback) may restore an old token
    # alongside different content, so any raw load of the token moves it on again.
    if kwargs.get("raw"):
        LibraryVersion.bump()


def _bump_m2m(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        LibraryVersion.bump()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(
            bump_library_version, sender=model, dispatch_uid=f"library-save-{model.__name__}"
        )
        post_delete.connect(
            bump_library_version, sender=model, dispatch_uid=f"library-delete-{model.__name__}"
        )
    post_save.connect(_bump_after_load, sender=LibraryVersion, dispatch_uid="library-load")
    for through in WATCHED_M2M:
        m2m_changed.connect(
            _bump_m2m, sender=through, dispatch_uid=f"library-m2m-{through.__name__}"
        )
