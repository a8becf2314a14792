"""Every clinic URL against everyone who must not get in (GitHub issue #30's IDOR test).

One table of URLs (GET and POST where they take it, with data valid enough that the only
reason to refuse is who asks) and one table of actors. For each URL the right actor gets
its page or its redirect, which proves the URL is reached at all, so the 404s below mean
something. Everyone else gets a 404 (never a 403, never someone else's data, never a 500;
signed out, the sign-in page), and nothing is written: the rows of connections, invites,
routines, their moves, enrolments, users and Alice's access records are compared before
and after. Each URL and actor is a test id of its own.

The world: Sam, a clinician connected to Alice, assigned her "Knee plan" (two moves) with
a note, and has an open invite. Olga is a clinician connected to Carol only; Mia is Alice's
other clinician; Bob is a signed-in person who is no clinician. Sam "disconnected" is Sam
after Alice ended the link; Sam "role off" has turned the role off and nothing else, so the
flag alone must shut every page.

The share-link, calendar and export paths are covered in tests/accounts/test_clinic_views.py
(test_a_connected_clinicians_export_holds_only_their_own_data and
test_a_connected_clinician_gets_nothing_through_share_or_calendar_paths); a clinician's
view of another clinician's note on the person's page in tests/progress/test_clinic_views.py
(test_only_routines_this_clinician_assigned_show_with_their_notes). The last tests here go
over the other places a note could show: the dashboard, the editor, the assign form and the
daily email.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import care, tokens
from accounts.models import AccessRecord, CareLink, Invite, User
from exercises.models import Exercise
from progress import clinic_digest
from progress.clinic_digest import claim_due_digests
from reminders.links import unsubscribe_token
from routines import services
from routines.models import Enrolment, Phase, Routine, RoutineItem
from tests.factories import CareLinkFactory, ClinicianFactory, SessionLogFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "Sam's note: roll first, then stretch; stop if the knee pinches."
LABEL = "Alice, Tuesday clinic"
ALICE_EMAIL = "alice.private@example.com"


@dataclass
class World:
    sam: User
    alice: User
    bob: User
    olga: User
    mia: User
    link: CareLink
    routine: Routine
    item: RoutineItem
    invite: Invite
    tokens: dict[str, str] = field(default_factory=dict)


def _invite(clinician: User, **fields) -> tuple[Invite, str]:
    token = tokens.new_token()
    fields.setdefault("expires_at", care.invite_expiry(timezone.now()))
    invite = Invite.objects.create(clinician=clinician, token_digest=tokens.digest(token), **fields)
    return invite, token


@pytest.fixture
def world(db) -> World:
    sam = ClinicianFactory(email="sam@example.com", display_name="Sam Rivers")
    alice = UserFactory(email=ALICE_EMAIL, time_zone="Europe/London")
    link = CareLinkFactory(clinician=sam, person=alice, include_notes=True)
    routine, _ = services.assign_routine(sam, alice, "Knee plan", (3, 3), NOTE, None)
    for slug in ("roll-calves", "calf-stretch-wall"):
        services.add_move(routine.phases.get(), Exercise.objects.get(slug=slug))
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    SessionLogFactory(user=UserFactory(), notes="someone else's session")
    invite, token = _invite(sam, label=LABEL)
    olga = ClinicianFactory(email="olga@example.com")
    CareLinkFactory(clinician=olga, person=UserFactory(email="carol@example.com"))
    mia = ClinicianFactory(email="mia@example.com")
    CareLinkFactory(clinician=mia, person=alice)
    bob = UserFactory(email="bob@example.com")
    world = World(sam, alice, bob, olga, mia, link, routine, item, invite, {"open": token})
    now = timezone.now()
    for state, fields in {
        "expired": {"expires_at": now - dt.timedelta(seconds=1)},
        "revoked": {"revoked_at": now},
        "declined": {"declined_at": now},
        "used": {"used_at": now, "used_by": UserFactory()},
    }.items():
        world.tokens[state] = _invite(sam, **fields)[1]
    world.tokens["role off"] = _invite(ClinicianFactory(is_clinician=False))[1]
    world.tokens["unknown"] = tokens.new_token()
    return world


# Actors: each returns a client, after changing the world as that actor needs -----------


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _disconnected(world: World) -> Client:
    CareLink.objects.filter(pk=world.link.pk).update(ended_at=timezone.now())
    return _signed_in(world.sam)


def _role_off(world: World) -> Client:
    User.objects.filter(pk=world.sam.pk).update(is_clinician=False)
    return _signed_in(world.sam)


ACTORS: dict[str, Callable[[World], Client]] = {
    "clinician": lambda w: _signed_in(w.sam),
    "person": lambda w: _signed_in(w.alice),
    "other clinician": lambda w: _signed_in(w.olga),
    "alice's other clinician": lambda w: _signed_in(w.mia),
    "stranger": lambda w: _signed_in(w.bob),
    "signed out": lambda w: Client(),
    "disconnected": _disconnected,
    "role off": _role_off,
}

# Who is refused, by the kind of URL.
NOT_SAMS = ("other clinician", "stranger", "signed out", "disconnected", "role off")
NOT_A_CLINICIAN = ("stranger", "signed out", "role off")
NOT_ALICES = ("clinician", "other clinician", "alice's other clinician", "stranger", "signed out")


# URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    id: str
    method: str
    path: Callable[[World], str]
    right: str  # the actor the URL serves
    ok: int  # what they get
    refused: tuple[str, ...]
    data: dict = field(default_factory=dict)
    signed_out: int = 302  # to sign in; a page open to visitors (a routine's) is a 404


def _editor(name: str, *, move: bool = False) -> Callable[[World], str]:
    def path(w: World) -> str:
        args = [w.routine.slug, w.item.pk] if move else [w.routine.slug]
        return reverse(f"routines:{name}", args=args)

    return path


def _person(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.alice.pk])


def _link(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.link.pk])


ASSIGN = {"name": "Hip plan", "weekly": "3-3", "note": "Gently.", "start": ""}
DOSE = {"sets": "2", "seconds": "45", "per_side": "on", "rest_seconds": "15"}
EDIT = {"name": "Knee plan, daily", "weekly": "7-7", "note": "A new note."}
EDITOR_REFUSED = (*NOT_SAMS, "alice's other clinician", "person")

URLS = [
    # The clinic, in the clinic namespace.
    Url(
        "dashboard", "get", lambda w: reverse("clinic:dashboard"), "clinician", 200, NOT_A_CLINICIAN
    ),
    Url("person", "get", _person("clinic:person"), "clinician", 200, NOT_SAMS),
    Url("assign", "get", _person("clinic:assign"), "clinician", 200, NOT_SAMS),
    Url("assign", "post", _person("clinic:assign"), "clinician", 302, NOT_SAMS, ASSIGN),
    Url("invites", "get", lambda w: reverse("clinic:invites"), "clinician", 200, NOT_A_CLINICIAN),
    Url(
        "invites",
        "post",
        lambda w: reverse("clinic:invites"),
        "clinician",
        200,
        NOT_A_CLINICIAN,
        {"label": "Another"},
    ),
    Url(
        "invite-revoke",
        "get",
        lambda w: reverse("clinic:invite-revoke", args=[w.invite.pk]),
        "clinician",
        200,
        ("other clinician", "alice's other clinician", *NOT_A_CLINICIAN),
    ),
    Url(
        "invite-revoke",
        "post",
        lambda w: reverse("clinic:invite-revoke", args=[w.invite.pk]),
        "clinician",
        302,
        ("other clinician", "alice's other clinician", *NOT_A_CLINICIAN),
    ),
    # The editor, as Sam uses it for the routine he assigned Alice.
    Url("edit", "get", _editor("edit"), "clinician", 200, EDITOR_REFUSED),
    Url("edit", "post", _editor("edit"), "clinician", 302, EDITOR_REFUSED, EDIT),
    Url(
        "add-move",
        "post",
        _editor("add_move"),
        "clinician",
        302,
        EDITOR_REFUSED,
        {"exercise": "quad-stretch"},
    ),
    Url("dose", "get", _editor("dose", move=True), "clinician", 200, EDITOR_REFUSED),
    Url("dose", "post", _editor("dose", move=True), "clinician", 302, EDITOR_REFUSED, DOSE),
    Url(
        "reorder",
        "post",
        _editor("reorder", move=True),
        "clinician",
        302,
        EDITOR_REFUSED,
        {"direction": "up"},
    ),
    Url("remove", "post", _editor("remove", move=True), "clinician", 302, EDITOR_REFUSED),
    Url("delete", "get", _editor("delete"), "clinician", 200, EDITOR_REFUSED),
    Url("delete", "post", _editor("delete"), "clinician", 302, EDITOR_REFUSED),
    # The person's side: their routine's page, Got it, their clinicians.
    Url("routine-page", "get", _editor("detail"), "person", 200, NOT_ALICES, signed_out=404),
    Url("seen", "post", _editor("seen"), "person", 302, NOT_ALICES),
    Url(
        "clinician-notes",
        "post",
        _link("accounts:clinician-notes"),
        "person",
        302,
        NOT_ALICES,
        {"include_notes": ""},
    ),
    Url("disconnect", "get", _link("accounts:disconnect"), "person", 200, NOT_ALICES),
    Url("disconnect", "post", _link("accounts:disconnect"), "person", 302, NOT_ALICES),
    # Turning the role off is the clinician's own; only who isn't one is refused.
    Url(
        "clinician-stop",
        "get",
        lambda w: reverse("accounts:clinician-stop"),
        "clinician",
        200,
        NOT_A_CLINICIAN,
    ),
    Url(
        "clinician-stop",
        "post",
        lambda w: reverse("accounts:clinician-stop"),
        "clinician",
        302,
        NOT_A_CLINICIAN,
    ),
]


def _cases() -> list:
    return [case for url in URLS for case in _url_cases(url)]


def _url_cases(url: Url) -> list:
    """The right actor first, then everyone refused; ids like "assign-post-stranger"."""
    return [
        pytest.param(url, actor, id=f"{url.id}-{url.method}-{actor}")
        for actor in (url.right, *url.refused)
    ]


def snapshot(world: World) -> dict:
    """Every row an access failure could write: compared before and after a refused
    request. (Other clinicians' own dashboards record views of their own people, so the
    access records counted are Alice's.)"""
    mine = {"phase__routine__owner__isnull": False}
    return {
        "links": list(
            CareLink.objects.order_by("pk").values_list(
                "pk", "clinician", "person", "ended_at", "include_notes", "flags_sent"
            )
        ),
        "alice's links viewed": list(
            CareLink.objects.filter(person=world.alice).values_list("pk", "last_viewed_at")
        ),
        "invites": list(
            Invite.objects.order_by("pk").values_list(
                "pk", "clinician", "used_at", "used_by", "declined_at", "revoked_at"
            )
        ),
        "routines": list(
            Routine.objects.filter(owner__isnull=False)
            .order_by("pk")
            .values_list(
                "pk",
                "owner",
                "name",
                "assigned_by",
                "assigned_note",
                "assigned_seen",
                "assigned_changed_at",
            )
        ),
        "phases": list(
            Phase.objects.filter(routine__owner__isnull=False)
            .order_by("pk")
            .values_list("pk", "sessions_per_week_min", "sessions_per_week_max")
        ),
        "moves": list(
            RoutineItem.objects.filter(**mine)
            .order_by("pk")
            .values_list("pk", "phase", "order", "exercise", "sets", "seconds_min", "per_side")
        ),
        "enrolments": list(
            Enrolment.objects.order_by("pk").values_list("pk", "user", "routine", "status")
        ),
        "users": list(
            User.objects.order_by("pk").values_list("pk", "is_clinician", "clinic_digest")
        ),
        "alice's access records": AccessRecord.objects.filter(person=world.alice).count(),
    }


def _refused(response, actor: str, signed_out: int = 302) -> None:
    if actor == "signed out" and signed_out == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == 404
    _shows_nothing_of_alice(response)


def _shows_nothing_of_alice(response) -> None:
    body = response.content.decode()
    for secret in (ALICE_EMAIL, NOTE, "Knee plan", LABEL):
        assert secret not in body


@pytest.mark.parametrize(("url", "actor"), _cases())
def test_every_clinic_url_serves_its_own_actor_and_404s_everyone_else(world, url, actor):
    client = ACTORS[actor](world)
    before = snapshot(world)
    response = getattr(client, url.method)(url.path(world), url.data)
    if actor == url.right:
        assert response.status_code == url.ok, response.content.decode()[:2000]
        return
    _refused(response, actor, url.signed_out)
    assert snapshot(world) == before


# The clinician's own list pages show nothing of people they don't follow ---------------


@pytest.mark.parametrize("actor", ["other clinician", "disconnected"])
def test_the_dashboard_of_a_clinician_without_alice_shows_nothing_of_her(world, actor):
    client = ACTORS[actor](world)
    before = snapshot(world)
    response = client.get(reverse("clinic:dashboard"))
    assert response.status_code == 200
    _shows_nothing_of_alice(response)
    assert snapshot(world) == before


@pytest.mark.parametrize("actor", ["alice's other clinician", "other clinician"])
def test_another_clinicians_invites_page_shows_none_of_sams_invites(world, actor):
    response = ACTORS[actor](world).get(reverse("clinic:invites"))
    assert response.status_code == 200
    _shows_nothing_of_alice(response)


@pytest.mark.parametrize("actor", ["clinician", "other clinician", "stranger"])
def test_everyone_elses_clinicians_page_shows_nothing_of_alices_connections(world, actor):
    response = ACTORS[actor](world).get(reverse("accounts:clinicians"))
    assert response.status_code == 200
    _shows_nothing_of_alice(response)


# Invite links ---------------------------------------------------------------------------


def test_an_open_invite_serves_the_consent_screen_and_connects_on_accept(world):
    bob = ACTORS["stranger"](world)
    join = reverse("join", args=[world.tokens["open"]])
    assert bob.get(join).status_code == 200
    assert bob.post(join, {"decision": "accept"}).status_code == 302
    assert CareLink.objects.visible_to(world.sam).filter(person=world.bob).exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("actor", ["stranger", "signed out", "other clinician"])
@pytest.mark.parametrize("state", ["expired", "revoked", "declined", "used", "role off", "unknown"])
def test_an_invite_that_no_longer_works_is_a_404_for_anyone(world, state, actor, method):
    client = ACTORS[actor](world)
    before = snapshot(world)
    response = getattr(client, method)(
        reverse("join", args=[world.tokens[state]]), {"decision": "accept"}
    )
    assert response.status_code == 404
    assert "This invite no longer works" in response.content.decode()
    assert "Sam Rivers" not in response.content.decode()
    assert snapshot(world) == before


# The digest's unsubscribe link ----------------------------------------------------------


def test_the_digest_link_serves_whoever_holds_it(world):
    response = Client().get(
        reverse("clinic:digest-off", args=[clinic_digest.off_token(world.sam.pk)])
    )
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda w: clinic_digest.off_token(w.sam.pk)[:-1] + "x", id="tampered"),
        pytest.param(lambda w: unsubscribe_token(w.sam.pk), id="a-reminders-token"),
        pytest.param(lambda w: clinic_digest.off_token(w.sam.pk + 10_000), id="no-such-clinician"),
        pytest.param(lambda w: tokens.new_token(), id="made-up"),
    ],
)
def test_a_digest_link_that_is_not_one_is_a_404(world, token, method):
    before = snapshot(world)
    response = getattr(Client(), method)(reverse("clinic:digest-off", args=[token(world)]))
    assert response.status_code == 404
    assert snapshot(world) == before


