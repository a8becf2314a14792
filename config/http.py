from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails
from ipware import get_client_ip


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type hints in views)."""

    htmx: HtmxDetails


def client_ip(request: HttpRequest) -> str:  # "" when unknown (a test request)
    """The client's address: the one every per-address limit (axes included) counts against.

    With DJANGO_PROXY_COUNT=0 (nothing in front) it is the connection's own address, and an
    X-Forwarded-For header is ignored: anyone can send one. With N proxies in front, each
    appends the address it was reached from, so the client is the N-th entry from the right
    of X-Forwarded-For; entries further left were written by the client and are not trusted.
    (django-ipware counts the proxies after the client's entry, hence N - 1.)
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # A request that did not come through the proxies (no or too short a header) is
    # counted against the address it came from.
    return address or remote


HEALTH_PATH = "/healthz"


def is_health_check(request: HttpRequest) -> bool:
    """/healthz, which answers from the database alone, never from the session or the
    person (config.views.healthz): middleware that would look them up skips it."""
    return request.path_info == HEALTH_PATH


def is_whole_number(text: str, digits: int) -> bool:
    """Whether a number from a URL or form is safe for int(): ASCII digits only, at most
    `digits` of them. str.isdigit() accepts "²", which int() refuses, and a 5,000-digit
    number is refused by int() too."""
    return 0 < len(text) <= digits and text.isascii() and text.isdecimal()


def local_next(request: HttpRequest, default) -> str:
    """Where the person was going (a form's `next` field or ?next=) when it is a path on
    this site, else `default` (a URL, a view name or a model). Only paths: redirect() would
    read "-1" or "home" as a view's name and fail."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    local = target.startswith("/") and not target.startswith("//")
    if local and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(default)
