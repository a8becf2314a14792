"""Sessions logged as a flare-day version: marked on the session page, in History, in the
report and in the export; the guided session's save sends the mark."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionLogFactory


def test_a_flare_day_session_is_marked_on_its_page_and_in_history(alice_client, alice):
    session = SessionLogFactory(user=alice, flare_day=True)
    SessionLogFactory(user=alice)
    page = alice_client.get(session.get_absolute_url()).content.decode()
    assert '<span class="tag flare-tag">flare day</span>' in page
    history = alice_client.get("/history/").content.decode()
    assert history.count('<span class="tag flare-tag">flare day</span>') == 1


def test_the_report_counts_the_flare_day_sessions(alice_client, alice):
    today = timezone.localdate(timezone=alice.zone)
    for days, flare in ((1, True), (2, False), (3, True)):
        started = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9), alice.zone)
        SessionLogFactory(user=alice, started_at=started, flare_day=flare)
    html = alice_client.get(reverse("progress:report")).content.decode()
    assert "Flare-day versions (short and gentle): 2 of 3 sessions." in html


def test_the_log_form_takes_the_flare_day_mark_from_today_s_link(alice_client, enrolment):
    html = alice_client.get(
        reverse("progress:new"), {"enrolment": enrolment.pk, "flare_day": "1"}
    ).content.decode()
    assert re.search(r'<input type="checkbox" name="flare_day"[^>]* checked>', html)
