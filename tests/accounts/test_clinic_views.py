"""The clinic's consent side: invite links (clinic:invites), accepting or declining one
(/join/<token>/), a person's clinicians (/accounts/clinicians/), the role on the profile."""

import datetime as dt
import re
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts import care, tokens
from accounts.care_queries import forget_old_access_records
from accounts.models import AccessRecord, CareLink, Invite, User
from tests.factories import PASSWORD, CareLinkFactory, ClinicianFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(db):
    return ClinicianFactory(email="sam@example.com", display_name="Sam Rivers")


@pytest.fixture
def clinician_client(clinician):
    client = Client()
    client.force_login(clinician)
    return client


def _invite(clinician, **fields) -> tuple[Invite, str]:
    token = tokens.new_token()
    fields.setdefault("expires_at", care.invite_expiry(timezone.now()))
    invite = Invite.objects.create(clinician=clinician, token_digest=tokens.digest(token), **fields)
    return invite, token


def _made_token(response) -> str:
    url = re.search(r'id="new-invite-url" type="text" readonly value="([^"]+)"', response.text)
    return url.group(1).rstrip("/").rsplit("/", 1)[1]


# Invite links ------------------------------------------------------------------------


def test_a_clinician_makes_an_invite_and_sees_its_link_once(
    clinician_client, clinician, django_assert_num_queries
):
    response = clinician_client.post("/clinic/invites/", {"label": "Mrs Jones, Tuesday"})
    assert response.status_code == 200
    assert "shown only once" in response.text
    token = _made_token(response)
    invite = Invite.objects.get()
    assert invite.token_digest == tokens.digest(token)
    assert token not in str(Invite.objects.values().get())  # only its digest is stored
    assert invite.label == "Mrs Jones, Tuesday"
    lasts = invite.expires_at - invite.created_at
    assert lasts == pytest.approx(dt.timedelta(days=14), abs=dt.timedelta(seconds=5))
    # session, user, open invites, ended invites
    with django_assert_num_queries(4):
        page = clinician_client.get("/clinic/invites/")
    assert token not in page.text
    assert "Mrs Jones, Tuesday" in page.text


def test_the_invites_page_lists_open_and_ended_invites(clinician_client, clinician):
    _invite(clinician, label="Open one")
    _invite(clinician, label="Used one", used_at=timezone.now())
    _invite(clinician, label="Old one", expires_at=timezone.now() - dt.timedelta(days=1))
    page = clinician_client.get("/clinic/invites/").text
    works, ended = page.split("Recent links that no longer work")
    assert "Open one" in works and "Used one" not in works
    assert "accepted" in ended and "expired" in ended


@pytest.mark.parametrize("url", ["/clinic/invites/", "/accounts/clinician/stop/"])
def test_clinic_pages_are_a_404_for_someone_who_is_not_a_clinician(alice_client, url):
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {"label": "x"}).status_code == 404
    assert not Invite.objects.exists()


def test_a_label_over_80_characters_is_refused(clinician_client):
    response = clinician_client.post("/clinic/invites/", {"label": "x" * 81})
    assert response.status_code == 400
    assert "At most 80 characters" in response.text
    assert not Invite.objects.exists()


def test_invites_are_rate_limited_per_clinician(clinician_client, clinician):
    limit = care.INVITES_PER_CLINICIAN
    for _ in range(limit.count):
        assert clinician_client.post("/clinic/invites/", {}).status_code == 200
    response = clinician_client.post("/clinic/invites/", {})
    assert response.status_code == 429
    assert Invite.objects.count() == limit.count
    other = Client()
    other.force_login(ClinicianFactory())
    assert other.post("/clinic/invites/", {}).status_code == 200  # per clinician


def test_open_invites_have_a_cap(clinician_client, clinician):
    for _ in range(care.MAX_OPEN_INVITES):
        _invite(clinician)
    response = clinician_client.post("/clinic/invites/", {"label": "one more"})
    assert response.status_code == 400
    assert "revoke" in response.text
    assert Invite.objects.count() == care.MAX_OPEN_INVITES


