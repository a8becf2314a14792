"""A person's planned sessions as an iCalendar feed (RFC 5545), built with `icalendar`, and
the secret token in the feed's address."""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import salted_hmac
from icalendar import Alarm, Calendar, Event

from accounts.models import User
from exercises.dose import describe_dose
from reminders import rules
from reminders.links import session_url
from reminders.models import CalendarFeed, ReminderSchedule
from routines.models import Enrolment

FEED_DAYS = 28
MIN_DURATION = dt.timedelta(minutes=5)


def schedule_of(enrolment: Enrolment) -> ReminderSchedule:
    """The enrolment's reminder schedule (needs select_related("reminder")), or our suggestion."""
    try:
        return enrolment.reminder
    except ReminderSchedule.DoesNotExist:
        return ReminderSchedule.suggested_for(enrolment)


def _event(enrolment: Enrolment, start: dt.datetime, stamp: dt.datetime) -> Event:
    phase = enrolment.current_phase
    moves = "\n".join(
        f"- {item.exercise.name}: {describe_dose(item.dose)}" for item in phase.items.all()
    )
    event = Event()
    event.add("uid", f"limber-{enrolment.pk}-{start:%Y%m%d}@{settings.SITE_URL.split('//')[-1]}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", max(MIN_DURATION, dt.timedelta(seconds=phase.estimated_seconds)))
    event.add("summary", f"{enrolment.routine.name} ({phase.minutes_text})")
    event.add("description", f"{phase.name}\n{moves}\n\nStart: {session_url(enrolment.pk)}")
    event.add("url", session_url(enrolment.pk))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Time for {enrolment.routine.name}")
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def build_feed(
    enrolments: Iterable[Enrolment], zone: str, today: dt.date, now: dt.datetime
) -> bytes:
    """Every planned session of the active routines from `today` for FEED_DAYS days, at the
    reminder days and time, each with an alarm at its start.

    Needs the enrolments' plans (with_plan) and their reminders (select_related).
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Limber//Planned sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Limber sessions")
    for enrolment in enrolments:
        schedule = schedule_of(enrolment)
        rule = rules.ReminderRule(enrolment.pk, zone, schedule.days, schedule.at)
        for start in rules.planned_moments(rule, today, FEED_DAYS):
            calendar.add_component(_event(enrolment, start, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# The feed's address ------------------------------------------------------
# The feed URL carries a 256-bit token: an HMAC of a random per-person key under the
# SECRET_KEY. The database holds the key and the token's SHA-256 (CalendarFeed), never the
# token, so a copy of the database alone opens no one's calendar. The feed looks a token up
# by its hash through a unique index: what a timing difference could reveal is how much of
# a *hash* matched, which tells an attacker nothing about a token to try next.


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _derive_token(key: str) -> str:
    return salted_hmac("limber.calendar", key, algorithm="sha256").hexdigest()


def new_token(user: User) -> str:
    """Make a new feed token (the old address stops working at once) and save it."""
    key = secrets.token_hex(32)
    token = _derive_token(key)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"key": key, "token_hash": token_hash(token)}
    )
    return token


def current_token(user: User) -> str | None:
    """The person's feed token, or None if there is none (or SECRET_KEY has changed)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return None
    token = _derive_token(feed.key)
    return token if token_hash(token) == feed.token_hash else None
