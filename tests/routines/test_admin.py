"""Staff edit routines in the admin: phases inline on a routine, items inline on a phase."""

import pytest
from django.urls import reverse

from routines.models import Routine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_routine_page_lists_its_phases_inline(staff_client):
    routine = Routine.objects.get(slug="foam-roller-legs-hips")
    response = staff_client.get(reverse("admin:routines_routine_change", args=[routine.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="Basics"' in text and 'value="Advanced"' in text


def test_a_phase_page_lists_its_items_inline(staff_client):
    phase = Routine.objects.get(slug="hamstrings-back-knee").phases.get()
    response = staff_client.get(reverse("admin:routines_phase_change", args=[phase.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('name="items-') > 10


def test_enrolments_can_be_filtered_by_status_and_routine(staff_client):
    url = reverse("admin:routines_enrolment_changelist")
    response = staff_client.get(url, {"status": "paused"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "By status" in text
    assert "By routine" in text
