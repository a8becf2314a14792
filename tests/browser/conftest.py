"""Playwright fixtures: a real headless Chromium (Debian's) against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (creating users, checking rows) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _carry_serialized_contents(saved: dict[str, str]) -> None:
    """Give this context's connections the data snapshot serialized_rollback restores.

    The browser tests ask for it the public way (``django_db(transaction=True,
    serialized_rollback=True)``): after each test the tables are flushed and the library the
    data migrations made (exercises, routines) is loaded back from a snapshot that Django
    keeps on the connection object, as ``_test_serialized_contents``, when it creates the test
    database. Playwright's sync API switches to its own greenlet context, where Django's
    connection handler (context-local) hands out fresh connection objects without it, so
    Django silently skips the reload: every browser test after the first finds the library
    empty. Django has no public way to hand the snapshot on (pytest-django's
    ``django_db_serialized_rollback`` only sets the same flag), and loading the library
    again by hand would repeat the data migrations after every test: hence this private name.
    """
    from django.db import connections

    for alias, contents in saved.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI, but {reason}.")
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    saved = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        _carry_serialized_contents(saved)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()
