import signal
import sqlite3
import sys
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

RETRY_AFTER_SECONDS = 30


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The introduction for visitors; someone signed in goes straight to their day."""
    if request.user.is_authenticated:
        return redirect("today")
    return render(request, "home.html")


@require_GET
def red_flags(request: HttpRequest) -> HttpResponse:
    """The signs with back pain that call for a doctor or physiotherapist, not self-care."""
    return render(request, "safety/red_flags.html")


HEALTH_DEADLINE_SECONDS = 0.8
HEALTH_BUSY_SECONDS = 0.5
SQLITE_HEADER = b"SQLite format 3\x00"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers within a second, 503 (just as fast) when it does not."""
    if not _database_answers():
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")


class _DeadlinePassed(Exception):
    pass


@contextmanager
def _deadline(seconds: float):
    """Interrupt a wait that outlasts `seconds` (a connect to a server that never answers).

    A timer signal can only interrupt the main thread, where gunicorn's sync workers run
    requests; elsewhere (runserver's threads) the database's own timeouts bound the wait.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _DeadlinePassed

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _database_answers() -> bool:
    try:
        with _deadline(HEALTH_DEADLINE_SECONDS):
            _check_database()
    except (DatabaseError, sqlite3.Error, OSError, _DeadlinePassed):
        if not connection.in_atomic_block:
            connection.close()  # it may be half-open after an interruption
        return False
    return True


def _check_database() -> None:
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    # A persistent connection keeps reading a file that was deleted, replaced or made
    # unreadable; the next worker to start could not. Look at the file itself.
    path = connection.settings_dict["NAME"]
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise OSError("not an SQLite database")
    if connection.connection is None:
        # Opening the connection would wait out the whole busy timeout on a locked file
        # (its PRAGMAs need the lock): try a read-only look with a short one first.
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=HEALTH_BUSY_SECONDS)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    with connection.cursor() as cursor:
        # Reading the schema touches the file. If another process holds it locked, SQLite
        # waits out the busy timeout (no signal interrupts that), so wait less here.
        cursor.execute(f"PRAGMA busy_timeout = {HEALTH_BUSY_SECONDS * 1000:.0f}")
        try:
            cursor.execute("SELECT count(*) FROM sqlite_master")
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {settings.DATABASE_LOCK_TIMEOUT * 1000}")


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    # Rendered without RequestContext processors that may touch the database (the user).
    html = render_to_string(
        "error.html",
        {"status": status, "title": title, "message": message, "request": request},
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request, 400, "That request didn't make sense", "Please go back and try again."
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request, 403, "You can't do that here", "If you followed a link, try signing in first."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        403,
        "That form had expired",
        "For your safety we didn't save it. Go back, reload the page and try again.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request, 404, "Page not found", "There's nothing at this address. It may have moved."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page; a database outage gets a 503 with Retry-After instead, as it is temporary."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        response = _error_page(
            request,
            503,
            "Limber is taking a short break",
            "We can't reach our database just now. Your data is safe; "
            "please try again in a minute.",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _error_page(
        request,
        500,
        "Something went wrong on our side",
        "We've been told. Please try again shortly.",
    )


_FAVICON = settings.BASE_DIR / "static" / "icons" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page's links say."""
    response = HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
