"""Every form and every URL with a parameter, fed bad values: never a 5xx, nothing written.

The values: empty, 1 MB long, negative, out of range, non-ASCII digits, NUL bytes, markup,
and the same field sent twice. Hypothesis picks the combinations; the named regressions of
the outside probe come first.
"""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import care, tokens
from accounts.models import CareLink, Invite, User
from accounts.weeks import week_label
from exercises.models import Exercise
from progress.models import (
    CheckIn,
    ExerciseLog,
    PsfsActivity,
    PsfsRating,
    SessionLog,
    ShareLink,
)
from routines import services
from routines.models import Enrolment, Routine, RoutineItem
from tests.factories import (
    PASSWORD,
    CareLinkFactory,
    ClinicianFactory,
    EnrolmentFactory,
    SessionLogFactory,
)
from tests.helpers import bad_values, log_data

pytestmark = pytest.mark.django_db

# A field sent once, or twice (a duplicated field, either order).
sent = st.one_of(bad_values, st.lists(bad_values, min_size=2, max_size=2))

# (url, fields, may_write): may_write for actions whose fields are all optional, so a bad
# value there still lets the action happen (e.g. `next` on pause); "empty" when only an
# empty value may (an empty start phase means the routine's first).
FORMS = [
    ("/accounts/signup/", ["email", "password1", "password2", "time_zone"], False),
    ("/accounts/login/", ["username", "password"], False),
    ("/accounts/password_reset/", ["email"], False),
    ("/accounts/password_change/", ["old_password", "new_password1", "new_password2"], False),
    ("/accounts/profile/", ["display_name", "time_zone", "week_start"], False),
    ("/accounts/delete/", ["password"], False),
    (
        "/sessions/new/",
        [
            "enrolment",
            "date",
            "time",
            "pain_before",
            "pain_after",
            "notes",
            "idempotency_key",
            "rows-TOTAL_FORMS",
            "rows-INITIAL_FORMS",
            "rows-0-exercise",
            "rows-0-status",
            "rows-0-seconds",
            "rows-0-reps",
            "rows-0-side",
        ],
        False,
    ),
    ("/sessions/{session}/edit/", ["date", "time", "pain_before", "rows-0-seconds"], False),
    ("/routines/{routine}/start/", ["start_phase"], "empty"),
    ("/routines/enrolments/{enrolment}/pause/", ["next"], True),
    ("/routines/enrolments/{enrolment}/resume/", ["next"], True),
    ("/routines/enrolments/{enrolment}/stop/", ["next"], True),
    ("/accounts/reset/MQ/set-password/", ["new_password1", "new_password2"], False),
    ("/accounts/time-zone/", ["time_zone", "next"], False),
    ("/reminders/{enrolment}/", ["enabled", "at", "days", "next"], False),
    ("/reminders/push/subscribe/", ["endpoint", "keys", "auth"], False),  # JSON: a 400 or 404
    ("/reminders/push/unsubscribe/", ["endpoint"], False),
    ("/reminders/push/recognise/", ["endpoint", "keys", "auth"], False),
    ("/start/", ["where", "have", "minutes"], False),
    ("/routines/new/", ["name", "weekly"], True),
    ("/history/report/links/", ["name", "lifetime", "include_notes", "start", "end"], False),
    ("/routines/{own}/moves/", ["exercise", "key"], False),
    ("/routines/{own}/moves/{item}/", ["sets", "reps", "per_side", "rest_seconds"], False),
    ("/routines/{own}/moves/{item}/move/", ["direction"], False),
    ("/routines/{own}/edit/", ["name", "weekly"], False),
    ("/routines/add/roll-calves/", ["routine", "name", "key"], False),
    ("/routines/{routine}/copy/", ["phase"], True),
    ("/activities/", ["name", "score"], False),
    ("/activities/{activity}/rename/", ["name"], True),  # any words are a name
    ("/check-in/{week}/", ["routine", "answer", "text"], False),
    ("/clinic/people/{person}/assign/", ["name", "weekly", "note", "start"], False),
    ("/routines/{own}/seen/", ["next"], False),  # not an assigned routine: a 404
    ("/clinic/invites/", ["label"], True),  # any short words are a label
    ("/join/{token}/", ["decision", "include_notes"], False),
    ("/accounts/clinicians/{link}/notes/", ["include_notes"], True),  # any value means on
]
PAGES = [
    ("/exercises/", ["q", "area", "kind", "condition", "level", "equipment", "have"]),
    ("/sessions/new/", ["enrolment", "started_at", "item", "exercise"]),
    ("/accounts/export/", ["format"]),
    ("/accounts/login/", ["next"]),
    ("/history/", ["week", "routine", "span"]),
    ("/history/report/", ["start", "end", "notes"]),
    ("/today/", ["short", "move"]),
    ("/start/", ["where", "have", "minutes"]),
    ("/today/{enrolment}/session/", ["short", "move", "speed"]),
    ("/activities/", ["first", "next"]),
    ("/clinic/", ["flag"]),
    ("/clinic/people/{patient}/", ["start", "end", "weeks"]),
]
PATHS = [
    "/exercises/{}/",
    "/routines/{}/",
    "/sessions/{}/",
    "/sessions/{}/edit/",
    "/history/{}/",
    "/routines/enrolments/{}/stop/",
    "/accounts/reset/{}/set-password/",
    "/accounts/reset/MQ/{}/",
    "/today/{}/session/",
    "/share/{}/",
    "/calendar/{}.ics",
    "/reminders/{}/",
    "/reminders/unsubscribe/{}/",
    "/routines/add/{}/",
    "/routines/{}/edit/",
    "/check-in/{}/",
    "/activities/{}/rename/",
    "/clinic/people/{}/assign/",
    "/join/{}/",
    "/clinic/invites/{}/revoke/",
    "/accounts/clinicians/{}/disconnect/",
    "/clinic/people/{}/",
    "/clinic/digest-off/{}/",
]


