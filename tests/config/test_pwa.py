"""Installable and offline: the manifest, the service worker, the offline page and the
headers the worker relies on (config/pwa.py)."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from accounts.models import Session
from config import pwa
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_starts_at_today_and_is_standalone(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["name"].startswith("Limber"), data["short_name"]) == (True, "Limber")
    assert (data["start_url"], data["display"], data["scope"]) == ("/today/", "standalone", "/")
    assert data["theme_color"] and data["background_color"]


def test_manifest_icons_are_real_pngs_in_192_and_512_plain_and_maskable(client):
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    assert {(i["sizes"], i["purpose"]) for i in icons} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        name = icon["src"].removeprefix("/static/")
        with open(finders.find(name), "rb") as file:
            head = file.read(24)
        size = int(icon["sizes"].split("x")[0])
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(head[16:20]) == int.from_bytes(head[20:24]) == size


def test_pages_link_the_manifest(client):
    assert b'<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content


def test_service_worker_is_javascript_for_the_whole_site_and_never_cached(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_service_worker_precaches_the_shell_by_its_static_names_and_the_offline_page(client):
    source = client.get("/sw.js").content.decode()
    config = json.loads(source.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    for name in ["css/main.css", "js/player/main.js", "js/offline/main.js", "img/logo.svg"]:
        assert static(name) in config["shell"]
    assert static("django_htmx/htmx-2.min.js") in config["shell"]
    assert config["offline"] == "/offline/"
    assert len(config["version"]) == 12


def test_a_changed_shell_file_makes_a_new_worker_version(monkeypatch):
    before = pwa._build_worker()
    monkeypatch.setattr(pwa, "shell_files", lambda: ["css/main.css"])
    assert pwa._build_worker() != before


def test_offline_page_names_nobody_and_reads_nothing_of_its_own(
    alice_client, alice, django_assert_num_queries
):
    # The two are every signed-in request's session and person (UserTimezoneMiddleware).
    with django_assert_num_queries(2):
        response = alice_client.get("/offline/")
    assert response.status_code == 200
    assert b"You're offline" in response.content
    assert alice.email.encode() not in response.content


def test_the_offline_page_brings_its_script_from_the_shell_to_come_back_by_itself(client):
    page = client.get("/offline/").content.decode()
    source = client.get("/sw.js").content.decode()
    config = json.loads(source.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    script = static("js/offline/page.js")
    assert f'<script src="{script}" defer></script>' in page and script in config["shell"]
    assert "This page opens by itself when the connection is back." in page


def test_the_page_and_the_worker_load_one_outbox_told_the_same_by_the_server(client):
    """One sender of the sessions kept offline (static/js/offline/outbox.js): the worker
    imports it, the page loads it, both with the settings config/pwa.py makes once."""
    source = client.get("/sw.js").content.decode()
    config = json.loads(source.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    outbox = config["outbox"]
    assert outbox["script"] == static("js/offline/outbox.js")
    assert outbox["script"] in config["shell"]
    assert "importScripts(CONFIG.outbox.script);" in source
    page = client.get("/exercises/").content.decode()
    tag = re.search(r'<script src="([^"]+)" data-person="" data-outbox="([^"]+)" defer>', page)
    assert tag.group(1) == outbox["script"]
    assert json.loads(html.unescape(tag.group(2))) == outbox
    sent = re.compile(outbox["sent"])
    assert sent.fullmatch(reverse("progress:session", args=[42]))
    assert not sent.search(reverse("progress:edit", args=[42]))
    assert not sent.search(reverse("progress:new"))


def test_pages_name_the_person_by_an_opaque_cache_id_for_the_workers_cache(
    client, alice_client, alice, bob
):
    response = alice_client.get("/exercises/")
    person = response[pwa.PERSON_HEADER]
    assert person == pwa.cache_id(alice) != pwa.cache_id(bob)
    assert re.fullmatch(r"[0-9a-f]{24}", person)  # neither the email nor the id
    assert person != str(alice.pk)
    assert "Cookie" in response["Vary"]
    assert f'data-person="{person}"'.encode() in alice_client.get("/today/").content
    alice_client.logout()
    assert client.get("/exercises/")[pwa.PERSON_HEADER] == "anon"


def test_signing_in_sets_the_person_cookie_beside_the_session_cookie_for_as_long(client, alice):
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    session, person = response.cookies["sessionid"], response.cookies[pwa.PERSON_COOKIE]
    assert person.value == pwa.cache_id(alice)
    assert person["max-age"] == session["max-age"] > 0
    assert (person["path"], person["samesite"]) == (session["path"], session["samesite"])
    assert not person["httponly"]  # the worker reads it; the session cookie stays HttpOnly
    assert session["httponly"]


def test_log_out_deletes_the_person_cookie_with_the_session_cookie(client, alice):
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    response = client.post("/accounts/logout/")
    assert response.cookies["sessionid"].value == ""
    assert response.cookies[pwa.PERSON_COOKIE].value == ""
    assert response.cookies[pwa.PERSON_COOKIE]["max-age"] == 0


@pytest.mark.parametrize("how", ["expired", "ended elsewhere"])
def test_a_session_the_server_no_longer_knows_names_nobody_and_drops_the_person_cookie(
    client, alice, how
):
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    if how == "expired":
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    else:
        Session.objects.all().delete()
    response = client.get("/exercises/")
    assert response[pwa.PERSON_HEADER] == "anon"
    assert response.cookies[pwa.PERSON_COOKIE].value == ""
    assert b'data-person=""' in response.content


def test_a_session_from_before_the_person_cookie_gets_one_for_its_lifetime(alice_client, alice):
    # force_login sets the session cookie without a response, as a session older than
    # the person cookie would arrive.
    assert pwa.PERSON_COOKIE not in alice_client.cookies
    response = alice_client.get("/exercises/")
    person = response.cookies[pwa.PERSON_COOKIE]
    assert person.value == pwa.cache_id(alice)
    assert 0 < person["max-age"] <= alice_client.session.get_expiry_age()
    assert pwa.PERSON_COOKIE not in alice_client.get("/exercises/").cookies  # set once


def test_log_out_tells_the_browser_to_drop_its_caches(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_deleting_the_account_drops_the_caches_but_a_refusal_does_not(alice_client):
    refused = alice_client.post("/accounts/delete/", {"password": "wrong"})
    assert refused.status_code == 200 and "Clear-Site-Data" not in refused
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
