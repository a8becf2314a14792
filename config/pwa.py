"""Limber as an installed app: the manifest, the service worker and the offline page.

The service worker (templates/sw.js) is served from the site's root, so its scope is the
whole site. It is rendered with the app shell's URLs as the static storage names them
(hashed in production, plain in development) and a version made from them, so a deploy
that changes any shell file installs a new worker, which the page offers as "A new version
is ready — reload".

Which person a page belongs to (``PersonMiddleware``): every response that already knows
its visitor carries ``X-Limber-Person``, the person's cache id (an HMAC of their id: opaque,
stable, never an email) or ``anon``. The worker keeps pages in one cache per cache id and
drops it as soon as a page arrives for anyone else. The session cookie is HttpOnly, so the
worker can't see it go (expired, cleared, or ended by the server): a companion cookie,
``limber_person``, holds the same cache id, readable by script (the Cookie Store API), set
and deleted with the session cookie and with the same lifetime. The worker serves a copy of
a person's page only while that cookie names the person whose cache it is, and online it
asks the server first, so a session the server no longer knows gets nobody's copy. Log-out
and account deletion also answer ``Clear-Site-Data: "cache"``.
"""

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.functional import empty, lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

PERSON_HEADER = "X-Limber-Person"
PERSON_COOKIE = "limber_person"
ANONYMOUS = "anon"
THEME_LIGHT = "#0f766e"
BACKGROUND_LIGHT = "#f7f6f2"
BACKGROUND_DARK = "#121715"
# htmx comes from django-htmx, outside static/.
EXTRA_SHELL_FILES = ["django_htmx/htmx-2.min.js"]
ICONS = [
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/maskable-192.png", "192x192", "maskable"),
    ("img/icons/maskable-512.png", "512x512", "maskable"),
]


def shell_files() -> list[str]:
    """The app shell: every file of our own static/ (CSS, JS modules, icons and exercise
    pictures) plus htmx, by static name."""
    root = Path(settings.STATICFILES_DIRS[0])
    names = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )
    return names + EXTRA_SHELL_FILES