# Another clinician's note never shows ----------------------------------------------------

MIAS_NOTE = "Mia's note: hips only, and no rolling on the left side."


@pytest.fixture
def two_notes(world) -> World:
    """Mia, Alice's other clinician, assigned her a routine with a note of her own; Alice
    has a high pain score this morning, so both clinicians' digests name her."""
    services.assign_routine(world.mia, world.alice, "Hip plan", (2, 3), MIAS_NOTE, None)
    return world


def test_no_clinic_page_of_sams_shows_mias_note(two_notes):
    """Sam sees Alice's routines by name (what she follows is shared), never Mia's note."""
    world, sam = two_notes, _signed_in(two_notes.sam)
    pages = [
        reverse("clinic:dashboard"),
        reverse("clinic:person", args=[world.alice.pk]),
        reverse("clinic:assign", args=[world.alice.pk]),
        reverse("routines:edit", args=[world.routine.slug]),
        reverse("routines:dose", args=[world.routine.slug, world.item.pk]),
        reverse("routines:delete", args=[world.routine.slug]),
    ]
    for page in pages:
        response = sam.get(page)
        assert response.status_code == 200, page
        assert MIAS_NOTE not in response.content.decode(), page
    mias = Routine.objects.get(assigned_by=world.mia)
    assert sam.get(reverse("routines:edit", args=[mias.slug])).status_code == 404


def test_the_daily_email_carries_no_assigned_note_of_anyones(two_notes):
    world = two_notes
    morning = dt.datetime(2026, 11, 18, 8, 30, tzinfo=dt.UTC)
    with time_machine.travel(morning, tick=False):
        SessionLogFactory(
            user=world.alice, started_at=morning - dt.timedelta(hours=1), pain_before=8
        )
        User.objects.filter(pk__in=[world.sam.pk, world.mia.pk]).update(time_zone="UTC")
        claim_due_digests(morning)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) >= {"sam@example.com", "mia@example.com"}
    for message in (sent["sam@example.com"], sent["mia@example.com"]):
        for body in (message.body, message.alternatives[0][0]):
            assert ALICE_EMAIL in body  # she is named, with her flag
            assert NOTE not in body and MIAS_NOTE not in body
            assert "Knee plan" not in body and "Hip plan" not in body
