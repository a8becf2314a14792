"""The weekly history page: days, targets, areas, charts, streak, navigation and access."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from progress import services
from progress.models import SessionLog
from tests.factories import (
    BodyAreaFactory,
    EnrolmentFactory,
    ExerciseFactory,
    ExerciseLogFactory,
    PhaseFactory,
    SessionLogFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_now")
HISTORY = "/history/"


def at(day: str, hour: int, zone=dt.UTC) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=zone)


def test_this_week_lists_sessions_by_day_with_totals(alice_client, alice, calves):
    morning = SessionLogFactory(user=alice, started_at=at("2026-11-16", 7), total_seconds=600)
    ExerciseLogFactory(session=morning, exercise=calves)
    SessionLogFactory(user=alice, started_at=at("2026-11-18", 9), total_seconds=900)
    SessionLogFactory(user=alice, started_at=at("2026-11-09", 9))  # the week before
    response = alice_client.get(HISTORY)
    context = response.context
    assert context["first"] == dt.date(2026, 11, 16)
    assert context["session_count"] == 2
    assert context["week_minutes"] == 25
    assert [len(day.sessions) for day in context["days"]] == [1, 0, 1, 0, 0, 0, 0]
    html = response.content.decode()
    assert reverse("progress:session", args=[morning.pk]) in html
    assert "Roll the calves" in html


def test_a_sunday_first_week_starts_on_sunday(alice_client, alice):
    alice.week_start = 6
    alice.save()
    SessionLogFactory(user=alice, started_at=at("2026-11-15", 10))
    context = alice_client.get(HISTORY).context
    assert context["first"] == dt.date(2026, 11, 15)
    assert context["days"][0].date == dt.date(2026, 11, 15)
    assert len(context["days"][0].sessions) == 1
    assert context["label"] == "2026-W47"


def test_sessions_land_on_the_local_day_of_the_person(client, bob):
    client.force_login(bob)  # New York
    SessionLogFactory(user=bob, started_at=at("2026-11-17", 3))  # 22:00 on the 16th locally
    days = client.get(HISTORY).context["days"]
    assert len(days[0].sessions) == 1
    assert days[0].sessions[0].started_at.hour == 22


def test_targets_read_done_of_the_weekly_range(alice_client, alice):
    phase = PhaseFactory(sessions_per_week_min=2, sessions_per_week_max=3)
    enrolment = EnrolmentFactory(user=alice, phase=phase)
    EnrolmentFactory(user=alice, status="paused")
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        SessionLogFactory(user=alice, enrolment=enrolment, started_at=at(day, 8))
    response = alice_client.get(HISTORY)
    active, paused = response.context["targets"]
    assert (active["week"].done, active["plan"].wanted, active["week"].met) == (3, "2–3", True)
    assert paused["week"].needed == 0  # paused all week (from today, its first day)
    html = response.content.decode()
    assert "3 of 2–3</strong> days" in html
    assert f"{paused['plan'].name}: paused" in html


def test_body_areas_worked_are_counted_from_the_weeks_exercises(
    alice_client, alice, calves, leg_raise
):
    session = SessionLogFactory(user=alice, started_at=at("2026-11-17", 8))
    ExerciseLogFactory(session=session, exercise=calves)
    ExerciseLogFactory(session=session, exercise=calves)
    ExerciseLogFactory(session=session, exercise=leg_raise, status="skipped")
    old = SessionLogFactory(user=alice, started_at=at("2026-11-01", 8))
    ExerciseLogFactory(session=old, exercise=leg_raise)
    [calves_time] = alice_client.get(HISTORY).context["areas"]
    assert (calves_time.name, calves_time.exercises, calves_time.seconds) == ("Calves", 2, 180)


def test_an_exercise_working_two_areas_counts_for_both_and_is_named_once(
    alice_client, alice, calves
):
    both = ExerciseFactory(
        name="Roll calves and shins",
        body_areas=[BodyAreaFactory(slug="calves-test"), BodyAreaFactory(name="Shins")],
    )
    unmapped = ExerciseFactory(name="Breathe", body_areas=[])
    session = SessionLogFactory(user=alice, started_at=at("2026-11-17", 8))
    ExerciseLogFactory(session=session, exercise=both, order=1)
    ExerciseLogFactory(session=session, exercise=unmapped, order=2)
    ExerciseLogFactory(session=session, exercise=calves, order=3)
    response = alice_client.get(HISTORY)
    areas = [(a.name, a.exercises) for a in response.context["areas"]]
    assert areas == [("Calves", 2), ("Shins", 1)]
    [row] = response.context["days"][1].sessions
    assert row.title == "Roll calves and shins, Breathe and 1 more"


def test_pain_trend_is_an_accessible_svg_with_a_table(alice_client, alice):
    SessionLogFactory(user=alice, started_at=at("2026-11-16", 8), pain_before=6, pain_after=3)
    SessionLogFactory(user=alice, started_at=at("2026-11-17", 8), pain_before=5, pain_after=2)
    html = alice_client.get(HISTORY).content.decode()
    assert 'role="img" aria-labelledby="pain-title pain-desc"' in html
    assert '<title id="pain-title">' in html
    assert "<polyline" in html
    assert "<caption>Pain before and after each session this week</caption>" in html
    assert "<td>6</td><td>3</td>" in html


def test_an_empty_week_says_so_and_points_to_today_and_the_log_form(alice_client):
    response = alice_client.get(HISTORY)
    html = response.content.decode()
    assert "No sessions logged this week yet." in html
    assert 'href="/today/"' in html
    assert 'href="/sessions/new/"' in html
    assert response.context["streak"] == 0


def test_streak_counts_weeks_on_target_and_forgives_rest_days(alice_client, alice):
    for weeks_ago in (1, 2, 3):
        monday = dt.date(2026, 11, 16) - dt.timedelta(weeks=weeks_ago)
        SessionLogFactory(user=alice, started_at=at(monday.isoformat(), 9))
    SessionLogFactory(user=alice, started_at=at("2026-10-12", 9))  # after a missed week
    response = alice_client.get(HISTORY)
    assert response.context["streak"] == 3
    SessionLogFactory(user=alice, started_at=at("2026-11-18", 9))
    assert alice_client.get(HISTORY).context["streak"] == 4


def test_overview_shows_twelve_weeks_of_minutes(alice_client, alice):
    SessionLogFactory(user=alice, started_at=at("2026-11-10", 9), total_seconds=1800)
    SessionLogFactory(user=alice, started_at=at("2026-08-31", 9), total_seconds=600)
    SessionLogFactory(user=alice, started_at=at("2026-08-20", 9), total_seconds=600)  # 13 weeks
    response = alice_client.get(HISTORY)
    overview = response.context["overview"]
    assert len(overview) == 12
    assert overview[0].first == dt.date(2026, 8, 31)
    assert [w.minutes for w in overview if w.minutes] == [10, 30]
    assert len(response.context["overview_chart"].bars) == 12
    assert '<title id="overview-title">' in response.content.decode()


def test_a_past_week_has_its_own_url_and_links_both_ways(alice_client, alice):
    SessionLogFactory(user=alice, started_at=at("2026-11-03", 9))
    response = alice_client.get("/history/2026-W45/")
    assert response.context["first"] == dt.date(2026, 11, 2)
    assert response.context["session_count"] == 1
    html = response.content.decode()
    assert 'href="/history/2026-W44/"' in html
    assert 'href="/history/2026-W46/"' in html
    assert 'data-hx-get="/history/2026-W44/"' in html
    assert 'data-hx-push-url="true"' in html


def test_the_current_week_has_no_next_link(alice_client):
    response = alice_client.get(HISTORY)
    assert response.context["next_label"] is None
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize("label", ["2026-W53", "2026-W00", "1999-W10", "2026-W49", "2027-W01"])
def test_impossible_or_future_weeks_are_404(alice_client, label):
    assert alice_client.get(f"/history/{label}/").status_code == 404


def test_htmx_gets_only_the_week_fragment(alice_client, alice):
    SessionLogFactory(user=alice, started_at=at("2026-11-03", 9))
    response = alice_client.get("/history/2026-W45/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="week"')
    assert "<html" not in html
    assert "The last 12 weeks" not in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_week_change_skips_the_overview_queries(
    alice_client, alice, calves, django_assert_num_queries
):
    session = SessionLogFactory(user=alice, started_at=at("2026-11-03", 9))
    ExerciseLogFactory(session=session, exercise=calves)
    # session, user, library version, sessions, exercise rows, enrolments (no routine
    # followed: no query for their pauses)
    with django_assert_num_queries(6):
        response = alice_client.get("/history/2026-W45/", headers={"HX-Request": "true"})
    assert response.context["session_count"] == 1
    assert "streak" not in response.context
    with django_assert_num_queries(3):  # warm: session, user, library version
        alice_client.get("/history/2026-W45/", headers={"HX-Request": "true"})


def test_history_never_shows_another_persons_sessions(alice_client, bob):
    SessionLogFactory(user=bob, started_at=at("2026-11-17", 9), notes="bob")
    response = alice_client.get(HISTORY)
    assert response.context["session_count"] == 0
    assert sum(w.sessions for w in response.context["overview"]) == 0


def test_history_queries_do_not_grow_with_a_persons_log(
    client, alice, calves, django_assert_num_queries
):
    quiet = UserFactory()
    client.force_login(quiet)
    # session, user, library version; the week's sessions, exercise rows, enrolments (and
    # their pauses, once there is a routine); sessions per week and routine (with their
    # pain), areas over 12 weeks; PSFS activities, their ratings, the weekly check-ins
    with django_assert_num_queries(11):
        client.get(HISTORY)
    client.force_login(alice)
    EnrolmentFactory(user=alice)
    for day in range(16, 19):
        session = SessionLogFactory(user=alice, started_at=at(f"2026-11-{day}", 9))
        ExerciseLogFactory.create_batch(3, session=session, exercise=calves)
    with django_assert_num_queries(12):
        client.get(HISTORY)
    with django_assert_num_queries(3):  # warm: session, user, library version
        client.get(HISTORY)


@pytest.mark.parametrize("week_start", [0, 6])
def test_the_summaries_group_weeks_exactly_like_week_index(alice, week_start):
    from accounts.weeks import week_start_of
    from progress.summaries import weekly_rows
    from progress.targets import week_index

    alice.week_start = week_start
    alice.save()

    oldest = week_start_of(dt.date(2026, 3, 1), week_start)
    days = [oldest + dt.timedelta(days=n) for n in (0, 1, 6, 7, 13, 14, 27, 28, 29, 62, 69, 70)]
    for day in days:
        SessionLogFactory(user=alice, started_at=at(day.isoformat(), 12), total_seconds=60)
    SessionLogFactory(user=alice, started_at=at((oldest - dt.timedelta(days=1)).isoformat(), 12))
    expected: dict[int, tuple[int, int]] = {}
    for day in days:
        index = week_index(day, oldest)
        count, seconds = expected.get(index, (0, 0))
        expected[index] = (count + 1, seconds + 60)
    rows = weekly_rows(alice, oldest, 11)  # one routine (none): a row a week
    assert {week: (count, seconds) for week, _, count, _, seconds, *_ in rows} == expected


# Progress a person can see: per-routine streaks, the pain trend, time per area -----------


def four_weeks_of_two_daily_routines(person, pause_night=True):
    """Two daily routines since 19 Oct, every day logged for four complete weeks with pain
    falling from 8→6 to 4→2; the night routine paused (and not done) in the third week."""
    morning = EnrolmentFactory(
        user=person, phase=PhaseFactory(routine__name="Morning"), started_on=dt.date(2026, 10, 19)
    )
    night = EnrolmentFactory(
        user=person, phase=PhaseFactory(routine__name="Night"), started_on=dt.date(2026, 10, 19)
    )
    pause_first, pause_last = dt.date(2026, 11, 2), dt.date(2026, 11, 8)
    if pause_night:
        from routines.models import EnrolmentPause

        EnrolmentPause.objects.create(enrolment=night, first_day=pause_first, last_day=pause_last)
    for n in range(28):
        day = dt.date(2026, 10, 19) + dt.timedelta(days=n)
        before = (8, 7, 5, 4)[n // 7]
        SessionLogFactory(
            user=person,
            enrolment=morning,
            started_at=at(day.isoformat(), 7),
            pain_before=before,
            pain_after=before - 2,
        )
        if not (pause_night and pause_first <= day <= pause_last):
            SessionLogFactory(
                user=person,
                enrolment=night,
                started_at=at(day.isoformat(), 21),
                pain_before=None,
                pain_after=None,
            )
    return morning, night


def test_two_daily_routines_keep_their_own_streaks_and_a_paused_week_breaks_nothing(
    alice_client, alice
):
    four_weeks_of_two_daily_routines(alice)
    response = alice_client.get(HISTORY)
    streaks = {row["plan"].name: row["streak"] for row in response.context["routine_streaks"]}
    assert streaks == {"Morning": 4, "Night": 3}
    assert response.context["streak"] == 4  # never "0 weeks": targets are not summed
    assert [w.met for w in response.context["overview"]][-5:] == [True] * 4 + [False]
    html = response.content.decode()
    assert "Target 7 days a week" in html
    assert "4</strong> weeks in a row on target" in html


def test_a_missed_week_without_a_pause_breaks_the_streak(alice_client, alice):
    four_weeks_of_two_daily_routines(alice, pause_night=False)
    night = SessionLog.objects.filter(enrolment__routine__name="Night")
    for session in night.filter(local_date__range=("2026-11-02", "2026-11-08")):
        services.delete_session(session)
    response = alice_client.get(HISTORY)
    streaks = {row["plan"].name: row["streak"] for row in response.context["routine_streaks"]}
    assert streaks == {"Morning": 4, "Night": 1}
    assert response.context["streak"] == 1


def test_the_pain_trend_compares_the_first_two_weeks_with_the_latest_two(alice_client, alice):
    four_weeks_of_two_daily_routines(alice)
    response = alice_client.get(HISTORY)
    change = response.context["change"]
    assert change.verdict == "better"
    html = response.content.decode()
    assert "Your pain scores before sessions: 7.5 → 4.5 since the week of 19 Oct (−3.0)." in html
    assert "fell by 2 points or more: Limber's own threshold" in html
    # Issue 25: no claim about what people notice on a scale for back pain.
    assert "people usually notice" not in html and "back pain" not in html.split("trend")[1]
    assert 'aria-labelledby="trend-title trend-desc"' in html
    assert 'action="/history/"' in html and 'data-hx-get="/history/"' in html
    weeks = [w.before for w in response.context["trend_spans"]]
    assert weeks[-5:] == [8.0, 7.0, 5.0, 4.0, None]
    assert '<th scope="row">19 Oct</th><td>8.0</td><td>6.0</td>' in html


def test_too_few_scores_say_how_many_are_needed(alice_client, alice):
    SessionLogFactory(user=alice, started_at=at("2026-11-16", 8), pain_before=6)
    html = alice_client.get(HISTORY).content.decode()
    assert "we need pain scores before sessions in at least 4 weeks (so far 1)" in html
    assert "threshold" not in html


def test_the_trend_for_one_routine_and_for_all_time(alice_client, alice):
    morning, night = four_weeks_of_two_daily_routines(alice)
    SessionLogFactory(user=alice, started_at=at("2026-05-04", 8), pain_before=9, pain_after=9)
    one = alice_client.get(HISTORY, {"routine": night.pk}).context
    assert one["scope"] == str(night.pk)
    assert one["scope_name"] == "Night"
    assert one["change"].weeks == ()  # no scores for the night routine
    assert one["change"].verdict == "too-few"
    assert alice_client.get(HISTORY, {"routine": morning.pk}).context["change"].verdict == "better"
    every = alice_client.get(HISTORY, {"span": "all"}).context
    assert every["trend_spans"][0].label == "May 2026"
    assert len(every["trend_spans"]) == 7
    assert every["change"].since == dt.date(2026, 5, 4)


def test_another_persons_routine_in_the_trend_choice_shows_all_routines(alice_client, bob):
    theirs = EnrolmentFactory(user=bob)
    for choice in (str(theirs.pk), "nonsense", "9" * 30):
        cache.clear()
        response = alice_client.get(HISTORY, {"routine": choice})
        assert response.status_code == 200
        assert response.context["scope"] == "all"


def test_htmx_changes_only_the_trend_with_fixed_queries(
    alice_client, alice, django_assert_num_queries
):
    morning, _ = four_weeks_of_two_daily_routines(alice)
    headers = {"HX-Request": "true", "HX-Target": "trend"}
    # session, user, library version, enrolments, pauses, pain per week
    with django_assert_num_queries(6):
        response = alice_client.get(HISTORY, {"routine": morning.pk}, headers=headers)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="trend"')
    assert "Your history" not in html
    assert "HX-Target" in response["Vary"]
    assert "<form" not in html  # the form keeps its place (and focus)


def test_minutes_per_body_area_this_week_and_over_twelve_weeks(alice_client, alice, calves):
    hamstrings = ExerciseFactory(name="Roll hamstrings", body_areas=[BodyAreaFactory(name="Hams")])
    now = SessionLogFactory(user=alice, started_at=at("2026-11-17", 8))
    ExerciseLogFactory(session=now, exercise=hamstrings, seconds_done=840)
    ExerciseLogFactory(session=now, exercise=calves, seconds_done=360)
    older = SessionLogFactory(user=alice, started_at=at("2026-10-01", 8))
    ExerciseLogFactory(session=older, exercise=calves, seconds_done=600)
    ExerciseLogFactory(session=older, exercise=calves, seconds_done=600, status="skipped")
    response = alice_client.get(HISTORY)
    week = [(a.name, a.time_text) for a in response.context["areas"]]
    twelve = [(a.name, a.time_text) for a in response.context["overview_areas"]]
    assert week == [("Hams", "14 min"), ("Calves", "6 min")]
    assert twelve == [("Calves", "16 min"), ("Hams", "14 min")]
    assert "Body areas worked in 12 weeks" in response.content.decode()


def test_missed_days_show_a_dash_and_rest_only_when_the_schedule_allows(alice_client, alice):
    twice = EnrolmentFactory(
        user=alice,
        phase=PhaseFactory(sessions_per_week_min=2, sessions_per_week_max=3),
        started_on=dt.date(2026, 11, 1),
    )
    SessionLogFactory(user=alice, enrolment=twice, started_at=at("2026-11-09", 8))
    SessionLogFactory(user=alice, enrolment=twice, started_at=at("2026-11-10", 8))
    days = alice_client.get("/history/2026-W46/").context["days"]
    assert [d.note for d in days if not d.sessions] == ["Rest"] * 5
    this_week = alice_client.get(HISTORY).context["days"]
    assert [d.note for d in this_week] == ["—"] * 3 + ["To come"] * 4


def test_a_weekly_target_of_ours_is_labelled_our_suggestion(alice_client, alice):
    from routines.models import Routine

    for slug in ["legs-hips-back-stretches", "nightly-release"]:
        routine = Routine.objects.get(slug=slug)
        EnrolmentFactory(
            user=alice,
            routine=routine,
            phase=routine.phases.get(order=1),
            started_on=dt.date(2026, 11, 2),
        )
    html = alice_client.get(HISTORY).content.decode()
    assert "Target 3–5 days a week (our suggestion) · this week" in html
    assert "Target 7 days a week · this week" in html  # the nightly article's own "each night"


def test_starting_a_second_routine_keeps_the_streak_and_says_it_started_mid_week(
    alice_client, alice
):
    phase = PhaseFactory(sessions_per_week_min=1, sessions_per_week_max=2)
    first = EnrolmentFactory(user=alice, phase=phase, started_on=dt.date(2026, 10, 26))
    for day in ("2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"):
        SessionLogFactory(user=alice, enrolment=first, started_at=at(day, 8))
    assert alice_client.get(HISTORY).context["streak"] == 4
    EnrolmentFactory(user=alice, phase=PhaseFactory())  # daily, from today, a Wednesday
    response = alice_client.get(HISTORY)
    assert response.context["streak"] == 4
    html = response.content.decode()
    assert "0 of 5</strong> days (started on Wednesday)" in html
    assert "this week <strong>0</strong> of 5 (started on Wednesday)" in html
    assert "paused some days" not in html


def test_the_trend_axis_spans_the_weeks_with_data_not_twelve_empty_ones(alice_client, alice):
    for day in ("2026-11-02", "2026-11-10", "2026-11-17"):
        SessionLogFactory(user=alice, started_at=at(day, 8), pain_before=5, pain_after=3)
    response = alice_client.get(HISTORY)
    assert [s.label for s in response.context["trend_spans"]] == ["2 Nov", "9 Nov", "16 Nov"]
    assert len(response.context["trend_chart"].x_ticks) == 3
    assert len(response.context["overview"]) == 12  # the minutes per week keep their 12
