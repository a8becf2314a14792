"""The clinician's dashboard and a person's page (progress/clinic_views.py)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AccessRecord, CareLink, User
from accounts.weeks import WEEK, week_start_of
from progress import activity, clinic_queries, history_queries
from progress.models import CheckIn, PsfsActivity, PsfsRating, SessionLog, WeeklySummary
from routines import progression
from routines.models import Enrolment
from tests.factories import (
    CareLinkFactory,
    ClinicianFactory,
    EnrolmentFactory,
    PhaseFactory,
    RoutineFactory,
    SessionLogFactory,
    UserFactory,
)

DASHBOARD = "/clinic/"


def person_url(person) -> str:
    return f"/clinic/people/{person.pk}/"


def today_of(person) -> dt.date:
    return timezone.localdate(timezone=person.zone)


def days_ago(person, days: int) -> dt.datetime:
    """Noon in the person's zone, `days` days before their today."""
    day = today_of(person) - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(12), tzinfo=person.zone)


@pytest.fixture
def sam(db):
    return ClinicianFactory(email="sam@example.com", display_name="Sam Physio")


@pytest.fixture
def sam_client(client, sam):
    client.force_login(sam)
    return client


def connect(clinician, person, **fields) -> CareLink:
    return CareLinkFactory(clinician=clinician, person=person, **fields)


def names_in_order(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/clinic/people/\d+/">([^<]+)</a>', response.text)


# The dashboard ------------------------------------------------------------------------------


def test_flagged_people_come_first_then_by_name(sam, sam_client):
    amy = UserFactory(display_name="amy")
    zed = UserFactory(display_name="Zed")
    bea = UserFactory(display_name="Bea")
    for person in (amy, zed, bea):
        connect(sam, person)
    SessionLogFactory(user=zed, started_at=days_ago(zed, 1), pain_before=8)
    response = sam_client.get(DASHBOARD)
    assert response.status_code == 200
    assert names_in_order(response) == ["Zed", "amy", "Bea"]
    assert "3 people · 1 with a flag now." in response.text
    assert "Pain before 7 or more on" in response.text


def test_each_flag_shows_and_the_filter_keeps_only_people_with_it(sam, sam_client):
    high, quiet, answered, fine = (UserFactory(display_name=n) for n in "HQAF")
    for person in (high, quiet, answered, fine):
        connect(sam, person)
    SessionLogFactory(user=high, started_at=days_ago(high, 0), pain_before=7)
    EnrolmentFactory(user=quiet, started_on=today_of(quiet) - dt.timedelta(days=10))
    last_week = week_start_of(today_of(answered), answered.week_start) - WEEK
    enrolment = EnrolmentFactory(user=answered)
    CheckIn.objects.create(
        user=answered,
        week_start=last_week,
        enrolment=enrolment,
        routine_name="Morning stretch",
        answer=CheckIn.Answer.PAIN,
    )
    page = sam_client.get(DASHBOARD).text
    assert "Pain before 7 or more (1)" in page
    assert "No session for 7 days (1)" in page
    assert "Check-in: pain (1)" in page
    assert "pain or a flare got in the way (Morning stretch)" in page
    assert "(our rule)" in page
    assert names_in_order(sam_client.get(DASHBOARD, {"flag": "quiet"})) == ["Q"]
    assert names_in_order(sam_client.get(DASHBOARD, {"flag": "check-in"})) == ["A"]
    # an unknown flag shows everyone
    assert len(names_in_order(sam_client.get(DASHBOARD, {"flag": "nope"}))) == 4


def test_a_paused_routine_is_not_a_quiet_one(sam, sam_client, alice):
    connect(sam, alice)
    EnrolmentFactory(
        user=alice,
        started_on=today_of(alice) - dt.timedelta(days=30),
        status=Enrolment.Status.PAUSED,
        paused_on=today_of(alice) - dt.timedelta(days=20),
    )
    assert "No session for 7 days or more" not in sam_client.get(DASHBOARD).text


def test_flags_use_the_persons_own_day(sam, client):
    # 23:30 in London is already the next day in Kiritimati (UTC+14): a high score logged
    # there "today" is today for that person, whatever the clinician's zone.
    kiri = UserFactory(display_name="Kiri", time_zone="Pacific/Kiritimati")
    connect(sam, kiri)
    moment = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        client.force_login(sam)  # signed in then, so the session is current then
        SessionLogFactory(user=kiri, started_at=moment, pain_before=9)
        page = client.get(DASHBOARD).text
    assert "Pain before 7 or more on 7 Dec" in page


def test_seven_quiet_days_are_counted_in_the_persons_zone(sam, client):
    # 05:00 on 7 Dec in UTC is still 6 Dec, 19:00, in Honolulu: a session there on 30 Nov
    # was six days ago, not seven, so no flag yet (in UTC it would be seven).
    hana = UserFactory(display_name="Hana", time_zone="Pacific/Honolulu")
    connect(sam, hana)
    moment = dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC)
    enrolment = EnrolmentFactory(
        user=hana, started_on=dt.date(2026, 11, 1), phase_started_on=dt.date(2026, 11, 1)
    )
    last = dt.datetime(2026, 11, 30, 18, 0, tzinfo=hana.zone)
    SessionLogFactory(user=hana, enrolment=enrolment, started_at=last)
    with time_machine.travel(moment, tick=False):
        client.force_login(sam)
        assert "No session for 7 days or more" not in client.get(DASHBOARD).text
    with time_machine.travel(moment + dt.timedelta(hours=19), tick=False):  # 7 Dec there
        client.force_login(sam)
        assert "the last on 30 Nov" in client.get(DASHBOARD).text


