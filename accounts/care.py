"""The clinic's rules that need no database: how long invites and access records last,
the invite limit, and what a connection shares.

Clinician accounts are self-declared (User.is_clinician): Limber does not verify
professional registration, and the consent screen says so. Every clinic view reaches a
person only through CareLink.objects.visible_to(clinician), so a stranger, another
clinician or a disconnected one gets a 404.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.throttle import HOUR, MINUTE, Limit

INVITE_DAYS = 14
# Our choice: a year of "who viewed what" is long enough for a person to look back over a
# course of care, short enough not to become a history of its own. Older rows are deleted
# by the clinicians' daily task.
ACCESS_KEPT_DAYS = 365
# Our choice: enough for a busy clinic day, few enough that a stolen account can't mint
# links by the thousand.
INVITES_PER_CLINICIAN = Limit(
    "clinic-invite",
    30,
    HOUR,
    "Too many invites",
    "You made 30 invite links in the last hour, the most we allow. Please try again later.",
    offer_reset=False,
)
# Our choice: open invites (neither used, declined, revoked nor expired) a clinician may
# have at once; enough for a fortnight of new people, few enough to list on one page.
MAX_OPEN_INVITES = 50
TOO_MANY_INVITES = (
    f"You have {MAX_OPEN_INVITES} invite links that still work, the most at once: revoke "
    "one you no longer need, then make this one."
)
# Opens (or guesses) of invite links per address, as for share links.
INVITE_OPENS_PER_ADDRESS = Limit(
    "invite-open",
    30,
    10 * MINUTE,
    "Too many requests",
    "This address opened too many links; please try again in a few minutes.",
    offer_reset=False,
)
# Invites listed that no longer work (the newest), below the open ones.
ENDED_INVITES_SHOWN = 10
# Ended connections listed on a person's clinicians page (the export has them all).
PAST_SHOWN = 10
# Lines of "who viewed what" the person sees on their clinicians page, each one
# clinician's views of one thing on one day, read from at most ACCESS_READ records (the
# export has them all).
ACCESS_SHOWN = 20
ACCESS_READ = 500
# What every connection shares, in the words of the consent screen; notes only if ticked.
SHARED = (
    "The routines you follow, and the ones your clinician assigns",
    "Your sessions: dates, moves and minutes",
    "Your pain scores before and after each session",
    "Your activities (how hard everyday things are) and weekly check-ins",
)
NOTES = "Your session notes"


def invite_expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=INVITE_DAYS)


def access_cutoff(now: dt.datetime) -> dt.datetime:
    """Access records older than this are deleted."""
    return now - dt.timedelta(days=ACCESS_KEPT_DAYS)


@dataclass(frozen=True)
class Views:
    """One line of "who viewed what": `count` views from `first` to `last`."""

    who: str
    what: str
    first: dt.datetime
    last: dt.datetime
    count: int = 1


def grouped_views(
    records: Iterable[tuple[str, str, dt.datetime]], zone: zoneinfo.ZoneInfo
) -> list[Views]:
    """(clinician name, what, when) records, newest first, as lines: one clinician's views of
    one thing on one day (in the person's zone) are one line, placed where the newest of them
    falls, so a dashboard opened 17 times in a morning reads "17 times", not 17 lines."""
    lines: dict[tuple, Views] = {}
    for who, what, when in records:
        key = (who, what, when.astimezone(zone).date())
        line = lines.get(key)
        lines[key] = (
            Views(who, what, when, line.last, line.count + 1)
            if line
            else Views(who, what, when, when)
        )
    return list(lines.values())
