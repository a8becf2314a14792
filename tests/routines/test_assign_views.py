"""Routines a clinician assigns: the assign form, the clinician in the own-routine editor, the
person's Today and routine page (who it is from, the note, what changed, Got it), and
everyone else's 404."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import care, tokens
from accounts.models import Invite, User, bump_data_version
from exercises.models import Exercise
from routines import services
from routines.models import Enrolment, Phase, Routine, RoutineItem
from tests.factories import (
    PASSWORD,
    CareLinkFactory,
    ClinicianFactory,
    SessionLogFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOTE = "For your knee: roll first, then stretch. Stop if it pinches."


@pytest.fixture
def sam(alice):
    """Alice's physiotherapist, connected to her."""
    clinician = ClinicianFactory(display_name="Sam Okafor")
    CareLinkFactory(clinician=clinician, person=alice)
    return clinician


@pytest.fixture
def sam_client(sam) -> Client:
    client = Client()
    client.force_login(sam)
    return client


def assign_url(person: User) -> str:
    return reverse("clinic:assign", args=[person.pk])


def url(name: str, routine: Routine, *args) -> str:
    return reverse(f"routines:{name}", args=[routine.slug, *args])


def assigned(sam, alice, slugs=("roll-calves", "calf-stretch-wall"), note=NOTE) -> Routine:
    routine, _ = services.assign_routine(sam, alice, "Knee plan", (3, 3), note, None)
    for slug in slugs:
        services.add_move(routine.phases.get(), Exercise.objects.get(slug=slug))
    return routine


def moves(routine: Routine) -> list[str]:
    items = RoutineItem.objects.filter(phase__routine=routine).order_by("order")
    return list(items.values_list("exercise__slug", flat=True))


def first_phase(slug: str) -> Phase:
    return Phase.objects.get(routine__slug=slug, order=1)


# Assigning ----------------------------------------------------------------------------


def test_the_assign_page_asks_for_a_name_a_target_a_note_and_where_to_start(
    sam_client, alice, django_assert_num_queries
):
    # session, the clinician, the care link with the person, the programmes' phases
    with django_assert_num_queries(4):
        response = sam_client.get(assign_url(alice))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"A routine for {alice}" in text
    assert "Your note" in text and "Start from" in text
    assert "None: I&#x27;ll add the moves" in text


def test_assigning_from_the_library_puts_an_empty_routine_on_the_persons_today(
    sam_client, sam, alice
):
    data = {"name": " Knee  plan ", "weekly": "3-3", "note": f"  {NOTE} ", "start": ""}
    response = sam_client.post(assign_url(alice), data)
    routine = Routine.objects.get(owner=alice)
    assert response.status_code == 302
    assert response.url == url("edit", routine)
    assert (routine.name, routine.assigned_by, routine.assigned_note) == ("Knee plan", sam, NOTE)
    phase = routine.phases.get()
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (3, 3)
    assert moves(routine) == []
    enrolment = Enrolment.objects.get(user=alice, routine=routine)
    assert enrolment.started_on == alice.today()
    assert enrolment.phase == phase


def test_assigning_from_a_programme_copies_its_phase_with_the_chosen_target(sam_client, sam, alice):
    phase = first_phase("foam-roller-legs-hips")
    data = {"name": "Rolling", "weekly": "2-3", "note": NOTE, "start": str(phase.pk)}
    sam_client.post(assign_url(alice), data)
    routine = Routine.objects.get(owner=alice)
    assert moves(routine) == list(
        phase.items.order_by("order").values_list("exercise__slug", flat=True)
    )
    assert routine.copied_from == phase.routine
    assert routine.assigned_by == sam
    own = routine.phases.get()
    assert (own.sessions_per_week_min, own.sessions_per_week_max) == (2, 3)
    assert Enrolment.objects.filter(user=alice, routine=routine).current().exists()
    assert phase.items.count() > 0  # the programme keeps its moves


def test_the_same_form_sent_twice_assigns_once(sam_client, alice):
    data = {"name": "Knee plan", "weekly": "3-3", "note": NOTE, "start": ""}
    first = sam_client.post(assign_url(alice), data)
    second = sam_client.post(assign_url(alice), data)
    assert first.url == second.url
    assert Routine.objects.filter(owner=alice).count() == 1
    assert Enrolment.objects.filter(user=alice).count() == 1


