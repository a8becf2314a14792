"""Secret link tokens (share links, clinician invites): how they are made and stored.

A token is 256 random bits (secrets.token_urlsafe(32)). The database keeps only its SHA-256
digest and looks a link up by digest: a token of that strength needs no salt or slow hash,
the lookup compares digests that a guesser cannot steer (so no timing leak about the
token), and a leaked copy of the database opens nothing. config.redact keeps the tokens out
of logs.
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
