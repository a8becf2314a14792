"""The clinician's daily digest (progress/clinic_digest.py): claimed once a clinician's day
from 08:00, only new flags, never notes, a one-click unsubscribe."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.models import AccessRecord, CareLink
from progress import clinic_digest
from progress.clinic_digest import claim_due_digests
from progress.models import ClinicDigest
from routines.models import Enrolment
from tests.factories import CareLinkFactory, ClinicianFactory, EnrolmentFactory, SessionLogFactory

# A Wednesday, 08:30 in London (GMT): the digest is due there.
MORNING = dt.datetime(2026, 11, 18, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def sam(db):
    return ClinicianFactory(email="sam@example.com", time_zone="Europe/London")


def high_pain(person, moment: dt.datetime, notes: str = "") -> None:
    SessionLogFactory(
        user=person, started_at=moment - dt.timedelta(hours=1), pain_before=8, notes=notes
    )


def quiet_routine(person, moment: dt.datetime) -> Enrolment:
    started = moment.astimezone(person.zone).date() - dt.timedelta(days=10)
    return EnrolmentFactory(user=person, started_on=started, phase_started_on=started)


def test_the_digest_is_claimed_from_0800_in_the_clinicians_zone_once_a_day(sam, alice):
    CareLinkFactory(clinician=sam, person=alice)
    tokyo = ClinicianFactory(time_zone="Asia/Tokyo")  # 17:30 there: due too
    CareLinkFactory(clinician=tokyo, person=alice)
    new_york = ClinicianFactory(time_zone="America/New_York")  # 03:30 there: not yet
    CareLinkFactory(clinician=new_york, person=alice)
    assert claim_due_digests(MORNING - dt.timedelta(minutes=31)) == 1  # 07:59 London
    assert claim_due_digests(MORNING) == 1
    assert claim_due_digests(MORNING + dt.timedelta(hours=3)) == 0  # the same day
    assert ClinicDigest.objects.filter(clinician=sam).count() == 1
    assert claim_due_digests(MORNING + dt.timedelta(days=1)) == 2  # the next day


def test_no_digest_without_a_live_link_or_with_it_switched_off(sam, alice, bob):
    CareLinkFactory(clinician=sam, person=alice, ended_at=MORNING)
    off = ClinicianFactory(clinic_digest=False)
    CareLinkFactory(clinician=off, person=bob)
    assert claim_due_digests(MORNING) == 0


def test_the_email_names_new_flags_only_never_notes_and_can_unsubscribe(sam, alice, bob):
    CareLinkFactory(clinician=sam, person=alice)
    CareLinkFactory(clinician=sam, person=bob)
    with time_machine.travel(MORNING, tick=False):
        high_pain(alice, MORNING, notes="My private worry about the knee")
        assert claim_due_digests(MORNING) == 1
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    assert message.subject == "Limber: new flags for 1 person"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "alice@example.com" in body
        assert "Pain before 7 or more on 18 Nov" in body and "(our rule)" in body
        assert "bob@example.com" not in body  # no flag
        assert "private worry" not in body  # never notes
    assert f"http://127.0.0.1:8000/clinic/people/{alice.pk}/" in message.body
    unsubscribe = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"])[1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert CareLink.objects.get(person=alice).flags_sent == "high"
    assert AccessRecord.objects.get(person=alice).what == "daily email: new flags"


def test_the_next_day_only_a_new_flag_is_sent(sam, alice):
    CareLinkFactory(clinician=sam, person=alice)
    with time_machine.travel(MORNING, tick=False):
        high_pain(alice, MORNING)
        claim_due_digests(MORNING)
    next_day = MORNING + dt.timedelta(days=1)
    with time_machine.travel(next_day, tick=False):
        claim_due_digests(next_day)  # still high pain: nothing new, no email
    assert len(mail.outbox) == 1
    third = MORNING + dt.timedelta(days=2)
    with time_machine.travel(third, tick=False):
        quiet_routine(alice, third)
        claim_due_digests(third)
    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    assert "No session for 7 days or more" in body and "Pain before 7" not in body
    assert CareLink.objects.get(person=alice).flags_sent == "high,quiet"


def test_a_flag_that_went_away_and_came_back_is_new_again(sam, alice):
    link = CareLinkFactory(clinician=sam, person=alice, flags_sent="quiet")
    with time_machine.travel(MORNING, tick=False):
        claim_due_digests(MORNING)  # no flags now: nothing to send, flags_sent cleared
    assert mail.outbox == []
    link.refresh_from_db()
    assert link.flags_sent == ""


def test_a_claimed_digest_is_sent_at_most_once(sam, alice):
    CareLinkFactory(clinician=sam, person=alice)
    with time_machine.travel(MORNING, tick=False):
        high_pain(alice, MORNING)
        claim_due_digests(MORNING)
        claim = ClinicDigest.objects.get()
        assert clinic_digest.send_digest.call(claim.pk) == "already handled"
    assert len(mail.outbox) == 1
    assert ClinicDigest.objects.get().people == 1


def test_the_scheduler_deletes_access_records_past_their_time_even_with_digests_off(sam, alice):
    """Retention is the scheduler's hourly housekeeping, not the digest's: a clinician who
    turned the daily email off still has their old views forgotten."""
    CareLinkFactory(clinician=sam, person=alice)
    sam.clinic_digest = False
    sam.save(update_fields=["clinic_digest"])
    old = AccessRecord.objects.create(
        person=alice,
        clinician=sam,
        clinician_name="Sam",
        what="dashboard summary",
        viewed_at=MORNING - dt.timedelta(days=400),
    )
    recent = AccessRecord.objects.create(
        person=alice,
        clinician=sam,
        clinician_name="Sam",
        what="dashboard summary",
        viewed_at=MORNING - dt.timedelta(days=30),
    )
    on_the_hour = MORNING.replace(minute=0)
    with time_machine.travel(on_the_hour, tick=False):
        call_command("send_due_reminders", verbosity=0)
    assert not AccessRecord.objects.filter(pk=old.pk).exists()
    assert AccessRecord.objects.filter(pk=recent.pk).exists()


def test_the_scheduler_queues_the_digest(sam, alice):
    CareLinkFactory(clinician=sam, person=alice)
    with time_machine.travel(MORNING, tick=False):
        high_pain(alice, MORNING)
        call_command("send_due_reminders", verbosity=0)
    assert len(mail.outbox) == 1


def test_unsubscribing_asks_first_then_one_post_switches_the_digest_off(sam):
    url = f"/clinic/digest-off/{clinic_digest.off_token(sam.pk)}/"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    assert page.status_code == 200 and "Stop the daily email?" in page.text
    sam.refresh_from_db()
    assert sam.clinic_digest  # a link scanner's GET changes nothing
    done = browser.post(url)  # a mail client's one-click POST has no CSRF token
    assert done.status_code == 200 and "Daily email stopped" in done.text
    sam.refresh_from_db()
    assert not sam.clinic_digest
    again = browser.post(url, {"digest": "on"})  # changed their mind, from that page
    assert "Daily email on" in again.text
    sam.refresh_from_db()
    assert sam.clinic_digest


@pytest.mark.parametrize("token", ["nonsense", clinic_digest.off_token("1"), "1"])
def test_a_wrong_unsubscribe_token_is_404(db, client, token):
    assert client.get(f"/clinic/digest-off/{token}/").status_code == 404
    assert client.post(f"/clinic/digest-off/{token}/").status_code == 404
