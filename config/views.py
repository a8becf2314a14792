import sys

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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a trivial query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")


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
