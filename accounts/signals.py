"""Receivers other apps connect for their own per-person models (see config.cache), and
the one that drops a changed person's cached row (accounts.backends)."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from accounts.models import User, bump_data_version, forget_cached_user


def from_owner_deletion(origin, instance, *owners: type) -> bool:
    """Whether `instance` goes in a delete that began at one of `owners` (an instance or a
    queryset), whose own signal moves the version on, or whose person is gone. A delete that
    began at `instance` itself, or at a queryset of its own model, is not such a cascade."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin is None or model is type(instance):
        return False
    return model in owners


# Sent with `user` when a person changes how others see them (their name or profession):
# apps whose per-person pages show someone else's name (routines: the clinician who
# assigned a routine) move those people's data_version on.
name_changed = Signal()


def user_row_changed(sender, instance, **kwargs) -> None:
    """Receiver for a saved or deleted row with a `user_id` that the person's pages show."""
    if from_owner_deletion(kwargs.get("origin"), instance, User):
        return
    bump_data_version(instance.user_id)


def _user_changed(sender, instance: User, **kwargs) -> None:
    forget_cached_user(instance.pk)


def connect() -> None:
    post_save.connect(_user_changed, sender=User, dispatch_uid="forget-cached-user-save")
    post_delete.connect(_user_changed, sender=User, dispatch_uid="forget-cached-user-delete")
