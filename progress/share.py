"""Share links: tokens, their digests and the per-address limit (config.redact keeps the
tokens out of logs).

A token is 256 random bits (secrets.token_urlsafe(32)). The database keeps only its SHA-256
digest and looks links up by digest: a token of that strength needs no salt or slow hash,
the lookup compares digests that a guesser cannot steer (so no timing leak about the
token), and a leaked copy of the database opens nothing.
"""

import hashlib
import secrets

from accounts.throttle import MINUTE, Limit

TOKEN_BYTES = 32
# Live links (neither revoked nor expired) a person may have at once: enough for every
# clinician and then some, few enough that the report page lists them all.
MAX_LIVE_LINKS = 20
# Revoked and expired links listed (the newest), below the live ones and folded away.
ENDED_SHOWN = 10
TOO_MANY_LINKS = (
    f"You have {MAX_LIVE_LINKS} links that work, the most at once: revoke one you no "
    "longer need, then make this one."
)
# Opens (or guesses) of share links per address (config.http.client_ip).
OPENS_PER_ADDRESS = Limit(
    "share-open",
    30,
    10 * MINUTE,
    "Too many requests",
    "This address opened too many links; please try again in a few minutes.",
    offer_reset=False,
)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
