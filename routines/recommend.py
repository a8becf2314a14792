"""The one-minute start's recommendation: one routine that fits where it bothers a person,
what they have and how long they have. Plain Python over frozen dataclasses (no ORM import).

The rule (all of it our suggestion, and the page says so):

1. A move *fits* when it is a basic move (week one is no time for the advanced ones), needs
   only kit the person has ("nothing" means moves that need no equipment at all), and its
   dose is within the bounds of an own routine (routines.custom).
2. A programme fits when every move of its first phase fits the kit (levels are the
   programme's own business: its order makes them safe), its first phase takes no longer
   than the time they have, getting ready included, and no less than a fifth of it, and it
   works *every* place they chose.
   Of those, the one with the most time on those places wins; ties go to library order.
3. Otherwise Limber builds a short routine from the library: fitting moves that work a
   chosen place, most direct first (each place lists its body areas, then the conditions
   the source articles name, in order), added while they fit the time, at most MAX_MOVES. With
   fewer than two, other fitting moves top it up, so nobody gets an empty or one-move list.
   The moves are put in the source articles' order (roll, then ball, then stretch, then
   strengthen; a move repeated freely, child's pose, closes) and must pass the own-routine
   order rules (custom.order_warnings) and bounds (custom.routine_problem).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from exercises.dose import Dose, describe_minutes
from routines import custom
from routines.player import GET_READY_SECONDS, POSITION_CHANGE_EXTRA, SWITCH_SECONDS

MINUTES = (5, 10, 20)
MAX_MOVES = 6
MIN_MOVES = 2
MIN_SHARE = 5
"""A programme must fill at least a fifth of the time a person has: a one-minute programme
undersells twenty minutes, where a built routine does more for the same places."""
KIND_ORDER = ("roll", "ball", "stretch", "strengthen")


@dataclass(frozen=True)
class Place:
    """Somewhere it bothers a person, as the library tags it: body areas, then conditions,
    each list most direct first."""

    label: str
    short: str
    """How a routine's name names it: "Lower back in 10 minutes"."""
    words: str
    """How a sentence names it: "your lower back"."""
    areas: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


PLACES: dict[str, Place] = {
    "lower-back": Place(
        "Lower back",
        "Lower back",
        "your lower back",
        ("lower-back", "hip-flexors", "hamstrings"),
        ("lower-back-pain", "sciatica"),
    ),
    "hips": Place(
        "Hips and buttocks", "Hips", "your hips", ("hips", "glutes", "hip-flexors"), ("hip-pain",)
    ),
    "knees": Place("Knees", "Knees", "your knees", (), ("knee-pain", "knee-cap-issues")),
    "hamstrings": Place(
        "Back of the thighs (hamstrings)", "Hamstrings", "your hamstrings", ("hamstrings",)
    ),
    "thighs": Place(
        "Front, inside or outside of the thighs",
        "Thighs",
        "your thighs",
        ("quads", "inner-thigh", "it-band"),
        ("groin-pain",),
    ),
    "calves": Place(
        "Calves, ankles and feet",
        "Calves and feet",
        "your calves and feet",
        ("calves", "shins"),
        ("calf-foot-pain", "plantar-fasciitis", "heel-pain", "ankle-pain"),
    ),
}


# What a person may say they have, as the library's equipment slugs.
@dataclass(frozen=True)
class Kit:
    label: str
    noun: str
    slugs: frozenset[str]


KIT: dict[str, Kit] = {
    "band": Kit("A towel or a band", "towel or band", frozenset({"band"})),
    "foam-roller": Kit("A foam roller", "foam roller", frozenset({"foam-roller"})),
    "ball": Kit("A massage or lacrosse ball", "ball", frozenset({"ball"})),
    "chair": Kit(
        "A chair, a step or a high seat",
        "chair, step or high seat",
        frozenset({"chair", "high-seat"}),
    ),
}
NOTHING = "nothing"


@dataclass(frozen=True)
class Move:
    """An exercise as the recommendation sees it; `dose` is the library's or a programme's."""

    slug: str
    name: str
    kind: str
    level: str
    dose: Dose
    areas: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    equipment: frozenset[str] = frozenset()
    """What it needs, without the library's "none"."""
    position: str = ""
    order: int = 0


@dataclass(frozen=True)
class Programme:
    """A programme's first phase, its moves with the programme's doses."""

    slug: str
    name: str
    moves: tuple[Move, ...]
    order: int = 0


@dataclass(frozen=True)
class Library:
    moves: tuple[Move, ...]
    programmes: tuple[Programme, ...]


@dataclass(frozen=True)
class Wish:
    places: frozenset[str]
    have: frozenset[str]
    """Equipment slugs (KIT's values joined); empty for nothing."""
    minutes: int


@dataclass(frozen=True)
class Suggestion:
    name: str
    moves: tuple[Move, ...]
    reason: str
    seconds: int
    programme: str = ""
    """The programme's slug, or "" for a short routine built from the library."""

    @property
    def is_programme(self) -> bool:
        return bool(self.programme)

    @property
    def minutes_text(self) -> str:
        return describe_minutes(self.seconds)


