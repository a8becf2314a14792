"""Logging a session: the form, the hand-over from the player, idempotency, edit and delete."""

import datetime as dt
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from progress.forms import DurationField, format_duration
from progress.models import ExerciseLog, SessionLog
from tests.factories import (
    EnrolmentFactory,
    ExerciseFactory,
    ExerciseLogFactory,
    PhaseFactory,
    RoutineItemFactory,
    SessionLogFactory,
)
from tests.helpers import log_data

pytestmark = pytest.mark.usefixtures("frozen_now")
NEW = "/sessions/new/"
TRAVEL = "America/New_York"


def test_a_valid_session_is_saved_with_its_rows_and_local_day(alice_client, alice, enrolment):
    data = log_data(
        rows=[
            {"exercise": "roll-calves-test", "seconds": "1:30", "side": "none"},
            {"exercise": "leg-raise-test", "reps": "20", "side": "both"},
            {"exercise": "roll-calves-test", "status": "partly", "seconds": "45", "side": "left"},
        ],
        enrolment=str(enrolment.pk),
        date="2026-11-18",
        time="00:30",
        notes="Tight left calf.",
    )
    response = alice_client.post(NEW, data)
    session = SessionLog.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("progress:session", args=[session.pk])
    assert session.user == alice
    assert session.enrolment == enrolment
    assert session.routine == enrolment.routine
    assert session.phase == enrolment.phase
    assert session.local_date == dt.date(2026, 11, 18)
    assert session.started_at == dt.datetime(2026, 11, 18, 0, 30, tzinfo=dt.UTC)
    assert (session.pain_before, session.pain_after) == (4, 2)
    assert session.total_seconds == 90 + 45
    assert session.notes == "Tight left calf."
    rows = list(
        session.exercises.values_list(
            "exercise__slug", "status", "seconds_done", "reps_done", "side"
        )
    )
    assert rows == [
        ("roll-calves-test", "done", 90, None, "none"),
        ("leg-raise-test", "done", None, 20, "both"),
        ("roll-calves-test", "partly", 45, None, "left"),
    ]


def test_local_day_uses_the_persons_zone_not_utc(client, bob, calves):
    client.force_login(bob)  # New York: 22:30 on the 17th is 03:30 UTC on the 18th
    client.post(NEW, log_data(date="2026-11-17", time="22:30"))
    session = SessionLog.objects.get()
    assert session.local_date == dt.date(2026, 11, 17)
    assert session.started_at == dt.datetime(2026, 11, 18, 3, 30, tzinfo=dt.UTC)


def test_a_new_session_keeps_the_zone_it_was_logged_in(client, bob, calves):
    client.force_login(bob)
    client.post(NEW, log_data(date="2026-11-17", time="22:30"))
    assert SessionLog.objects.get().time_zone == "America/New_York"


def test_a_session_logged_in_another_zone_shows_the_time_it_was_there(alice_client, alice):
    # 03:30 UTC on the 18th was 22:30 on the 17th in New York, where Alice was then.
    started = dt.datetime(2026, 11, 18, 3, 30, tzinfo=dt.UTC)
    session = SessionLogFactory(
        user=alice, started_at=started, local_date=dt.date(2026, 11, 17), time_zone=TRAVEL
    )
    for page in (f"/sessions/{session.pk}/", f"/sessions/{session.pk}/delete/"):
        html = alice_client.get(page).content.decode()
        assert "Tuesday 17 November 2026" in html
        assert "22:30" in html and "(New York time)" in html
        assert "03:30" not in html


def test_a_session_from_before_zones_were_kept_shows_in_the_current_zone(alice_client, alice):
    started = dt.datetime(2026, 11, 18, 3, 30, tzinfo=dt.UTC)
    session = SessionLogFactory(user=alice, started_at=started, time_zone="")
    html = alice_client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Wednesday 18 November 2026, 03:30" in html
    assert " time)" not in html


def test_a_session_logged_in_the_current_zone_names_no_place(alice_client, alice):
    session = SessionLogFactory(user=alice, time_zone="Europe/London")
    assert " time)" not in alice_client.get(f"/sessions/{session.pk}/").content.decode()


