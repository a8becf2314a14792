"""Every page a person can reach, rendered in the states the tests reach: public and signed in,
empty and filled, and with form errors. The standards tests (valid HTML, working ARIA and
label references) run over this one set, so a new page or state added here is checked by all.
"""

import datetime as dt
import uuid
from collections.abc import Iterator

from django.contrib.auth.tokens import default_token_generator
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import care, tokens
from accounts.models import AccessRecord, CareLink, Invite, bump_data_version
from accounts.weeks import week_label
from exercises.models import Exercise
from progress import clinic_digest, share
from progress.models import PsfsActivity, PsfsRating, ShareLink
from reminders.calendar import new_token
from reminders.links import unsubscribe_token
from reminders.models import PushSubscription, ReminderSchedule
from routines import services
from routines.models import Enrolment, Phase, Routine
from tests.factories import (
    PASSWORD,
    CareLinkFactory,
    ClinicianFactory,
    ExerciseLogFactory,
    SessionLogFactory,
    UserFactory,
)

Page = tuple[str, int, str]  # (what it is, status code, HTML)


def _row_data(rows: list[dict], prefix: str = "rows") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }
    defaults = {"exercise": "", "status": "done", "seconds": "", "reps": "", "side": "none"}
    for i, row in enumerate(rows):
        for field, default in defaults.items():
            data[f"{prefix}-{i}-{field}"] = row.get(field, default)
    return data


def _bad_session(enrolment: Enrolment | None) -> dict:
    # Two days on: a future date wherever the person lives.
    future = timezone.localdate() + dt.timedelta(days=2)
    return {
        "enrolment": str(enrolment.pk) if enrolment else "",
        "date": future.isoformat(),
        "time": "25:99",
        "pain_before": "11",
        "pain_after": "",
        "notes": "x" * 2001,
        "idempotency_key": str(uuid.uuid4()),
        **_row_data(
            [
                {"exercise": "no-such-move", "seconds": "-5"},
                {"exercise": "roll-calves", "seconds": "ten", "reps": "-1"},
                {"seconds": "30"},
            ]
        ),
    }


def _filled_person() -> tuple:
    """Someone a few weeks in: two routines (one paused) and logged sessions."""
    person = UserFactory(email="filled@example.com", time_zone="Europe/London")
    today = timezone.localdate(timezone=person.zone)
    rolling = Routine.objects.get(slug="foam-roller-legs-hips")
    nightly = Routine.objects.get(slug="nightly-release")
    started = today - dt.timedelta(days=20)
    enrolment = Enrolment.objects.create(
        user=person,
        routine=rolling,
        phase=Phase.objects.filter(routine=rolling).order_by("order").first(),
        started_on=started,
        phase_started_on=started,
    )
    paused = Enrolment.objects.create(
        user=person,
        routine=nightly,
        phase=Phase.objects.filter(routine=nightly).order_by("order").first(),
        started_on=started,
        phase_started_on=started,
    )
    paused.pause(today)
    calves = Exercise.objects.get(slug="roll-calves")
    sessions = []
    for days_ago, before, after in [(0, 6, 7), (1, 5, 3), (3, None, 2), (9, 4, 4)]:
        started_at = timezone.now() - dt.timedelta(days=days_ago, hours=1)
        session = SessionLogFactory(
            user=person,
            enrolment=enrolment,
            routine=rolling,
            phase=enrolment.phase,
            started_at=started_at,
            pain_before=before,
            pain_after=after,
            notes="Left calf tight.\n\nBetter after rolling.",
        )
        ExerciseLogFactory(session=session, exercise=calves, seconds_done=90, order=0)
        sessions.append(session)
    return person, enrolment, sessions


def _get(client: Client, name: str, url: str, **extra) -> Page:
    response = client.get(url, **extra)
    return name, response.status_code, response.content.decode()


def _post(client: Client, name: str, url: str, data: dict) -> Page:
    response = client.post(url, data)
    return name, response.status_code, response.content.decode()