def session_seconds(moves: Sequence[Move]) -> int:
    """How long the guided session takes with the default get-ready: the doses, a get-ready
    before each move (longer before the first and on a change of position) and the switch
    between sides (routines.player)."""
    total = 0
    previous = None
    for move in moves:
        total += move.dose.estimated_seconds() + GET_READY_SECONDS
        if move.dose.per_side:
            total += SWITCH_SECONDS
        if previous is None or (move.position and move.position != previous.position):
            total += POSITION_CHANGE_EXTRA
        previous = move
    return total


def _needs_only(move: Move, have: frozenset[str]) -> bool:
    return move.equipment <= have


def _fits(move: Move, have: frozenset[str]) -> bool:
    return move.level == "basic" and _needs_only(move, have) and not custom.dose_problems(move.dose)


def _rank(move: Move, place: Place) -> int | None:
    """How directly a move works a place (0 is most), None when it doesn't."""
    for index, area in enumerate(place.areas):
        if area in move.areas:
            return index
    for index, condition in enumerate(place.conditions):
        if condition in move.conditions:
            return len(place.areas) + index
    return None


def _best_rank(move: Move, places: Iterable[Place]) -> int | None:
    ranks = [rank for place in places if (rank := _rank(move, place)) is not None]
    return min(ranks) if ranks else None


def _works(moves: Iterable[Move], place: Place) -> bool:
    return any(_rank(move, place) is not None for move in moves)


def _in_session_order(moves: Iterable[Move]) -> list[Move]:
    def key(move: Move) -> tuple:
        kind = KIND_ORDER.index(move.kind) if move.kind in KIND_ORDER else len(KIND_ORDER)
        return (move.dose.repeat_freely, kind, move.order)

    ordered = sorted(moves, key=key)
    warned = custom.order_warnings([move.slug for move in ordered])
    return [move for index, move in enumerate(ordered) if index not in warned]


def _places_words(places: Sequence[Place]) -> str:
    words = [place.words for place in places]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _kit_words(have: frozenset[str], moves: Iterable[Move]) -> str:
    used = set().union(*(move.equipment for move in moves))
    names = [kit.noun for kit in KIT.values() if kit.slugs & used and kit.slugs <= have]
    if not names:
        return "no equipment"
    return "the " + " and the ".join(names)


def _programme(library: Library, wish: Wish, places: list[Place]) -> Suggestion | None:
    budget = wish.minutes * 60
    best = None
    for programme in library.programmes:
        moves = programme.moves
        if not moves or not all(_needs_only(move, wish.have) for move in moves):
            continue
        seconds = session_seconds(moves)
        too_short = seconds * MIN_SHARE < budget
        if seconds > budget or too_short or not all(_works(moves, place) for place in places):
            continue
        on_target = sum(
            move.dose.estimated_seconds() for move in moves if _best_rank(move, places) is not None
        )
        score = (on_target, -programme.order)
        if best is None or score > best[0]:
            best = (score, programme, seconds)
    if best is None:
        return None
    _score, programme, seconds = best
    reason = (
        f"It works {_places_words(places)} with {_kit_words(wish.have, programme.moves)}, "
        f"in {describe_minutes(seconds)} of your {wish.minutes}: a programme straight from "
        "its article."
    )
    return Suggestion(programme.name, programme.moves, reason, seconds, programme.slug)


def _built(library: Library, wish: Wish, places: list[Place]) -> Suggestion | None:
    budget = wish.minutes * 60
    fitting = [move for move in library.moves if _fits(move, wish.have)]
    ranked = sorted(
        (move for move in fitting if _best_rank(move, places) is not None),
        key=lambda move: (_best_rank(move, places), move.order),
    )
    others = [move for move in fitting if _best_rank(move, places) is None]
    chosen: list[Move] = []
    for candidates, enough in ((ranked, MAX_MOVES), (others, MIN_MOVES)):
        for move in candidates:
            if len(chosen) >= enough:
                break
            trial = _in_session_order([*chosen, move])
            within = not custom.routine_problem([m.dose for m in trial])
            if len(trial) > len(chosen) and within and session_seconds(trial) <= budget:
                chosen = trial
    if not chosen:
        return None
    seconds = session_seconds(chosen)
    count = len(chosen)
    moves_word = {1: "One move", 2: "Two moves", 3: "Three moves", 4: "Four moves"}.get(
        count, f"{count} moves"
    )
    kit = _kit_words(wish.have, chosen)
    needs = "need no equipment" if kit == "no equipment" else f"use {kit}"
    if count == 1:
        needs = needs.replace("need ", "needs ").replace("use ", "uses ")
    works = "works" if count == 1 else "work"
    reason = (
        f"{moves_word} from the library that {works} {_places_words(places)} and {needs}: "
        f"{describe_minutes(seconds)} of your {wish.minutes}."
    )
    label = " and ".join(place.short for place in places).capitalize()
    name = f"{label} in {wish.minutes} minutes"
    return Suggestion(name[:100], tuple(chosen), reason, seconds)


def recommend(library: Library, wish: Wish) -> Suggestion | None:
    """The one routine Limber suggests for `wish` (see the module's docstring), or None
    when the library holds nothing that fits at all."""
    places = [PLACES[key] for key in PLACES if key in wish.places]
    if not places:
        return None
    return _programme(library, wish, places) or _built(library, wish, places)


def with_dose(move: Move, dose: Dose) -> Move:
    """The move with a programme's dose in place of the library's."""
    return replace(move, dose=dose)