def test_a_note_of_500_characters_is_fine(sam_client, alice):
    data = {"name": "Knee plan", "weekly": "7-7", "note": "x" * 500, "start": ""}
    assert sam_client.post(assign_url(alice), data).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("note", "", "Write a short note"),
        ("note", "   ", "Write a short note"),
        ("note", "x" * 501, "500 characters at most"),
        ("name", "  ", "Give your routine a name."),
        ("weekly", "9-9", "Select a valid choice"),
        ("weekly", "0-0", "Select a valid choice"),
        ("start", "999999", "Choose one of the programmes listed."),
        ("start", "abc", "Choose one of the programmes listed."),
        ("start", "1\x00", ""),
        ("start", "-1", "Choose one of the programmes listed."),
    ],
)
def test_bad_input_on_the_assign_form_says_so_and_writes_nothing(
    sam_client, alice, field, value, message
):
    data = {"name": "Knee plan", "weekly": "3-3", "note": NOTE, "start": "", field: value}
    response = sam_client.post(assign_url(alice), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Routine.objects.filter(owner=alice).exists()
    assert not Enrolment.objects.filter(user=alice).exists()


def test_a_programme_phase_of_the_persons_own_routine_is_not_a_start(sam_client, alice):
    own = services.create_routine(alice, "Mine", (7, 7))
    data = {"name": "Knee plan", "weekly": "3-3", "note": NOTE, "start": own.phases.get().pk}
    assert sam_client.post(assign_url(alice), data).status_code == 400
    assert Routine.objects.filter(owner=alice).count() == 1


# The clinician in the editor ----------------------------------------------------------


def test_the_clinicians_editor_says_whom_it_is_for_and_leads_back_to_them(
    sam_client, sam, alice, django_assert_num_queries
):
    routine = assigned(sam, alice)
    # session, clinician, the routine (editable_by: one query with its care-link check)
    # with its owner, its phase, its moves with their exercises, the library's exercises
    # for the add list, whether the person follows it
    with django_assert_num_queries(7):
        response = sam_client.get(url("edit", routine))
    text = response.content.decode()
    assert response.status_code == 200
    assert f"For {alice}" in text
    # Done leads to the person's page: the routine's own page is theirs alone (a 404 here).
    assert f'href="/clinic/people/{alice.pk}/">Done: back to {alice}</a>' in text
    assert f'href="{routine.get_absolute_url()}"' not in text
    assert "Withdraw…" in text and "Delete…" not in text
    # The navigation marks Clinic, not Routines, as where the clinician is.
    assert 'href="/clinic/" aria-current="page">Clinic</a>' in text
    assert 'href="/routines/" aria-current="page"' not in text
    assert "Put Knee plan on Today" not in text
    assert "Your note" in text and NOTE in text


def test_the_clinician_adds_moves_within_the_builders_bounds_and_order_rules(
    sam_client, sam, alice
):
    routine = assigned(sam, alice, slugs=())
    for slug in ("lacrosse-ball-hamstring-release", "roll-hamstrings"):
        response = sam_client.post(url("add_move", routine), {"exercise": slug})
        assert response.status_code == 302
    assert moves(routine) == ["lacrosse-ball-hamstring-release", "roll-hamstrings"]
    assert "only after rolling the hamstrings" in sam_client.get(url("edit", routine)).text
    item = RoutineItem.objects.get(phase__routine=routine, order=1)
    response = sam_client.post(url("dose", routine, item.pk), {"sets": "30", "seconds": "60"})
    assert response.status_code == 400
    assert "Choose 1 to 10 rounds." in response.text
    sam_client.post(url("reorder", routine, item.pk), {"direction": "down"})
    assert moves(routine) == ["roll-hamstrings", "lacrosse-ball-hamstring-release"]


def test_the_clinician_changes_the_note_and_an_empty_note_is_refused(sam_client, sam, alice):
    routine = assigned(sam, alice)
    data = {"name": "Knee plan", "weekly": "3-3", "note": "Now twice a day."}
    assert sam_client.post(url("edit", routine), data).status_code == 302
    routine.refresh_from_db()
    assert routine.assigned_note == "Now twice a day."
    assert routine.assigned_changed_at is not None
    response = sam_client.post(url("edit", routine), {**data, "note": " "})
    assert response.status_code == 400
    routine.refresh_from_db()
    assert routine.assigned_note == "Now twice a day."


def test_the_clinicians_edits_move_the_persons_data_version_on(sam_client, sam, alice):
    routine = assigned(sam, alice)
    before = User.objects.get(pk=alice.pk).data_version
    sam_client.post(url("add_move", routine), {"exercise": "quad-stretch"})
    assert User.objects.get(pk=alice.pk).data_version > before
    assert User.objects.get(pk=sam.pk).data_version == sam.data_version


def test_the_clinician_withdraws_a_routine_with_no_sessions(sam_client, sam, alice):
    routine = assigned(sam, alice)
    page = sam_client.get(url("delete", routine))
    assert "Withdraw Knee plan?" in page.text
    response = sam_client.post(url("delete", routine))
    assert response.status_code == 302
    assert not Routine.objects.filter(pk=routine.pk).exists()
    assert not Enrolment.objects.filter(user=alice).exists()


def test_the_withdraw_page_query_count(sam_client, sam, alice, django_assert_num_queries):
    routine = assigned(sam, alice)
    # session, clinician, the routine (editable_by) with its owner, its sessions counted
    with django_assert_num_queries(4):
        assert sam_client.get(url("delete", routine)).status_code == 200


def test_a_routine_with_a_logged_session_is_not_withdrawn(sam_client, sam, alice):
    routine = assigned(sam, alice)
    enrolment = Enrolment.objects.get(routine=routine)
    SessionLogFactory(user=alice, enrolment=enrolment, routine=routine, phase=enrolment.phase)
    assert "has logged 1 session with it" in sam_client.get(url("delete", routine)).text
    assert sam_client.post(url("delete", routine)).status_code == 400
    assert Routine.objects.filter(pk=routine.pk).exists()


# Everyone else: 404 -------------------------------------------------------------------


def _other_clinician(alice) -> User:
    """A clinician connected to someone else."""
    return CareLinkFactory(person=UserFactory()).clinician


def _also_alices_clinician(alice) -> User:
    """Another clinician of Alice's: they see her, not Sam's routine or note."""
    return CareLinkFactory(person=alice).clinician


def _stranger(alice) -> User:
    return UserFactory()


def _disconnected(alice) -> User:
    link = CareLinkFactory(person=alice)
    link.ended_at = timezone.now()
    link.save()
    return link.clinician


def _sam_disconnected(alice) -> User:
    link = alice.care_links.get()
    link.ended_at = timezone.now()
    link.save()
    return link.clinician


def _sam_no_longer_a_clinician(alice) -> User:
    sam = alice.care_links.get().clinician
    sam.is_clinician = False
    sam.save()
    return sam


@pytest.mark.parametrize(
    "who",
    [
        _other_clinician,
        _also_alices_clinician,
        _stranger,
        _disconnected,
        _sam_disconnected,
        _sam_no_longer_a_clinician,
    ],
)
def test_anyone_but_the_connected_clinician_gets_404_on_every_url(sam, alice, who):
    routine = assigned(sam, alice)
    item = RoutineItem.objects.filter(phase__routine=routine).first()
    client = Client()
    client.force_login(who(alice))
    before = (moves(routine), Routine.objects.count(), Enrolment.objects.count())
    assign = {"name": "X", "weekly": "3-3", "note": NOTE, "start": ""}
    requests = [
        ("get", url("edit", routine), {}),
        ("post", url("edit", routine), {"name": "X", "weekly": "7-7", "note": "Mine now"}),
        ("post", url("add_move", routine), {"exercise": "quad-stretch"}),
        ("get", url("dose", routine, item.pk), {}),
        ("post", url("dose", routine, item.pk), {"sets": "2", "seconds": "30"}),
        ("post", url("reorder", routine, item.pk), {"direction": "down"}),
        ("post", url("remove", routine, item.pk), {}),
        ("get", url("delete", routine), {}),
        ("post", url("delete", routine), {}),
        ("get", url("detail", routine), {}),
        ("post", url("seen", routine), {}),
        ("post", url("copy", routine), {}),
        ("post", url("enrol", routine), {}),
    ]
    if who is not _also_alices_clinician:
        requests += [("get", assign_url(alice), {}), ("post", assign_url(alice), assign)]
    for method, path, data in requests:
        assert getattr(client, method)(path, data).status_code == 404, path
    assert (moves(routine), Routine.objects.count(), Enrolment.objects.count()) == before
    routine.refresh_from_db()
    assert routine.assigned_note == NOTE


def test_a_person_can_not_be_reached_by_a_made_up_id(sam_client):
    assert sam_client.get("/clinic/people/999999/assign/").status_code == 404
    assert sam_client.get("/clinic/people/abc/assign/").status_code == 404
    # Beyond any database's integers: a 404 too, not an overflow (it was a 500 on SQLite).
    huge = "/clinic/people/99999999999999999999999/assign/"
    assert sam_client.get(huge).status_code == 404
    assert sam_client.post(huge, {"name": "Plan", "weekly": "3-4", "note": "n"}).status_code == 404


def test_the_other_clinicians_queryset_holds_none_of_sams_routines(sam, alice):
    routine = assigned(sam, alice)
    other = _also_alices_clinician(alice)
    assert list(Routine.objects.assigned_by_for(sam, alice)) == [routine]
    assert list(Routine.objects.assigned_by_for(other, alice)) == []
    assert list(Routine.objects.assigned_to(alice)) == [routine]


# The person's side --------------------------------------------------------------------


def test_the_person_can_not_edit_the_moves_while_connected(alice_client, sam, alice):
    routine = assigned(sam, alice)
    item = RoutineItem.objects.filter(phase__routine=routine).first()
    assert alice_client.get(url("edit", routine)).status_code == 404
    assert alice_client.post(url("remove", routine, item.pk)).status_code == 404
    assert alice_client.post(url("delete", routine)).status_code == 404
    add = alice_client.get(reverse("routines:add", args=["quad-stretch"])).text
    assert "Knee plan" not in add
    page = alice_client.get(url("detail", routine)).text
    assert url("edit", routine) not in page
    assert "You can pause or stop it whenever you like." in page
    listed = alice_client.get(reverse("routines:list")).text
    assert url("edit", routine) not in listed and "From Sam Okafor" in listed
    assert moves(routine) == ["roll-calves", "calf-stretch-wall"]


def test_once_disconnected_the_routine_is_the_persons_to_edit(alice_client, sam, alice):
    routine = assigned(sam, alice)
    _sam_disconnected(alice)
    assert alice_client.get(url("edit", routine)).status_code == 200
    alice_client.post(url("add_move", routine), {"exercise": "quad-stretch"})
    assert moves(routine) == ["roll-calves", "calf-stretch-wall", "quad-stretch"]
    page = alice_client.get(url("detail", routine)).text
    assert "Sam Okafor" in page and NOTE in page  # kept, for her record
    assert "What Sam Okafor changed" not in page  # her own change is not his


def test_today_shows_from_whom_with_the_note(alice_client, sam, alice, django_assert_num_queries):
    assigned(sam, alice)
    # Cold: session, user, library version, enrolments (with activity), her routine's
    # items + exercises, the exercises' steps, the routine with its next routine and its
    # clinician, its phase, the latest pain scores, the first view storing what she saw
    # (one UPDATE), her PSFS ratings' age, her routines' pauses.
    with django_assert_num_queries(12):
        response = alice_client.get(reverse("today"))
    text = response.content.decode()
    assert '<span class="from">From Sam Okafor:</span> Knee plan' in text
    assert "<blockquote><p>For your knee: roll first, then stretch." in text
    assert "Sam Okafor's note (Physiotherapist)" in text
    assert "What Sam Okafor changed" not in text
    # Warm: from the cache.
    with django_assert_num_queries(3):  # session, user, library version
        assert alice_client.get(reverse("today")).status_code == 200


def test_the_first_view_of_an_empty_routine_stores_nothing(alice_client, sam, alice):
    routine = assigned(sam, alice, slugs=())
    text = alice_client.get(reverse("today")).text
    assert "Sam Okafor hasn't added its moves yet." in text
    assert "Start guided session" not in text
    routine.refresh_from_db()
    assert routine.assigned_seen == []


def test_the_person_sees_what_changed_and_got_it_hides_it(alice_client, sam_client, sam, alice):
    routine = assigned(sam, alice)
    alice_client.get(reverse("today"))  # she has seen it: two moves
    stretch = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    sam_client.post(url("add_move", routine), {"exercise": "quad-stretch"})
    sam_client.post(url("remove", routine, stretch.pk))
    roll = RoutineItem.objects.get(phase__routine=routine, exercise__slug="roll-calves")
    sam_client.post(url("dose", routine, roll.pk), {"sets": "2", "seconds": "45"})
    sam_client.post(url("edit", routine), {"name": "Knee plan", "weekly": "3-3", "note": "New."})
    text = alice_client.get(reverse("today")).text
    day = timezone.localdate(timezone=alice.zone)
    assert f"What Sam Okafor changed on {day:%-d %B}" in text
    assert "Added Quad stretch." in text
    assert "Removed Calf stretch against a wall." in text
    assert "The dose of Foam roll: calves is now 2 × 45 s." in text
    assert "The note changed." in text
    response = alice_client.post(url("seen", routine), {"next": "/today/"})
    assert response.status_code == 302 and response.url == "/today/"
    assert "What Sam Okafor changed" not in alice_client.get(reverse("today")).text
    assert "What Sam Okafor changed" not in alice_client.get(url("detail", routine)).text


def test_the_assigned_routine_page_query_count(alice_client, sam, alice, django_assert_num_queries):
    routine = assigned(sam, alice)
    alice_client.get(url("detail", routine))  # the first view stores what she saw
    bump_data_version(alice.pk)
    # session, user, library version, the routine with its source, next routine and
    # clinician, phases, items + exercises, equipment, whether she may edit it
    # (editable_by), her enrolment (with activity), the latest pain scores
    with django_assert_num_queries(10):
        assert alice_client.get(url("detail", routine)).status_code == 200


def test_the_routine_page_shows_the_note_and_the_changes(alice_client, sam_client, sam, alice):
    routine = assigned(sam, alice)
    alice_client.get(url("detail", routine))
    sam_client.post(url("add_move", routine), {"exercise": "quad-stretch"})
    text = alice_client.get(url("detail", routine)).text
    assert "From Sam Okafor:" in text and NOTE in text
    assert "What Sam Okafor changed" in text


def test_the_person_pauses_and_stops_an_assigned_routine(alice_client, sam, alice):
    routine = assigned(sam, alice)
    enrolment = Enrolment.objects.get(routine=routine)
    alice_client.post(reverse("routines:pause", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PAUSED
    assert "From Sam Okafor:" in alice_client.get(reverse("today")).text
    alice_client.post(reverse("routines:stop", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENDED


def test_got_it_on_a_routine_nobody_assigned_is_a_404(alice_client, alice):
    own = services.create_routine(alice, "Mine", (7, 7))
    assert alice_client.post(url("seen", own)).status_code == 404


def test_a_change_noted_on_a_routine_deleted_meanwhile_is_no_error(sam, alice):
    routine = assigned(sam, alice)
    Routine.objects.filter(pk=routine.pk).update(assigned_by=None)  # as if withdrawn …
    Enrolment.objects.filter(routine=routine).delete()
    Routine.objects.filter(pk=routine.pk).delete()  # … and deleted by another request
    services.note_assigned_change(routine, sam)
    assert not Routine.objects.filter(pk=routine.pk).exists()


# Her cached pages follow the connection ------------------------------------------------


def _alice_disconnects(alice, sam) -> None:
    client = Client()
    client.force_login(alice)
    client.post(reverse("accounts:disconnect", args=[alice.care_links.get().pk]))


def _sam_turns_the_role_off(alice, sam) -> None:
    client = Client()
    client.force_login(sam)
    client.post(reverse("accounts:clinician-stop"))


def _sam_deletes_his_account(alice, sam) -> None:
    client = Client()
    client.force_login(sam)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})


@pytest.mark.parametrize(
    "end", [_alice_disconnects, _sam_turns_the_role_off, _sam_deletes_his_account]
)
def test_once_the_connection_ends_her_cached_routine_page_offers_the_editor(
    alice_client, sam, alice, end
):
    """Her routine's page and Today are cached under her data_version: the end of the
    connection moves it on, so the page stops saying the moves are Sam's to change."""
    routine = assigned(sam, alice)
    page = alice_client.get(url("detail", routine)).text
    assert url("edit", routine) not in page  # cached, Sam's to change
    alice_client.get(reverse("today"))
    end(alice, sam)
    page = alice_client.get(url("detail", routine)).text
    assert url("edit", routine) in page
    assert "its moves are theirs to change while you're connected" not in page
    if end is _sam_deletes_his_account:
        assert "From Sam Okafor" not in alice_client.get(reverse("today")).text


def test_reconnecting_gives_the_moves_back_to_her_clinician_on_her_cached_page(
    alice_client, sam, alice
):
    routine = assigned(sam, alice)
    _alice_disconnects(alice, sam)
    assert url("edit", routine) in alice_client.get(url("detail", routine)).text  # cached
    token = tokens.new_token()
    Invite.objects.create(
        clinician=sam,
        token_digest=tokens.digest(token),
        expires_at=care.invite_expiry(timezone.now()),
    )
    alice_client.post(reverse("join", args=[token]), {"decision": "accept"})
    assert url("edit", routine) not in alice_client.get(url("detail", routine)).text


def test_a_routine_assigned_as_the_person_disconnects_is_not_written(sam, alice):
    """The view found the link live; she disconnected before the routine was written (the
    SQLite-friendly half of the race: the service reads the link again under her row's
    lock, which her disconnect takes too)."""
    alice.care_links.update(ended_at=timezone.now())
    before = (Routine.objects.count(), Enrolment.objects.count())
    with pytest.raises(services.NotConnected):
        services.assign_routine(sam, alice, "Knee plan", (3, 3), NOTE, None)
    assert (Routine.objects.count(), Enrolment.objects.count()) == before


def test_her_cached_pages_follow_a_change_of_her_clinicians_name(alice_client, sam, alice):
    routine = assigned(sam, alice)
    assert "From Sam Okafor:" in alice_client.get(reverse("today")).text  # cached
    assert "From Sam Okafor:" in alice_client.get(url("detail", routine)).text
    sam_client = Client()
    sam_client.force_login(sam)
    profile = {"time_zone": "UTC", "week_start": "0", "is_clinician": "on"}
    data = {**profile, "display_name": "Sam O. Okafor", "profession": "Physio"}
    assert sam_client.post(reverse("accounts:profile"), data).status_code == 302
    for page in (reverse("today"), url("detail", routine)):
        text = alice_client.get(page).text
        assert "From Sam O. Okafor:" in text and "(Physio)" in text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: PostgreSQL (SQLite has no SELECT … FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assign_sent_while_she_disconnects_waits_and_is_a_404(monkeypatch):
    """Real requests in two threads: her disconnect holds her row (the version it moves on)
    when Sam's assign form arrives; the assign waits for it, reads the link again, and
    writes nothing."""
    from accounts import clinic_views

    alice = UserFactory()
    sam = ClinicianFactory()
    link = CareLinkFactory(clinician=sam, person=alice)
    holding, bumped = threading.Event(), clinic_views.bump_data_version

    def bump_and_hold(user_id: int) -> None:
        bumped(user_id)
        holding.set()
        time.sleep(0.5)  # her row stays locked until the disconnect commits

    monkeypatch.setattr(clinic_views, "bump_data_version", bump_and_hold)
    answers: dict[str, int] = {}

    def disconnect() -> None:
        try:
            client = Client()
            client.force_login(alice)
            url = reverse("accounts:disconnect", args=[link.pk])
            answers["disconnect"] = client.post(url).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=disconnect)
    thread.start()
    assert holding.wait(timeout=10)
    try:
        sam_client = Client()
        sam_client.force_login(sam)
        data = {"name": "Knee plan", "weekly": "3-3", "note": NOTE, "start": ""}
        answers["assign"] = sam_client.post(assign_url(alice), data).status_code
    finally:
        thread.join(timeout=30)
    assert answers == {"disconnect": 302, "assign": 404}
    assert not Routine.objects.filter(owner=alice).exists()
    assert not Enrolment.objects.filter(user=alice).exists()