def public_pages(client: Client) -> Iterator[Page]:
    yield _get(client, "home", "/")
    yield _get(client, "exercise library", "/exercises/")
    yield _get(client, "exercise library, filtered", "/exercises/?area=calves&have=foam-roller")
    yield _get(client, "exercise library, search results with reasons", "/exercises/?q=thigh")
    yield _get(client, "exercise library, nothing matches", "/exercises/?q=zzzz")
    yield _get(client, "exercise library, a fresh injury", "/exercises/?q=pulled+groin")
    yield _get(client, "exercise library, an injury alone", "/exercises/?q=sprain")
    for slug in Exercise.objects.order_by("slug").values_list("slug", flat=True):
        yield _get(client, f"exercise {slug}", f"/exercises/{slug}/")
    yield _get(client, "routines", "/routines/")
    yield _get(client, "red flags", "/red-flags/")
    yield _get(client, "offline page (the worker's copy)", "/offline/")
    yield _get(client, "today, signed out", "/today/")
    yield _get(client, "try a guided session, signed out", "/routines/foam-roller-legs-hips/try/")
    for slug in Routine.objects.order_by("slug").values_list("slug", flat=True):
        yield _get(client, f"routine {slug}, signed out", f"/routines/{slug}/")
    yield _get(client, "sign up", "/accounts/signup/?next=/routines/nightly-release/")
    yield _post(
        client,
        "sign up, with errors",
        "/accounts/signup/",
        {"email": "not-an-email", "password1": "short", "password2": "other"},
    )
    yield _get(client, "log in", "/accounts/login/?next=/today/")
    yield _post(
        client, "log in, with errors", "/accounts/login/", {"username": "x@y.z", "password": "n"}
    )
    yield _get(client, "password reset", "/accounts/password_reset/")
    yield _post(client, "password reset, with errors", "/accounts/password_reset/", {"email": "x"})
    yield _get(client, "password reset sent", "/accounts/password_reset/done/")
    yield _get(client, "password reset, broken link", "/accounts/reset/MQ/bad-token/")
    person = UserFactory(email="forgetful@example.com")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    form_url = response.redirect_chain[-1][0]
    yield "password reset, new password", response.status_code, response.content.decode()
    yield _post(
        client,
        "password reset, new password with errors",
        form_url,
        {"new_password1": "a", "new_password2": "b"},
    )
    yield _get(client, "password reset complete", "/accounts/reset/done/")
    yield _get(client, "not found (404)", "/no-such-page/")
    csrf_client = Client(enforce_csrf_checks=True)
    yield _post(csrf_client, "form expired (CSRF, 403)", "/accounts/login/", {})
    for _ in range(5):
        client.post("/accounts/login/", {"username": "locked@example.com", "password": "no"})
    yield _post(
        client,
        "too many sign-in attempts (429)",
        "/accounts/login/",
        {"username": "locked@example.com", "password": "no"},
    )


