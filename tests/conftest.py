import pytest
from asgiref.local import Local
from django.core.cache import cache
from django.tasks import task_backends

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # A rolled-back test restores the library token its cached pages were stored under,
    # so nothing cached by one test may be served to the next.
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.com", time_zone="Europe/London")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com", time_zone="America/New_York")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def use_task_backend(settings, backend: str) -> None:
    """Point django.tasks at `backend` (Django caches its task backends; reset them)."""
    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Tasks run in-process at once in tests (emails land in mail.outbox); tests of the
    # real queue switch to the database backend themselves.
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
    yield
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
