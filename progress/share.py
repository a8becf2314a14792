"""Share links: their limits (accounts.tokens makes and digests the tokens; config.redact
keeps them out of logs)."""

from accounts.throttle import MINUTE, Limit

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