@pytest.fixture
def world(alice, alice_client):
    routine = Routine.objects.with_plan().first()
    other = Routine.objects.exclude(pk=routine.pk).first()
    enrolment = EnrolmentFactory(user=alice, routine=other, phase=other.phase_list[0])
    session = SessionLogFactory(user=alice)
    own = services.create_routine(alice, "Calf care", (3, 4))
    for slug in ("roll-calves", "side-lying-leg-raise"):
        item = services.add_move(own.phases.get(), Exercise.objects.get(slug=slug))
    last_week = alice.today() - dt.timedelta(days=7)
    activity = PsfsActivity.objects.create(user=alice, name="Socks", created_on=last_week)
    # Alice is a clinician too, connected to one person (the assign form is hers to send),
    # with a clinician of her own and an invite from another.
    User.objects.filter(pk=alice.pk).update(is_clinician=True, display_name="Alice")
    alice.refresh_from_db()
    person = CareLinkFactory(clinician=alice).person
    link = CareLinkFactory(person=alice)
    token = tokens.new_token()
    Invite.objects.create(
        clinician=ClinicianFactory(),
        token_digest=tokens.digest(token),
        expires_at=care.invite_expiry(timezone.now()),
    )
    names = {
        "person": person.pk,
        "patient": person.pk,
        "link": link.pk,
        "token": token,
        "activity": activity.pk,
        "week": week_label(last_week, alice.week_start),
        "session": session.pk,
        "routine": routine.slug,
        "enrolment": enrolment.pk,
        "own": own.slug,
        "item": item.pk,
    }
    return alice_client, alice, names


def _snapshot(alice) -> tuple:
    alice = User.objects.get(pk=alice.pk)
    return (
        User.objects.count(),
        SessionLog.objects.count(),
        ExerciseLog.objects.count(),
        Enrolment.objects.count(),
        alice.password,
        alice.email,
        alice.time_zone,
        alice.week_start,
        alice.display_name,
        alice.get_ready_seconds,
        Routine.objects.count(),
        ShareLink.objects.count(),
        list(PsfsActivity.objects.values_list("name", "retired_on")),
        PsfsRating.objects.count(),
        CheckIn.objects.count(),
        alice.is_clinician,
        list(Invite.objects.values_list("used_at", "declined_at", "revoked_at")),
        list(CareLink.objects.values_list("ended_at", "include_notes")),
        list(
            RoutineItem.objects.order_by("pk").values_list(
                "order", "exercise_id", "sets", "seconds_min", "seconds_max", "reps", "rest_seconds"
            )
        ),
    )


