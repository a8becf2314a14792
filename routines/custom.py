"""Rules for a routine a person builds or adapts themselves: Limber's limits, calm notes on
doses that differ from the suggested one, ordering cautions, and the short "flare-day" version.

Plain Python over Dose and plain values (no ORM import), tested without a database.
The bounds are Limber's limits, not the source articles' (which set none): wide enough for every
dose in the source articles, narrow enough to catch a typing slip (300 rounds, a 20-minute hold).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from exercises.dose import Dose, format_range, format_seconds

HOLD_SECONDS = (5, 120)
ROUNDS = (1, 10)
REPS = (1, 50)
REST_SECONDS = (0, 120)
MAX_MOVES = 40
MAX_SECONDS = 90 * 60
FLARE_MOVES = 2

# Weekly targets a person may choose: (value, label, sessions_per_week_min, max).
WEEKLY_TARGETS = [
    ("7-7", "Every day", 7, 7),
    ("5-6", "5–6 times a week", 5, 6),
    ("3-5", "3–5 times a week", 3, 5),
    ("3-4", "3–4 times a week", 3, 4),
    ("3-3", "3 times a week", 3, 3),
    ("2-3", "2–3 times a week", 2, 3),
    ("1-2", "Once or twice a week", 1, 2),
]

HAMSTRING_ROLLS = frozenset({"roll-hamstrings", "roll-hamstrings-glutes"})

# A move that needs another one before it: slug -> (the slugs that count, the warning).
ORDER_RULES: dict[str, tuple[frozenset[str], str]] = {
    "lacrosse-ball-hamstring-release": (
        HAMSTRING_ROLLS,
        "The article says to do the ball release only after rolling the hamstrings: "
        "put a hamstring roll before it.",
    ),
    "banded-hamstring-stretch": (
        HAMSTRING_ROLLS,
        "The hamstring guide rolls before it stretches (our reading of its order): "
        "put a hamstring roll before the banded stretch.",
    ),
}


def _outside(value: int | None, bounds: tuple[int, int]) -> bool:
    return value is not None and not bounds[0] <= value <= bounds[1]


def dose_problems(dose: Dose) -> dict[str, str]:
    """What's outside Limber's limits, by form field name; empty when the dose is fine."""
    problems = {}
    if _outside(dose.sets, ROUNDS):
        problems["sets"] = f"Choose {ROUNDS[0]} to {ROUNDS[1]} rounds."
    if _outside(dose.hold_seconds, HOLD_SECONDS):
        problems["seconds"] = f"Choose a time from {HOLD_SECONDS[0]} to {HOLD_SECONDS[1]} s."
    if _outside(dose.reps, REPS):
        problems["reps"] = f"Choose {REPS[0]} to {REPS[1]} reps."
    if _outside(dose.rest_seconds, REST_SECONDS):
        problems["rest_seconds"] = f"Rest at most {REST_SECONDS[1]} s between rounds."
    if not dose.hold_seconds and not dose.reps:
        problems["seconds" if dose.reps is None else "reps"] = "Give a time or a number of reps."
    return problems


def dose_notes(dose: Dose, suggested: Dose, ours: bool = False) -> list[str]:
    """Calm notes where a dose differs from the suggested one (not errors): the source
    article's, or Limber's own when `ours` (the article gives no dose). A rest between rounds
    is always ours: the source articles say "rest" without a length."""
    whose = "Our suggestion:" if ours else "The article suggests"
    notes = []
    if dose.hold_seconds and suggested.seconds_min:
        low = suggested.seconds_min
        high = suggested.seconds_max or suggested.seconds_min
        at_least = suggested.at_least and dose.hold_seconds >= low
        if not at_least and not low <= dose.hold_seconds <= high:
            amount = format_range(suggested.seconds_min, suggested.seconds_max)
            prefix = "at least " if suggested.at_least else ""
            notes.append(f"{whose} {prefix}{amount}.")
    if dose.reps and suggested.reps and dose.reps != suggested.reps:
        notes.append(f"{whose} {suggested.reps} reps.")
    if dose.sets and suggested.sets and dose.sets != suggested.sets:
        rounds = "round" if suggested.sets == 1 else "rounds"
        notes.append(f"{whose} {suggested.sets} {rounds}.")
    if suggested.per_side and not dose.per_side:
        notes.append(
            "Our suggestion: each side in turn." if ours else "The article works each side in turn."
        )
    if suggested.rest_seconds and not dose.rest_seconds and (dose.sets or 1) > 1:
        rest = format_seconds(suggested.rest_seconds)
        notes.append(f"Our suggestion: rest {rest} between rounds.")
    return notes


def order_warnings(slugs: Sequence[str]) -> dict[int, str]:
    """Moves placed before the move they need first, by position."""
    warnings = {}
    for index, slug in enumerate(slugs):
        rule = ORDER_RULES.get(slug)
        if rule and not rule[0].intersection(slugs[:index]):
            warnings[index] = rule[1]
    return warnings


def total_seconds(doses: Sequence[Dose]) -> int:
    return sum(dose.estimated_seconds() for dose in doses)


def routine_problem(doses: Sequence[Dose]) -> str:
    """Why a routine of these doses is too big, or "" when it is within bounds."""
    if len(doses) > MAX_MOVES:
        return f"A routine holds at most {MAX_MOVES} moves."
    if total_seconds(doses) > MAX_SECONDS:
        return f"That makes the routine longer than {MAX_SECONDS // 60} minutes."
    return ""


def fitting(doses: Sequence[Dose]) -> int:
    """How many of the doses, from the first, a routine can hold within MAX_MOVES and
    MAX_SECONDS: a copy keeps those (a routine made before the bounds held may exceed them)."""
    count, seconds = 0, 0
    for dose in doses[:MAX_MOVES]:
        seconds += dose.estimated_seconds()
        if seconds > MAX_SECONDS:
            break
        count += 1
    return count


def weekly_target(value: str) -> tuple[int, int] | None:
    """The (min, max) sessions a week for a WEEKLY_TARGETS value, None when unknown."""
    for key, _label, low, high in WEEKLY_TARGETS:
        if key == value:
            return low, high
    return None


def weekly_value(low: int, high: int) -> str:
    """The WEEKLY_TARGETS value closest to a phase's (min, max), for a copy's form."""
    closest = min(WEEKLY_TARGETS, key=lambda row: abs(row[2] - low) + abs(row[3] - high))
    return closest[0]


@dataclass(frozen=True)
class FlareMove:
    """A routine's move as the flare day weighs it."""

    slug: str
    kind: str  # roll, ball, stretch, strengthen
    level: str  # basic, advanced
    name: str = ""


