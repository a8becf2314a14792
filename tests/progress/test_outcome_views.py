"""The person's PSFS activities and the weekly check-in: pages, Today, History, the report,
the export, and who may see what (progress/outcome_views.py)."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User, bump_data_version
from progress.models import CheckIn, PsfsActivity, PsfsNotNow, PsfsRating
from tests.factories import EnrolmentFactory, PhaseFactory, SessionLogFactory, UserFactory

# Wednesday 18 Nov 2026, 14:00 in London: last week ran Mon 9 – Sun 15 Nov ("2026-W46").
NOW = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 18)
LAST_WEEK = "2026-W46"
ACTIVITIES = "/activities/"
RATE = "/activities/rate/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def named(user, name="Putting on socks", score=3, day=TODAY - dt.timedelta(days=14)):
    activity = PsfsActivity.objects.create(user=user, name=name, created_on=day)
    PsfsRating.objects.create(activity=activity, day=day, score=score)
    return activity


@pytest.fixture
def routine(alice):
    """Two days a week asked, one done last week: under target."""
    phase = PhaseFactory(routine__name="Morning routine", sessions_per_week_min=2)
    enrolment = EnrolmentFactory(user=alice, phase=phase, started_on=dt.date(2026, 11, 1))
    SessionLogFactory(
        user=alice, enrolment=enrolment, started_at=dt.datetime(2026, 11, 10, 8, tzinfo=dt.UTC)
    )
    return enrolment


# Naming activities ----------------------------------------------------------------------


def test_the_activities_page_asks_with_the_scales_anchors_and_citation(
    alice_client, django_assert_num_queries
):
    # session, user, activities, ratings
    with django_assert_num_queries(4):
        response = alice_client.get(ACTIVITIES)
    text = response.content.decode()
    assert "What do you want to get back to?" in text
    assert "0 means unable to perform the activity" in text
    assert "same level as before the problem" in text
    assert "Physiotherapy Canada" in text and "Free to use with the citation" in text
    assert 'name="score"' in text and "<legend>" in text


def test_naming_an_activity_rates_it_today(alice_client, alice):
    response = alice_client.post(ACTIVITIES, {"name": "Putting on socks", "score": "3"})
    assert response.status_code == 302
    activity = PsfsActivity.objects.get(user=alice)
    assert (activity.name, activity.created_on) == ("Putting on socks", TODAY)
    assert list(activity.ratings.values_list("day", "score")) == [(TODAY, 3)]


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Walking", "score": "11"},
        {"name": "Walking", "score": "-1"},
        {"name": "Walking", "score": "abc"},
        {"name": "Walking", "score": ""},
        {"name": "", "score": "5"},
        {"name": "   ", "score": "5"},
        {"name": "x" * 81, "score": "5"},
    ],
)
def test_a_bad_activity_is_refused_with_a_message_and_nothing_written(alice_client, data):
    response = alice_client.post(ACTIVITIES, data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not PsfsActivity.objects.exists()
    assert not PsfsRating.objects.exists()


def test_a_sixth_activity_is_refused(alice_client, alice):
    for n in range(5):
        named(alice, f"Activity {n}")
    response = alice_client.post(ACTIVITIES, {"name": "One more", "score": "5"})
    assert response.status_code == 400
    assert "retire one to add another" in response.content.decode()
    assert PsfsActivity.objects.count() == 5


def test_the_add_form_sent_twice_adds_one_activity_and_says_so(alice_client, alice):
    data = {"name": "Putting on socks", "score": "3"}
    assert alice_client.post(ACTIVITIES, data).status_code == 302
    again = alice_client.post(ACTIVITIES, {"name": "putting ON socks", "score": "3"})
    assert again.status_code == 400
    assert "is already on your list" in again.content.decode()
    assert PsfsActivity.objects.count() == 1
    assert PsfsRating.objects.count() == 1


def test_a_retired_activity_makes_room_for_a_new_one(alice_client, alice):
    for n in range(5):
        named(alice, f"Activity {n}")
    alice_client.post(f"/activities/{PsfsActivity.objects.first().pk}/retire/")
    assert alice_client.post(ACTIVITIES, {"name": "One more", "score": "5"}).status_code == 302
    assert PsfsActivity.objects.active().count() == 5


def test_rename_keeps_the_ratings(alice_client, alice):
    activity = named(alice)
    response = alice_client.post(f"/activities/{activity.pk}/rename/", {"name": "Socks on"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.name == "Socks on" and activity.ratings.count() == 1


def test_an_empty_new_name_is_refused(alice_client, alice):
    activity = named(alice)
    response = alice_client.post(f"/activities/{activity.pk}/rename/", {"name": ""})
    assert response.status_code == 400
    assert "Name the activity" in response.content.decode()
    activity.refresh_from_db()
    assert activity.name == "Putting on socks"


def test_retiring_keeps_the_activity_and_its_ratings(alice_client, alice):
    activity = named(alice)
    assert alice_client.post(f"/activities/{activity.pk}/retire/").status_code == 302
    activity.refresh_from_db()
    assert activity.retired_on == TODAY and activity.ratings.count() == 1


@pytest.mark.parametrize("action", ["rename", "retire"])
def test_another_persons_or_a_retired_activity_is_not_found(alice_client, alice, bob, action):
    theirs = named(bob)
    retired = named(alice, "Old one")
    retired.retired_on = TODAY
    retired.save()
    for activity in (theirs, retired):
        response = alice_client.post(f"/activities/{activity.pk}/{action}/", {"name": "Mine"})
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.retired_on) == ("Putting on socks", None)


def test_signed_out_the_pages_ask_to_sign_in(client, bob):
    activity = named(bob)
    for url in (ACTIVITIES, RATE, f"/check-in/{LAST_WEEK}/"):
        assert client.get(url).status_code == 302
    assert client.post(f"/activities/{activity.pk}/retire/").status_code == 302
    assert PsfsActivity.objects.active().count() == 1


# Rating again ---------------------------------------------------------------------------


def test_the_rating_screen_has_one_fieldset_per_activity(
    alice_client, alice, django_assert_num_queries
):
    named(alice, "Putting on socks")
    named(alice, "A 30-minute walk")
    with django_assert_num_queries(3):  # session, user, active activities
        text = alice_client.get(RATE).content.decode()
    assert text.count("<fieldset") == 2
    assert "<legend>Putting on socks</legend>" in text
    assert "<legend>A 30-minute walk</legend>" in text
    assert text.count('type="radio"') == 22


def test_rating_again_saves_todays_ratings_and_a_second_replaces_them(alice_client, alice):
    socks, walk = named(alice, "Socks"), named(alice, "Walk")
    data = {f"score-{socks.pk}": "6", f"score-{walk.pk}": "4"}
    assert alice_client.post(RATE, data).status_code == 302
    assert alice_client.post(RATE, {f"score-{socks.pk}": "7"}).status_code == 302
    today = dict(PsfsRating.objects.filter(day=TODAY).values_list("activity_id", "score"))
    assert today == {socks.pk: 7, walk.pk: 4}


@pytest.mark.parametrize("score", ["11", "-1", "abc", "5.5"])
def test_a_bad_score_is_refused_and_nothing_written(alice_client, alice, score):
    socks, walk = named(alice, "Socks"), named(alice, "Walk")
    response = alice_client.post(RATE, {f"score-{socks.pk}": "6", f"score-{walk.pk}": score})
    assert response.status_code == 400
    assert "Choose a score from 0 to 10." in response.content.decode()
    assert not PsfsRating.objects.filter(day=TODAY).exists()


def test_a_retired_or_another_persons_activity_cannot_be_rated(alice_client, alice, bob):
    named(alice, "Socks")
    retired = named(alice, "Old")
    retired.retired_on = TODAY
    retired.save()
    theirs = named(bob)
    response = alice_client.post(RATE, {f"score-{retired.pk}": "5", f"score-{theirs.pk}": "5"})
    assert response.status_code == 400
    assert "at least one activity" in response.content.decode()
    assert not PsfsRating.objects.filter(day=TODAY).exists()


def test_with_nothing_to_rate_the_screen_sends_to_the_activities(alice_client):
    response = alice_client.get(RATE)
    assert response.status_code == 302 and response["Location"] == ACTIVITIES


def test_today_asks_to_rate_again_after_two_weeks_until_not_now(alice_client, alice):
    named(alice, day=TODAY - dt.timedelta(days=13))
    assert "how are your activities going?" not in alice_client.get("/today/").text
    PsfsRating.objects.update(day=TODAY - dt.timedelta(days=14))
    bump_data_version(alice.pk)  # a bulk update sends no signal
    assert "how are your activities going?" in alice_client.get("/today/").text
    assert alice_client.post("/activities/not-now/").status_code == 302
    assert PsfsNotNow.objects.get(user=alice).until > TODAY
    assert "how are your activities going?" not in alice_client.get("/today/").text
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert "how are your activities going?" not in alice_client.get("/today/").text
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert "how are your activities going?" in alice_client.get("/today/").text


def test_rating_moves_the_cached_today_on(alice_client, alice):
    activity = named(alice)
    assert "how are your activities going?" in alice_client.get("/today/").text
    alice_client.post(RATE, {f"score-{activity.pk}": "6"})
    assert "how are your activities going?" not in alice_client.get("/today/").text


# The weekly check-in --------------------------------------------------------------------


def test_today_shows_last_week_against_target_with_the_question(alice_client, routine):
    text = alice_client.get("/today/").text
    assert "1 of 2 days of Morning routine." in text
    assert "What got in the way of Morning routine?" in text
    for answer in ("No time", "Pain or a flare", "Forgot", "Not sure how to do it", "Not for me"):
        assert f">{answer}</button>" in text


def test_on_target_today_gives_specific_credit_and_no_question(alice_client, alice, routine):
    SessionLogFactory(
        user=alice, enrolment=routine, started_at=dt.datetime(2026, 11, 12, 8, tzinfo=dt.UTC)
    )
    text = alice_client.get("/today/").text
    assert "2 of 2 days of Morning routine — on target." in text
    assert "What got in the way" not in text


def test_today_with_the_check_in_and_rerating_in_fixed_queries(
    alice_client, alice, routine, django_assert_num_queries
):
    named(alice)
    alice_client.get("/today/")
    bump_data_version(alice.pk)
    # session, user, library version, enrolments (with last week's days), pain scores;
    # the ratings' age, "Not now", the routines' pauses, last week's answers
    with django_assert_num_queries(9):
        response = alice_client.get("/today/")
    assert "What got in the way" in response.text
    assert "how are your activities going?" in response.text


@pytest.mark.parametrize(
    ("answer", "lands_on"),
    [
        ("forgot", "/reminders/{pk}/?next=/today/"),
        ("no_time", "/today/?short={pk}"),
        ("pain", "/red-flags/"),
        ("unsure", "/today/{pk}/session/"),
        ("not_for_me", "/routines/"),
        ("other", "/today/"),
    ],
)
def test_each_answer_is_stored_and_leads_to_its_suggestion(
    alice_client, alice, routine, answer, lands_on
):
    data = {"routine": routine.pk, "answer": answer, "text": "Busy week at work"}
    response = alice_client.post(f"/check-in/{LAST_WEEK}/", data)
    assert response.status_code == 302
    assert response["Location"] == lands_on.format(pk=routine.pk)
    row = CheckIn.objects.get(user=alice)
    assert (row.week_start, row.enrolment, row.answer) == (dt.date(2026, 11, 9), routine, answer)
    assert (row.routine_name, row.done, row.needed) == ("Morning routine", 1, 2)
    assert row.text == ("Busy week at work" if answer == "other" else "")
    assert "What got in the way" not in alice_client.get("/today/").text


def test_answering_twice_keeps_one_answer(alice_client, alice, routine):
    url = f"/check-in/{LAST_WEEK}/"
    alice_client.post(url, {"routine": routine.pk, "answer": "forgot"})
    alice_client.post(url, {"routine": routine.pk, "answer": "no_time"})
    assert list(CheckIn.objects.values_list("answer", flat=True)) == ["no_time"]


def test_putting_the_check_in_away_hides_it_until_next_week(alice_client, alice, routine):
    response = alice_client.post(f"/check-in/{LAST_WEEK}/", {"answer": "closed"})
    assert response.status_code == 302 and response["Location"] == "/today/"
    assert "What got in the way" not in alice_client.get("/today/").text
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        assert "Last week, 16 Nov" in alice_client.get("/today/").text


@pytest.mark.parametrize(
    "data",
    [
        {"answer": "forgot"},  # which routine?
        {"routine": "{pk}", "answer": ""},
        {"routine": "{pk}", "answer": "lazy"},
        {"routine": "{pk}", "answer": "other", "text": "x" * 201},
        {"routine": "abc", "answer": "forgot"},
        {"routine": "{theirs}", "answer": "forgot"},
    ],
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_written(
    alice_client, routine, bob, data
):
    theirs = EnrolmentFactory(user=bob, started_on=dt.date(2026, 11, 1))
    data = {k: v.format(pk=routine.pk, theirs=theirs.pk) for k, v in data.items()}
    response = alice_client.post(f"/check-in/{LAST_WEEK}/", data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.text
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("label", ["2026-W47", "2026-W48", "2026-W99", "1999-W01"])
def test_only_a_finished_week_has_a_check_in(alice_client, routine, label):
    assert alice_client.get(f"/check-in/{label}/").status_code == 404
    assert alice_client.post(f"/check-in/{label}/", {"answer": "closed"}).status_code == 404
    assert not CheckIn.objects.exists()


def test_the_check_in_page_in_fixed_queries(alice_client, routine, django_assert_num_queries):
    # session, user, enrolments, pauses, the week's days, the week's answers
    with django_assert_num_queries(6):
        response = alice_client.get(f"/check-in/{LAST_WEEK}/")
    assert "1 of 2 days of Morning routine." in response.text


def test_another_persons_check_in_never_shows(alice_client, bob, routine):
    CheckIn.objects.create(user=bob, week_start=dt.date(2026, 11, 9), answer="other", text="bob")
    assert "bob" not in alice_client.get(f"/check-in/{LAST_WEEK}/").text
    assert "bob" not in alice_client.get("/history/").text


# History, the report, the export, deleting the account ------------------------------------


def two_weeks_of_ratings(user):
    socks = named(user, "Putting on socks", 3, dt.date(2026, 11, 2))
    walk = named(user, "A 30-minute walk", 4, dt.date(2026, 11, 2))
    PsfsRating.objects.create(activity=socks, day=dt.date(2026, 11, 16), score=6)
    PsfsRating.objects.create(activity=walk, day=dt.date(2026, 11, 16), score=5)


def test_history_shows_each_change_the_average_and_the_threshold(
    alice_client, alice, routine, django_assert_num_queries
):
    two_weeks_of_ratings(alice)
    CheckIn.objects.create(
        user=alice,
        week_start=dt.date(2026, 11, 9),
        enrolment=routine,
        routine_name="Morning routine",
        done=1,
        needed=2,
        answer="forgot",
    )
    # The page as before (session, user, library version, sessions, rows, enrolments,
    # pauses, weeks, areas), then activities, ratings and check-ins
    with django_assert_num_queries(12):
        text = alice_client.get("/history/").text
    assert "Putting on socks: 3 → 6 since 2 Nov" in text
    assert "A 30-minute walk: 4 → 5 since 2 Nov" in text
    assert "Average: 3.5 → 5.5 since 2 Nov" in text
    assert text.count("a meaningful change") == 2  # socks (3 points) and the average (2)
    assert "A change of 2 points or more in the average" in text.replace("a change", "A change")
    assert "Week of 9 Nov" in text
    assert "Morning routine: 1 of 2 days — forgot" in text


def test_the_report_includes_activities_and_check_ins(alice_client, alice, routine):
    two_weeks_of_ratings(alice)
    CheckIn.objects.create(
        user=alice, week_start=dt.date(2026, 11, 9), enrolment=routine,
        routine_name="Morning routine", done=1, needed=2, answer="other", text="A cold",
    )  # fmt: skip
    text = alice_client.get("/history/report/").text
    assert "Putting on socks: 3 → 6 since 2 Nov" in text
    assert "Average: 3.5 → 5.5" in text
    assert "Morning routine: 1 of 2 days — what got in the way: other: “A cold”" in text


def test_the_export_includes_activities_ratings_and_check_ins(alice_client, alice, routine):
    two_weeks_of_ratings(alice)
    CheckIn.objects.create(user=alice, week_start=dt.date(2026, 11, 9), answer="closed")
    response = alice_client.get("/accounts/export/", {"format": "outcomes-json"})
    data = json.loads(b"".join(response.streaming_content))
    assert [a["name"] for a in data["activities"]] == ["Putting on socks", "A 30-minute walk"]
    assert data["activities"][0]["ratings"] == [
        {"date": "2026-11-02", "score": 3},
        {"date": "2026-11-16", "score": 6},
    ]
    assert data["check_ins"][0]["answer"] == "closed"
    assert response["Content-Disposition"].endswith('limber-outcomes-2026-11-18.json"')
    csv = b"".join(
        alice_client.get("/accounts/export/", {"format": "outcomes-csv"}).streaming_content
    )
    lines = csv.decode().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("record,date,activity,score")
    assert len(lines) == 1 + 4 + 1


def test_the_export_page_offers_the_outcomes(alice_client):
    text = alice_client.get("/accounts/export/").text
    assert "?format=outcomes-csv" in text and "?format=outcomes-json" in text


def test_deleting_the_account_deletes_activities_ratings_and_check_ins(alice, routine):
    two_weeks_of_ratings(alice)
    CheckIn.objects.create(user=alice, week_start=dt.date(2026, 11, 9), answer="closed")
    PsfsNotNow.objects.create(user=alice, until=TODAY)
    User.objects.filter(pk=alice.pk).delete()
    assert not PsfsActivity.objects.exists() and not PsfsRating.objects.exists()
    assert not CheckIn.objects.exists() and not PsfsNotNow.objects.exists()


# The first routine --------------------------------------------------------------------


def test_a_first_routine_offers_the_activities_then_a_second_does_not(alice_client, alice):
    first = PhaseFactory().routine
    response = alice_client.post(reverse("routines:enrol", args=[first.slug]))
    assert response["Location"] == f"/activities/?first=1&next=%2Froutines%2F{first.slug}%2F"
    page = alice_client.get(response["Location"]).text
    assert "Skip for now" in page and f'href="/routines/{first.slug}/"' in page
    second = PhaseFactory().routine
    response = alice_client.post(reverse("routines:enrol", args=[second.slug]))
    assert response["Location"] == f"/routines/{second.slug}/"


def test_a_new_person_names_activities_from_the_first_routine_page(alice_client, alice):
    url = "/activities/?first=1&next=/today/"
    response = alice_client.post(url, {"name": "Putting on socks", "score": "3"})
    assert response["Location"] == url
    text = alice_client.get(url).text
    assert "<h3>Putting on socks</h3>" in text and "3 on 18 Nov" in text
    assert 'href="/today/">Done</a>' in text


def test_a_next_elsewhere_is_not_followed(alice_client):
    text = alice_client.get("/activities/?first=1&next=https://evil.example/").text
    assert "evil.example" not in text.split("Skip for now")[0].rsplit("<a", 1)[-1]


@pytest.mark.parametrize("week_start", [0, 6])
def test_sunday_weeks_ask_about_their_own_last_week(client, db, week_start):
    person = UserFactory(time_zone="Europe/London", week_start=week_start)
    enrolment = EnrolmentFactory(user=person, started_on=dt.date(2026, 11, 1))
    client.force_login(person)
    label = "2026-W46"  # Mon 9 – Sun 15 Nov, or Sun 8 – Sat 14 Nov
    response = client.post(f"/check-in/{label}/", {"routine": enrolment.pk, "answer": "forgot"})
    assert response.status_code == 302
    first = dt.date(2026, 11, 9) if week_start == 0 else dt.date(2026, 11, 8)
    assert CheckIn.objects.get().week_start == first


def test_the_report_measures_from_a_rating_before_its_period(alice_client, alice):
    socks = named(alice, "Putting on socks", 3, dt.date(2026, 9, 1))
    PsfsRating.objects.create(activity=socks, day=dt.date(2026, 11, 16), score=7)
    PsfsRating.objects.create(activity=socks, day=TODAY, score=8)
    period = {"start": "2026-10-01", "end": "2026-11-16"}
    text = alice_client.get("/history/report/", period).text
    assert "Putting on socks: 3 → 7 since 1 Sep" in text


def test_a_new_rating_or_answer_moves_the_cached_history_on(alice_client, alice, routine):
    socks = named(alice, "Putting on socks", 3, dt.date(2026, 11, 2))
    assert "3 → 6" not in alice_client.get("/history/").text
    alice_client.post(RATE, {f"score-{socks.pk}": "6"})
    assert "Putting on socks: 3 → 6 since 2 Nov" in alice_client.get("/history/").text
    alice_client.post(f"/check-in/{LAST_WEEK}/", {"routine": routine.pk, "answer": "pain"})
    assert "Morning routine: 1 of 2 days — pain or a flare" in alice_client.get("/history/").text


def test_the_export_holds_only_the_persons_own_outcomes(alice_client, alice, bob):
    named(bob, "Bob's stairs")
    CheckIn.objects.create(user=bob, week_start=dt.date(2026, 11, 9), answer="other", text="bob")
    response = alice_client.get("/accounts/export/", {"format": "outcomes-json"})
    assert json.loads(b"".join(response.streaming_content)) == {"activities": [], "check_ins": []}


def test_putting_the_check_in_away_twice_keeps_one_row(alice_client, alice, routine):
    for _ in range(2):
        alice_client.post(f"/check-in/{LAST_WEEK}/", {"answer": "closed"})
    assert CheckIn.objects.filter(user=alice, answer="closed").count() == 1
