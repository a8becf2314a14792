from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after_when_the_database_is_unreachable(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/accounts/profile/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"taking a short break" in response.content