def empty_person_pages(client: Client) -> Iterator[Page]:
    person = UserFactory(email="new@example.com", time_zone="Europe/Paris")
    client.force_login(person)
    yield _get(client, "today, following nothing", "/today/")
    yield _get(client, "one-minute start", "/start/")
    yield _get(client, "one-minute start, with errors", "/start/?have=nothing&minutes=7")
    built = "/start/?where=lower-back&have=nothing&minutes=10"
    yield _get(client, "one-minute start, a routine built from the library", built)
    programme = "/start/?where=lower-back&where=knees&have=foam-roller&minutes=10"
    yield _get(client, "one-minute start, a programme suggested", programme)
    yield _get(client, "history, nothing logged", "/history/")
    yield _get(client, "progress report, nothing logged", "/history/report/")
    yield _get(client, "log a session, blank", "/sessions/new/")
    yield _post(client, "log a session, nothing filled in", "/sessions/new/", _bad_session(None))
    yield _get(client, "routines, signed in", "/routines/")
    yield _get(client, "routine, not followed yet", "/routines/foam-roller-legs-hips/")
    yield _get(client, "try a guided session, signed in", "/routines/nightly-release/try/")
    yield _post(
        client,
        "routine, start with errors (400)",
        "/routines/foam-roller-legs-hips/start/",
        {"start_phase": "999"},
    )
    yield _get(client, "time zone question", "/accounts/time-zone/?next=/routines/")
    zone_errors = {"time_zone": "x"}
    yield _post(client, "time zone question, with errors", "/accounts/time-zone/", zone_errors)
    yield _get(client, "profile", "/accounts/profile/")
    yield _post(
        client,
        "profile, with errors",
        "/accounts/profile/",
        {"display_name": "x" * 61, "time_zone": "Mars/Olympus", "week_start": "3"},
    )
    yield _get(client, "change password", "/accounts/password_change/")
    yield _post(
        client,
        "change password, with errors",
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
    )
    yield _get(client, "password changed", "/accounts/password_change/done/")
    yield _get(client, "export", "/accounts/export/")
    yield _get(client, "delete account", "/accounts/delete/")
    yield _post(client, "delete account, with errors", "/accounts/delete/", {"password": "no"})
    yesterday = timezone.localdate(timezone=person.zone) - dt.timedelta(days=1)
    noon = dt.datetime.combine(yesterday, dt.time(12), tzinfo=person.zone)
    SessionLogFactory(user=person, started_at=noon, pain_before=8, pain_after=8)
    yield _get(client, "today, the next-morning question", "/today/")
    yield _get(client, "log a session, with the caution before (usual unknown)", "/sessions/new/")
    client.logout()


def filled_person_pages(client: Client) -> Iterator[Page]:
    person, enrolment, sessions = _filled_person()
    client.force_login(person)
    session = sessions[0]
    yield _get(client, "today, two routines (one paused)", "/today/")
    yield _get(client, "history, this week", "/history/")
    last_week = week_label(session.local_date - dt.timedelta(days=7), person.week_start)
    yield _get(client, "history, an earlier week", f"/history/{last_week}/")
    yield _get(client, "routines, following two", "/routines/")
    yield _get(client, "routine, followed", "/routines/foam-roller-legs-hips/")
    yield _get(client, "routine, paused", "/routines/nightly-release/")
    yield _get(client, "stop a routine", f"/routines/enrolments/{enrolment.pk}/stop/")
    yield _get(
        client,
        "log a session, handed over by the player",
        f"/sessions/new/?enrolment={enrolment.pk}&started_at=2026-01-05T07:30"
        "&item=roll-hamstrings-glutes:90:done&item=roll-calves:45:partly",
    )
    from_routine = f"/sessions/new/?enrolment={enrolment.pk}"
    yield _get(client, "log a session, from the routine", from_routine)
    yield _post(client, "log a session, with errors", "/sessions/new/", _bad_session(enrolment))
    fill = {**_bad_session(None), "enrolment": str(enrolment.pk), "fill_routine": "1"}
    yield _post(client, "log a session, a routine's moves filled in", "/sessions/new/", fill)
    yield _get(client, "a session (pain went up)", f"/sessions/{session.pk}/")
    yield _get(client, "a session (pain went down)", f"/sessions/{sessions[1].pk}/")
    away = SessionLogFactory(user=person, time_zone="America/New_York")
    yield _get(client, "a session logged in another time zone", f"/sessions/{away.pk}/")
    yield _get(client, "history, a session logged in another time zone", "/history/")
    away.delete()
    yield _get(client, "edit a session", f"/sessions/{session.pk}/edit/")
    yield _post(
        client, "edit a session, with errors", f"/sessions/{session.pk}/edit/", _bad_session(None)
    )
    yield _get(client, "delete a session", f"/sessions/{session.pk}/delete/")
    yield from _session_pages(client, enrolment)
    yield from _own_routine_pages(client, person)
    yield from _reminder_pages(client, person, enrolment)
    yield from _outcome_pages(client, person, enrolment)
    yield from _report_pages(client, person, enrolment)
    yield from _assigned_pages(client, person)
    yield from _clinic_pages(client, person)
    client.logout()


