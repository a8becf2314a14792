"""The pain trend over weeks (or months): plain values, no ORM import.

The trend (PainTrend) compares weekly averages of pain before sessions: the first two
weeks with scores against the latest two. Its threshold is Limber's own
(routines.pain.CHANGE_POINTS); what one session's scores say is routines.pain's too.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accounts.weeks import WEEK, day_month
from routines import pain as pain_rules

TREND_WEEKS = 2  # weeks averaged at each end of the trend


@dataclass(frozen=True)
class PainSums:
    """Pain scores added up (the database's SUM and COUNT), so spans can be combined."""

    before_total: int = 0
    before_count: int = 0
    after_total: int = 0
    after_count: int = 0

    def __add__(self, other: "PainSums") -> "PainSums":
        return PainSums(
            self.before_total + other.before_total,
            self.before_count + other.before_count,
            self.after_total + other.after_total,
            self.after_count + other.after_count,
        )

    @property
    def before(self) -> float | None:
        """Average pain before sessions, to one decimal (None without scores)."""
        return round(self.before_total / self.before_count, 1) if self.before_count else None

    @property
    def after(self) -> float | None:
        return round(self.after_total / self.after_count, 1) if self.after_count else None


def add_pain(sums: Iterable[PainSums]) -> PainSums:
    total = PainSums()
    for one in sums:
        total += one
    return total


@dataclass(frozen=True)
class PainSpan:
    """A week (or a month, for all time) of pain scores."""

    first: dt.date
    label: str  # '7 Sep', or 'Sep 2026' for a month
    sums: PainSums

    @property
    def before(self) -> float | None:
        return self.sums.before

    @property
    def after(self) -> float | None:
        return self.sums.after


def pain_weeks(
    by_week: Mapping[int, PainSums], oldest: dt.date, weeks: int
) -> tuple[PainSpan, ...]:
    """`weeks` weeks from the one starting `oldest`; `by_week` maps a week_index to sums."""
    return pain_spans(by_week, [oldest + WEEK * i for i in range(weeks)])


def pain_spans(by_index: Mapping[int, PainSums], firsts: Sequence[dt.date]) -> tuple[PainSpan, ...]:
    """A span per first day (a report's weeks, which may start mid-week); `by_index` maps a
    span's index to its sums."""
    return tuple(
        PainSpan(first, day_month(first), by_index.get(i, PainSums()))
        for i, first in enumerate(firsts)
    )


def with_scores(spans: Sequence[PainSpan]) -> tuple[PainSpan, ...]:
    """The spans from the first holding a score (before or after) on: the trend's axis
    starts where the person's scores do, not at weeks before they began."""
    first = next(
        (i for i, s in enumerate(spans) if s.sums.before_count or s.sums.after_count), None
    )
    return () if first is None else tuple(spans[first:])


def pain_months(by_month: Mapping[dt.date, PainSums], today: dt.date) -> tuple[PainSpan, ...]:
    """Every month from the first with a score to this one (all time), first days as keys."""
    if not by_month:
        return ()
    month = min(by_month)
    spans = []
    while month <= today:
        spans.append(PainSpan(month, f"{month:%b %Y}", by_month.get(month, PainSums())))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(spans)


def _week_value(sums: PainSums) -> float:
    return sums.before_total / sums.before_count


@dataclass(frozen=True)
class PainTrend:
    """The one pain trend of History and the report: the average of the weekly averages of
    pain before sessions in the first TREND_WEEKS weeks with scores, against the latest
    TREND_WEEKS (timed sessions under routines.pain.COUNTED_SECONDS left out, by the
    database). A change of routines.pain.CHANGE_POINTS or more is a rise or a fall."""

    weeks: tuple[PainSpan, ...]  # the weeks with scores, oldest first
    year: int  # this year: the date reads without a year within it

    @property
    def enough(self) -> bool:
        return len(self.weeks) >= TREND_WEEKS * 2

    @property
    def start(self) -> float:
        first = self.weeks[:TREND_WEEKS]
        return round(sum(_week_value(w.sums) for w in first) / len(first), 1)

    @property
    def end(self) -> float:
        last = self.weeks[-TREND_WEEKS:]
        return round(sum(_week_value(w.sums) for w in last) / len(last), 1)

    @property
    def since(self) -> dt.date | None:
        return self.weeks[0].first if self.weeks else None

    @property
    def delta(self) -> float:
        return round(self.end - self.start, 1) if self.enough else 0.0

    @property
    def verdict(self) -> str:
        """'better', 'worse' or 'steady'; 'too-few' without enough weeks to say."""
        if not self.enough:
            return "too-few"
        if abs(self.delta) < pain_rules.CHANGE_POINTS:
            return "steady"
        return "better" if self.delta < 0 else "worse"

    @property
    def since_text(self) -> str:
        if self.since is None:
            return ""
        text = day_month(self.since)
        return text if self.since.year == self.year else f"{text} {self.since.year}"

    @property
    def sentence(self) -> str:
        """'Your pain scores before sessions: 6.1 → 3.9 since the week of 7 Sep (−2.2).'"""
        if not self.enough:
            return (
                f"To compare, we need pain scores before sessions in at least "
                f"{TREND_WEEKS * 2} weeks (so far {len(self.weeks)})."
            )
        sign = "−" if self.delta < 0 else "+" if self.delta > 0 else "±"
        return (
            f"Your pain scores before sessions: {self.start} → {self.end} since the week of "
            f"{self.since_text} ({sign}{abs(self.delta)})."
        )


def pain_trend(weeks: Sequence[PainSpan], today: dt.date) -> PainTrend:
    """The trend over weekly pain values (see PainTrend): History passes its weeks, the
    report its blocks of seven days."""
    return PainTrend(tuple(w for w in weeks if w.sums.before_count), today.year)
