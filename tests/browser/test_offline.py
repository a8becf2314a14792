"""Limber installed and offline: the manifest, the service worker's caches, History and every
page visited offline, the offline page coming back by itself, a guided session finished
offline and synced once (and said so once), and log-out (or a session ended any other way)
leaving nothing for the next person."""

import re
import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Session
from accounts.weeks import week_label
from config import pwa
from progress.models import SessionLog
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import PhaseFactory, RoutineFactory, SessionLogFactory, UserFactory
from tests.helpers import follow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUTINE = "legs-hips-back-stretches"
NOT_KEPT = "This page isn't on your device yet"  # the offline page

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
PUT_QUEUED = """(items) => new Promise((resolve) => {
  const open = indexedDB.open("limber-offline", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("sessions", {keyPath: "key"});
  open.onsuccess = () => {
    const tx = open.result.transaction("sessions", "readwrite");
    items.forEach((item) => tx.objectStore("sessions").put(item));
    tx.oncomplete = resolve;
  };
})"""
TOKEN = "JSON.parse(document.body.dataset.hxHeaders)['X-CSRFToken']"
SEND_AGAIN = """async (body) => {
  const data = new URLSearchParams(body);
  data.set("csrfmiddlewaretoken", JSON.parse(document.body.dataset.hxHeaders)["X-CSRFToken"]);
  const response = await fetch("/sessions/new/", {method: "POST", body: data});
  return new URL(response.url).pathname;
}"""


def kept_ahead(page, path: str) -> None:
    """Wait until the worker has kept `path` (of this origin) without it being opened."""
    origin = re.match(r"^https?://[^/]+", page.url).group(0)
    page.wait_for_function(
        "async (url) => Boolean(await caches.match(url, {ignoreVary: true}))", arg=origin + path
    )


def controlled(page, url: str) -> None:
    """Open `url` with the service worker in charge of the page (so the visit is cached)."""
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()


def queued(person, body: str, key: str = "", status: str = "queued") -> dict:
    """A session kept on the device as static/js/offline/queue.js keeps it."""
    return {
        "key": key or str(uuid.uuid4()),
        "person": pwa.cache_id(person),
        "action": "/sessions/new/",
        "body": body,
        "fixUrl": "/sessions/new/",
        "status": status,
        "message": "",
        "queuedAt": 0,
    }


def session_body(page, person, key: str) -> str:
    """A session the log form accepts (yesterday, one roll), with this page's form token."""
    yesterday = timezone.now().astimezone(person.zone).date() - timedelta(days=1)
    rows = {"exercise": "roll-calves", "status": "done", "seconds": "120", "side": "none"}
    fields = {
        "date": yesterday.isoformat(),
        "time": "08:30",
        "pain_before": "4",
        "pain_after": "2",
        "idempotency_key": key,
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        **{f"rows-0-{name}": value for name, value in rows.items()},
        "csrfmiddlewaretoken": page.evaluate(TOKEN),
    }
    return urlencode(fields)