def test_the_week_lists_a_session_at_the_local_time_it_happened(alice_client, alice):
    started = dt.datetime(2026, 11, 17, 13, 0, tzinfo=dt.UTC)  # 08:00 in New York
    SessionLogFactory(
        user=alice, started_at=started, local_date=dt.date(2026, 11, 17), time_zone=TRAVEL
    )
    html = alice_client.get("/history/").content.decode()
    away = '<span class="when">08:00</span> <span class="muted small">(New York time)</span>'
    assert away in html
    assert '<span class="when">13:00</span>' not in html


def test_a_quick_log_of_one_exercise_without_a_routine(alice_client, calves):
    response = alice_client.get(NEW, {"exercise": "roll-calves-test"})
    assert response.context["formset"].forms[0].initial["exercise"] == "roll-calves-test"
    data = log_data(rows=[{"exercise": "roll-calves-test", "seconds": "2 min"}])
    data.update(pain_before="", pain_after="")
    alice_client.post(NEW, data)
    session = SessionLog.objects.get()
    assert session.routine is None and session.enrolment is None
    assert session.total_seconds == 120
    assert session.pain_before is None
    assert session.exercises.get().exercise == calves


def test_skipped_rows_are_kept_but_add_no_time(alice_client, calves, leg_raise):
    rows = [
        {"exercise": "roll-calves-test", "seconds": "60"},
        {"exercise": "leg-raise-test", "status": "skipped", "seconds": "300"},
    ]
    alice_client.post(NEW, log_data(rows=rows))
    session = SessionLog.objects.get()
    assert session.total_seconds == 60
    assert session.exercises.get(status="skipped").seconds_done is None


BAD_INPUTS = [
    ("pain_before", {"pain_before": "11"}, "Pain is a whole number from 0 to 10."),
    ("pain_after", {"pain_after": "-1"}, "Pain is a whole number from 0 to 10."),
    ("date", {"date": "2026-11-19"}, "That date is in the future."),
    ("time", {"time": "15:30"}, "That time hasn't come yet today."),
    ("date", {"date": "2025-11-17"}, "Sessions can be logged up to a year back."),
    ("date", {"date": "not a date"}, "Enter a valid date."),
    ("notes", {"notes": "x" * 2001}, "Ensure this value has at most 2000 characters"),
]


