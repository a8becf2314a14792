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