def answering(status: int):
    """A route handler: the server turns a send away with `status`, without form errors."""
    return lambda route: route.fulfill(
        status=status, headers={"Retry-After": "30"}, body="<h1>Please wait</h1>"
    )


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
    kept_ahead(page, "/history/")

    # Offline: the library, the routine, Today and History open from the device; the rest
    # says so.
    page.context.set_offline(True)
    page.goto("/exercises/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")
    page.goto(f"/routines/{ROUTINE}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("stretches")
    page.goto("/today/")
    expect(page.get_by_role("link", name="Start guided session")).to_be_visible()
    page.goto("/history/")
    expect(page.get_by_role("heading", name="Your history", level=1)).to_be_visible()
    page.goto("/history/report/")
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


def test_every_page_visited_opens_offline_today_says_so_and_the_offline_page_comes_back(page):
    person = UserFactory(time_zone="Europe/London")
    follow(person, ROUTINE)
    today = timezone.now().astimezone(person.zone).date()
    started = timezone.now() - timedelta(days=1)
    session = SessionLogFactory(user=person, started_at=started, notes="Felt loose after")
    log_in(page, person)
    controlled(page, "/today/")
    kept_ahead(page, "/history/")  # from Today, without being opened
    page.goto(f"/sessions/{session.pk}/")
    week = f"/history/{week_label(today, person.week_start)}/"
    page.goto(week)
    page.goto("/red-flags/")
    page.goto("/accounts/profile/")  # the account's own pages are never kept

    page.context.set_offline(True)
    page.goto("/history/")
    expect(page.get_by_role("heading", name="Your history", level=1)).to_be_visible()
    for path, text in [(f"/sessions/{session.pk}/", "Felt loose after"), (week, "Your history")]:
        page.goto(path)
        expect(page.get_by_text(text).first).to_be_visible()
    page.goto("/red-flags/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(NOT_KEPT)
    page.goto("/accounts/profile/")
    expect(page.get_by_role("heading", name=NOT_KEPT)).to_be_visible()

    # Today says it is offline, and that sessions finished now will be sent later.
    page.goto("/today/")
    status = page.locator("[data-connection]")
    expect(status).to_have_text("You're offline — sessions will sync when you're back online.")
    assert_no_axe_violations(page)
    page.context.set_offline(False)
    expect(status).to_be_empty()
    page.context.set_offline(True)
    expect(status).to_contain_text("You're offline — sessions will sync")

    # A page never opened: the offline page, which opens the page itself once back online.
    page.goto("/history/report/")
    expect(page.get_by_role("heading", name=NOT_KEPT)).to_be_visible()
    expect(page.get_by_text("This page opens by itself")).to_be_visible()
    assert_no_axe_violations(page)
    page.context.set_offline(False)
    expect(page.get_by_role("heading", name="Progress report", level=1)).to_be_visible()
    assert page.url.endswith("/history/report/")
    assert csp_errors(page) == []


def test_a_session_the_worker_sent_says_synced_once(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    controlled(page, "/exercises/")
    page.evaluate("window.limberOffline.ready")  # so the worker, not this page, sends it
    key = str(uuid.uuid4())
    page.evaluate(PUT_QUEUED, [queued(person, session_body(page, person, key), key=key)])
    page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.register('limber-sessions'))")
    notice = page.locator("[data-offline-status]").get_by_text("Synced: your session is in")
    expect(notice).to_be_visible(timeout=20_000)
    session = SessionLog.objects.get(user=person)
    expect(notice.get_by_role("link", name="See it")).to_have_attribute(
        "href", f"/sessions/{session.pk}/"
    )
    assert page.evaluate(QUEUED) == []  # said, so forgotten
    page.reload()
    expect(page.get_by_text("1 session saved on this device")).to_have_count(0)
    expect(page.get_by_text("Synced: your session is in")).to_have_count(0)

    # Sent while no page of theirs was open: the next page says so, once.
    page.evaluate("window.limberOffline.ready")  # this page has nothing more to say
    done = {"key": str(uuid.uuid4()), "person": pwa.cache_id(person), "status": "synced"}
    page.evaluate(PUT_QUEUED, [{**done, "path": f"/sessions/{session.pk}/"}])
    page.goto("/routines/")
    expect(page.get_by_text("Synced: your session is in")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/exercises/")
    expect(page.locator("main").get_by_text("Synced: your session is in")).to_have_count(0)
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
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # the home page, signed out
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
    item = queued(person, body="rows-TOTAL_FORMS=0&rows-INITIAL_FORMS=0")
    page.evaluate(PUT_QUEUED, [{**item, "fixUrl": "/sessions/new/?pain_before=3"}])
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


def alices_pages_on_the_device(page):
    """Alice signs in and opens Today, her guided session (kept ahead) and the routines,
    which list her own routine: all kept in her cache on this browser."""
    alice = UserFactory(email="alice@example.com", time_zone="Europe/London")
    enrolment = follow(alice, ROUTINE)
    PhaseFactory(routine=RoutineFactory(owner=alice, name="Alice knee plan"))
    log_in(page, alice)
    controlled(page, "/today/")
    page.goto("/routines/")
    expect(page.get_by_role("link", name="Alice knee plan", exact=True)).to_be_visible()
    page.goto("/history/")
    kept = [url.split(" ")[1] for url in page.evaluate(CACHED_URLS) if pwa.cache_id(alice) in url]
    origin = page.url.removesuffix("/history/")
    for path in ["/today/", f"/today/{enrolment.pk}/session/", "/routines/", "/history/"]:
        assert origin + path in kept
    return alice, enrolment


def end_session(page, how: str) -> None:
    """End the session in the browser without the Log out button."""
    if how == "cleared":  # the person clears the browser's cookies
        page.context.clear_cookies()
    elif how == "expired":  # its time is up: the server's record and the browser's cookies
        Session.objects.update(expire_date=timezone.now())
        soon = time.time() + 1
        page.context.add_cookies(
            [
                {**cookie, "expires": soon}
                for cookie in page.context.cookies()
                if cookie["name"] in ("sessionid", pwa.PERSON_COOKIE)
            ]
        )
        time.sleep(1.5)
        assert {c["name"] for c in page.context.cookies()} == {"csrftoken"}
    else:  # ended from another device: the server forgot it, the cookies stay
        Session.objects.all().delete()


@pytest.mark.parametrize(
    ("how", "online"),
    [
        ("expired", True),
        ("expired", False),
        ("cleared", True),
        ("cleared", False),
        ("ended elsewhere", True),
    ],
)
def test_a_session_ended_without_log_out_shows_nobody_the_last_persons_pages(page, how, online):
    alice, enrolment = alices_pages_on_the_device(page)
    end_session(page, how)

    page.context.set_offline(not online)
    page.goto("/routines/")
    if online:  # the server's answer, for nobody
        expect(page.locator(".account-menu").get_by_role("link", name="Log in")).to_be_visible()
        expect(page.get_by_role("heading", name="Routines", level=1)).to_be_visible()
    else:
        expect(
            page.get_by_role("heading", name="This page isn't on your device yet")
        ).to_be_visible()
    assert "Alice knee plan" not in page.content()
    assert "alice@example.com" not in page.content()
    # Alice's pages are gone from the device (the worker deletes them as it answers, so wait
    # for it rather than race it), and offline nothing of hers opens.
    page.wait_for_function(
        "async (id) => !(await caches.keys()).some((name) => name.includes(id))",
        arg=pwa.cache_id(alice),
    )
    assert not any(pwa.cache_id(alice) in name for name in page.evaluate("caches.keys()"))
    page.context.set_offline(True)
    for url in ["/today/", f"/today/{enrolment.pk}/session/", "/history/"]:
        page.goto(url)
        expect(
            page.get_by_role("heading", name="This page isn't on your device yet")
        ).to_be_visible()
    page.goto("/routines/")  # nobody's copy, if the visitor opened it online
    assert "Alice knee plan" not in page.content()
    assert "alice@example.com" not in page.content()
    page.context.set_offline(False)
    assert csp_errors(page) == []


def test_the_page_keeps_a_session_the_server_turned_away_for_now_and_sends_it_later(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/exercises/")
    page.evaluate("window.limberOffline.ready")  # the page's own first send is done
    key = str(uuid.uuid4())
    page.evaluate(PUT_QUEUED, [queued(person, session_body(page, person, key), key=key)])

    # Too many requests, the server down, a stale form token: not the form's errors.
    for status in (429, 503, 403):
        page.context.route("**/sessions/new/", answering(status))
        assert page.evaluate("window.limberOffline.sync()") == [{"key": key, "outcome": "kept"}]
        assert [item["status"] for item in page.evaluate(QUEUED)] == ["queued"], status
        status_box = page.locator("[data-offline-status]")
        expect(status_box).to_contain_text("1 session saved on this device")
        expect(status_box.get_by_text("wasn't accepted")).to_have_count(0)
        page.context.unroute("**/sessions/new/")
    assert page.evaluate("window.limberOffline.sync()")[0]["outcome"] == "synced"
    assert SessionLog.objects.get(user=person).idempotency_key == uuid.UUID(key)


def test_the_worker_refuses_a_session_only_for_the_forms_errors(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    controlled(page, "/exercises/")
    page.evaluate("window.limberOffline.ready")  # so the worker, not this page, sends them
    answers = {"0-bare-400": 400, "0-busy": 429, "0-down": 503}
    sent = []

    def server(route):
        key = parse_qs(route.request.post_data)["idempotency_key"][0]
        sent.append(key)
        if key in answers:  # none of them carries the form's errors
            route.fulfill(status=answers[key], body="<h1>Bad Request (400)</h1>")
        else:
            route.continue_()

    page.context.route("**/sessions/new/", server)
    good = str(uuid.uuid4())  # sent last: the keys sort before any UUID
    items = [queued(person, f"idempotency_key={key}", key=key) for key in answers]
    items.append(queued(person, session_body(page, person, good), key=good))
    page.evaluate(PUT_QUEUED, items)
    page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.register('limber-sessions'))")
    deadline = time.monotonic() + 20
    while any(item["key"] == good for item in page.evaluate(QUEUED)):
        assert time.monotonic() < deadline, f"the worker didn't send it (sent: {sent})"
        page.wait_for_timeout(100)
    assert sent == [*answers, good]
    assert SessionLog.objects.get(user=person).idempotency_key == uuid.UUID(good)
    left = {item["key"]: item["status"] for item in page.evaluate(QUEUED)}
    assert left == dict.fromkeys(answers, "queued")


def test_log_out_sends_what_it_can_asks_about_the_rest_and_leaves_none_on_the_device(page):
    person = UserFactory(email="alice@example.com", time_zone="Europe/London")
    log_in(page, person)
    page.goto("/exercises/")
    # The page's own first notices done first: the refused one below is shown by log-out.
    page.evaluate("window.limberOffline.ready")
    good = str(uuid.uuid4())
    refused = {**queued(person, "pain_before=3", status="refused"), "message": "Date: required."}
    page.evaluate(PUT_QUEUED, [queued(person, session_body(page, person, good), key=good), refused])
    asked = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    # The one that can be sent is sent; the refused one is asked about: "no" stays signed in.
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("wasn't accepted")
    assert asked == [
        "A session saved on this device hasn't reached your account. Discard it and log out?"
    ]
    assert SessionLog.objects.get(user=person).idempotency_key == uuid.UUID(good)
    assert [item["key"] for item in page.evaluate(QUEUED)] == [refused["key"]]
    expect(page.locator(".account-menu summary")).to_have_text(re.compile("alice@example.com"))

    # "Yes": signed out, and nothing of hers is left in the device's queue.
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    expect(page.locator(".account-menu").get_by_role("link", name="Log in")).to_be_visible()
    assert len(asked) == 2
    assert page.evaluate(QUEUED) == []
    assert csp_errors(page) == []


@pytest.mark.parametrize("sender", ["page", "worker"])
def test_a_session_answered_429_stays_queued_and_is_sent_on_the_next_try(page, sender):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    controlled(page, "/exercises/")
    page.evaluate("window.limberOffline.ready")  # the page's own first send is done
    key = str(uuid.uuid4())
    page.evaluate(PUT_QUEUED, [queued(person, session_body(page, person, key), key=key)])
    turned_away = []

    def busy(route):
        turned_away.append(route.request.url)
        answering(429)(route)

    # The context's routes see the worker's requests too (the page's routes don't).
    page.context.route("**/sessions/new/", busy, times=1)
    if sender == "page":
        assert page.evaluate("window.limberOffline.sync()") == [{"key": key, "outcome": "kept"}]
    else:
        page.evaluate(
            "navigator.serviceWorker.ready.then((r) => r.sync.register('limber-sessions'))"
        )
        deadline = time.monotonic() + 20
        while not turned_away:
            assert time.monotonic() < deadline, "the worker didn't send it"
            page.wait_for_timeout(100)
    assert len(turned_away) == 1
    assert not SessionLog.objects.exists()
    expect(page.locator("[data-offline-status]").get_by_text("wasn't accepted")).to_have_count(0)

    # The next try (the page's, once the worker is done: they take turns) sends it.
    [result] = page.evaluate("window.limberOffline.sync()")
    assert result["outcome"] == "synced", result
    assert SessionLog.objects.get(user=person).idempotency_key == uuid.UUID(key)
    expect(page.get_by_text("Synced: your session is in")).to_be_visible()
    assert page.evaluate(QUEUED) == []


def test_the_worker_refuses_a_session_with_the_forms_errors_and_the_page_says_so(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    controlled(page, "/exercises/")
    page.evaluate("window.limberOffline.ready")  # so the worker, not this page, sends it
    key = str(uuid.uuid4())
    fields = parse_qs(session_body(page, person, key))
    del fields["date"]
    page.evaluate(PUT_QUEUED, [queued(person, urlencode(fields, doseq=True), key=key)])
    page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.register('limber-sessions'))")
    refused = page.get_by_role("status").get_by_text("wasn't accepted")
    expect(refused).to_contain_text("Date: This field is required.", timeout=20_000)
    [item] = page.evaluate(QUEUED)
    assert (item["key"], item["status"]) == (key, "refused")
    assert "Date: This field is required." in item["message"]
    assert not SessionLog.objects.exists()


def test_the_routine_editor_a_clinician_used_for_someone_is_not_kept_on_their_device(page):
    """The editor shows a person's routine to their clinician: like the clinic's pages it
    is never kept, so nothing of the person stays on the clinician's device offline (nor
    once they are no longer connected)."""
    from exercises.models import Exercise
    from routines import services
    from tests.factories import CareLinkFactory, ClinicianFactory

    sam = ClinicianFactory(display_name="Sam Okafor")
    alice = UserFactory(email="alice@example.com", display_name="Alice Private")
    CareLinkFactory(clinician=sam, person=alice)
    routine, _ = services.assign_routine(sam, alice, "Knee plan", (3, 3), "Gently.", None)
    item = services.add_move(routine.phases.get(), Exercise.objects.get(slug="roll-calves"))
    log_in(page, sam)
    controlled(page, "/today/")
    editor = [
        f"/routines/{routine.slug}/edit/",
        f"/routines/{routine.slug}/moves/{item.pk}/",
        f"/routines/{routine.slug}/delete/",
    ]
    for path in reversed(editor):
        page.goto(path)
    expect(page.get_by_text("Alice Private").first).to_be_attached()  # the editor's own
    page.goto("/exercises/")  # a page that is kept, so the worker has had its turn
    kept_ahead(page, "/exercises/")
    cached = page.evaluate(CACHED_URLS)
    assert not any(path in url for url in cached for path in editor)
    page.context.set_offline(True)
    page.goto(editor[0])
    expect(page.get_by_role("heading", name=NOT_KEPT)).to_be_visible()
    assert "Alice Private" not in page.content()
    page.context.set_offline(False)