@pytest.mark.parametrize(("field", "change", "message"), BAD_INPUTS)
def test_bad_session_input_writes_nothing_and_says_why_beside_the_field(
    alice_client, calves, field, change, message
):
    response = alice_client.post(NEW, log_data(**change))
    assert response.status_code == 200
    assert SessionLog.objects.count() == 0
    assert ExerciseLog.objects.count() == 0
    assert any(message in error for error in response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message.replace("'", "&#x27;") in html


BAD_ROWS = [
    ({"exercise": "roll-calves-test", "seconds": "-30"}, "seconds", "Time can't be negative."),
    ({"exercise": "roll-calves-test", "seconds": "14401"}, "seconds", "more than four hours"),
    ({"exercise": "roll-calves-test", "seconds": "4:00:01"}, "seconds", "Enter seconds"),
    ({"exercise": "roll-calves-test", "seconds": "300 min"}, "seconds", "more than four hours"),
    ({"exercise": "roll-calves-test", "reps": "-3"}, "reps", "Reps can't be negative."),
    ({"exercise": "no-such-move", "seconds": "60"}, "exercise", "There's no exercise"),
    ({"exercise": "", "seconds": "60"}, "exercise", "Choose the exercise"),
    ({"exercise": "roll-calves-test", "side": "upside"}, "side", "Select a valid choice"),
]


@pytest.mark.parametrize(("row", "field", "message"), BAD_ROWS)
def test_bad_exercise_rows_write_nothing_and_say_why_beside_the_row(
    alice_client, calves, row, field, message
):
    response = alice_client.post(NEW, log_data(rows=[row]))
    assert SessionLog.objects.count() == 0
    errors = response.context["formset"].forms[0].errors[field]
    assert any(message in error for error in errors)
    assert f'id="id_rows-0-{field}_error"' in response.content.decode()


def test_a_session_adds_up_to_four_hours_at_most(alice_client, calves):
    """40 rows of 4 hours each were one session of 160 hours (round two, item 9)."""
    rows = [{"exercise": "roll-calves-test", "seconds": "240 min"}] * 38
    response = alice_client.post(NEW, log_data(rows=rows))
    assert SessionLog.objects.count() == 0
    [error] = response.context["formset"].non_form_errors()
    assert error.startswith("These times add up to 9120 min: a session is at most 4 hours.")
    assert 'id="rows-error"' in response.content.decode()
    two = [{"exercise": "roll-calves-test", "seconds": "120 min"}] * 2
    assert alice_client.post(NEW, log_data(rows=two)).status_code == 302
    assert SessionLog.objects.get().total_seconds == 4 * 60 * 60


def test_a_session_without_any_exercise_is_refused(alice_client, calves):
    response = alice_client.post(NEW, log_data(rows=[]))
    assert SessionLog.objects.count() == 0
    assert response.context["formset"].non_form_errors() == ["Add at least one exercise you did."]
    assert 'id="rows-error"' in response.content.decode()


def test_another_persons_enrolment_cannot_be_chosen(alice_client, bob, calves):
    bobs = EnrolmentFactory(user=bob)
    response = alice_client.post(NEW, log_data(enrolment=str(bobs.pk)))
    assert SessionLog.objects.count() == 0
    assert "enrolment" in response.context["form"].errors


def test_the_same_form_sent_twice_saves_one_session_and_shows_it(alice_client, calves):
    data = log_data()
    first = alice_client.post(NEW, data)
    second = alice_client.post(NEW, data, follow=True)
    session = SessionLog.objects.get()
    assert first.url == session.get_absolute_url()
    assert second.redirect_chain[-1][0] == session.get_absolute_url()
    assert "Already saved" in second.content.decode()
    assert ExerciseLog.objects.count() == 1


def test_a_repeat_with_different_content_still_does_not_duplicate(alice_client, calves):
    key = uuid.uuid4()
    alice_client.post(NEW, log_data(key=key))
    alice_client.post(NEW, log_data(key=key, notes="changed my mind"))
    assert SessionLog.objects.get().notes == ""


def test_someone_elses_idempotency_key_reveals_nothing(alice_client, bob, calves):
    theirs = SessionLogFactory(user=bob, notes="Bob's private note")
    response = alice_client.post(NEW, log_data(key=theirs.idempotency_key))
    assert response.status_code == 400
    assert "Bob" not in response.content.decode()
    assert SessionLog.objects.count() == 1


def test_the_form_carries_a_fresh_idempotency_key_each_time(alice_client, calves):
    first = alice_client.get(NEW).context["form"].initial["idempotency_key"]
    second = alice_client.get(NEW).context["form"].initial["idempotency_key"]
    assert isinstance(first, uuid.UUID) and first != second


def test_the_form_offers_a_pain_scale_with_labelled_ends_and_a_bounded_note(alice_client, calves):
    html = alice_client.get(NEW).content.decode()
    assert 'type="radio" name="pain_before" value="10"' in html
    assert "no pain" in html and "worst pain" in html
    assert 'maxlength="2000"' in html
    assert 'name="idempotency_key"' in html


def test_hand_over_from_the_player_prefills_routine_time_and_rows(alice_client, enrolment):
    response = alice_client.get(
        NEW,
        {
            "enrolment": enrolment.pk,
            "started_at": "2026-11-18T07:05",
            "item": ["roll-calves-test:75:partly", "leg-raise-test:16:done", "bogus:1:done"],
        },
    )
    form, formset = response.context["form"], response.context["formset"]
    assert form.initial["enrolment"] == enrolment
    assert (form.initial["date"], form.initial["time"]) == (dt.date(2026, 11, 18), dt.time(7, 5))
    initial = [f.initial for f in formset.forms if f.initial]
    assert initial == [
        {"exercise": "roll-calves-test", "status": "partly", "side": "none", "seconds": 75},
        {"exercise": "leg-raise-test", "status": "done", "side": "both", "reps": 16},
    ]
    html = response.content.decode()
    assert 'value="1 min 15 s"' in html  # time shown with its unit
    assert f'<option value="{enrolment.pk}" selected>' in html


def test_hand_over_with_only_an_enrolment_prefills_the_full_dose(alice_client, enrolment):
    formset = alice_client.get(NEW, {"enrolment": enrolment.pk}).context["formset"]
    initial = [f.initial for f in formset.forms if f.initial]
    assert initial == [
        {"exercise": "roll-calves-test", "status": "done", "side": "none", "seconds": 90},
        {"exercise": "leg-raise-test", "status": "done", "side": "both", "reps": 40},
    ]


def test_bad_hand_over_values_are_ignored(alice_client, calves):
    response = alice_client.get(NEW, {"started_at": "yesterday", "item": "roll-calves-test:x:done"})
    assert response.status_code == 200
    assert response.context["form"].initial["date"] == dt.date(2026, 11, 18)
    assert not any(f.initial for f in response.context["formset"].forms)


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_hand_over_with_someone_elses_or_no_enrolment_is_404(alice_client, bob, value):
    assert alice_client.get(NEW, {"enrolment": value}).status_code == 404
    bobs = EnrolmentFactory(user=bob)
    assert alice_client.get(NEW, {"enrolment": bobs.pk}).status_code == 404


def test_the_session_page_shows_the_details_and_a_pain_caution(alice_client, alice, calves):
    session = SessionLogFactory(user=alice, pain_before=3, pain_after=6, notes="Sore after.")
    ExerciseLogFactory(session=session, exercise=calves, seconds_done=120)
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Roll the calves" in html
    assert "Sore after." in html
    assert "Never stretch in pain" in html
    assert "physiotherapist or doctor" in html


def test_no_caution_when_pain_went_down(alice_client, alice):
    session = SessionLogFactory(user=alice, pain_before=5, pain_after=3)
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Go gently next time" not in html


@pytest.mark.parametrize(("before", "after", "points"), [(7, 3, 4), (3, 1, 2)])
def test_a_session_whose_pain_fell_says_what_happened(alice_client, alice, before, after, points):
    session = SessionLogFactory(user=alice, pain_before=before, pain_after=after)
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert f"Your pain was {points} points lower after." in html
    assert "helped" not in html  # a fall after a session is not proof the session did it
    assert "Go gently next time" not in html


def test_high_pain_after_keeps_the_caution(alice_client, alice):
    session = SessionLogFactory(user=alice, pain_before=8, pain_after=7)
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Go gently next time" in html
    assert "Your pain was high after this session." in html


def test_the_caution_says_what_to_do_next_time_and_when_to_see_someone(alice_client, alice):
    session = SessionLogFactory(user=alice, pain_before=2, pain_after=8)
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Your pain was 6 points higher after this session than before." in html
    assert "flare-day short version" in html
    assert "See a doctor or physiotherapist promptly" in html
    assert "NHS back-pain page" in html


def test_the_log_form_shows_the_caution_before_a_session_without_javascript(alice_client, alice):
    html = alice_client.get(NEW).content.decode()
    assert 'data-before-caution data-flags="00000001111" data-watch="pain_before"' in html
    assert "we show this for pain of 7 or more before a session. It is a reminder" in html
    assert "js/pain-caution.js" in html
    session = SessionLogFactory(user=alice)
    edit = alice_client.get(reverse("progress:edit", args=[session.pk])).content.decode()
    assert "data-before-caution" not in edit


def test_the_caution_shows_right_after_saving(alice_client, calves):
    response = alice_client.post(NEW, log_data(pain_before="2", pain_after="8"), follow=True)
    assert "Go gently next time" in response.content.decode()


def test_edit_changes_the_session_and_replaces_its_rows(alice_client, alice, calves, leg_raise):
    session = SessionLogFactory(user=alice, total_seconds=999)
    ExerciseLogFactory(session=session, exercise=calves, seconds_done=999)
    form = alice_client.get(reverse("progress:edit", args=[session.pk])).context["form"]
    assert "idempotency_key" not in form.fields
    data = log_data(
        rows=[
            {"exercise": "leg-raise-test", "reps": "12"},
            {"exercise": "roll-calves-test", "seconds": "30"},
        ],
        pain_after="1",
        notes="Edited.",
    )
    response = alice_client.post(reverse("progress:edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.pain_after, session.notes, session.total_seconds) == (1, "Edited.", 30)
    assert list(session.exercises.values_list("exercise__slug", flat=True)) == [
        "leg-raise-test",
        "roll-calves-test",
    ]
    assert SessionLog.objects.count() == 1


def test_an_edit_that_keeps_the_time_keeps_the_zone_and_day_it_was_logged_in(
    alice_client, alice, calves
):
    started = dt.datetime(2026, 11, 18, 3, 30, tzinfo=dt.UTC)  # 22:30 on the 17th in New York
    session = SessionLogFactory(
        user=alice, started_at=started, local_date=dt.date(2026, 11, 17), time_zone=TRAVEL
    )
    edit = reverse("progress:edit", args=[session.pk])
    form = alice_client.get(edit).context["form"]
    when = {
        "date": form.initial["date"].isoformat(),
        "time": form.initial["time"].strftime("%H:%M"),
    }
    alice_client.post(edit, log_data(notes="Jet lag.", **when))
    session.refresh_from_db()
    assert (session.notes, session.started_at) == ("Jet lag.", started)
    assert (session.time_zone, session.local_date) == (TRAVEL, dt.date(2026, 11, 17))
    alice_client.post(edit, log_data(date="2026-11-18", time="09:00"))  # a new time, in London
    session.refresh_from_db()
    assert (session.time_zone, session.local_date) == ("Europe/London", dt.date(2026, 11, 18))


def test_a_bad_edit_changes_nothing(alice_client, alice, calves):
    session = SessionLogFactory(user=alice, pain_after=3)
    ExerciseLogFactory(session=session, exercise=calves, seconds_done=60)
    alice_client.post(reverse("progress:edit", args=[session.pk]), log_data(pain_after="12"))
    session.refresh_from_db()
    assert session.pain_after == 3
    assert session.exercises.get().seconds_done == 60


def test_delete_asks_first_then_deletes_on_post(alice_client, alice, calves):
    session = SessionLogFactory(user=alice)
    ExerciseLogFactory(session=session, exercise=calves)
    url = reverse("progress:delete", args=[session.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "Delete this session?" in page.content.decode()
    assert SessionLog.objects.count() == 1
    response = alice_client.post(url, follow=True)
    assert SessionLog.objects.count() == 0
    assert ExerciseLog.objects.count() == 0
    assert response.redirect_chain[-1][0] == "/history/2026-W47/"
    assert "Session deleted." in response.content.decode()


@pytest.mark.parametrize("name", ["progress:session", "progress:edit", "progress:delete"])
def test_another_persons_session_is_404_everywhere(alice_client, bob, name):
    theirs = SessionLogFactory(user=bob, notes="private")
    assert alice_client.get(reverse(name, args=[theirs.pk])).status_code == 404
    if name != "progress:session":
        assert alice_client.post(reverse(name, args=[theirs.pk]), log_data()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.notes == "private"


@pytest.mark.parametrize("name", ["progress:new", "progress:history", "export"])
def test_pages_need_a_signed_in_person(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_posts_without_a_csrf_token_are_refused(alice, calves):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    session = SessionLogFactory(user=alice)
    assert client.post(NEW, log_data()).status_code == 403
    assert client.post(reverse("progress:edit", args=[session.pk]), log_data()).status_code == 403
    assert client.post(reverse("progress:delete", args=[session.pk])).status_code == 403
    assert SessionLog.objects.count() == 1


def test_new_form_runs_a_fixed_number_of_queries(
    alice_client, enrolment, django_assert_num_queries
):
    # The usual pain before a session (for the caution) is one query on each.
    with django_assert_num_queries(6):  # the library's moves, cached per library version
        alice_client.get(NEW)
    with django_assert_num_queries(5):  # the version's look-up instead of the moves
        alice_client.get(NEW)
    with django_assert_num_queries(7):
        alice_client.get(NEW, {"enrolment": enrolment.pk, "item": "roll-calves-test:60:done"})


def test_a_session_post_runs_a_fixed_number_of_queries(
    alice_client, alice, enrolment, frozen_now, django_assert_num_queries
):
    alice_client.get(NEW)  # the library's moves cached
    data = log_data(enrolment=str(enrolment.pk))
    # Session, person, library version, the enrolment chosen; then in one transaction the
    # session, the person's data_version, the exercise rows and the week's summaries (4),
    # between a savepoint and its release (a transaction of its own outside the test's).
    with django_assert_num_queries(13):
        assert alice_client.post(NEW, data).status_code == 302
    # Sent again: the unique key refuses the insert (savepoint, insert, rollback, release),
    # then the look-up finds the first.
    with django_assert_num_queries(9):
        response = alice_client.post(NEW, data)
    assert response.url == SessionLog.objects.get().get_absolute_url()


def test_session_page_runs_a_fixed_number_of_queries(
    alice_client, alice, calves, django_assert_num_queries
):
    session = SessionLogFactory(user=alice)
    for _ in range(12):
        ExerciseLogFactory(session=session, exercise=calves)
    with django_assert_num_queries(4):
        alice_client.get(session.get_absolute_url())


def test_a_form_without_its_key_saves_nothing_and_says_so(alice_client, calves):
    response = alice_client.post(NEW, log_data(idempotency_key="not-a-key"))
    assert SessionLog.objects.count() == 0
    assert "lost its one-time key" in response.content.decode()


def test_a_stopped_routine_logs_as_a_free_session_and_says_so(alice_client, enrolment):
    enrolment.stop(enrolment.started_on)
    page = alice_client.get(NEW, {"enrolment": enrolment.pk}).content.decode()
    assert "this logs as a free session" in page
    response = alice_client.post(NEW, log_data(enrolment=str(enrolment.pk)))
    assert response.status_code == 200
    assert "isn&#x27;t one you follow now" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_moving_a_session_to_a_routine_takes_its_phase(alice_client, alice, enrolment):
    session = SessionLogFactory(user=alice)
    ExerciseLogFactory(session=session)
    data = log_data(enrolment=str(enrolment.pk))
    alice_client.post(reverse("progress:edit", args=[session.pk]), data)
    session.refresh_from_db()
    assert (session.enrolment, session.routine, session.phase) == (
        enrolment,
        enrolment.routine,
        enrolment.phase,
    )


@pytest.mark.parametrize(
    ("person", "day", "time", "utc_hour"),
    [
        ("alice", "2026-03-29", "01:30", 1),  # London's skipped hour: read as before the change
        ("bob", "2026-11-01", "01:30", 5),  # New York's repeated hour: the first one
    ],
)
def test_times_in_a_daylight_saving_change_are_saved_on_the_right_day(
    client, alice, bob, calves, person, day, time, utc_hour
):
    client.force_login(alice if person == "alice" else bob)
    client.post(NEW, log_data(date=day, time=time))
    session = SessionLog.objects.get()
    assert session.local_date == dt.date.fromisoformat(day)
    assert session.started_at.astimezone(dt.UTC).hour == utc_hour


def _rows_shown(response) -> int:
    return response.content.decode().count("<legend>Exercise ")


def test_the_blank_form_shows_one_row_and_a_hand_over_no_spare_rows(alice_client, enrolment):
    assert _rows_shown(alice_client.get(NEW)) == 1
    handed = alice_client.get(NEW, {"enrolment": enrolment.pk})
    assert _rows_shown(handed) == 2  # the routine's two exercises, no blank extras


def test_add_exercise_shows_one_more_row_keeping_what_was_typed_and_saves_nothing(
    alice_client, calves, django_assert_num_queries
):
    data = log_data(rows=[{"exercise": "roll-calves-test", "seconds": "ten"}], notes="Stiff.")
    data["add_row"] = "1"
    # session, user, library version, moves, enrolments ×2, the usual pain before
    with django_assert_num_queries(7):
        response = alice_client.post(NEW, data)
    assert response.status_code == 200
    assert SessionLog.objects.count() == 0
    html = response.content.decode()
    assert _rows_shown(response) == 4  # the three sent (one filled, two blank) and a new one
    assert 'value="ten"' in html and "Stiff." in html
    assert 'value="roll-calves-test" selected' in html
    assert "errorlist" not in html and "error-summary" not in html  # not validated yet


def test_the_error_summary_links_each_error_to_its_field(alice_client, calves):
    data = log_data(
        rows=[{"exercise": "roll-calves-test", "seconds": "-30"}],
        date="2030-01-01",
        pain_before="11",
    )
    response = alice_client.post(NEW, data)
    assert response.context["errors"] == [
        ("id_date", "Date: That date is in the future."),
        ("id_pain_before_0", "Pain before: Pain is a whole number from 0 to 10."),
        ("id_rows-0-seconds", "Exercise 1, time done: Time can't be negative."),
    ]
    html = response.content.decode()
    assert 'tabindex="-1" autofocus aria-labelledby="error-summary-heading"' in html
    assert (
        '<a href="#id_rows-0-seconds">Exercise 1, time done: Time can&#x27;t be negative.</a>'
        in html
    )


def test_an_unreadable_date_or_time_is_not_written_back_into_the_input(alice_client, calves):
    response = alice_client.post(NEW, log_data(date="32/13/2026", time="25:99"))
    html = response.content.decode()
    assert 'value="25:99"' not in html and 'value="32/13/2026"' not in html
    assert response.context["form"].errors.keys() == {"date", "time"}


def test_a_readable_date_in_another_format_is_shown_as_the_date_input_wants(alice_client):
    response = alice_client.post(NEW, log_data(date="18/11/2026", rows=[]))
    assert 'value="2026-11-18"' in response.content.decode()


def test_saving_an_edit_with_its_rows_unchanged_keeps_them(alice_client, alice, calves):
    session = SessionLogFactory(user=alice)
    ExerciseLogFactory(session=session, exercise=calves, seconds_done=90)
    url = reverse("progress:edit", args=[session.pk])
    data = log_data(rows=[{"exercise": "roll-calves-test", "seconds": "1 min 30 s"}], notes="New.")
    del data["idempotency_key"]
    assert alice_client.post(url, data).status_code == 302
    assert session.exercises.get().seconds_done == 90


@pytest.mark.parametrize(
    ("seconds", "shown"), [(45, "45 s"), (60, "1 min"), (90, "1 min 30 s"), (3600, "60 min")]
)
def test_times_are_shown_with_their_unit_and_read_back_the_same(seconds, shown):
    assert format_duration(seconds) == shown
    assert DurationField().clean(shown) == seconds


def test_a_session_sent_later_from_the_device_is_refused_with_its_errors_as_words(
    alice_client, calves
):
    data = log_data(rows=[{"exercise": "no-such-move", "seconds": "30"}], date="")
    response = alice_client.post(NEW, data, headers={"X-Limber-Sync": "1"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(error.startswith("Date:") for error in errors)
    assert any(error.startswith("Row 1:") for error in errors)
    assert not SessionLog.objects.exists()


def test_a_hand_over_with_a_superscript_pain_is_ignored_not_a_500(alice_client):
    response = alice_client.get(NEW, {"pain_before": "²", "pain_after": "9" * 5000})
    assert response.status_code == 200
    assert response.context["form"].initial.get("pain_before") is None


# A routine's moves, whichever page the form was opened from; one unit's box a row ----------


def _unit_boxes(html: str) -> list[tuple[str, bool]]:
    """Each row's time and reps boxes in order, with whether each is shown."""
    return [
        (unit, hidden == "")
        for unit, hidden in re.findall(r'data-unit-field="(\w+)"( hidden)?', html)
    ]


def test_a_routines_rows_show_time_for_a_hold_and_reps_for_a_rep_move_only(alice_client, enrolment):
    html = alice_client.get(NEW, {"enrolment": enrolment.pk}).content.decode()
    assert _unit_boxes(html) == [
        ("seconds", True),  # the calf roll: time
        ("reps", False),
        ("seconds", False),  # the leg raise: reps
        ("reps", True),
    ]
    assert 'value="leg-raise-test" data-unit="reps" selected' in html


def test_a_blank_row_shows_both_boxes_until_a_move_is_chosen(alice_client):
    html = alice_client.get(NEW).content.decode()
    assert _unit_boxes(html) == [("seconds", True), ("reps", True)]


def test_fill_in_its_moves_puts_the_chosen_routines_moves_in_keeping_the_rest(
    alice_client, enrolment, django_assert_num_queries
):
    data = log_data(enrolment=str(enrolment.pk), notes="After the walk.")
    data["fill_routine"] = "1"
    # session, user, library version, moves, the chosen routine, its items, enrolments ×2,
    # the person's usual pain before (the caution before a session)
    with django_assert_num_queries(9):
        response = alice_client.post(NEW, data)
    assert response.status_code == 200
    assert not SessionLog.objects.exists()
    rows = response.context["formset"].initial
    assert [(row["exercise"], row.get("seconds"), row.get("reps")) for row in rows] == [
        ("roll-calves-test", 90, None),
        ("leg-raise-test", None, 40),
    ]
    html = response.content.decode()
    assert "Filled in the moves of" in html
    assert "After the walk." in html and "errorlist" not in html
    assert f'<option value="{enrolment.pk}" selected>' in html
    assert re.search(r'<select name="enrolment"[^>]* autofocus', html)


def test_fill_in_its_moves_without_a_routine_keeps_what_was_typed(alice_client, calves):
    data = log_data(rows=[{"exercise": "roll-calves-test", "seconds": "75"}])
    data["fill_routine"] = "1"
    response = alice_client.post(NEW, data)
    typed = response.context["formset"].initial
    assert [(row["exercise"], row["seconds"]) for row in typed] == [
        ("roll-calves-test", "75"),
        ("", ""),  # log_data's two blank rows, as sent
        ("", ""),
    ]
    assert "Filled in" not in response.content.decode()


def test_fill_in_its_moves_refuses_someone_elses_routine(client, bob, enrolment):
    client.force_login(bob)
    data = log_data(enrolment=str(enrolment.pk))
    data["fill_routine"] = "1"
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert response.context["formset"].initial[0]["exercise"] == "roll-calves-test"
    assert "Filled in" not in response.content.decode()


def test_a_hold_keeps_its_time_alone_and_a_rep_move_its_reps(alice_client, enrolment):
    rows = [
        {"exercise": "roll-calves-test", "seconds": "90", "reps": "12"},
        {"exercise": "leg-raise-test", "seconds": "60", "reps": "20", "side": "both"},
    ]
    alice_client.post(NEW, log_data(rows=rows))
    saved = SessionLog.objects.get().exercises.order_by("order")
    assert list(saved.values_list("seconds_done", "reps_done")) == [(90, None), (None, 20)]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"exercise": "roll-calves-test", "reps": "12"}, "seconds", "This move is timed"),
        ({"exercise": "leg-raise-test", "seconds": "60"}, "reps", "This move counts reps"),
    ],
)
def test_only_the_other_units_amount_says_which_one_the_move_takes(
    alice_client, calves, leg_raise, row, field, message
):
    response = alice_client.post(NEW, log_data(rows=[row]))
    assert not SessionLog.objects.exists()
    errors = response.context["formset"].forms[0].errors
    assert message in errors[field][0]
    assert _unit_boxes(response.content.decode())[0 if field == "seconds" else 1] == (field, True)


def test_a_routines_rows_log_the_time_of_the_holds_not_of_the_rests_between_them(
    alice_client, alice
):
    stretch = ExerciseFactory(
        slug="stretch-test", sets=3, seconds_min=20, seconds_max=30, per_side=True
    )
    phase = PhaseFactory()
    RoutineItemFactory(
        phase=phase, exercise=stretch, sets=3, seconds_max=30, per_side=True, rest_seconds=10
    )
    enrolment = EnrolmentFactory(user=alice, phase=phase)
    response = alice_client.get(NEW, {"enrolment": enrolment.pk})
    [row] = response.context["formset"].initial
    assert row["seconds"] == 3 * 30 * 2  # the rests (4 × 10 s) aren't time done