def _session_pages(client: Client, enrolment: Enrolment) -> Iterator[Page]:
    yield _get(client, "guided session", f"/today/{enrolment.pk}/session/")
    flare = f"/today/{enrolment.pk}/session/?short={enrolment.pk}&move=0&move=1"
    yield _get(client, "guided session, flare-day version", flare)
    yield _get(client, "today, flare-day version", f"/today/?short={enrolment.pk}")


def _own_routine_pages(client: Client, person) -> Iterator[Page]:
    yield _get(client, "new routine", "/routines/new/")
    yield _post(client, "new routine, with errors", "/routines/new/", {"name": " ", "weekly": "9"})
    empty = services.create_routine(person, "Knees first", (2, 3))
    yield _get(client, "own routine, no moves yet", f"/routines/{empty.slug}/")
    yield _get(client, "edit own routine, no moves yet", f"/routines/{empty.slug}/edit/")
    routine = services.create_routine(person, "Calf care", (3, 4))
    phase = routine.phases.get()
    # The ball release before any hamstring roll: the editor warns about the order.
    items = [
        services.add_move(phase, Exercise.objects.get(slug=slug))
        for slug in ("lacrosse-ball-hamstring-release", "roll-calves", "side-lying-leg-raise")
    ]
    edit = f"/routines/{routine.slug}/edit/"
    yield _get(client, "edit own routine, with moves and an ordering warning", edit)
    yield _post(client, "edit own routine, with errors", edit, {"name": "", "weekly": "9"})
    by_reps = next((item for item in items if item.dose.reps and not item.dose.seconds_min), None)
    for item in [items[1], *([by_reps] if by_reps else [])]:
        kind = "reps" if item is by_reps else "time"
        dose = f"/routines/{routine.slug}/moves/{item.pk}/"
        yield _get(client, f"move dose ({kind})", dose)
        too_much = {"sets": "99", "seconds": "999", "reps": "500", "rest_seconds": "-1"}
        yield _post(client, f"move dose ({kind}), out of bounds", dose, too_much)
    yield _get(client, "own routine, with moves", f"/routines/{routine.slug}/")
    yield _get(client, "add an exercise to my routine", "/routines/add/roll-calves/")
    yield _post(
        client,
        "add an exercise to my routine, with errors",
        "/routines/add/roll-calves/",
        {"routine": "new", "name": ""},
    )
    yield _get(client, "delete own routine", f"/routines/{routine.slug}/delete/")
    own = Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=phase,
        started_on=timezone.localdate(timezone=person.zone),
        phase_started_on=timezone.localdate(timezone=person.zone),
    )
    yield _get(client, "own routine, followed", f"/routines/{routine.slug}/")
    yield _get(client, "edit own routine, followed", edit)
    yield _get(client, "guided session, own routine", f"/today/{own.pk}/session/")


def _reminder_pages(client: Client, person, enrolment: Enrolment) -> Iterator[Page]:
    reminder = f"/reminders/{enrolment.pk}/"
    yield _get(client, "reminder, suggested", f"{reminder}?next=/today/")
    yield _get(client, "reminder, from the one-minute start", f"{reminder}?next=/today/&on=start")
    switched_off = {"days": ["0", "3"], "at": "07:30", "next": "/today/"}
    yield _post(client, "reminder, asking before saving it off", reminder, switched_off)
    no_day = {"enabled": "on", "at": "07:30"}
    yield _post(client, "reminder, with errors (no day)", reminder, no_day)
    bad_time = {"enabled": "on", "days": ["0", "3"], "at": "25:99"}
    yield _post(client, "reminder, with errors (bad time)", reminder, bad_time)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True, weekdays=0b1001)
    yield _get(client, "reminder, set", reminder)
    with override_settings(PUSH_ENABLED=True, VAPID_PUBLIC_KEY="B" + "A" * 86):
        on_this_device = _get(client, "reminder, set, with push notifications on", reminder)
    yield on_this_device
    new_token(person)
    yield _get(client, "profile, with reminders and a calendar address", "/accounts/profile/")
    phone = PushSubscription.objects.create(
        user=person,
        endpoint="https://push.example/phone",
        p256dh="x",
        auth="y",
        device="Chrome on Android",
        last_used_at=timezone.now(),
    )
    with override_settings(PUSH_ENABLED=True, VAPID_PUBLIC_KEY="B" + "A" * 86):
        with_devices = _get(
            client, "profile, with a device with notifications", "/accounts/profile/"
        )
    yield with_devices
    yield _get(
        client, "stop notifications on a device, confirm", f"/reminders/devices/{phone.pk}/remove/"
    )
    unsubscribe = f"/reminders/unsubscribe/{unsubscribe_token(enrolment.pk)}/"
    yield _get(Client(), "stop reminders, confirm", unsubscribe)
    yield _post(Client(), "stop reminders, done", unsubscribe, {})


