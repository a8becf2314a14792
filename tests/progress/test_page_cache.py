"""Today and History are cached per person (config.cache): every change shows at once."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from config.cache import CSRF_PLACEHOLDER
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment, Routine
from tests.factories import PASSWORD, ExerciseLogFactory, SessionLogFactory
from tests.helpers import NOW, log_data

pytestmark = pytest.mark.usefixtures("frozen_now")
PAGES = [reverse("today"), reverse("progress:history")]
FOAM = "foam-roller-legs-hips"
TOKEN = re.compile(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}')
MESSAGES = re.compile(r'<div class="messages".*?</div>', re.DOTALL)


def content(client, url: str) -> str:
    """The page's <main>, without the flash messages a redirect left behind, and CSRF tokens
    (masked afresh on every response) and spacing evened out."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    main = MESSAGES.sub("", html[html.index("<main") : html.index("</main>")])
    return " ".join(TOKEN.sub(r"\1token", main).split())


def fresh(client, url: str) -> str:
    """The page as it is built from the database, nothing cached."""
    cache.clear()
    return content(client, url)


def assert_shows_the_change(client, url: str, before: str) -> str:
    """The next visit differs from `before` and matches a page built from scratch."""
    after = content(client, url)
    assert after != before
    assert after == fresh(client, url)
    return after


def session_for(user) -> SessionLog:
    return SessionLog.objects.filter(user=user).latest("pk")


@pytest.mark.parametrize("url", PAGES)
def test_logging_editing_and_deleting_a_session_shows_at_once(alice_client, alice, enrolment, url):
    page = content(alice_client, url)
    assert content(alice_client, url) == page  # served from the cache
    data = log_data(enrolment=str(enrolment.pk), time="08:30")
    assert alice_client.post("/sessions/new/", data).status_code == 302
    page = assert_shows_the_change(alice_client, url, page)

    session = session_for(alice)
    edited = log_data(
        rows=[{"exercise": "leg-raise-test", "reps": "20", "side": "both"}],
        enrolment=str(enrolment.pk),
        date="2026-11-17",
    )
    response = alice_client.post(reverse("progress:edit", args=[session.pk]), edited)
    assert response.status_code == 302
    page = assert_shows_the_change(alice_client, url, page)

    response = alice_client.post(reverse("progress:delete", args=[session.pk]))
    assert response.status_code == 302
    assert_shows_the_change(alice_client, url, page)


def test_the_htmx_week_fragment_shows_a_new_session_at_once(
    alice_client, enrolment, django_assert_num_queries
):
    url, htmx = "/history/2026-W47/", {"HX-Request": "true"}
    before = alice_client.get(url, headers=htmx).content.decode()
    with django_assert_num_queries(3):  # session, user, library version
        assert alice_client.get(url, headers=htmx).content.decode() == before
    data = log_data(enrolment=str(enrolment.pk), time="08:30")
    assert alice_client.post("/sessions/new/", data).status_code == 302
    after = alice_client.get(url, headers=htmx).content.decode()
    assert after != before
    assert "08:30" in after
    cache.clear()
    assert alice_client.get(url, headers=htmx).content.decode() == after


@pytest.mark.parametrize("url", PAGES)
def test_enrolling_pausing_and_stopping_shows_at_once(alice_client, alice, url):
    page = content(alice_client, url)
    response = alice_client.post(reverse("routines:enrol", args=[FOAM]))
    assert response.status_code == 302
    page = assert_shows_the_change(alice_client, url, page)

    enrolment = Enrolment.objects.get(user=alice, routine__slug=FOAM)
    response = alice_client.post(reverse("routines:pause", args=[enrolment.pk]))
    assert response.status_code == 302
    page = assert_shows_the_change(alice_client, url, page)

    response = alice_client.post(reverse("routines:resume", args=[enrolment.pk]))
    assert response.status_code == 302
    page = assert_shows_the_change(alice_client, url, page)

    response = alice_client.post(reverse("routines:stop", args=[enrolment.pk]))
    assert response.status_code == 302
    assert_shows_the_change(alice_client, url, page)


@pytest.mark.parametrize(
    ("url", "change"),
    [
        # Today shows nothing zone-dependent but the day: Thursday already in Auckland.
        (reverse("today"), {"time_zone": "Pacific/Auckland"}),
        (reverse("today"), {"week_start": "6"}),
        (reverse("progress:history"), {"time_zone": "Europe/Paris"}),  # the same day in Paris
        (reverse("progress:history"), {"week_start": "6"}),
    ],
    ids=["today-time zone", "today-week start", "history-time zone", "history-week start"],
)
def test_a_new_time_zone_or_week_start_shows_at_once(alice_client, alice, enrolment, url, change):
    # Sunday 15 November: in this week only when weeks start on Sunday.
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=NOW - dt.timedelta(days=3))
    # Tuesday: at 14:00 in London, 15:00 in Paris.
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=NOW - dt.timedelta(days=1))
    page = content(alice_client, url)
    profile = {"display_name": "", "time_zone": alice.time_zone, "week_start": "0", **change}
    assert alice_client.post(reverse("accounts:profile"), profile).status_code == 302
    assert_shows_the_change(alice_client, url, page)


