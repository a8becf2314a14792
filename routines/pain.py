"""What Limber makes of pain scores (0 none … 10 worst): plain Python, no ORM import.

These are Limber's own rules, not the articles'. The articles say only "never stretch in
pain"; the thresholds below are our choice, written once here and used by the session
page, History, the report, the guided session (which gets them as a table, see
`player_table`) and the log form. They live in routines, the lowest app that needs them
(the guided session and the pain hold of progression); progress reads them from here.

- **One session** (`session_change`): pain after 2 points or more above pain before, or
  an after score of 7 or more, asks for care next time (a caution); 2 points or more
  lower after is said as it happened ("your pain was 2 points lower after"); anything
  else is shown as the two numbers.
- **Before a session** (`before_caution`): a score of 7 or more, or 3 points or more above
  the person's usual, the median of their last 10 scores before a session (once they
  have 3), brings a calm caution before Start. It never stops anyone.
- **Sessions too short to count** (`COUNTED_SECONDS`): under a minute of exercise, such a
  session's scores stay on its own page but are left out of the weekly trend.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CHANGE_POINTS = 2
HIGH = 7
ABOVE_USUAL = 3
USUAL_OF = 10  # the latest scores before sessions the usual is the median of
USUAL_MIN = 3  # scores needed before we speak of a usual
COUNTED_SECONDS = 60
SCALE = range(11)

EASED = "eased"
ROSE = "rose"  # a caution: pain rose by CHANGE_POINTS or more
HIGH_AFTER = "high"  # a caution: pain after was HIGH or more
STEADY = "steady"
UNSCORED = ""

# The player receives these and fills in {points}: the same words as the session page.
LINES = {
    EASED: "Your pain was {points} points lower after.",
    ROSE: "Your pain was {points} points higher after this session than before.",
    HIGH_AFTER: "Your pain was high after this session.",
    STEADY: "",
    UNSCORED: "",
}
CODES = {EASED: "e", ROSE: "r", HIGH_AFTER: "h", STEADY: "s", UNSCORED: "-"}


@dataclass(frozen=True)
class SessionPain:
    """One session's pain before and after, and what Limber says of it."""

    before: int | None
    after: int | None
    verdict: str

    @property
    def caution(self) -> bool:
        return self.verdict in (ROSE, HIGH_AFTER)

    @property
    def eased(self) -> bool:
        return self.verdict == EASED

    @property
    def points(self) -> int:
        if self.before is None or self.after is None:
            return 0
        return abs(self.after - self.before)

    @property
    def line(self) -> str:
        """'Your pain was 2 points lower after.', or '' with nothing to say."""
        return LINES[self.verdict].format(points=self.points)


def session_change(before: int | None, after: int | None) -> SessionPain:
    """Limber's reading of one session's pain (see the module's docstring)."""
    if before is not None and after is not None and after - before >= CHANGE_POINTS:
        verdict = ROSE
    elif after is not None and after >= HIGH:
        verdict = HIGH_AFTER
    elif before is not None and after is not None and before - after >= CHANGE_POINTS:
        verdict = EASED
    elif before is None or after is None:
        verdict = UNSCORED
    else:
        verdict = STEADY
    return SessionPain(before, after, verdict)


@dataclass(frozen=True)
class PainTally:
    """A period's sessions by what session_change says of them (the report)."""

    scored: int = 0  # sessions with both scores
    eased: int = 0
    caution: int = 0
    flare_days: int = 0  # sessions logged as a flare-day version, scored or not


def tally(rows: Iterable[tuple[int | None, int | None, bool]]) -> PainTally:
    """From (pain before, pain after, flare day) rows: the sessions with both scores, of
    those the eased and the cautioned, and the flare-day sessions."""
    rows = list(rows)
    changes = [session_change(b, a) for b, a, _ in rows if b is not None and a is not None]
    return PainTally(
        len(changes),
        sum(c.eased for c in changes),
        sum(c.caution for c in changes),
        sum(1 for *_, flare in rows if flare),
    )


def player_table() -> dict:
    """session_change for every pair of scores, for the guided session's summary: one row of
    codes per score before (the last column for no score after), one more row for no score
    before, and the lines with their {points} to fill in. The player looks verdicts up here
    instead of keeping a copy of the rule."""
    scores: list[int | None] = [*SCALE, None]
    rows = ["".join(CODES[session_change(b, a).verdict] for a in scores) for b in scores]
    return {
        "rows": rows,
        "codes": {code: verdict for verdict, code in CODES.items()},
        "lines": {verdict: LINES[verdict] for verdict in (EASED, ROSE, HIGH_AFTER)},
        "caution": [ROSE, HIGH_AFTER],
    }


def usual(latest_before: Sequence[int]) -> float | None:
    """The person's usual pain before a session: the median of the latest USUAL_OF scores
    (newest first), or None with fewer than USUAL_MIN."""
    chosen = list(latest_before)[:USUAL_OF]
    if len(chosen) < USUAL_MIN:
        return None
    return statistics.median(chosen)


def before_caution(before: int | None, usual_score: float | None) -> bool:
    """A calm caution before Start: pain of HIGH or more, or ABOVE_USUAL above the usual."""
    if before is None:
        return False
    if before >= HIGH:
        return True
    return usual_score is not None and before - usual_score >= ABOVE_USUAL


@dataclass(frozen=True)
class BeforeRule:
    """What the guided session and the log form need to show the caution before Start."""

    usual: float | None

    @property
    def usual_text(self) -> str:
        """'4', '4.5', or '' without a usual yet."""
        if self.usual is None:
            return ""
        return f"{self.usual:g}"

    @property
    def flags(self) -> str:
        """One character per score 0–10: '1' where that score brings the caution."""
        return "".join("1" if before_caution(n, self.usual) else "0" for n in SCALE)

    @property
    def from_score(self) -> int:
        """The lowest score that brings the caution."""
        return self.flags.index("1")
