"""The progress report (/history/report/) and its share links (/share/<token>/)."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from accounts import tokens
from config.redact import RedactSecrets
from progress import share, summaries
from progress.models import SessionLog, ShareLink
from routines.models import EnrolmentPause
from tests.factories import (
    BodyAreaFactory,
    CareLinkFactory,
    EnrolmentFactory,
    ExerciseFactory,
    ExerciseLogFactory,
    PhaseFactory,
    RoutineItemFactory,
    SessionLogFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_now")  # Wednesday 18 November 2026, 14:00
REPORT = "/history/report/"


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


@pytest.fixture
def history(alice):
    """Four weeks (22 Oct – 18 Nov) of a daily routine, pain falling 8 → 4, 10 minutes of
    hamstrings a day; a 2–3-a-week routine paused the second week; a note now and then."""
    hams = ExerciseFactory(name="Roll hamstrings", body_areas=[BodyAreaFactory(name="Hams")])
    daily = PhaseFactory(routine__name="Daily set", name="Daily")
    RoutineItemFactory(phase=daily, exercise=hams, sets=3, seconds_min=30)
    first = dt.date(2026, 10, 22)
    morning = EnrolmentFactory(user=alice, phase=daily, started_on=first)
    twice = EnrolmentFactory(
        user=alice,
        phase=PhaseFactory(routine__name="Twice", sessions_per_week_min=2, sessions_per_week_max=3),
        started_on=first,
    )
    EnrolmentPause.objects.create(
        enrolment=twice, first_day=first + dt.timedelta(days=7), last_day=first + dt.timedelta(13)
    )
    for n in range(28):
        day = first + dt.timedelta(days=n)
        if n in (5, 6):  # missed two days of the first week
            continue
        pain = (8, 7, 5, 4)[n // 7]
        session = SessionLogFactory(
            user=alice,
            enrolment=morning,
            started_at=at(day),
            pain_before=pain,
            pain_after=pain - 2,
            notes="Hamstrings tight" if n == 3 else "",
        )
        ExerciseLogFactory(session=session, exercise=hams, seconds_done=600)
        if n % 7 in (0, 2) and not 7 <= n < 14:
            SessionLogFactory(user=alice, enrolment=twice, started_at=at(day, 19), pain_before=None)
    return morning, twice


def test_the_report_shows_the_last_four_weeks_by_default(alice_client, history):
    response = alice_client.get(REPORT)
    context = response.context
    assert (context["first"], context["last"]) == (dt.date(2026, 10, 22), dt.date(2026, 11, 18))
    daily, twice = context["routines"]
    # Alice's weeks (from Monday) cut to the period: Thu 22 – Sun 25 Oct, three whole weeks,
    # Mon 16 – Wed 18 Nov; the shorter ones ask for their share. The week of the two missed
    # days is the one not met; the last, under way, counts as it is met.
    assert (daily["done"], daily["needed"], daily["weeks_met"], daily["weeks_counted"]) == (
        26,
        28,
        4,
        5,
    )
    # Paused 29 Oct – 4 Nov: each week it touches asks for the days followed (1 of 2, then
    # 2), and the last week, under way and not met yet, isn't counted. The target over the
    # period is rounded once: 21 days followed at 2 a week.
    assert (twice["done"], twice["needed"], twice["weeks_met"], twice["weeks_counted"]) == (
        6,
        6,
        3,
        4,
    )
    assert [a.time_text for a in context["areas"]] == ["260 min"]
    assert context["change"].verdict == "better"
    html = response.content.decode()
    assert "22 Oct – 18 Nov 2026" in html
    assert ("Roll hamstrings" in html and "3 × 30 s" in html) or "30 s" in html
    assert "Your pain scores before sessions: 7.6 → 4.2 since the week of 22 Oct (−3.4)." in html
    assert "Hamstrings tight" not in html  # notes are off by default
    assert "alice@example.com" not in html.split("</header>", 1)[1]


FOAM = "foam-roller-legs-hips"
BASICS_MOVES = ["Foam roll: hamstrings and glutes", "Foam roll: calves"]


@pytest.fixture
def basics_fortnight(alice, alice_client):
    """Alice starts the foam-roller programme on 22 Oct (its Basics, daily) and rolls every
    day; on 5 Nov, day 14, Today moves her on to Advanced (3–4 a week); she keeps to three
    sessions a week until 18 Nov."""
    start = dt.date(2026, 10, 22)
    with time_machine.travel(at(start), tick=False):
        assert alice_client.post(f"/routines/{FOAM}/start/").status_code == 302
    enrolment = alice.enrolments.get()
    for n in (*range(14), 14, 16, 18, 21, 23, 25):
        SessionLogFactory(user=alice, enrolment=enrolment, started_at=at(start + dt.timedelta(n)))
        if n == 13:
            with time_machine.travel(at(start + dt.timedelta(14)), tick=False):
                assert alice_client.get("/today/").status_code == 200
    enrolment.refresh_from_db()
    assert (enrolment.phase.name, enrolment.phase_started_on) == ("Advanced", dt.date(2026, 11, 5))
    return enrolment


def test_a_basics_fortnight_is_reported_with_the_basics_moves_and_target(
    alice_client, basics_fortnight
):
    response = alice_client.get(REPORT)  # 22 Oct – 18 Nov

    (routine,) = response.context["routines"]
    basics, advanced = routine["phases"]
    assert (basics["phase"].name, basics["dates"]) == ("Basics", "22 Oct – 4 Nov")
    assert (advanced["phase"].name, advanced["dates"]) == ("Advanced", "from 5 Nov")
    assert [item.exercise.name for item in basics["items"]] == BASICS_MOVES
    assert "Foam roll: hip flexors" in [item.exercise.name for item in advanced["items"]]
    # Her weeks cut to the period: Thu – Sun (4 Basics days), a Basics week, the week of the
    # change (3 + 12/7: 5), an Advanced week (3), and Mon – Wed under way (9/7: 2, 1 done so
    # far, not counted yet): every week over is on target. The period's target is rounded
    # once: 14 Basics days and 14 Advanced days at 3 a week.
    assert (routine["done"], routine["needed"]) == (20, 20)
    assert (routine["weeks_met"], routine["weeks_counted"]) == (4, 4)
    html = response.content.decode()
    basics_html = html[html.index("Basics, 22 Oct – 4 Nov") : html.index("Advanced, from 5 Nov")]
    assert "weekly target: every day (our suggestion)" in basics_html
    assert all(name in basics_html for name in BASICS_MOVES)
    assert "hip flexors" not in basics_html and "3–4 times a week" not in basics_html
    advanced_html = html[html.index("Advanced, from 5 Nov") :]
    assert "weekly target: 3–4 times a week (our suggestion)" in advanced_html
    assert "Foam roll: hip flexors" in advanced_html


def test_a_period_within_the_basics_fortnight_shows_only_basics(alice_client, basics_fortnight):
    response = alice_client.get(REPORT, {"start": "2026-10-22", "end": "2026-11-04"})

    (routine,) = response.context["routines"]
    assert [(p["phase"].name, p["dates"]) for p in routine["phases"]] == [("Basics", "from 22 Oct")]
    assert (routine["done"], routine["needed"]) == (14, 14)
    assert "Advanced" not in response.content.decode().split("</header>", 1)[1]


def test_a_week_across_the_phase_change_asks_for_each_days_own_target(
    alice_client, basics_fortnight
):
    # 2 – 8 Nov: three Basics days (7 a week) and four Advanced days (3 a week) ask for
    # 3 + 12/7, so 5; she logged 2, 3 and 4 Nov, then 5 and 7 Nov.
    response = alice_client.get(REPORT, {"start": "2026-11-02", "end": "2026-11-08"})

    (routine,) = response.context["routines"]
    assert (routine["done"], routine["needed"], routine["weeks_met"]) == (5, 5, 1)


def test_the_reports_weekly_targets_are_our_suggestion_not_asked(alice_client, history):
    html = alice_client.get(REPORT).content.decode()

    report = html[html.index('<article class="report"') : html.index("</article>")]
    assert "asked" not in report
    assert (
        "<strong>26</strong> days with a session; the target came to <strong>28</strong> ·"
        in report
    )
    assert "(our suggestion)" not in report.split("report-foot")[0]  # test phases: not ours


def test_a_target_of_ours_is_labelled_in_the_report(alice_client, alice):
    phase = PhaseFactory(routine__name="Ours", sessions_per_week_min=3, sessions_per_week_max=4)
    phase.target_suggested = True
    phase.save()
    EnrolmentFactory(user=alice, phase=phase, started_on=dt.date(2026, 10, 1))

    html = alice_client.get(REPORT).content.decode()

    # 3 a week over 28 days, rounded once (each shorter week alone asks for 2)
    assert "the target came to <strong>12</strong> (our suggestion)" in html
    assert "weekly target: 3–4 times a week (our suggestion)" in html
    assert "“(our suggestion)” is Limber's, not the articles'" in html


def test_notes_are_included_when_asked(alice_client, history):
    response = alice_client.get(REPORT, {"start": "2026-10-22", "end": "2026-11-18", "notes": "on"})
    assert "Hamstrings tight" in response.content.decode()


def test_a_link_asking_only_for_notes_shows_the_default_period_with_them(alice_client, history):
    response = alice_client.get(REPORT, {"notes": "on"})
    context = response.context
    assert (context["first"], context["last"]) == (dt.date(2026, 10, 22), dt.date(2026, 11, 18))
    html = response.content.decode()
    assert "Hamstrings tight" in html and "This field is required" not in html


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026-11-10", "2026-11-01", "end", "The end comes before the start"),
        ("2025-11-01", "2026-11-18", "start", "a year at most"),
        ("2026-11-01", "2026-11-25", "end", "can't end in the future"),
        ("2026-12-01", "2026-12-02", "start", "can't start in the future"),
        ("yesterday", "2026-11-18", "start", "Enter a valid date"),
    ],
)
def test_a_bad_period_gets_a_message_beside_the_field(alice_client, start, end, field, message):
    response = alice_client.get(REPORT, {"start": start, "end": end})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Fix the period above" in html
    assert "Progress report</h1>" not in html


def test_the_period_fields_hold_dates_a_date_picker_can_read(alice_client):
    # A date input ignores any value but YYYY-MM-DD: a localised "21/10/2026" showed blank.
    html = alice_client.get(REPORT).content.decode()
    assert 'name="start" value="2026-10-22"' in html
    assert 'name="end" value="2026-11-18"' in html
    html = alice_client.get(REPORT, {"start": "yesterday", "end": "2026-11-18"}).content.decode()
    assert 'type="date" name="start" required' in html  # nothing it can't read written back


def test_the_share_forms_hidden_period_has_ids_of_its_own(alice_client):
    html = alice_client.get(REPORT).content.decode()
    assert re.findall(r'id="([^"]+)"', html).count("id_start") == 1
    assert 'id="share_start"' in html


def test_a_year_is_the_longest_period(alice_client):
    response = alice_client.get(REPORT, {"start": "2025-11-18", "end": "2026-11-17"})
    assert response.context["form"].is_valid()


def test_the_report_needs_a_login(client):
    assert client.get(REPORT).status_code == 302


@pytest.mark.slow
def test_the_report_costs_the_same_queries_for_ten_years(
    alice_client, alice, django_assert_num_queries
):
    # session, user; routines, their phase changes, those phases' exercises, their pauses;
    # the whole weeks' summaries and areas, the short first and last weeks' sessions per
    # routine and areas (the period runs Thursday to Wednesday), each session's pain pair;
    # the person's live
    # links, the newest ended ones (+ the notes when asked for); the weekly check-ins, the
    # PSFS activities and their ratings
    enrolment = EnrolmentFactory(user=alice, started_on=dt.date(2016, 11, 1))
    for year in range(2017, 2027):  # a phase a year: still one query for them all
        enrolment.move_to(PhaseFactory(routine=enrolment.routine), dt.date(year, 1, 1))
    with django_assert_num_queries(16):
        alice_client.get(REPORT)
    SessionLog.objects.bulk_create(
        SessionLogFactory.build(
            user=alice, enrolment=enrolment, started_at=at(dt.date(2016, 11, 20) + dt.timedelta(n))
        )
        for n in range(3650)
    )
    summaries.rebuild(alice)  # bulk writes skip progress.services, which sums each week
    with django_assert_num_queries(16):
        alice_client.get(REPORT)
    with django_assert_num_queries(17):
        alice_client.get(REPORT, {"start": "2025-11-19", "end": "2026-11-18", "notes": "on"})


# Share links ---------------------------------------------------------------------------


def make_link(client, **fields) -> tuple[ShareLink, str]:
    data = {"name": "Dr Smith", "lifetime": "30", "start": "2026-10-22", "end": "2026-11-18"}
    response = client.post("/history/report/links/", data | fields)
    assert response.status_code == 200
    page = response.content.decode()
    url = re.search(r'value="(http://testserver/share/[^"]+/)"', page)[1]
    token = url.rsplit("/", 2)[1]
    return ShareLink.objects.get(name=fields.get("name", "Dr Smith")), token


def test_a_link_opens_the_chosen_period_signed_out_with_private_headers(
    alice_client, client, history
):
    link, token = make_link(alice_client)
    assert len(token) >= 43  # 32 random bytes: 256 bits
    assert link.token_digest == tokens.digest(token) and token not in link.token_digest
    assert link.expires_at == dt.datetime(2026, 12, 18, 14, 0, tzinfo=dt.UTC)
    alice_client.logout()
    response = client.get(f"/share/{token}/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Your pain scores before sessions: 7.6 → 4.2" in html
    assert "alice@example.com" not in html
    assert "Dr Smith" not in html
    assert "Hamstrings tight" not in html
    link.refresh_from_db()
    assert link.last_opened_at is not None


def test_a_link_keeps_to_its_period_as_new_sessions_come(alice_client, client, alice, history):
    _link, token = make_link(alice_client, end="2026-11-10", include_notes="on")
    SessionLogFactory(user=alice, started_at=at(dt.date(2026, 11, 17)), notes="Later note")
    html = client.get(f"/share/{token}/").content.decode()
    assert "22 Oct – 10 Nov 2026" in html
    assert "Hamstrings tight" in html
    assert "Later note" not in html


def test_expired_revoked_and_unknown_links_are_the_same_404(alice_client, client, history):
    _link, token = make_link(alice_client, lifetime="7")
    other, other_token = make_link(alice_client, name="Physio B")
    alice_client.post(f"/history/report/links/{other.pk}/revoke/")
    unknown = tokens.new_token()
    with time_machine.travel(dt.datetime(2026, 11, 25, 14, 1, tzinfo=dt.UTC), tick=False):
        pages = [client.get(f"/share/{t}/") for t in (token, other_token, unknown)]
    assert [p.status_code for p in pages] == [404, 404, 404]
    assert len({p.content for p in pages}) == 1
    assert all(p["Cache-Control"] == "private, no-store" for p in pages)
    with time_machine.travel(dt.datetime(2026, 11, 25, 13, 59, tzinfo=dt.UTC), tick=False):
        assert client.get(f"/share/{token}/").status_code == 200


def test_a_revoked_link_stops_at_once_and_the_list_says_so(alice_client, client, history):
    link, token = make_link(alice_client)
    assert client.get(f"/share/{token}/").status_code == 200
    response = alice_client.post(f"/history/report/links/{link.pk}/revoke/", follow=True)
    assert client.get(f"/share/{token}/").status_code == 404
    html = response.content.decode()
    assert "Revoked 18 Nov 2026" in html
    assert "last opened 18 Nov 2026, 14:00" in html


def _links(user, count: int, revoked: bool = False, start: int = 0) -> None:
    """`count` links made a minute apart, the first the oldest."""
    made = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    ShareLink.objects.bulk_create(
        ShareLink(
            user=user,
            name=f"Physio {n}",
            token_digest=tokens.digest(f"token-{n}"),
            first_day=dt.date(2026, 10, 1),
            last_day=dt.date(2026, 10, 31),
            lifetime_days=90,
            expires_at=dt.datetime(2027, 1, 30, tzinfo=dt.UTC),
            revoked_at=made if revoked else None,
        )
        for n in range(start, start + count)
    )
    for n in range(start, start + count):  # created_at is auto_now_add
        ShareLink.objects.filter(name=f"Physio {n}").update(
            created_at=made + dt.timedelta(minutes=n)
        )


def test_a_person_has_at_most_twenty_live_links_and_the_page_says_so(alice_client, alice, history):
    _links(alice, share.MAX_LIVE_LINKS)
    page = alice_client.get(REPORT).content.decode()
    assert "At most 20 links work at once" in page
    data = {"name": "Dr Smith", "lifetime": "30", "start": "2026-10-22", "end": "2026-11-18"}
    response = alice_client.post("/history/report/links/", data)
    assert response.status_code == 400
    assert "You have 20 links that work, the most at once" in response.content.decode()
    assert ShareLink.objects.filter(user=alice).count() == share.MAX_LIVE_LINKS
    oldest = ShareLink.objects.get(name="Physio 0")
    alice_client.post(f"/history/report/links/{oldest.pk}/revoke/")
    assert alice_client.post("/history/report/links/", data).status_code == 200
    assert ShareLink.objects.live(timezone.now()).filter(user=alice).count() == 20


def test_every_live_link_is_listed_and_ended_ones_are_folded_away(alice_client, alice, history):
    """120 links made before the cap: the 20 oldest still work, the newest 100 are revoked.
    Every live one has its revoke button; only the newest ten ended ones are listed."""
    _links(alice, 20)
    _links(alice, 100, revoked=True, start=20)
    html = alice_client.get(REPORT).content.decode()
    live, ended = html.split("Links that no longer work")
    assert live.count("Revoke<span") == 20
    assert all(f"Physio {n}</strong>" in live for n in range(20))
    assert ended.count("Revoked 1 Nov 2026") == share.ENDED_SHOWN
    assert "Physio 119</strong>" in ended and "Physio 109</strong>" not in html
    assert "<details" in html


def test_a_new_links_token_is_shown_in_the_answer_and_never_kept_in_the_session(
    alice_client, alice, history
):
    from django.conf import settings
    from django.utils.module_loading import import_string

    _link, token = make_link(alice_client)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for row in store.get_model_class().objects.all():
        assert token not in row.session_data
        assert token not in str(row.get_decoded())
    assert token not in str(dict(alice_client.session))
    assert token not in alice_client.get(REPORT).content.decode()


def test_a_share_opens_even_when_its_bookkeeping_cannot_be_written(alice_client, client, history):
    """Under another writer's lock "last opened" waits; the report is still read."""
    from unittest import mock

    from django.db import OperationalError
    from django.db.models.query import QuerySet

    link, token = make_link(alice_client)
    with mock.patch.object(QuerySet, "update", side_effect=OperationalError("locked")):
        response = client.get(f"/share/{token}/")
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.last_opened_at is None