def _outcome_pages(client: Client, person, enrolment: Enrolment) -> Iterator[Page]:
    first = "/activities/?first=1&next=/routines/foam-roller-legs-hips/"
    yield _get(client, "activities, after a first routine", first)
    yield _post(client, "activities, with errors", first, {"name": "", "score": "11"})
    client.post(first, {"name": "Putting on socks", "score": "3"})
    client.post(first, {"name": "A 30-minute walk", "score": "5"})
    yield _get(client, "activities, two named", "/activities/")
    socks = PsfsActivity.objects.get(user=person, name="Putting on socks")
    yield _post(client, "activities, rename with errors", f"/activities/{socks.pk}/rename/", {})
    yield _get(client, "rate the activities", "/activities/rate/")
    yield _post(client, "rate the activities, with errors", "/activities/rate/", {})
    two_weeks_ago = timezone.localdate(timezone=person.zone) - dt.timedelta(days=14)
    PsfsRating.objects.filter(activity__user=person).update(day=two_weeks_ago)
    bump_data_version(person.pk)  # a bulk update sends no signal
    yield _get(client, "today, the weekly check-in and the question to rate again", "/today/")
    last_week = week_label(timezone.localdate(timezone=person.zone) - dt.timedelta(days=7), 0)
    check_in = f"/check-in/{last_week}/"
    yield _get(client, "weekly check-in", check_in)
    too_long = {"routine": str(enrolment.pk), "answer": "other", "text": "x" * 201}
    yield _post(client, "weekly check-in, with errors", check_in, too_long)
    client.post(check_in, {"routine": str(enrolment.pk), "answer": "forgot"})
    yield _get(client, "weekly check-in, answered", check_in)
    client.post("/activities/rate/", {f"score-{socks.pk}": "6"})
    yield _get(client, "history, with activities and check-ins", "/history/")