def test_a_row_shows_last_session_week_trend_and_activities(sam, sam_client, alice):
    connect(sam, alice)
    enrolment = EnrolmentFactory(user=alice, started_on=today_of(alice) - dt.timedelta(days=40))
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=days_ago(alice, 0))
    activity = PsfsActivity.objects.create(
        user=alice, name="Socks", created_on=today_of(alice) - dt.timedelta(days=30)
    )
    PsfsRating.objects.create(activity=activity, day=activity.created_on, score=3)
    PsfsRating.objects.create(activity=activity, day=today_of(alice), score=6)
    page = sam_client.get(DASHBOARD).text
    assert f"{today_of(alice):%-d %b %Y}" in page
    assert f"1 of 7 days · {enrolment.routine.name}" in page
    assert "Average: 3.0 → 6.0 since" in page and "a meaningful change" in page
    assert "Too few weeks with scores to compare (1 so far)" in page


def test_with_no_one_connected_the_dashboard_invites(sam_client):
    response = sam_client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Invite someone" in response.text and "/clinic/invites/" in response.text


def test_with_people_connected_the_dashboard_still_links_the_invites(sam, sam_client, alice):
    connect(sam, alice)
    assert '<a href="/clinic/invites/">Invite someone</a>' in sam_client.get(DASHBOARD).text


def test_the_dashboard_records_a_view_of_each_person(sam, sam_client, alice, bob):
    links = [connect(sam, alice), connect(sam, bob)]
    connect(ClinicianFactory(), UserFactory())  # another clinician's person: not recorded
    sam_client.get(DASHBOARD)
    records = AccessRecord.objects.order_by("person_id")
    assert [(r.person, r.clinician, r.what) for r in records] == [
        (alice, sam, "dashboard summary"),
        (bob, sam, "dashboard summary"),
    ]
    viewed = CareLink.objects.filter(pk__in=[link.pk for link in links])
    assert all(link.last_viewed_at for link in viewed)


def test_only_the_clinicians_own_live_links_show(sam, sam_client, alice, bob):
    connect(sam, alice)
    connect(sam, bob, ended_at=timezone.now())
    connect(ClinicianFactory(), UserFactory(display_name="Someone else's"))
    assert names_in_order(sam_client.get(DASHBOARD)) == [str(alice)]


def test_the_dashboard_is_for_clinicians_only(client, alice):
    client.force_login(alice)
    assert client.get(DASHBOARD).status_code == 404
    client.logout()
    assert client.get(DASHBOARD).status_code == 302  # to sign in


def test_the_clinic_link_shows_in_the_navigation_for_clinicians_only(sam_client, client, alice):
    assert 'href="/clinic/" aria-current="page">Clinic</a>' in sam_client.get(DASHBOARD).text
    client.force_login(alice)
    assert ">Clinic</a>" not in client.get("/history/").text