@pytest.mark.parametrize("url", PAGES)
def test_a_new_local_day_shows_at_once(alice_client, enrolment, url):
    page = content(alice_client, url)
    with time_machine.travel(NOW + dt.timedelta(hours=12), tick=False):
        assert_shows_the_change(alice_client, url, page)


def test_admin_style_saves_and_deletes_of_sessions_and_rows_show_at_once(
    alice_client, alice, calves, leg_raise
):
    url = reverse("progress:history")
    page = content(alice_client, url)
    session = SessionLogFactory(user=alice, started_at=NOW - dt.timedelta(hours=2))
    page = assert_shows_the_change(alice_client, url, page)

    session.pain_after = 9
    session.save()
    page = assert_shows_the_change(alice_client, url, page)

    row = ExerciseLogFactory(session=SessionLog.objects.get(pk=session.pk), exercise=calves)
    page = assert_shows_the_change(alice_client, url, page)

    row = ExerciseLog.objects.get(pk=row.pk)  # as an admin form would load it
    row.exercise = leg_raise
    row.save()
    page = assert_shows_the_change(alice_client, url, page)

    ExerciseLog.objects.get(pk=row.pk).delete()
    page = assert_shows_the_change(alice_client, url, page)

    SessionLog.objects.get(pk=session.pk).delete()
    assert_shows_the_change(alice_client, url, page)


def test_the_page_built_while_a_phase_moves_on_is_rebuilt_next_time(alice_client, alice):
    foam = Routine.objects.get(slug=FOAM)
    started = NOW.date() - dt.timedelta(days=20)
    enrolment = Enrolment.objects.create(
        user=alice,
        routine=foam,
        phase=foam.phases.get(order=1),
        started_on=started,
        phase_started_on=started,
    )
    for days in range(20, 13, -1):  # Advanced needs 7 logged days as well as 14 days
        at = NOW - dt.timedelta(days=days)
        SessionLogFactory(user=alice, enrolment=enrolment, routine=foam, started_at=at)
    version = User.objects.get(pk=alice.pk).data_version
    first = content(alice_client, reverse("today"))
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Advanced"  # moved on while the page was built
    assert User.objects.get(pk=alice.pk).data_version > version
    second = content(alice_client, reverse("today"))
    assert "<strong>Advanced</strong>" in first
    assert second == fresh(alice_client, reverse("today"))


@pytest.mark.parametrize("url", PAGES)
def test_one_persons_cached_page_is_never_shown_to_another(client, alice, bob, enrolment, url):
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=NOW - dt.timedelta(hours=2))
    # Everything else in the key the same as hers.
    alices_version = User.objects.get(pk=alice.pk).data_version
    User.objects.filter(pk=bob.pk).update(data_version=alices_version, time_zone=alice.time_zone)
    client.force_login(alice)
    alices = content(client, url)
    client.force_login(bob)
    bobs = content(client, url)
    assert bobs != alices
    assert bobs == fresh(client, url)


def form_token(html: str, marker: str = "") -> str:
    html = html[html.index(marker) :] if marker else html
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(alice) -> Client:
    """A browser that signs in through the form, so its CSRF cookie is rotated."""
    client = Client(enforce_csrf_checks=True)
    token = form_token(client.get(reverse("login")).content.decode())
    data = {"username": alice.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post(reverse("login"), data).status_code == 302
    return client


def test_a_cached_page_carries_the_csrf_token_of_the_browser_asking(
    alice, enrolment, django_assert_num_queries
):
    first = sign_in(alice)
    first.get(reverse("today"))  # fills the cache
    second = sign_in(alice)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    with django_assert_num_queries(3):  # session, user, library version: cached
        html = second.get(reverse("today")).content.decode()
    token = form_token(html, 'class="pause-form"')
    url = reverse("routines:pause", args=[enrolment.pk])
    response = second.post(url, {"csrfmiddlewaretoken": token, "next": "/today/"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED


def test_a_browser_without_a_csrf_cookie_still_gets_the_cached_page(
    alice_client, enrolment, django_assert_num_queries
):
    alice_client.get(reverse("today"))
    del alice_client.cookies["csrftoken"]
    with django_assert_num_queries(3):
        html = alice_client.get(reverse("today")).content.decode()
    assert form_token(html, 'class="pause-form"') != CSRF_PLACEHOLDER


def test_a_full_save_of_a_stale_user_never_moves_the_version_back(alice, enrolment):
    stale = User.objects.get(pk=alice.pk)
    SessionLogFactory(user=alice, enrolment=enrolment)
    moved = User.objects.get(pk=alice.pk).data_version
    assert moved > stale.data_version
    stale.display_name = "Alice"
    stale.save()
    assert User.objects.get(pk=alice.pk).data_version == moved


def test_deleting_an_account_with_its_logs_still_works(alice_client, alice, enrolment, calves):
    session = SessionLogFactory(user=alice, enrolment=enrolment)
    ExerciseLogFactory.create_batch(3, session=session, exercise=calves)
    alice.delete()
    assert not SessionLog.objects.exists()
    assert not ExerciseLog.objects.exists()