def test_revoking_asks_first_then_the_link_is_a_404(
    clinician_client, clinician, client, django_assert_num_queries
):
    invite, token = _invite(clinician, label="For Kim")
    url = f"/clinic/invites/{invite.pk}/revoke/"
    with django_assert_num_queries(3):  # session, user, the invite
        page = clinician_client.get(url)
    assert "Revoke this invite link?" in page.text
    assert client.get(f"/join/{token}/").status_code == 200
    response = clinician_client.post(url)
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.revoked_at is not None
    gone = client.get(f"/join/{token}/")
    assert gone.status_code == 404
    assert "This invite no longer works" in gone.text


def test_revoking_an_invite_that_no_longer_works_changes_nothing(clinician_client, clinician):
    used_at = timezone.now() - dt.timedelta(hours=1)
    invite, _ = _invite(clinician, used_at=used_at)
    response = clinician_client.post(f"/clinic/invites/{invite.pk}/revoke/")
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.revoked_at is None and invite.used_at == used_at


def test_a_revoke_that_loses_the_race_to_an_accept_says_so(
    clinician_client, clinician, alice, monkeypatch
):
    """The invite is accepted after the revoke read it as open: the revoke changes
    nothing and doesn't claim it did."""
    invite, _ = _invite(clinician, label="For Kim")
    read_as_open = Invite.is_open

    def accepted_meanwhile(self, now):
        Invite.objects.filter(pk=self.pk).update(used_at=timezone.now(), used_by=alice)
        return read_as_open(self, now)

    monkeypatch.setattr(Invite, "is_open", accepted_meanwhile)
    response = clinician_client.post(f"/clinic/invites/{invite.pk}/revoke/", follow=True)
    assert "was accepted or declined a moment ago: nothing to revoke" in response.text
    assert "no longer works" not in response.text
    invite.refresh_from_db()
    assert invite.revoked_at is None and invite.used_by == alice


def test_another_clinician_cannot_see_or_revoke_an_invite(clinician):
    invite, _ = _invite(clinician)
    other = Client()
    other.force_login(ClinicianFactory())
    assert other.get(f"/clinic/invites/{invite.pk}/revoke/").status_code == 404
    assert other.post(f"/clinic/invites/{invite.pk}/revoke/").status_code == 404
    assert "No label" not in other.get("/clinic/invites/").text
    invite.refresh_from_db()
    assert invite.revoked_at is None


# Joining -------------------------------------------------------------------------------


def test_a_signed_out_visitor_sees_who_invites_them_and_ways_in(
    client, clinician, django_assert_num_queries
):
    _, token = _invite(clinician)
    with django_assert_num_queries(1):  # the invite with its clinician
        response = client.get(f"/join/{token}/")
    assert response.status_code == 200
    assert "Sam Rivers invites you to connect" in response.text
    assert "Physiotherapist" in response.text
    assert f'href="/accounts/signup/?next=/join/{token}/"' in response.text
    assert f'href="/accounts/login/?next=/join/{token}/"' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_consent_screen_says_what_is_shared_and_warns_plainly(
    alice_client, clinician, django_assert_num_queries
):
    _, token = _invite(clinician)
    # session, user, the invite with its clinician, whether they are already connected
    with django_assert_num_queries(4):
        response = alice_client.get(f"/join/{token}/")
    html = response.text
    for item in care.SHARED:
        assert item in html
    assert care.NOTES in html
    assert "Connect only with someone you know" in html
    assert "doesn't check who clinicians are" in html
    assert "disconnect at any time" in html
    assert 'name="include_notes"' in html and "checked" not in html