def _report_pages(client: Client, person, enrolment: Enrolment) -> Iterator[Page]:
    yield _get(
        client,
        "history, trend of one routine over all time",
        f"/history/?routine={enrolment.pk}&span=all",
    )
    yield _get(client, "history, trend of one routine", f"/history/?routine={enrolment.pk}")
    yield _get(client, "progress report", "/history/report/")
    yield _get(client, "progress report, with notes", "/history/report/?notes=on")
    yield _get(client, "progress report, with the person's name", "/history/report/?who=Alex")
    today = timezone.localdate(timezone=person.zone)
    backwards = f"?start={today.isoformat()}&end={(today - dt.timedelta(days=3)).isoformat()}"
    yield _get(client, "progress report, with a bad period", f"/history/report/{backwards}")
    unreadable = "/history/report/?start=31/02"
    yield _get(client, "progress report, with a date it cannot read", unreadable)
    future = f"?start=2000-01-01&end={(today + dt.timedelta(days=9)).isoformat()}"
    yield _get(client, "progress report, with a future period", f"/history/report/{future}")
    period = {"start": (today - dt.timedelta(days=27)).isoformat(), "end": today.isoformat()}
    yield _post(
        client,
        "progress report, share link with errors (400)",
        "/history/report/links/",
        {**period, "name": "", "lifetime": "5"},
    )
    response = client.post(
        "/history/report/links/", {**period, "name": "Dr Smith", "lifetime": "30"}, follow=True
    )
    yield "progress report, right after making a link", response.status_code, response.text
    token = tokens.new_token()
    ShareLink.objects.create(
        user=person,
        name="Physio",
        token_digest=tokens.digest(token),
        first_day=today - dt.timedelta(days=27),
        last_day=today,
        include_notes=True,
        lifetime_days=7,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    revoked = ShareLink.objects.filter(user=person, name="Dr Smith").get()
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    ShareLink.objects.bulk_create(
        ShareLink(
            user=person,
            name=f"Clinic {n}",
            token_digest=tokens.digest(f"clinic-{n}"),
            first_day=today - dt.timedelta(days=27),
            last_day=today,
            lifetime_days=30,
            expires_at=timezone.now() + dt.timedelta(days=30),
        )
        for n in range(share.MAX_LIVE_LINKS - 1)
    )
    yield _post(
        client,
        "progress report, one link too many (400)",
        "/history/report/links/",
        {**period, "name": "Dr Jones", "lifetime": "30"},
    )
    yield _get(client, "progress report, with share links listed", "/history/report/")
    yield _get(Client(), "shared report (signed out)", f"/share/{token}/")
    yield _get(Client(), "shared report, unknown link (404)", "/share/no-such-token/")


def _assigned_pages(client: Client, person) -> Iterator[Page]:
    """A routine the person's clinician assigns: the clinician's pages, then the person's."""
    clinician = ClinicianFactory(display_name="Sam Okafor")
    CareLinkFactory(clinician=clinician, person=person)
    clinic = Client()
    clinic.force_login(clinician)
    assign = f"/clinic/people/{person.pk}/assign/"
    yield _get(clinic, "assign a routine", assign)
    bad = {"name": "", "weekly": "9-9", "note": "x" * 501, "start": "nope"}
    yield _post(clinic, "assign a routine, with errors", assign, bad)
    note = "For your knee: roll first, then stretch.\nStop if it pinches."
    phase = Phase.objects.get(routine__slug="foam-roller-legs-hips", order=1)
    data = {"name": "Knee plan", "weekly": "3-3", "note": note, "start": str(phase.pk)}
    response = clinic.post(assign, data, follow=True)
    yield (
        "edit a routine for someone, right after assigning it",
        response.status_code,
        response.text,
    )
    routine = Routine.objects.get(owner=person, assigned_by=clinician)
    item = routine.phases.get().items.order_by("order").first()
    edit = f"/routines/{routine.slug}/edit/"
    yield _post(clinic, "edit a routine for someone, with errors", edit, {"note": " "})
    yield _get(clinic, "dose of a move in a routine for someone", f"{edit[:-5]}moves/{item.pk}/")
    yield _get(clinic, "withdraw a routine", f"/routines/{routine.slug}/delete/")
    yield _get(client, "today, an assigned routine", "/today/")
    clinic.post(f"/routines/{routine.slug}/moves/", {"exercise": "quad-stretch"})
    clinic.post(edit, {"name": "Knee plan", "weekly": "7-7", "note": "Every day now."})
    yield _get(client, "today, what the clinician changed", "/today/")
    yield _get(
        client, "routine, assigned, what the clinician changed", f"/routines/{routine.slug}/"
    )


def _invite(clinician, **fields) -> str:
    token = tokens.new_token()
    fields.setdefault("expires_at", care.invite_expiry(timezone.now()))
    Invite.objects.create(clinician=clinician, token_digest=tokens.digest(token), **fields)
    return token


def clinic_pages(client: Client) -> Iterator[Page]:
    """The consent side of the clinic: invite links, joining, a person's clinicians."""
    clinician = ClinicianFactory(email="physio@example.com", display_name="Sam Rivers")
    person = UserFactory(email="patient@example.com", time_zone="Europe/London")
    client.force_login(clinician)
    yield _get(client, "clinic invites, none yet", "/clinic/invites/")
    too_long = {"label": "x" * 81}
    yield _post(client, "clinic invites, with errors (400)", "/clinic/invites/", too_long)
    response = client.post("/clinic/invites/", {"label": "Kim, Tuesday"})
    yield "clinic invites, right after making one", response.status_code, response.text
    _invite(clinician, label="Used", used_at=timezone.now())
    _invite(clinician, label="Old", expires_at=timezone.now() - dt.timedelta(days=1))
    yield _get(client, "clinic invites, open and ended", "/clinic/invites/")
    invite = Invite.objects.filter(clinician=clinician, label="Kim, Tuesday").get()
    yield _get(client, "revoke an invite link", f"/clinic/invites/{invite.pk}/revoke/")
    token = _invite(clinician, label="For the patient")
    yield _get(client, "join, your own invite", f"/join/{token}/")
    CareLinkFactory(clinician=clinician, person=UserFactory(), include_notes=True)
    yield _get(client, "turn the clinician account off", "/accounts/clinician/stop/")
    yield _get(client, "profile, a clinician", "/accounts/profile/")
    client.logout()
    yield _get(client, "join, signed out", f"/join/{token}/")
    yield _get(client, "join, an invite that no longer works (404)", "/join/no-such-token/")
    client.force_login(person)
    yield _get(client, "your clinicians, none", "/accounts/clinicians/")
    yield _get(client, "join, the consent screen", f"/join/{token}/")
    yield _post(client, "join, with errors (400)", f"/join/{token}/", {"decision": "maybe"})
    client.post(f"/join/{token}/", {"decision": "accept"})
    link = CareLink.objects.get(person=person)
    AccessRecord.note(clinician, [link], "the weekly overview")
    CareLinkFactory(person=person, ended_at=timezone.now())
    yield _get(client, "your clinicians, connected", "/accounts/clinicians/")
    yield _get(client, "disconnect from a clinician", f"/accounts/clinicians/{link.pk}/disconnect/")
    yield _get(client, "profile, with a clinician", "/accounts/profile/")
    yield _get(client, "join, already connected", f"/join/{_invite(clinician)}/")
    client.logout()


def _clinic_pages(client: Client, person) -> Iterator[Page]:
    """A clinician's pages, following the filled person (their notes shared) and a second
    person with no routine; and, before anyone, the empty dashboard."""
    clinician = ClinicianFactory(email="clinic@example.com", display_name="Sam Physio")
    client.force_login(clinician)
    yield _get(client, "clinic dashboard, no one connected yet", "/clinic/")
    CareLink.objects.create(clinician=clinician, person=person, include_notes=True)
    quiet = UserFactory(email="quiet@example.com", display_name="Quinn")
    CareLink.objects.create(clinician=clinician, person=quiet)
    yield _get(client, "clinic dashboard, two people", "/clinic/")
    yield _get(client, "clinic dashboard, filtered by a flag", "/clinic/?flag=check-in")
    yield _get(client, "clinic, a person's page", f"/clinic/people/{person.pk}/")
    yield _get(client, "clinic, a person's page, 12 weeks", f"/clinic/people/{person.pk}/?weeks=12")
    yield _get(
        client,
        "clinic, a person's page, a wrong period (400)",
        f"/clinic/people/{person.pk}/?start=2026-02-30&end=tomorrow",
    )
    yield _get(client, "clinic, a person with no routine", f"/clinic/people/{quiet.pk}/")
    off = f"/clinic/digest-off/{clinic_digest.off_token(clinician.pk)}/"
    yield _get(Client(), "clinic, stop the daily email", off)
    yield _post(Client(), "clinic, daily email stopped", off, {})
    yield _post(Client(), "clinic, daily email on again", off, {"digest": "on"})


def all_pages() -> list[Page]:
    """Render every page; each must answer with its expected status, never a 500."""
    client = Client()
    return [
        *public_pages(client),
        *empty_person_pages(client),
        *filled_person_pages(client),
        *clinic_pages(client),
    ]


__all__ = ["PASSWORD", "all_pages"]
