"""Limber installed and offline: the manifest, the service worker's caches, a guided session
finished offline and synced once, and log-out leaving nothing for the next person."""

import re

import pytest
from playwright.sync_api import expect

from config import pwa
from progress.models import SessionLog
from tests.browser.conftest import log_in
from tests.browser.test_session import follow
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUTINE = "legs-hips-back-stretches"

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) { urls.push(name + " " + request.url); }
  }
  return urls;
}"""
QUEUED = """() => new Promise((resolve) => {
  const open = indexedDB.open("limber-offline", 1);
  open.onsuccess = () => {
    const all = open.result.transaction("sessions").objectStore("sessions").getAll();
    all.onsuccess = () => resolve(all.result);
  };
})"""
SEND_AGAIN = """async (body) => {
  const data = new URLSearchParams(body);
  data.set("csrfmiddlewaretoken", JSON.parse(document.body.dataset.hxHeaders)["X-CSRFToken"]);
  const response = await fetch("/sessions/new/", {method: "POST", body: data});
  return new URL(response.url).pathname;
}"""


def controlled(page, url: str) -> None:
    """Open `url` with the service worker in charge of the page (so the visit is cached)."""
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()


def csp_errors(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]


def test_installable_and_a_session_finished_offline_is_saved_once_when_back_online(page):
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, ROUTINE)
    log_in(page, person)

    # The manifest parses, its icons load, and the worker installs and takes the page.
    manifest = page.evaluate("fetch('/manifest.webmanifest').then((r) => r.json())")
    assert (manifest["start_url"], manifest["display"]) == ("/today/", "standalone")
    for icon in manifest["icons"]:
        size = page.evaluate(
            """(src) => new Promise((ok, fail) => {
                 const img = new Image(); img.onload = () => ok(img.naturalWidth);
                 img.onerror = fail; img.src = src; })""",
            icon["src"],
        )
        assert f"{size}x{size}" == icon["sizes"]
    session_url = f"/today/{enrolment.pk}/session/"
    controlled(page, "/today/")
    devtools = page.context.new_cdp_session(page)
    assert devtools.send("Page.getAppManifest")["errors"] == []
    # Chromium's own install check; Playwright's contexts are incognito, which it names.
    errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    for url in ["/exercises/", f"/routines/{ROUTINE}/", "/today/"]:  # not the session
        page.goto(url)
    page.wait_for_function(  # Today's guided session, kept ahead
        "async (url) => Boolean(await caches.match(url, {ignoreVary: true}))",
        arg=page.url.removesuffix("/today/") + session_url,
    )

    # Offline: the library, the routine and Today open from the device; the rest says so.
    page.context.set_offline(True)
    page.goto("/exercises/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")
    page.goto(f"/routines/{ROUTINE}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("stretches")
    page.goto("/today/")
    expect(page.get_by_role("link", name="Start guided session")).to_be_visible()
    page.goto("/history/")
    expect(page.get_by_role("heading", name="This page isn't on your device yet")).to_be_visible()

    # The guided session runs offline and its save is kept on the device.
    page.goto(session_url + "?speed=1000")
    page.get_by_role("button", name="Start", exact=True).click()
    # Child's pose is held "as many times as you like": the player waits for Finish (it's last).
    page.get_by_role("button", name="Finish", exact=True).click(timeout=20_000)
    summary = page.get_by_role("region", name="Well done")
    expect(summary).to_be_visible(timeout=20_000)
    summary.get_by_role("button", name="Save").click()
    saved = page.locator("[data-saved]")
    expect(saved).to_contain_text("Saved on this device — will sync")
    queued = page.evaluate(QUEUED)
    assert [item["status"] for item in queued] == ["queued"]
    assert not SessionLog.objects.filter(user=person).exists()

    # Back online: sent, shown as synced, saved exactly once even when sent again.
    page.context.set_offline(False)
    expect(saved).to_contain_text("Synced", timeout=15_000)
    session = SessionLog.objects.get(user=person)
    assert str(session.idempotency_key) == queued[0]["key"]
    assert page.evaluate(SEND_AGAIN, queued[0]["body"]) == f"/sessions/{session.pk}/"
    assert SessionLog.objects.filter(user=person).count() == 1
    assert page.evaluate(QUEUED) == []
    assert csp_errors(page) == []


def test_log_out_leaves_no_pages_for_the_next_person_on_the_device(page):
    alice = UserFactory(email="alice@example.com", time_zone="Europe/London")
    follow(alice, ROUTINE)
    log_in(page, alice)
    controlled(page, "/today/")
    page.goto("/exercises/")
    assert any(url.endswith("/today/") for url in page.evaluate(CACHED_URLS))

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    left = page.evaluate(CACHED_URLS)
    assert not any("limber-pages-" + str(alice.pk) in url for url in left)
    assert not any(url.endswith(("/today/", "/exercises/")) for url in left)
    assert any(url.endswith("/offline/") for url in left)  # the shell stays for anyone

    # Bob signs in on the same browser (landing on his own Today): offline, he has his
    # own Today and nothing Alice opened.
    bob = UserFactory(email="bob@example.com")
    log_in(page, bob)
    page.context.set_offline(True)
    page.goto("/today/")
    expect(page.get_by_text("You're not following a routine yet")).to_be_visible()
    assert "alice@example.com" not in page.content()
    page.goto("/exercises/")
    expect(page.get_by_role("heading", name="This page isn't on your device yet")).to_be_visible()
    page.context.set_offline(False)
    assert csp_errors(page) == []


def test_a_new_worker_waits_for_the_person_to_reload(page, monkeypatch):
    person = UserFactory()
    log_in(page, person)
    controlled(page, "/exercises/")
    first = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    source = pwa.worker_source()
    version = re.search(r'"version": "(\w+)"', source).group(1)
    monkeypatch.setattr(pwa, "worker_source", lambda: source.replace(version, "0" * 12))

    page.goto("/routines/")
    banner = page.get_by_role("status").filter(has_text="A new version is ready")
    expect(banner).to_be_visible(timeout=15_000)
    assert page.evaluate("caches.keys()").count(f"limber-shell-{version}") == 1
    banner.get_by_role("button", name="reload").click()
    page.wait_for_function("() => caches.has('limber-shell-000000000000')")
    page.wait_for_load_state()
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == first
    shells = [n for n in page.evaluate("caches.keys()") if n.startswith("limber-shell-")]
    assert shells == ["limber-shell-000000000000"]
    assert csp_errors(page) == []


def test_a_refused_session_is_shown_with_the_servers_words_until_fixed_or_discarded(page):
    person = UserFactory()
    log_in(page, person)
    page.goto("/exercises/")
    page.evaluate(
        """(person) => new Promise((resolve) => {
          const open = indexedDB.open("limber-offline", 1);
          open.onupgradeneeded = () => open.result.createObjectStore("sessions", {keyPath: "key"});
          open.onsuccess = () => {
            const tx = open.result.transaction("sessions", "readwrite");
            tx.objectStore("sessions").put({key: crypto.randomUUID(), person: person,
              action: "/sessions/new/", body: "rows-TOTAL_FORMS=0&rows-INITIAL_FORMS=0",
              fixUrl: "/sessions/new/?pain_before=3", status: "queued", queuedAt: 0});
            tx.oncomplete = resolve;
          };
        })""",
        str(person.pk),
    )
    page.evaluate("window.limberOffline.sync()")
    refused = page.get_by_role("status").get_by_text("wasn't accepted")
    expect(refused).to_contain_text("Date: This field is required.")
    expect(refused.get_by_role("link", name="Fix it in the log form")).to_have_attribute(
        "href", "/sessions/new/?pain_before=3"
    )
    page.reload()  # still there on the next page: never dropped silently
    refused.get_by_role("button", name="Discard it").click()
    expect(refused).to_have_count(0)
    assert page.evaluate(QUEUED) == []
    assert not SessionLog.objects.exists()
