import pytest
from django.core.cache import cache

from tests.factories import UserFactory
from tests.helpers import use_task_backend


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


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Tasks run in-process at once in tests (emails land in mail.outbox); tests of the
    # real queue switch to the database backend themselves.
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
    yield
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
