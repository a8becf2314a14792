"""A person's own routine changed by simultaneous requests (a double click, two tabs): the
bounds hold, orders never collide, a form sent twice adds once, and nothing answers 500.
Real threads, each with its own connection, on SQLite and on PostgreSQL."""

import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from exercises.dose import Dose
from exercises.models import Exercise
from routines import custom, services
from routines.models import RoutineItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(requests: list[Callable[[Client], object]], user) -> list:
    """Each request in its own thread with its own signed-in client, released together;
    their answers (or the exceptions they raised)."""
    clients = []
    for _ in requests:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = requests[index](clients[index])
        except BaseException as error:  # reported to the main thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _routine(user, count: int, seconds: int = 15):
    routine = services.create_routine(user, "Many moves", (7, 7))
    phase = routine.phases.get()
    short = Exercise.objects.get(slug="roll-shins")
    RoutineItem.objects.bulk_create(
        RoutineItem(phase=phase, order=n, exercise=short, sets=1, seconds_min=seconds)
        for n in range(1, count + 1)
    )
    return routine


def _items(routine) -> list[RoutineItem]:
    return list(RoutineItem.objects.filter(phase__routine=routine).order_by("order"))


def test_twelve_adds_at_once_to_a_routine_of_38_moves_stop_at_40():
    user = UserFactory()
    routine = _routine(user, 38)
    url = reverse("routines:add_move", args=[routine.slug])

    def add(client):
        return client.post(url, {"exercise": "roll-calves", "key": str(uuid.uuid4())})

    answers = _at_once([add] * 12, user)
    assert [getattr(a, "status_code", a) for a in answers] == [302] * 12
    items = _items(routine)
    assert len(items) == custom.MAX_MOVES
    assert [item.order for item in items] == list(range(1, 41))


def test_a_double_clicked_add_adds_the_move_once():
    user = UserFactory()
    routine = _routine(user, 3)
    url = reverse("routines:add_move", args=[routine.slug])
    key = str(uuid.uuid4())

    def add(client):
        return client.post(url, {"exercise": "roll-calves", "key": key})

    answers = _at_once([add, add], user)
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    items = _items(routine)
    assert [item.exercise.slug for item in items][-2:] == ["roll-shins", "roll-calves"]
    assert len(items) == 4
    assert {a["Location"] for a in answers} == {
        reverse("routines:edit", args=[routine.slug]) + f"#move-{items[-1].pk}"
    }


def test_a_double_clicked_add_to_a_new_routine_makes_one_routine():
    user = UserFactory()
    url = reverse("routines:add", args=["quad-stretch"])
    data = {"routine": "new", "name": "Evening", "key": str(uuid.uuid4())}
    answers = _at_once([lambda client: client.post(url, data)] * 2, user)
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    assert user.own_routines.count() == 1
    assert RoutineItem.objects.filter(phase__routine__owner=user).count() == 1


def test_reorders_at_once_never_fail_and_keep_every_move_once():
    user = UserFactory()
    routine = services.create_routine(user, "Mixed", (7, 7))
    phase = routine.phases.get()
    for slug in ("roll-calves", "calf-stretch-wall", "quad-stretch", "roll-shins"):
        services.add_move(phase, Exercise.objects.get(slug=slug))
    before = _items(routine)

    def reorder(item, direction):
        url = reverse("routines:reorder", args=[routine.slug, item.pk])
        return lambda client: client.post(url, {"direction": direction})

    requests = [
        reorder(before[1], "up"),
        reorder(before[1], "down"),
        reorder(before[2], "up"),
        reorder(before[3], "up"),
    ]
    for _round in range(3):
        answers = _at_once(requests, user)
        assert [getattr(a, "status_code", a) for a in answers] == [302] * 4
        after = _items(routine)
        assert sorted(item.pk for item in after) == sorted(item.pk for item in before)
        assert [item.order for item in after] == [1, 2, 3, 4]


def test_two_dose_edits_at_once_keep_the_routine_within_90_minutes():
    """Two moves, each lengthened in its own tab: either alone fits, both do not."""
    user = UserFactory()
    routine = _routine(user, 40, seconds=120)  # 40 × 2 min: 80 minutes
    items = _items(routine)
    assert custom.total_seconds([i.dose for i in items]) == 80 * 60

    def lengthen(item):
        url = reverse("routines:dose", args=[routine.slug, item.pk])
        return lambda client: client.post(url, {"sets": "5", "seconds": "120"})  # +8 min

    answers = _at_once([lengthen(items[0]), lengthen(items[1])], user)
    codes = sorted(getattr(a, "status_code", a) for a in answers)
    assert codes == [302, 400]
    refused = next(a for a in answers if a.status_code == 400)
    assert "longer than 90 minutes" in refused.content.decode()
    doses = [item.dose for item in _items(routine)]
    assert custom.total_seconds(doses) == 88 * 60
    assert custom.routine_problem(doses) == ""


def test_a_copy_keeps_only_the_moves_that_fit_the_bounds(client):
    """A routine that grew past the bounds before they held: its copy keeps the first 40."""
    user = UserFactory()
    routine = _routine(user, 46)
    client.force_login(user)
    response = client.post(reverse("routines:copy", args=[routine.slug]), follow=True)
    copy = user.own_routines.exclude(pk=routine.pk).get()
    assert len(_items(copy)) == custom.MAX_MOVES
    assert "The last 6 moves were left out" in response.content.decode()
    assert custom.fitting([Dose(sets=1, seconds_min=120)] * 50) == 40
    assert custom.fitting([Dose(sets=1, seconds_min=120, per_side=True)] * 30) == 22


def test_a_change_to_a_routine_deleted_meanwhile_is_refused_not_a_500():
    user = UserFactory()
    routine = _routine(user, 2)
    phase = routine.phases.get()
    item = _items(routine)[0]
    services.delete_routine(routine)
    with pytest.raises(services.Refused, match="deleted meanwhile"):
        services.add_move(phase, Exercise.objects.get(slug="roll-calves"))
    with pytest.raises(services.Refused):
        services.set_dose(item, Dose(sets=1, seconds_min=30))
    assert services.move(item, 1) is False
    services.remove_move(item)
    assert not RoutineItem.objects.filter(phase=phase).exists()