def test_accepting_connects_once_and_marks_the_invite_used(alice_client, alice, clinician, client):
    invite, token = _invite(clinician)
    response = alice_client.post(f"/join/{token}/", {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/clinicians/"
    link = CareLink.objects.get()
    assert (link.clinician, link.person, link.include_notes) == (clinician, alice, False)
    invite.refresh_from_db()
    assert invite.used_at is not None and invite.used_by == alice
    bob = Client()
    bob.force_login(UserFactory())
    assert bob.get(f"/join/{token}/").status_code == 404
    assert bob.post(f"/join/{token}/", {"decision": "accept"}).status_code == 404
    assert CareLink.objects.count() == 1


def test_accepting_with_the_box_ticked_shares_notes(alice_client, clinician):
    _, token = _invite(clinician)
    alice_client.post(f"/join/{token}/", {"decision": "accept", "include_notes": "on"})
    assert CareLink.objects.get().include_notes is True


def test_declining_marks_the_invite_declined_and_connects_nobody(alice_client, clinician):
    invite, token = _invite(clinician)
    response = alice_client.post(f"/join/{token}/", {"decision": "decline"})
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.declined_at is not None and invite.used_at is None
    assert not CareLink.objects.exists()
    assert alice_client.get(f"/join/{token}/").status_code == 404


@pytest.mark.parametrize("decision", ["", "maybe", "\x00", "accept\x00"])
def test_a_garbage_decision_writes_nothing(alice_client, clinician, decision):
    invite, token = _invite(clinician)
    response = alice_client.post(f"/join/{token}/", {"decision": decision})
    assert response.status_code == 400
    assert "Choose Accept or Decline" in response.text
    invite.refresh_from_db()
    assert invite.used_at is None and invite.declined_at is None
    assert not CareLink.objects.exists()


def test_a_clinician_cannot_accept_their_own_invite(clinician_client, clinician):
    invite, token = _invite(clinician)
    page = clinician_client.get(f"/join/{token}/")
    assert "This is your own invite link" in page.text
    response = clinician_client.post(f"/join/{token}/", {"decision": "accept"})
    assert response.status_code == 400
    invite.refresh_from_db()
    assert invite.used_at is None
    assert not CareLink.objects.exists()


def test_an_invite_from_a_clinician_already_connected_changes_nothing(
    alice_client, alice, clinician
):
    CareLinkFactory(clinician=clinician, person=alice)
    invite, token = _invite(clinician)
    assert "already connected" in alice_client.get(f"/join/{token}/").text
    response = alice_client.post(f"/join/{token}/", {"decision": "accept"})
    assert response.status_code == 400
    invite.refresh_from_db()
    assert invite.used_at is None
    assert CareLink.objects.count() == 1


def test_an_invite_expires_after_fourteen_days(client, clinician):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _, token = _invite(clinician)
        traveller.shift(dt.timedelta(days=14) - dt.timedelta(seconds=1))
        assert client.get(f"/join/{token}/").status_code == 200
        traveller.shift(dt.timedelta(seconds=1))
        assert client.get(f"/join/{token}/").status_code == 404


@pytest.mark.parametrize("token", ["no-such-token", "x" * 300, "%C2%B2", "a%00"])
def test_a_bad_token_is_the_calm_404(client, token):
    response = client.get(f"/join/{token}/")
    assert response.status_code == 404
    assert b"This invite no longer works" in response.content


def test_an_invite_from_someone_who_stopped_being_a_clinician_is_a_404(client, clinician):
    _, token = _invite(clinician)
    User.objects.filter(pk=clinician.pk).update(is_clinician=False)
    assert client.get(f"/join/{token}/").status_code == 404


def test_a_signed_out_post_goes_to_log_in_and_writes_nothing(client, clinician):
    _, token = _invite(clinician)
    response = client.post(f"/join/{token}/", {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/join/")
    assert not CareLink.objects.exists()


def test_signing_up_from_an_invite_comes_back_to_it_and_accepts(client, clinician):
    _, token = _invite(clinician)
    join = f"/join/{token}/"
    signup = client.post(
        f"/accounts/signup/?next={join}",
        {
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/London",
            "next": join,
        },
    )
    assert signup.status_code == 302 and signup["Location"] == join
    assert "Accept and connect" in client.get(join).text
    client.post(join, {"decision": "accept"})
    assert CareLink.objects.get().person.email == "newcomer@example.com"


def test_signing_up_without_a_detected_zone_asks_it_then_comes_back(client, clinician):
    _, token = _invite(clinician)
    join = f"/join/{token}/"
    data = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}
    signup = client.post("/accounts/signup/", {**data, "time_zone": "", "next": join})
    assert signup["Location"].startswith("/accounts/time-zone/?next=%2Fjoin%2F")
    zone = client.post("/accounts/time-zone/", {"time_zone": "Europe/Paris", "next": join})
    assert zone["Location"] == join


def test_logging_in_from_an_invite_comes_back_to_it(client, alice, clinician):
    _, token = _invite(clinician)
    join = f"/join/{token}/"
    credentials = {"username": alice.email, "password": PASSWORD}
    response = client.post(f"/accounts/login/?next={join}", credentials)
    assert response.status_code == 302 and response["Location"] == join


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accepts_at_once_connect_one_person(clinician):
    """Two people accept the same link at the same moment: one connects, the other gets
    the 404, and the invite is used once."""
    _, token = _invite(clinician)
    people = [UserFactory(), UserFactory()]
    barrier, statuses, errors = threading.Barrier(2), [], []

    def accept(person) -> None:
        try:
            client = Client()
            client.force_login(person)
            barrier.wait(timeout=10)
            statuses.append(client.post(f"/join/{token}/", {"decision": "accept"}).status_code)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(statuses) == [302, 404]
    assert CareLink.objects.count() == 1
    assert Invite.objects.get().used_by in people


def test_an_accept_after_the_invite_was_claimed_connects_nobody(alice, clinician, rf):
    """The claim is a conditional UPDATE: a request that read the invite as open before
    another claimed it still gets the 404 (the SQLite-friendly half of the race)."""
    from accounts import clinic_views

    invite, _ = _invite(clinician)
    Invite.objects.filter(pk=invite.pk).update(used_at=timezone.now())
    request = rf.post("/join/x/")
    request.user = alice
    response = clinic_views._accept(request, invite, include_notes=False)
    assert response.status_code == 404
    assert not CareLink.objects.exists()


def test_an_accept_after_the_role_went_off_connects_nobody(alice, clinician, rf):
    """The invite was read while Sam was a clinician; his role went off before the claim
    (another request, past the revoke of his invites). The claim re-reads the role under
    the clinician's lock: no link that would come back to life with the role."""
    from accounts import clinic_views

    invite, _ = _invite(clinician)
    User.objects.filter(pk=clinician.pk).update(is_clinician=False)
    request = rf.post("/join/x/")
    request.user = alice
    response = clinic_views._accept(request, invite, include_notes=False)
    assert response.status_code == 404
    assert not CareLink.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None


def test_no_invite_is_made_once_the_role_went_off_in_another_tab(clinician):
    """The view read Sam as a clinician; his role went off before the invite was written."""
    from django.http import Http404

    from accounts import clinic_views

    User.objects.filter(pk=clinician.pk).update(is_clinician=False)
    with pytest.raises(Http404):
        clinic_views._make_invite(clinician, "Kim")
    assert not Invite.objects.exists()


# The person's clinicians ----------------------------------------------------------------


def test_the_clinicians_page_explains_connecting_when_empty(
    alice_client, django_assert_num_queries
):
    # session, user, the person's links, their access records
    with django_assert_num_queries(4):
        response = alice_client.get("/accounts/clinicians/")
    assert "No clinician follows your progress" in response.text
    assert "invite link" in response.text


def test_the_clinicians_page_shows_each_link_views_and_past_ones(
    alice_client, alice, clinician, django_assert_num_queries
):
    viewed = dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)  # 13:30 in London
    CareLinkFactory(clinician=clinician, person=alice, last_viewed_at=viewed, include_notes=True)
    CareLinkFactory(
        person=alice, clinician=ClinicianFactory(display_name="Old Doc"), ended_at=timezone.now()
    )
    AccessRecord.objects.create(
        person=alice, clinician=clinician, clinician_name="Sam Rivers", what="the weekly overview"
    )
    with django_assert_num_queries(4):
        html = alice_client.get("/accounts/clinicians/").text
    assert "last viewed by Sam Rivers on 1 Jul 2026, 13:30" in html
    assert "the weekly overview" in html
    assert "Stop sharing my notes" in html
    assert "Past connections" in html and "Old Doc" in html


def test_a_person_turns_notes_on_and_off_for_one_clinician(alice_client, alice, clinician):
    link = CareLinkFactory(clinician=clinician, person=alice)
    alice_client.post(f"/accounts/clinicians/{link.pk}/notes/", {"include_notes": "on"})
    link.refresh_from_db()
    assert link.include_notes is True
    alice_client.post(f"/accounts/clinicians/{link.pk}/notes/", {})
    link.refresh_from_db()
    assert link.include_notes is False


def test_disconnecting_asks_first_and_ends_access_at_once(
    alice_client, alice, clinician, django_assert_num_queries
):
    link = CareLinkFactory(clinician=clinician, person=alice)
    url = f"/accounts/clinicians/{link.pk}/disconnect/"
    with django_assert_num_queries(3):  # session, user, the link with its clinician
        page = alice_client.get(url)
    assert "Disconnect from Sam Rivers?" in page.text
    assert CareLink.objects.visible_to(clinician).count() == 1
    response = alice_client.post(url)
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    assert not CareLink.objects.visible_to(clinician).exists()


def test_a_person_cannot_touch_someone_elses_link(alice_client, bob, clinician):
    link = CareLinkFactory(clinician=clinician, person=bob)
    for url in (
        f"/accounts/clinicians/{link.pk}/disconnect/",
        f"/accounts/clinicians/{link.pk}/notes/",
    ):
        assert alice_client.post(url, {"include_notes": "on"}).status_code == 404
    assert alice_client.get(f"/accounts/clinicians/{link.pk}/disconnect/").status_code == 404
    link.refresh_from_db()
    assert link.ended_at is None and link.include_notes is False
    # The clinician can't end it from the person's side either.
    clinician_client = Client()
    clinician_client.force_login(clinician)
    assert clinician_client.post(f"/accounts/clinicians/{link.pk}/disconnect/").status_code == 404


def test_a_person_can_have_several_clinicians_and_a_clinician_many_people(alice, bob):
    first, second = ClinicianFactory(), ClinicianFactory()
    for clinician in (first, second):
        for person in (alice, bob):
            CareLinkFactory(clinician=clinician, person=person)
    assert CareLink.objects.of_person(alice).active().count() == 2
    assert CareLink.objects.visible_to(first).count() == 2


# The role on the profile ---------------------------------------------------------------

PROFILE = {"time_zone": "UTC", "week_start": "0"}


def test_turning_the_role_on_needs_a_name(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {**PROFILE, "is_clinician": "on"})
    assert response.status_code == 200
    assert "Add your name" in response.text
    assert "/clinic/invites/" not in response.text  # not a clinician until it is saved
    alice.refresh_from_db()
    assert alice.is_clinician is False
    alice_client.post(
        "/accounts/profile/",
        {**PROFILE, "is_clinician": "on", "display_name": "Dr Alice", "profession": "GP"},
    )
    alice.refresh_from_db()
    assert (alice.is_clinician, alice.profession) == (True, "GP")
    assert alice_client.get("/clinic/invites/").status_code == 200


def test_a_clinician_turns_the_daily_email_off_and_on_on_the_profile(alice_client, alice):
    on = {**PROFILE, "is_clinician": "on", "display_name": "Dr Alice", "clinic_digest": "on"}
    page = alice_client.get("/accounts/profile/").text
    assert 'name="clinic_digest"' in page and "Daily email when someone needs a call" in page
    alice_client.post("/accounts/profile/", on)
    alice.refresh_from_db()
    assert alice.clinic_digest is True
    alice_client.post("/accounts/profile/", {k: v for k, v in on.items() if k != "clinic_digest"})
    alice.refresh_from_db()
    assert (alice.is_clinician, alice.clinic_digest) == (True, False)


def test_turning_the_role_off_without_connections_needs_no_confirmation(
    clinician_client, clinician
):
    response = clinician_client.post("/accounts/profile/", {**PROFILE, "display_name": "Sam"})
    assert response["Location"] == "/accounts/profile/"
    clinician.refresh_from_db()
    assert clinician.is_clinician is False


def test_turning_the_role_off_with_people_connected_asks_first_then_ends_everything(
    clinician_client, clinician, alice, bob, django_assert_num_queries
):
    CareLinkFactory(clinician=clinician, person=alice)
    CareLinkFactory(clinician=clinician, person=bob)
    invite, _ = _invite(clinician)
    response = clinician_client.post("/accounts/profile/", {**PROFILE, "display_name": "Sam R"})
    assert response["Location"] == "/accounts/clinician/stop/"
    clinician.refresh_from_db()
    assert clinician.is_clinician is True and clinician.display_name == "Sam R"
    # session, user, live connections, open invites
    with django_assert_num_queries(4):
        page = clinician_client.get("/accounts/clinician/stop/")
    assert "2 people are connected to you, and 1 invite link still works" in page.text
    clinician_client.post("/accounts/clinician/stop/")
    clinician.refresh_from_db()
    invite.refresh_from_db()
    assert clinician.is_clinician is False
    assert invite.revoked_at is not None
    assert not CareLink.objects.active().exists()


def test_the_profile_lists_the_persons_clinicians(
    alice_client, alice, clinician, django_assert_num_queries
):
    viewed = dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)
    CareLinkFactory(clinician=clinician, person=alice, last_viewed_at=viewed)
    # session, user, the routines with their reminders, the calendar address, clinicians
    with django_assert_num_queries(5):
        html = alice_client.get("/accounts/profile/").text
    assert "Sam Rivers" in html and "Physiotherapist" in html
    assert "Last viewed on 1 Jul 2026, 13:30" in html
    assert 'href="/accounts/clinicians/"' in html


# The share, calendar and export paths give a clinician nothing of the person's ---------


def _connected_with_data(alice, clinician):
    from tests.factories import SessionLogFactory

    CareLinkFactory(clinician=clinician, person=alice, include_notes=True)
    SessionLogFactory(user=alice, notes="Alice's private note")
    return Client()


def test_a_connected_clinicians_export_holds_only_their_own_data(alice, clinician):
    client = _connected_with_data(alice, clinician)
    client.force_login(clinician)
    for kind in ("json", "csv", "outcomes-json", "connections-json"):
        body = b"".join(client.get(f"/accounts/export/?format={kind}").streaming_content)
        assert b"Alice's private note" not in body and b"alice@example.com" not in body
        assert b"Europe/London" not in body


def test_a_connected_clinician_gets_nothing_through_share_or_calendar_paths(alice, clinician):
    from reminders.calendar import new_token

    client = _connected_with_data(alice, clinician)
    client.force_login(clinician)
    assert client.get(f"/share/{tokens.new_token()}/").status_code == 404
    assert client.get(f"/calendar/{tokens.new_token()}.ics").status_code == 404
    own = client.get(f"/calendar/{new_token(clinician)}.ics")
    assert own.status_code == 200
    assert b"Alice" not in own.content
    # Nor can they act on the person's share links.
    from progress.models import ShareLink

    link = ShareLink.objects.create(
        user=alice,
        name="Physio",
        token_digest=tokens.digest("x"),
        first_day=alice.today(),
        last_day=alice.today(),
        lifetime_days=7,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    assert client.post(f"/history/report/links/{link.pk}/revoke/").status_code == 404


# Export ---------------------------------------------------------------------------------


def test_the_export_holds_connections_access_log_and_assigned_notes(
    alice_client, alice, clinician, django_assert_num_queries
):
    import json

    from routines import services

    CareLinkFactory(clinician=clinician, person=alice, include_notes=True)
    CareLinkFactory(person=alice, ended_at=timezone.now())
    AccessRecord.objects.create(
        person=alice, clinician=clinician, clinician_name="Sam Rivers", what="sessions"
    )
    routine = services.create_routine(alice, "Knee plan", (2, 3))
    routine.assigned_by, routine.assigned_note = clinician, "Go gently on the stairs."
    routine.save()
    response = alice_client.get("/accounts/export/?format=connections-json")
    assert response["Content-Disposition"].startswith('attachment; filename="limber-connections-')
    data = json.loads(b"".join(response.streaming_content))
    live = data["connections"][0]
    assert (live["clinician"], live["profession"], live["notes_shared"]) == (
        "Sam Rivers",
        "Physiotherapist",
        True,
    )
    assert live["ended"] is None and data["connections"][1]["ended"]
    assert data["access_log"] == [
        {
            "clinician": "Sam Rivers",
            "what": "sessions",
            "viewed_at": AccessRecord.objects.get().viewed_at.isoformat(),
        }
    ]
    assert data["assigned_routines"] == [
        {"routine": "Knee plan", "assigned_by": "Sam Rivers", "note": "Go gently on the stairs."}
    ]
    csv = b"".join(alice_client.get("/accounts/export/?format=connections-csv").streaming_content)
    text = csv.decode()
    assert "connection,Sam Rivers,Physiotherapist" in text
    assert "access,Sam Rivers" in text and "Go gently on the stairs." in text


# Deleting accounts ----------------------------------------------------------------------


def test_deleting_a_person_removes_their_links_records_and_assigned_routines(
    alice_client, alice, clinician
):
    from routines import services
    from routines.models import Routine

    CareLinkFactory(clinician=clinician, person=alice)
    AccessRecord.objects.create(person=alice, clinician=clinician, clinician_name="Sam", what="x")
    routine = services.create_routine(alice, "Knee plan", (2, 3))
    Routine.objects.filter(pk=routine.pk).update(assigned_by=clinician, assigned_note="Gently.")
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not CareLink.objects.exists()
    assert not AccessRecord.objects.exists()
    assert not Routine.objects.filter(assigned_note="Gently.").exists()
    assert User.objects.filter(pk=clinician.pk).exists()


def test_deleting_a_clinician_ends_links_and_invites_and_leaves_the_people_alone(
    clinician_client, clinician, alice
):
    from routines import services
    from routines.models import Routine
    from tests.factories import SessionLogFactory

    CareLinkFactory(clinician=clinician, person=alice)
    _invite(clinician)
    AccessRecord.objects.create(person=alice, clinician=clinician, clinician_name="Sam", what="x")
    routine = services.create_routine(alice, "Knee plan", (2, 3))
    Routine.objects.filter(pk=routine.pk).update(assigned_by=clinician, assigned_note="Gently.")
    session = SessionLogFactory(user=alice)
    page = clinician_client.get("/accounts/delete/")
    assert "The people you followed keep all their own data" in page.text
    clinician_client.post("/accounts/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=clinician.pk).exists()
    assert not CareLink.objects.exists() and not Invite.objects.exists()
    routine.refresh_from_db()
    assert routine.assigned_by is None and routine.assigned_note == "Gently."
    assert routine.owner == alice
    session.refresh_from_db()
    record = AccessRecord.objects.get()  # the person's record stays, with the name then
    assert record.clinician is None and record.clinician_name == "Sam"


# Retention -------------------------------------------------------------------------------


def test_access_records_older_than_a_year_are_forgotten(alice, clinician):
    now = timezone.now()
    keep_for = dt.timedelta(days=care.ACCESS_KEPT_DAYS)
    for age in (keep_for + dt.timedelta(seconds=1), keep_for - dt.timedelta(minutes=1)):
        AccessRecord.objects.create(
            person=alice, clinician=clinician, clinician_name="Sam", what="x", viewed_at=now - age
        )
    assert forget_old_access_records(now) == 1
    assert AccessRecord.objects.get().viewed_at > now - keep_for


# Admin ------------------------------------------------------------------------------------


def test_the_admin_never_shows_an_invites_token_and_access_records_are_read_only(
    admin_client, clinician
):
    invite, token = _invite(clinician, label="Kim")
    page = admin_client.get(f"/admin/accounts/invite/{invite.pk}/change/").text
    assert invite.token_digest not in page and token not in page
    record = AccessRecord.objects.create(
        person=clinician, clinician=None, clinician_name="Sam", what="x"
    )
    assert admin_client.get("/admin/accounts/accessrecord/add/").status_code == 403
    delete = f"/admin/accounts/accessrecord/{record.pk}/delete/"
    response = admin_client.post(delete, {"post": "yes"})
    assert response.status_code == 403
    assert admin_client.get("/admin/accounts/carelink/").status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: PostgreSQL (SQLite has no SELECT … FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_turning_the_role_off_while_an_invite_is_accepted_leaves_no_live_link(monkeypatch):
    """Real requests in two threads: Alice's accept has claimed the invite and made the
    link, not yet committed, when Sam turns his role off. The role-off waits for the
    clinician's row, then ends that link too: no live link to someone no longer a
    clinician (which turning the role on again would bring back)."""
    from accounts import clinic_views

    sam = ClinicianFactory()
    alice = UserFactory()
    _, token = _invite(sam)
    holding, bumped = threading.Event(), clinic_views.bump_data_version

    def bump_and_hold(user_id: int) -> None:
        bumped(user_id)
        holding.set()
        time.sleep(0.5)  # the accept commits only after this

    monkeypatch.setattr(clinic_views, "bump_data_version", bump_and_hold)
    answers: dict[str, int] = {}

    def accept() -> None:
        try:
            client = Client()
            client.force_login(alice)
            answers["accept"] = client.post(f"/join/{token}/", {"decision": "accept"}).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=accept)
    thread.start()
    assert holding.wait(timeout=10)
    try:
        sam_client = Client()
        sam_client.force_login(sam)
        answers["stop"] = sam_client.post("/accounts/clinician/stop/").status_code
    finally:
        thread.join(timeout=30)
    assert answers == {"accept": 302, "stop": 302}
    assert not User.objects.get(pk=sam.pk).is_clinician
    assert not CareLink.objects.active().exists()