def _no_server_error(response) -> None:
    assert response.status_code < 500, response.content[:500]


# The probe's crashes, one by one (defect 4) --------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["9" * 308 + " min", "9" * 4301, "9" * 20 + ":30", "²", "٣", "٣" * 5000 + "m0", "٣ min ٣"],
)
def test_a_huge_or_non_ascii_time_on_the_log_form_gets_a_message(world, typed):
    client, alice, _ = world
    exercise = "roll-calves"
    data = {
        "date": "2026-11-18",
        "time": "08:00",
        "idempotency_key": str(uuid.uuid4()),
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-exercise": exercise,
        "rows-0-status": "done",
        "rows-0-seconds": typed,
        "rows-0-side": "none",
    }
    before = _snapshot(alice)
    response = client.post("/sessions/new/", data)
    assert response.status_code == 200
    assert b"four hours" in response.content or b"Enter seconds" in response.content
    assert _snapshot(alice) == before


@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A3", "99999999999999999999", "-1", "1%00"])
def test_a_non_ascii_or_huge_enrolment_in_the_link_is_a_404(world, value):
    client, _, _ = world
    assert client.get(f"/sessions/new/?enrolment={value}").status_code == 404


@pytest.mark.parametrize("amount", ["%C2%B2", "%D9%A3", "9" * 5000, "-5"])
def test_a_bad_amount_in_a_handed_over_item_is_ignored(world, amount):
    client, _, _ = world
    response = client.get(f"/sessions/new/?item=roll-calves:{amount}:done")
    assert response.status_code == 200


@pytest.mark.parametrize("next_value", ["-1", "home", "today", "//evil.example/", ""])
@pytest.mark.parametrize(
    ("url", "data", "fallback"),
    [
        ("/reminders/{enrolment}/", {"enabled": "on", "at": "07:30", "days": ["0"]}, "/profile"),
        ("/accounts/time-zone/", {"time_zone": "Europe/London"}, "/today/"),
        ("/routines/enrolments/{enrolment}/pause/", {}, "/routines/"),
    ],
)
def test_a_next_that_is_not_a_path_on_this_site_goes_to_the_usual_page(
    world, url, data, fallback, next_value
):
    """A valid form with a `next` that names a view, or another site, or nothing: never a
    500 (redirect() would look "-1" up as a view's name), never off the site."""
    client, _, names = world
    response = client.post(url.format(**names), {**data, "next": next_value})
    assert response.status_code == 302
    assert fallback in response["Location"] and "evil" not in response["Location"]


def test_a_handed_over_amount_the_form_would_refuse_is_not_prefilled(world):
    """Reps are at most 1,000 on the form: 14,400 (a fine number of seconds) is dropped."""
    client, _, _ = world
    response = client.get("/sessions/new/?item=side-lying-leg-raise:14400:done")
    assert response.status_code == 200
    assert 'value="14400"' not in response.content.decode()
    kept = client.get("/sessions/new/?item=side-lying-leg-raise:12:done").content.decode()
    assert 'value="12"' in kept


DOSE = ("/routines/{own}/moves/{item}/", {"sets": "3", "reps": "10", "rest_seconds": "20"})
PROFILE = ("/accounts/profile/", {"time_zone": "UTC", "week_start": "0", "get_ready_seconds": "9"})