def test_last_opened_is_written_at_most_every_five_minutes(alice_client, client, history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    link, token = make_link(alice_client)
    with CaptureQueriesContext(connection) as opened:
        client.get(f"/share/{token}/")
    link.refresh_from_db()
    first = link.last_opened_at
    with CaptureQueriesContext(connection) as again:
        client.get(f"/share/{token}/")
    assert len(again) == len(opened) - 1  # the same, without the write
    assert not any("UPDATE" in query["sql"] for query in again.captured_queries)
    with time_machine.travel(first + dt.timedelta(minutes=5, seconds=1), tick=False):
        client.get(f"/share/{token}/")
    link.refresh_from_db()
    assert link.last_opened_at == first + dt.timedelta(minutes=5, seconds=1)


def test_another_persons_link_is_a_404_in_the_management_urls(alice_client, bob):
    theirs = ShareLink.objects.create(
        user=bob,
        name="Dr Who",
        token_digest=tokens.digest("x"),
        first_day=dt.date(2026, 11, 1),
        last_day=dt.date(2026, 11, 10),
        lifetime_days=7,
        expires_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    assert alice_client.post(f"/history/report/links/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "Dr Who" not in alice_client.get(REPORT).content.decode()


def test_a_link_for_a_bad_period_or_without_a_name_is_refused(alice_client):
    response = alice_client.post(
        "/history/report/links/", {"name": "", "lifetime": "12", "start": "2026-11-10", "end": "x"}
    )
    assert response.status_code == 400
    errors = response.context["share_form"].errors
    assert set(errors) == {"name", "lifetime", "end", "__all__"}
    html = response.content.decode()
    assert "That period can&#x27;t be shared" in html
    assert 'id="id_name_error"' in html  # beside the field
    assert not ShareLink.objects.exists()


def test_opening_links_is_rate_limited_per_address(client, db):
    cache.clear()
    token = tokens.new_token()
    count = share.OPENS_PER_ADDRESS.count
    codes = [client.get(f"/share/{token}/").status_code for _ in range(count + 1)]
    assert codes[:-1] == [404] * count
    assert codes[-1] == 429
    other = client.get(f"/share/{token}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


def test_behind_a_proxy_each_visitor_has_their_own_share_limit(client, db, settings):
    """The limit counts config.http.client_ip, not the proxy's own address."""
    cache.clear()
    settings.PROXY_COUNT = 1
    token, proxy = tokens.new_token(), "10.0.0.2"
    for _ in range(share.OPENS_PER_ADDRESS.count + 1):
        client.get(f"/share/{token}/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    stranger = client.get(
        f"/share/{token}/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    physio = client.get(f"/share/{token}/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert (stranger.status_code, physio.status_code) == (429, 404)
    assert "reset it by email" not in stranger.content.decode()


def test_tokens_never_reach_the_logs_or_a_referrer(alice_client, client, history, caplog):
    _link, token = make_link(alice_client)
    revoked, revoked_token = make_link(alice_client, name="Old")
    alice_client.post(f"/history/report/links/{revoked.pk}/revoke/")
    handler_filter = RedactSecrets()
    with caplog.at_level(logging.INFO):
        caplog.handler.addFilter(handler_filter)
        client.get(f"/share/{token}/")
        client.get(f"/share/{revoked_token}/")  # a 404: django.request logs its path
        logging.getLogger("django.server").info('"%s" %s %s', f"GET /share/{token}/", 200, 9)
    assert caplog.records  # the 404 was logged ...
    assert token not in caplog.text and revoked_token not in caplog.text  # ... without it
    assert "/share/…" in caplog.text
    response = client.get(f"/share/{token}/")
    assert response["Referrer-Policy"] == "no-referrer"
    assert token not in alice_client.get(REPORT).content.decode()  # shown once only


@pytest.mark.slow
def test_sharing_runs_fixed_queries_for_ten_years(client, alice, django_assert_num_queries):
    token = tokens.new_token()
    ShareLink.objects.create(
        user=alice,
        name="Dr Smith",
        token_digest=tokens.digest(token),
        first_day=(link_first := dt.date(2026, 8, 27)),
        last_day=(link_last := dt.date(2026, 11, 18)),
        lifetime_days=30,
        expires_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    enrolment = EnrolmentFactory(user=alice, started_on=dt.date(2016, 11, 1))
    SessionLog.objects.bulk_create(
        SessionLogFactory.build(
            user=alice, enrolment=enrolment, started_at=at(dt.date(2016, 11, 20) + dt.timedelta(n))
        )
        for n in range(3650)
    )
    summaries.rebuild(alice)  # bulk writes skip progress.services, which sums each week
    # the link, its last opening, routines, phase changes, exercises, pauses, the whole
    # weeks and their areas, the short first and last weeks and their areas (27 Aug is a
    # Thursday), pain pairs, check-ins, PSFS activities and ratings
    with django_assert_num_queries(14):
        response = client.get(f"/share/{token}/")
    in_period = SessionLog.objects.filter(local_date__range=(link_first, link_last)).count()
    assert response.context["session_count"] == in_period > 80


def test_the_report_says_whose_weekly_target_it_is_and_never_asked(alice_client, alice):
    from routines import services
    from routines.models import Routine

    routine = Routine.objects.get(slug="legs-hips-back-stretches")
    EnrolmentFactory(
        user=alice, routine=routine, phase=routine.phases.get(), started_on=dt.date(2026, 11, 2)
    )
    own = services.create_routine(alice, "Desk break", (3, 3))
    EnrolmentFactory(
        user=alice, routine=own, phase=own.phases.get(), started_on=dt.date(2026, 11, 2)
    )
    html = alice_client.get(REPORT).content.decode()
    assert "weekly target: 3–5 times a week (our suggestion)" in html
    assert "weekly target: 3 times a week (the person's own choice)" in html
    assert "set by a clinician" not in html
    assert "A target marked “(our suggestion)” is Limber's, not the articles'" in html
    assert " asked " not in html


def test_the_report_says_a_clinicians_weekly_target_is_not_the_persons_choice(alice_client, alice):
    from routines import services

    clinician = CareLinkFactory(person=alice).clinician  # assigning needs a live connection
    services.assign_routine(clinician, alice, "Knee plan", (1, 2), "Gently.", None)
    html = alice_client.get(REPORT).content.decode()
    assert "weekly target: 1–2 times a week (set by a clinician)" in html
    assert "own choice" not in html


def test_the_name_typed_on_the_report_form_heads_the_report_and_is_kept_nowhere(
    alice_client, client, history, caplog
):
    html = alice_client.get(REPORT).content.decode()
    assert 'name="who"' in html and "Optional. It shows on this report" in html
    with caplog.at_level(logging.INFO):
        caplog.handler.addFilter(RedactSecrets())
        response = alice_client.get(REPORT, {"who": "Alex Smith"})
        logging.getLogger("django.server").info(
            '"%s" %s', "GET /history/report/?who=Alex+Smith", 200
        )
    html = response.content.decode()
    assert '<p class="report-person">Alex Smith</p>' in html
    assert "Alex" not in caplog.text and "who=…" in caplog.text
    assert 'value="Alex Smith"' in html  # kept in the form, for the next period chosen
    _link, token = make_link(alice_client)
    assert "Alex Smith" not in client.get(f"/share/{token}/").content.decode()
    assert "Alex Smith" not in alice_client.get(REPORT).content.decode()


def test_gunicorns_access_log_leaves_the_name_out():
    import runpy
    import types
    from pathlib import Path

    from django.conf import settings

    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    logger = object.__new__(config["logger_class"]())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/history/report/?start=2026-10-22&who=Alex+Smith",
        "PATH_INFO": "/history/report/",
        "QUERY_STRING": "start=2026-10-22&who=Alex+Smith",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = types.SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    request = types.SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0))
    assert "Alex" not in f"{atoms['r']} {atoms['q']}"
    assert atoms["q"] == "start=2026-10-22&who=…"


def test_a_routine_started_today_says_nothing_is_due_yet(alice_client, alice):
    EnrolmentFactory(user=alice, phase=PhaseFactory(routine__name="New today"))
    html = alice_client.get(REPORT).content.decode()
    routines = html[html.index('class="report-routines"') : html.index('class="report-pain"')]
    assert "Started today: nothing due yet." in routines
    assert " of 1" not in routines and "0 days" not in routines


def test_more_days_than_the_target_read_as_a_plain_count(alice_client, alice):
    phase = PhaseFactory(routine__name="Keen", sessions_per_week_min=3, sessions_per_week_max=3)
    keen = EnrolmentFactory(user=alice, phase=phase, started_on=dt.date(2026, 10, 1))
    for n in range(26):
        SessionLogFactory(
            user=alice, enrolment=keen, started_at=at(dt.date(2026, 10, 24) + dt.timedelta(n))
        )
    html = alice_client.get(REPORT).content.decode()
    assert "<strong>26</strong> days with a session; the target came to <strong>12</strong>" in html
    assert "on target <strong>5</strong> of 5 weeks" in html


def test_a_week_still_under_way_is_not_counted_as_missed(alice_client, alice):
    phase = PhaseFactory(routine__name="Twice", sessions_per_week_min=2, sessions_per_week_max=3)
    twice = EnrolmentFactory(user=alice, phase=phase, started_on=dt.date(2026, 10, 22))
    for day in (22, 25, 29, 31, 5, 7, 10, 12):
        month = 10 if day > 20 else 11
        SessionLogFactory(user=alice, enrolment=twice, started_at=at(dt.date(2026, month, day)))
    [row] = alice_client.get(REPORT).context["routines"]
    assert (row["weeks_met"], row["weeks_counted"]) == (4, 4)  # 16–18 Nov runs until tonight


def test_one_include_my_session_notes_box_serves_the_report_and_the_link(
    alice_client, client, history
):
    html = alice_client.get(REPORT, {"notes": "on"}).content.decode()
    assert html.count("Include my session notes") == 1
    assert "with your session notes" in html
    link, token = make_link(alice_client, include_notes="True")
    assert link.include_notes
    assert "Hamstrings tight" in client.get(f"/share/{token}/").content.decode()


def test_a_link_that_no_longer_works_says_why_without_the_apps_menu(alice_client, client, history):
    link, token = make_link(alice_client)
    alice_client.post(f"/history/report/links/{link.pk}/revoke/")
    response = client.get(f"/share/{token}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "The person who shared this link turned it off or it has expired." in html
    assert 'class="main-nav"' not in html and 'href="/history/"' not in html
    assert client.get(f"/share/{tokens.new_token()}/").content == response.content


def test_a_new_link_has_copy_and_share_buttons_shown_by_script(alice_client, history):
    make_link(alice_client)
    response = alice_client.post(
        "/history/report/links/",
        {"name": "Dr B", "lifetime": "30", "start": "2026-10-22", "end": "2026-11-18"},
        follow=True,
    )
    html = response.content.decode()
    assert 'id="new-link-url" type="text" readonly' in html
    assert 'data-copy="new-link-url" hidden' in html
    assert 'data-share="new-link-url"' in html
    assert "/static/js/copy.js" in html
