"""A person's planned sessions as an iCalendar feed (RFC 5545), built with `icalendar`."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from exercises.dose import describe_dose
from routines import reminders
from routines.links import session_url
from routines.models import Enrolment, ReminderSchedule

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
        rule = reminders.ReminderRule(enrolment.pk, zone, schedule.days, schedule.at)
        for start in reminders.planned_moments(rule, today, FEED_DAYS):
            calendar.add_component(_event(enrolment, start, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