@pytest.mark.parametrize("typed", ["٣", "３", "1_0"])  # int() takes each of them
@pytest.mark.parametrize(
    ("form", "field"),
    [(DOSE, "sets"), (DOSE, "reps"), (DOSE, "rest_seconds"), (PROFILE, "get_ready_seconds")],
)
def test_whole_number_fields_take_ascii_digits_only(world, form, field, typed):
    """As the time fields do: "٣" is not 3 (round two, item 10)."""
    client, alice, names = world
    url, data = form
    before = _snapshot(alice)
    response = client.post(url.format(**names), {**data, field: typed})
    assert response.status_code in (200, 400)
    assert b"Enter a whole number" in response.content
    assert _snapshot(alice) == before


def test_reps_on_the_log_form_take_ascii_digits_only(world):
    client, alice, _ = world
    before = _snapshot(alice)
    rows = [{"exercise": "side-lying-leg-raise", "reps": "١٢"}]
    response = client.post("/sessions/new/", log_data(rows))
    assert response.status_code == 200
    assert b"Enter a whole number" in response.content
    assert _snapshot(alice) == before


# NUL bytes (round two, item 6) ------------------------------------------------------
# PostgreSQL refuses a NUL in any text it is sent, so a NUL that reaches a query is a 500
# there; each field and each URL parameter gets one, alone and after a real value.
FIELDS = [(url, field, may_write) for url, fields, may_write in FORMS for field in fields]
PARAMETERS = [(url, name) for url, names in PAGES for name in names]


@pytest.mark.parametrize("value", ["\x00", "roll-calves\x00"], ids=["nul", "after"])
@pytest.mark.parametrize(("url", "field", "may_write"), FIELDS)
def test_a_nul_byte_in_any_field_is_refused_not_a_500(world, url, field, may_write, value):
    client, alice, names = world
    before = _snapshot(alice)
    response = client.post(url.format(**names), {field: value})
    _no_server_error(response)
    if not may_write:
        assert _snapshot(alice) == before


@pytest.mark.parametrize("value", ["%00", "roll-calves%00"], ids=["nul", "after"])
@pytest.mark.parametrize(("url", "name"), PARAMETERS)
def test_a_nul_byte_in_any_url_parameter_is_refused_not_a_500(world, url, name, value):
    client, alice, names = world
    before = _snapshot(alice)
    _no_server_error(client.get(f"{url.format(**names)}?{name}={value}"))
    assert _snapshot(alice) == before


@pytest.mark.parametrize("template", PATHS)
def test_a_nul_byte_in_any_path_is_refused_not_a_500(world, template):
    client, alice, _ = world
    before = _snapshot(alice)
    _no_server_error(client.get(template.format("roll-calves%00")))
    assert _snapshot(alice) == before


# The walk --------------------------------------------------------------------------------


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_form_refuses_bad_values_without_writing(world, data):
    client, alice, names = world
    url, fields, may_write = data.draw(st.sampled_from(FORMS))
    chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, unique=True))
    post = {name: data.draw(sent) for name in chosen}
    cache.clear()  # throttles would otherwise answer 429 before the form is read
    before = _snapshot(alice)
    response = client.post(url.format(**names), post)
    _no_server_error(response)
    values = [v for value in post.values() for v in (value if isinstance(value, list) else [value])]
    if may_write == "empty":
        may_write = not values[-1].strip()
    if not may_write:
        assert _snapshot(alice) == before
    if not client.session.get("_auth_user_id"):  # a bad password change can't sign out, but
        client.force_login(alice)  # a successful sign-in as someone else could


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_url_parameter_refuses_bad_values_without_writing(world, data):
    client, alice, names = world
    before = _snapshot(alice)
    if data.draw(st.booleans()):
        url, params = data.draw(st.sampled_from(PAGES))
        chosen = data.draw(st.lists(st.sampled_from(params), min_size=1, unique=True))
        query = {name: data.draw(sent) for name in chosen}
        response = client.get(url.format(**names), query)
    else:
        template = data.draw(st.sampled_from(PATHS))
        value = data.draw(bad_values)
        response = client.get(template.format(value.replace("/", "%2F")))
    _no_server_error(response)
    assert _snapshot(alice) == before


def test_the_walk_signs_in_with_the_real_password(world):
    client, alice, _ = world
    assert alice.check_password(PASSWORD)
    assert client.get("/today/").status_code == 200
