import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