def _many_people(clinician, count: int) -> None:
    """`count` connected people, each following a routine with a session, a week's summary,
    a rated activity and a check-in: every query has rows to read."""
    phase = PhaseFactory(routine=RoutineFactory())
    now = timezone.now()
    today = timezone.localdate()
    people = User.objects.bulk_create(
        User(email=f"many{n}@example.com", display_name=f"Person {n:03}") for n in range(count)
    )
    CareLink.objects.bulk_create(CareLink(clinician=clinician, person=p) for p in people)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=p,
            routine=phase.routine,
            phase=phase,
            started_on=today - dt.timedelta(days=20),
            phase_started_on=today - dt.timedelta(days=20),
        )
        for p in people
    )
    SessionLog.objects.bulk_create(
        SessionLogFactory.build(user=p, enrolment=e, started_at=now, pain_before=8)
        for p, e in zip(people, enrolments, strict=True)
    )
    WeeklySummary.objects.bulk_create(
        WeeklySummary(
            user=p,
            enrolment=e,
            week_start=week_start_of(today, 0),
            sessions=1,
            days=1,
            seconds=600,
            pain_before_total=8,
            pain_before_count=1,
            pain_after_total=3,
            pain_after_count=1,
        )
        for p, e in zip(people, enrolments, strict=True)
    )
    activities = PsfsActivity.objects.bulk_create(
        PsfsActivity(user=p, name="Stairs", created_on=today) for p in people
    )
    PsfsRating.objects.bulk_create(PsfsRating(activity=a, day=today, score=4) for a in activities)
    CheckIn.objects.bulk_create(
        CheckIn(user=p, week_start=week_start_of(today, 0) - WEEK, answer=CheckIn.Answer.PAIN)
        for p in people
    )


@pytest.mark.parametrize("count", [1, 200])
def test_the_dashboard_costs_the_same_queries_for_1_or_200_people(
    sam, sam_client, django_assert_num_queries, count
):
    _many_people(sam, count)
    # session, user; the live links with each person's last session; their routines with
    # each one's last session; those routines' pauses; the last 4 weeks' sessions; the
    # weekly pain sums; the PSFS ratings; last week's "pain" check-ins; the access records
    # (one insert) and the links' "last viewed" (one update)
    with django_assert_num_queries(11):
        response = sam_client.get(DASHBOARD)
    assert response.status_code == 200
    assert len(names_in_order(response)) == count


# A person's page ----------------------------------------------------------------------------


def test_a_persons_page_shows_their_report_flags_and_connection(sam, sam_client, alice):
    connect(sam, alice)
    enrolment = EnrolmentFactory(user=alice)
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=days_ago(alice, 0), pain_before=8)
    response = sam_client.get(person_url(alice))
    assert response.status_code == 200
    page = response.text
    assert "<h1>alice@example.com</h1>" in page
    assert "Connected since" in page and "session notes not shared" in page
    assert "Pain before 7 or more on" in page
    assert "Progress report" in page and enrolment.routine.name in page
    # One h1, the person's name; the report's headings one level below it.
    assert page.count("<h1") == 1 and '<h2 id="report-title">Progress report</h2>' in page
    assert f"<h4>{enrolment.routine.name}</h4>" in page and '<h2 id="report-routines"' not in page
    assert AccessRecord.objects.get(person=alice).what.startswith("report ")


def test_a_persons_page_links_each_assigned_routine_to_its_editor_and_says_their(
    sam, sam_client, alice
):
    from routines import services

    connect(sam, alice)
    routine, _ = services.assign_routine(sam, alice, "Knee plan", (3, 3), "Gently.", None)
    page = sam_client.get(person_url(alice)).text
    assert f'href="/routines/{routine.slug}/edit/">Change its moves or your note' in page
    # The report speaks of the person, not to the clinician reading it.
    assert "the average of their pain scores" in page
    assert "your pain scores" not in page


def test_notes_show_only_when_the_person_shares_them(sam, sam_client, alice, bob):
    connect(sam, alice)
    connect(sam, bob, include_notes=True)
    SessionLogFactory(user=alice, started_at=days_ago(alice, 1), notes="Alice private note")
    SessionLogFactory(user=bob, started_at=days_ago(bob, 1), notes="Bob shared note")
    assert "Alice private note" not in sam_client.get(person_url(alice)).text
    assert "Bob shared note" in sam_client.get(person_url(bob)).text


def test_a_period_can_be_chosen_by_preset_or_dates(sam, sam_client, alice):
    connect(sam, alice)
    today = today_of(alice)
    page = sam_client.get(person_url(alice), {"weeks": "12"}).text
    first = today - dt.timedelta(days=83)
    assert f'value="{first.isoformat()}"' in page
    start = today - dt.timedelta(days=9)
    response = sam_client.get(person_url(alice), {"start": start, "end": today})
    assert response.status_code == 200
    assert AccessRecord.objects.filter(person=alice).count() == 2


