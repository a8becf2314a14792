"""Share links: tokens, their digests, the per-address limit and keeping tokens (and the
name a person may type on their report) out of logs.

A token is 256 random bits (secrets.token_urlsafe(32)). The database keeps only its SHA-256
digest and looks links up by digest: a token of that strength needs no salt or slow hash,
the lookup compares digests that a guesser cannot steer (so no timing leak about the
token), and a leaked copy of the database opens nothing.
"""

import hashlib
import logging
import re
import secrets

from accounts.throttle import MINUTE, Limit

TOKEN_BYTES = 32
# Opens (or guesses) of share links per address (config.http.client_ip).
OPENS_PER_ADDRESS = Limit(
    "share-open",
    30,
    10 * MINUTE,
    "Too many requests",
    "This address opened too many links; please try again in a few minutes.",
    offer_reset=False,
)
SHARE_PATH = re.compile(r"/share/[^/\s?\"]+")
# The name a person may type on their report (ReportPeriodForm.who) travels in its query
# string; it is theirs for the request only, so no log line keeps it.
NAME_PARAM = re.compile(r"(^|[?&])who=[^&\s\"]*")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_private(text: str) -> bool:
    """Whether `text` may hold a share token or a typed name (see redact)."""
    return "/share/" in text or "who=" in text


def redact(text: str) -> str:
    """'/share/abc…/' -> '/share/…/', and '?who=Alex' -> '?who=…'."""
    return NAME_PARAM.sub(r"\1who=…", SHARE_PATH.sub("/share/…", text))


class RedactShareTokens(logging.Filter):
    """Keeps share tokens and typed names out of every log line that names a path
    (django.request's 'Not Found: /share/…/', runserver's request lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and is_private(record.msg):
            record.msg = redact(record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            if any(isinstance(a, str) and is_private(a) for a in args):
                cleaned = tuple(redact(a) if isinstance(a, str) else a for a in args)
                record.args = cleaned if isinstance(record.args, tuple) else cleaned[0]
        return True