def _fingerprint(name: str, url: str) -> str:
    """A hashed URL already names its content; a plain one (development) needs the bytes."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return url
    found = finders.find(name)
    return hashlib.sha256(Path(found).read_bytes()).hexdigest() if found else url


def _one_argument_path(name: str) -> str:
    """A URL pattern taking one number (``/sessions/<int:pk>/``) as a JavaScript regex
    source (``^/sessions/\\d+/$``), from the URLconf, so the scripts never spell it."""
    marker = 987654321
    return "^" + re.escape(reverse(name, args=[marker])).replace(str(marker), r"\d+") + "$"


def outbox_config() -> dict:
    """What static/js/offline/outbox.js (the one sender of the sessions kept on a device)
    is told, the same by the page (base.html) and by the worker: its own address, and the
    address a sent session lands on (the log form redirects to the session's page)."""
    return {
        "script": static("js/offline/outbox.js"),
        "sent": _one_argument_path("progress:session"),
    }


def _build_worker() -> str:
    urls = [static(name) for name in shell_files()]
    offline = reverse("offline")
    version_source = "\n".join(
        [_fingerprint(n, u) for n, u in zip(shell_files(), urls, strict=True)]
        + [hashlib.sha256(render_to_string("offline.html").encode()).hexdigest()]
        + [hashlib.sha256(render_to_string("sw.js").encode()).hexdigest()]
    )
    config = {
        "version": hashlib.sha256(version_source.encode()).hexdigest()[:12],
        "shell": urls,
        "offline": offline,
        "personHeader": PERSON_HEADER,
        "personCookie": PERSON_COOKIE,
        "outbox": outbox_config(),
        "icon": static("img/icons/icon-192.png"),  # a push notification's picture
    }
    return render_to_string("sw.js", {"config": json.dumps(config, indent=1)})


@functools.cache
def _cached_worker() -> str:
    return _build_worker()


def worker_source() -> str:
    """The worker's script; worked out once per process unless DEBUG (files change then)."""
    return _build_worker() if settings.DEBUG else _cached_worker()


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@cache_control(public=True, max_age=60 * 60)
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "id": "/today/",
        "name": "Limber: stretches and rolling for tight legs and hips",
        "short_name": "Limber",
        "description": "Guided foam rolling, ball release and stretching routines, "
        "with your pain and progress logged.",
        "start_url": reverse("today"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_LIGHT,
        "background_color": BACKGROUND_LIGHT,
        "icons": [
            {"src": static(src), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for src, sizes, purpose in ICONS
        ],
        "shortcuts": [
            {"name": "Today", "url": reverse("today")},
            {"name": "Exercises", "url": reverse("exercises:list")},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@cache_control(public=True, max_age=60 * 60)
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows for anything it has no copy of. Rendered without the
    visitor (no account menu), as one copy serves everyone on the device."""
    return HttpResponse(render_to_string("offline.html"))


def clears_device_cache(view: Callable) -> Callable:
    """Log-out and account deletion: a successful POST tells the browser to drop its caches."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code in (301, 302, 303):
            response["Clear-Site-Data"] = '"cache"'
        return response

    return wrapper


def cache_id(user) -> str:
    """The name the device knows a person by (their pages' cache, their queued sessions):
    the same on every visit, unrelated to their email and useless for finding their id."""
    if not user.is_authenticated:
        return ANONYMOUS
    return salted_hmac("config.pwa.cache_id", str(user.pk), algorithm="sha256").hexdigest()[:24]


def device_person(request: HttpRequest) -> dict:
    """Template context: the signed-in person's cache id, "" for nobody, and the outbox's
    settings (base.html's outbox.js tag, for the sessions queued on the device); worked out
    only where used."""

    def person() -> str:
        user = getattr(request, "user", None)
        return "" if user is None or not user.is_authenticated else cache_id(user)

    return {
        "device_person": lazy(person, str)(),
        "device_outbox": lazy(lambda: json.dumps(outbox_config()), str)(),
    }


class PersonMiddleware:
    """Tells the device who the server says is signed in, for the service worker.

    Sits outside ``SessionMiddleware`` so it sees the session cookie being set or deleted.
    Names the visitor (``X-Limber-Person``) only on responses that already looked them up
    (never a query of its own), and keeps the ``limber_person`` cookie beside the session
    cookie: set with it, with the same lifetime, and deleted with it.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        known = user is not None and getattr(user, "_wrapped", user) is not empty
        if known:
            response[PERSON_HEADER] = cache_id(user)
            patch_vary_headers(response, ["Cookie"])
        session = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if session is not None and not session.value:  # the session ended: so does its name
            self._delete(request, response)
        elif known and user.is_authenticated:
            if session is not None:  # signed in, or the session's lifetime renewed
                self._set(response, cache_id(user), session["max-age"] or None)
            elif request.COOKIES.get(PERSON_COOKIE) != cache_id(user):
                # A session from before this cookie existed, or the cookie alone was removed.
                self._set(response, cache_id(user), self._session_age(request))
        elif known:
            self._delete(request, response)
        return response

    @staticmethod
    def _session_age(request: HttpRequest) -> int | None:
        session = request.session
        return None if session.get_expire_at_browser_close() else session.get_expiry_age()

    @staticmethod
    def _set(response: HttpResponse, value: str, max_age: int | None) -> None:
        response.set_cookie(
            PERSON_COOKIE,
            value,
            max_age=max_age,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # the point: the worker reads it (the session cookie is HttpOnly)
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )

    @staticmethod
    def _delete(request: HttpRequest, response: HttpResponse) -> None:
        if PERSON_COOKIE in request.COOKIES:
            response.delete_cookie(
                PERSON_COOKIE,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