@pytest.mark.parametrize(
    "query",
    [
        {"start": "not a day", "end": "2026-01-01"},
        {"start": "2020-01-01", "end": "2026-12-31"},  # over a year
        {"start": "2099-01-01", "end": "2099-01-02"},  # the future
        {"start": "2026-02-10", "end": "2026-02-01"},  # backwards
        {"start": "\x00", "end": "𝟚𝟘𝟚𝟞"},
    ],
)
def test_a_wrong_period_says_why_and_shows_no_report(sam, sam_client, alice, query):
    connect(sam, alice)
    response = sam_client.get(person_url(alice), query)
    assert response.status_code == 400
    assert "Fix the period above to see the report." in response.text
    assert 'class="errorlist"' in response.text
    assert not AccessRecord.objects.exists()


def test_only_routines_this_clinician_assigned_show_with_their_notes(sam, sam_client, alice):
    connect(sam, alice)
    other = ClinicianFactory()
    connect(other, alice)
    RoutineFactory(owner=alice, name="Sam's knees", assigned_by=sam, assigned_note="Go gently")
    RoutineFactory(owner=alice, name="Other's hips", assigned_by=other, assigned_note="Secret")
    RoutineFactory(owner=alice, name="Alice's own", assigned_note="")
    page = sam_client.get(person_url(alice)).text
    assert "Sam&#x27;s knees" in page and "Go gently" in page
    assert "Other&#x27;s hips" not in page and "Secret" not in page
    assert "Alice&#x27;s own" not in page


@pytest.mark.parametrize("who", ["another clinician", "stranger", "non-clinician", "ended"])
def test_a_person_is_404_without_a_live_link(client, sam, alice, who):
    if who == "another clinician":
        connect(ClinicianFactory(), alice)
        viewer = sam
    elif who == "stranger":
        viewer = sam
    elif who == "non-clinician":
        viewer = UserFactory()
        connect(sam, alice)
        CareLink.objects.create(clinician=viewer, person=alice)  # the flag decides, not the row
    else:
        connect(sam, alice, ended_at=timezone.now())
        viewer = sam
    client.force_login(viewer)
    assert client.get(person_url(alice)).status_code == 404
    assert not AccessRecord.objects.exists()


def test_an_id_beyond_any_is_404(sam_client):
    assert sam_client.get("/clinic/people/99999999999999999999999/").status_code == 404


def test_a_persons_page_costs_fixed_queries(sam, sam_client, alice, django_assert_num_queries):
    connect(sam, alice, include_notes=True)
    enrolment = EnrolmentFactory(user=alice)
    SessionLogFactory(user=alice, enrolment=enrolment, started_at=days_ago(alice, 1))
    # session, user; the link; the flags' six (routines, pauses, sessions, pain sums,
    # ratings, check-ins); the assigned routines; the report: routines, phase changes,
    # those phases' moves, pauses, the whole weeks' summaries and areas, pain pairs, notes,
    # check-ins, PSFS activities and ratings; the access record and "last viewed"; and the
    # short first and last weeks' sessions and areas, unless the four weeks end on the last
    # day of alice's week
    tomorrow = today_of(alice) + dt.timedelta(days=1)
    aligned = week_start_of(tomorrow, alice.week_start) == tomorrow
    with django_assert_num_queries(23 if aligned else 25):
        assert sam_client.get(person_url(alice)).status_code == 200


def test_the_dashboard_agrees_with_the_persons_own_history_and_pain_hold(sam, alice):
    """The same rules over the same rows: the trend is History's, the pain flags the pain
    hold's that Today applies."""
    link = connect(sam, alice)
    enrolment = EnrolmentFactory(user=alice, started_on=today_of(alice) - dt.timedelta(days=80))
    for n, (before, after) in enumerate([(6, 5), (6, 6), (5, 4), (4, 4), (3, 2), (3, 6), (2, 5)]):
        SessionLogFactory(
            user=alice,
            enrolment=enrolment,
            started_at=days_ago(alice, 70 - n * 11) if n < 5 else days_ago(alice, 7 - n),
            pain_before=before,
            pain_after=after,
        )
    today = today_of(alice)
    (row,) = clinic_queries.people(list(clinic_queries.live_links(sam)))
    assert row.link == link
    plans = history_queries.current_plans(alice, today)
    sums, oldest = history_queries.trend_rows(alice, today)
    change = history_queries.trend(alice, today, plans, "all", "12w", sums, oldest)["change"]
    assert row.trend.enough
    assert (row.trend.verdict, row.trend.start, row.trend.end) == (
        change.verdict,
        change.start,
        change.end,
    )
    hold = progression.pain_hold(activity.pain_facts(alice), today)
    assert hold is not None and hold.reason == "rose"
    assert [f.kind for f in row.flags] == ["rose"]
