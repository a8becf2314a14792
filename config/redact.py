"""Paths that carry a secret, and keeping those secrets out of every log line.

One list, used by Django's logging (the console handler's filter in settings.LOGGING, which
covers django.request's "Not Found: …" and runserver's request lines) and by gunicorn's
access log (gunicorn.conf.py). A URL added with a token in its path belongs here, with a
test in tests/config/test_redact.py.
"""

import logging
import re

HIDDEN = "…"
_SEGMENT = r"[^/\s?#\"']+"

SECRET_PATHS = [
    # Share links (progress.share): the token opens a person's report.
    re.compile(rf"(/share/){_SEGMENT}"),
    # The calendar feed: /calendar/<token>.ics opens a person's planned sessions.
    re.compile(rf"(/calendar/){_SEGMENT}"),
    # One-click unsubscribe from reminder emails (reminders.links): a signed token.
    re.compile(rf"(/reminders/unsubscribe/){_SEGMENT}"),
    # "Snooze 1 hour" on a notification (reminders.links.snooze_token): a signed token.
    re.compile(rf"(/reminders/push/snooze/){_SEGMENT}"),
    # The clinician's daily email (progress.clinic_digest.off_token): its one-click
    # unsubscribe is a signed token that never expires and switches the email off or on.
    re.compile(rf"(/clinic/digest-off/){_SEGMENT}"),
    # Password reset (Django's auth views): /accounts/reset/<uid>/<token>/; the page it
    # redirects to, …/set-password/, holds the token in the session instead.
    re.compile(rf"(/accounts/reset/{_SEGMENT}/)(?!set-password(?:[/?#\s\"']|$)){_SEGMENT}"),
    # Clinic invites (accounts.clinic_views.join): the token lets one person connect with
    # a clinician. It also travels, percent-encoded, in the `next` of sign-up and log-in.
    re.compile(rf"(/join/){_SEGMENT}"),
    re.compile(r"(%2Fjoin%2F)[^/\s?#&%\"']+", re.IGNORECASE),
    # The name a person may type on their report (ReportPeriodForm.who) travels in its
    # query string; it is theirs for the request only, so no log line keeps it.
    re.compile(r"([?&]who=)[^&\s#\"']*"),
]


def redact(text: str) -> str:
    """Every secret in a path replaced by '…': '/share/abc…/' -> '/share/…/'."""
    for pattern in SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{HIDDEN}", text)
    return text


class RedactSecrets(logging.Filter):
    """Takes the secrets out of a record's message and of its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            args = record.args.items()
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in args}
        return True