# Our suggestion, not the articles': which moves are gentlest on a flare day. Child's pose
# first (its article says to do it as often as you like); then rolls, where your own weight
# sets the pressure; then stretches held short of pain; then strengthening; a ball release
# last, as it presses into one small spot. Basic moves before advanced ones.
GENTLE_FIRST = frozenset({"childs-pose"})
GENTLENESS = {"roll": 1, "stretch": 2, "strengthen": 3, "ball": 4}


def gentlest(moves: Sequence[FlareMove], count: int = FLARE_MOVES) -> list[int]:
    """The positions of the `count` gentlest moves (see GENTLENESS), in routine order."""

    def weight(i: int) -> tuple:
        move = moves[i]
        rank = 0 if move.slug in GENTLE_FIRST else GENTLENESS.get(move.kind, len(GENTLENESS) + 1)
        return (move.level == "advanced", rank, i)

    return sorted(sorted(range(len(moves)), key=weight)[:count])


@dataclass(frozen=True)
class FlareChoice:
    """The moves a flare-day version keeps, and what the order rules changed."""

    positions: tuple[int, ...]
    added: tuple[int, ...] = ()  # put back before a move that needs them
    refused: tuple[str, ...] = ()  # why a chosen move was left out
    gentle: tuple[int, ...] = ()  # the gentlest moves: the default choice


def _keep_in_order(moves: Sequence[FlareMove], positions: list[int]) -> FlareChoice:
    """Apply ORDER_RULES to chosen positions: add back the latest earlier move that counts,
    or leave the move out with the rule's words when the routine has none before it."""
    kept, added, refused = set(positions), [], []
    for i in positions:
        rule = ORDER_RULES.get(moves[i].slug)
        if not rule or any(moves[j].slug in rule[0] for j in kept if j < i):
            continue
        earlier = [j for j in range(i) if moves[j].slug in rule[0]]
        if earlier:
            kept.add(earlier[-1])
            added.append(earlier[-1])
        else:
            kept.discard(i)
            name = moves[i].name or moves[i].slug
            refused.append(f"{name} is left out: {rule[1]}")
    return FlareChoice(tuple(sorted(kept)), tuple(sorted(added)), tuple(refused))


def flare_choice(moves: Sequence[FlareMove], chosen: Sequence[int] = ()) -> FlareChoice:
    """What a flare-day short version keeps: the chosen moves that exist (at most
    FLARE_MOVES, in routine order), or else the gentlest FLARE_MOVES; then the order rules,
    which may add a roll back (so a version can hold one more move) or leave a move out
    with a clear message. Should nothing chosen be left, the gentlest are kept."""
    gentle = gentlest(moves)
    valid = sorted({i for i in chosen if 0 <= i < len(moves)})[:FLARE_MOVES]
    choice = _keep_in_order(moves, valid or gentle)
    if not choice.positions and moves:
        fallback = _keep_in_order(moves, gentle)
        choice = FlareChoice(fallback.positions, fallback.added, choice.refused)
    return FlareChoice(choice.positions, choice.added, choice.refused, tuple(gentle))


def flare_plan[T](items: Sequence[T], positions: Sequence[int]) -> list[T]:
    """A routine's moves cut down for a flare day (the positions of a FlareChoice)."""
    return [items[i] for i in positions]
