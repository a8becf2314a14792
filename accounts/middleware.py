from django.utils import timezone
from django.utils.cache import patch_cache_control

from config.http import is_health_check


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone.

    Not for /healthz: asking who is signed in reads the session (and the person), which
    during an outage would hold the health check for the whole lock timeout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_health_check(request):
            timezone.deactivate()
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A signed-in person's pages are theirs alone: no shared or browser cache may keep
    them (`Cache-Control: private, no-store`), unless the view chose its own header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" in response or response.status_code >= 500:
            return response  # an outage page must not ask the database who is signed in
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
