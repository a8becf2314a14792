"""The red-flags page and the links to it: in our words, naming the NHS page it follows."""

import pytest
from django.urls import reverse

from exercises.models import Exercise


def test_the_red_flags_page_lists_the_signs_and_names_its_source(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        html = client.get("/red-flags/").content.decode()
    assert "See a doctor or physiotherapist promptly" in html
    for sign in ("genitals or buttocks", "bladder or bowel", "serious fall or accident", "fever"):
        assert sign in html
    assert "weight without trying" in html and "one or both legs" in html
    assert "the NHS back-pain page" in html
    assert 'href="https://www.nhs.uk/conditions/back-pain/"' in html


def test_the_footer_links_to_the_red_flags(client):
    assert f'href="{reverse("red_flags")}"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_every_exercise_page_s_cautions_link_to_the_red_flags(client):
    for slug in Exercise.objects.values_list("slug", flat=True):
        html = client.get(f"/exercises/{slug}/").content.decode()
        cautions = html[html.index('id="caution-heading"') :]
        assert 'href="/red-flags/"' in cautions[: cautions.index("</aside>")], slug
