"""The clinician's flags over plain values: no ORM import, tested without a database.

A flag says a person may need a call. Each is worded calmly, with its date, and labelled
as Limber's own rule where it is one. The rules are those the person's own pages follow,
not new ones:

- **Pain before 7 or more** (`high`) and **pain rising after sessions** (`rose`): the pain
  rule that holds a phase back (routines.progression.pain_hold), over the person's latest
  sessions. Both can show at once: the high-pain part is asked of the scores before alone.
- **No session for 7 days** (`quiet`, our rule): a routine followed every day of the last
  QUIET_DAYS + 1 (started by then, never paused since) with no session in the last
  QUIET_DAYS days, today included; a paused or stopped routine is never flagged.
- **Check-in: pain** (`check-in`): the person answered "Pain or a flare" to last week's
  check-in (progress.outcomes) for one of their routines.

Flags are computed for the person's own today (their time zone). The daily digest names
only flags that are new since its last email (CareLink.flags_sent holds their keys).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from accounts.weeks import DAY, day_month
from progress.targets import FollowedPlan
from routines import pain as pain_rules
from routines import progression

HIGH = "high"
ROSE = "rose"
QUIET = "quiet"
CHECK_IN = "check-in"
KINDS = (HIGH, ROSE, QUIET, CHECK_IN)
LABELS = {
    HIGH: f"Pain before {pain_rules.HIGH} or more",
    ROSE: "Pain rising after sessions",
    QUIET: "No session for 7 days",
    CHECK_IN: "Check-in: pain",
}
QUIET_DAYS = 7
# Our rule: the sessions read for the pain flags are those of the last four weeks (at most
# progress.models.PAIN_FACTS a person, as the person's own pain hold reads them). A rise
# older than that is not news to a clinician.
RECENT_DAYS = 28
OUR_RULE = "(our rule)"


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    day: dt.date | None = None
    ours: bool = True
    extra: str = ""  # what makes a repeat of this kind a new flag (a check-in's week)

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def key(self) -> str:
        """How the digest remembers it (CareLink.flags_sent)."""
        return f"{self.kind}:{self.extra}" if self.extra else self.kind


def _day(day: dt.date, today: dt.date) -> str:
    text = day_month(day)
    return text if day.year == today.year else f"{text} {day.year}"


def pain_flags(facts: Sequence[progression.PainFact], today: dt.date) -> list[Flag]:
    """The pain hold's two rules as flags (`facts`: the person's sessions, newest first)."""
    flags = []
    hold = progression.pain_hold(facts, today)
    if hold is not None and hold.reason in ("rose", "worse"):
        latest = next(f.local_date for f in facts if f.counts and f.rose)
        how = "rose after" if hold.reason == "rose" else "rose after, or was worse the next morning"
        flags.append(
            Flag(
                ROSE,
                f"Pain {how} {progression.ROSE_IN} of the last {progression.ROSE_OF} sessions "
                f"with scores, latest on {_day(latest, today)}",
                latest,
            )
        )
        # The high-pain rule on its own: the scores before alone, with nothing to rise.
        hold = progression.pain_hold(
            [progression.PainFact(f.local_date, f.before) for f in facts], today
        )
    if hold is not None and hold.reason == "high":
        text = f"Pain before {pain_rules.HIGH} or more on {_day(hold.day, today)}"
        flags.append(Flag(HIGH, text, hold.day))
    return flags


def quiet_flag(
    plans: Iterable[FollowedPlan], last_logged: Mapping[int, dt.date | None], today: dt.date
) -> Flag | None:
    """Routines followed all along with no session in the last QUIET_DAYS days, in one flag
    (`last_logged`: each routine's latest day with a session, by its key)."""
    quiet = []
    for plan in plans:
        last = last_logged.get(plan.key)
        followed = plan.days_followed(today - DAY * QUIET_DAYS, today) == QUIET_DAYS + 1
        if plan.paused_now or not followed:
            continue
        if last is not None and last > today - DAY * QUIET_DAYS:
            continue
        if last is None:
            quiet.append((plan.started_on, f"{plan.name}: none since it started on "))
        else:
            quiet.append((last, f"{plan.name}: the last on "))
    if not quiet:
        return None
    parts = [f"{words}{_day(day, today)}" for day, words in quiet]
    since = max(day for day, _ in quiet)
    return Flag(QUIET, f"No session for {QUIET_DAYS} days or more. " + "; ".join(parts), since)


def check_in_flag(routines: Sequence[str], week_first: dt.date, today: dt.date) -> Flag | None:
    """Last week's check-in answered "Pain or a flare" for `routines` (their names)."""
    if not routines:
        return None
    names = ", ".join(routines)
    return Flag(
        CHECK_IN,
        f"Check-in for the week of {_day(week_first, today)}: pain or a flare got in the way "
        f"({names})",
        week_first,
        ours=False,
        extra=week_first.isoformat(),
    )


@dataclass
class PersonRow:
    """One person on the dashboard (the view's data, not a rule)."""

    link: object
    name: str
    flags: list[Flag] = field(default_factory=list)
    last_session: dt.date | None = None
    week_lines: list = field(default_factory=list)
    trend: object = None
    psfs: object = None

    @property
    def kinds(self) -> set[str]:
        return {f.kind for f in self.flags}


def ordered(rows: Iterable[PersonRow]) -> list[PersonRow]:
    """Flagged people first, then by name (whatever its case)."""
    return sorted(rows, key=lambda r: (not r.flags, r.name.casefold(), r.name))


def with_flag(rows: Iterable[PersonRow], kind: str) -> list[PersonRow]:
    return [r for r in rows if kind in r.kinds]


def flag_counts(rows: Sequence[PersonRow]) -> list[tuple[str, str, int]]:
    """(kind, label, people with it) for the filter, in the order of KINDS."""
    return [(kind, LABELS[kind], len(with_flag(rows, kind))) for kind in KINDS]


def keys_text(flags: Iterable[Flag]) -> str:
    """The flags' keys as CareLink.flags_sent keeps them."""
    return ",".join(sorted({f.key for f in flags}))


def new_flags(flags: Iterable[Flag], sent: str) -> list[Flag]:
    """The flags not named in the last email (`sent`: CareLink.flags_sent)."""
    before = set(filter(None, sent.split(",")))
    return [f for f in flags if f.key not in before]
