"""The guided session's plan: a routine's items unrolled into the steps the player plays.

Plain Python (no ORM import). The session page embeds the plan as JSON (json_script) and
static/js/player/ only plays it: which steps, how long, which side, the words to show and
say, where the position changes, how much is left. Each side is done for all its rounds
before switching, as the stretch article asks ("hold, rest, repeat… then the other side").
"""

from dataclasses import dataclass

from exercises.dose import SECONDS_PER_REP, Dose, describe_dose, describe_rest

GET_READY_SECONDS = 5
"""The default get-ready; each person may set their own (accounts.User.get_ready_seconds)."""
POSITION_CHANGE_EXTRA = 7
"""Added to the get-ready when a move starts in another position (floor, standing, wall…),
and before the first move: getting from the wall down to the floor takes longer than 5 s."""
SWITCH_SECONDS = 5
SIDES = ("right", "left")


@dataclass(frozen=True)
class PlanItem:
    slug: str
    name: str
    url: str
    dose: Dose
    style: str = "hold"
    kind: str = "stretch"
    position: str = ""
    """A key of exercises.models.Exercise.Position, or "" when not known."""
    position_text: str = ""
    cue: str = ""
    image: str = ""
    steps: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    """What to show while the timer runs, per round (Exercise.round_labels); last one repeats."""
    note: str = ""
    """The dose note, shown wherever the dose shows."""
    level: str = "basic"
    word: str = ""
    """The exercise's own word while it runs (Exercise.work_word), or "" for the default."""
    rest_suggested: bool = False
    """The rest between rounds is Limber's suggestion (RoutineItem.rest_suggested)."""

    @property
    def dose_text(self) -> str:
        return describe_dose(self.dose)

    @property
    def rest_text(self) -> str:
        """'rest 10 s between rounds (our suggestion)', or "" without rounds or a rest."""
        if (self.dose.sets or 1) < 2:
            return ""
        return describe_rest(self.dose.rest_seconds, self.rest_suggested)


def is_reps(item: PlanItem) -> bool:
    return item.style == "reps" or (not item.dose.hold_seconds and bool(item.dose.reps))


def spoken_seconds(seconds: int) -> str:
    """A time as a voice says it: 30 -> '30 seconds', 90 -> '1 minute 30 seconds'."""
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


# What the person does in each kind of move: a foam roller rolls back and forth; a ball is
# rolled and held on tender spots (the myofascial-release article). A move that works
# otherwise (the lacrosse release's knee lifts) says so in its own word.
KIND_WORDS = {"roll": "Roll", "ball": "Roll and pause"}


def work_word(item: PlanItem) -> str:
    """The word heading a work step (step["heading"]) while the move runs: what the person
    does."""
    if item.word:
        return item.word
    if is_reps(item):
        return "Reps"
    if item.kind in KIND_WORDS:
        return KIND_WORDS[item.kind]
    return "Rock" if item.style == "dynamic" else "Hold"


def position_changed(previous: PlanItem | None, item: PlanItem) -> bool:
    """Whether `item` starts in another position than the move before it (both known)."""
    return bool(
        previous and item.position and previous.position and item.position != previous.position
    )


def ready_seconds(previous: PlanItem | None, item: PlanItem, own: int) -> int:
    """The get-ready before `item`: longer for the first move and on a change of position."""
    if previous is None or position_changed(previous, item):
        return own + POSITION_CHANGE_EXTRA
    return own


def round_label(item: PlanItem, round_number: int) -> str:
    """The round's own instruction (figure-4's positions, the ball release's knee bends), or
    "" when the move has none."""
    if not item.labels:
        return ""
    return item.labels[min(round_number, len(item.labels)) - 1]


def _dose_words(item: PlanItem) -> str:
    if is_reps(item):
        return f"{item.dose.reps or 1} reps"
    return spoken_seconds(item.dose.hold_seconds or 30)


def _exercise(item: PlanItem, following: PlanItem | None) -> dict:
    return {
        "slug": item.slug,
        "name": item.name,
        "url": item.url,
        "dose": describe_dose(item.dose),
        "note": item.note,
        "repeat": item.dose.repeat_freely,
        "unit": "reps" if is_reps(item) else "seconds",
        "per_side": item.dose.per_side,
        "position": item.position_text,
        "cue": item.cue,
        "image": item.image,
        "next": f"{following.name}, {describe_dose(following.dose)}" if following else "",
    }


def _work_steps(index: int, item: PlanItem) -> list[dict]:
    """The rounds (with rests and a switch between sides) of one item."""
    steps: list[dict] = []
    sets = item.dose.sets or 1
    sides = SIDES if item.dose.per_side else ("",)
    word = work_word(item)
    for side_index, side in enumerate(sides):
        if side_index:
            steps.append(
                {
                    "kind": "switch",
                    "ex": index,
                    "seconds": SWITCH_SECONDS,
                    "heading": "Switch sides",
                    "side": side,
                    "say": f"Switch to the {side} side.",
                }
            )
        for round_number in range(1, sets + 1):
            opening = f"{side.capitalize()} side. " if side else ""
            step = {
                "ex": index,
                "heading": word,
                "side": side,
                "detail": f"Round {round_number} of {sets}" if sets > 1 else "",
            }
            if is_reps(item):
                count = item.dose.reps or 1
                step.update(
                    kind="reps",
                    reps=count,
                    seconds=count * SECONDS_PER_REP,
                    say=f"{opening}{item.name}, {count} reps. Tap for each one.",
                )
            else:
                seconds = item.dose.hold_seconds or 30
                label = round_label(item, round_number)
                step.update(
                    kind="work",
                    seconds=seconds,
                    label=label,
                    say=f"{opening}{item.name}, {spoken_seconds(seconds)}."
                    + (f" {label}." if label else ""),
                )
                if item.dose.repeat_freely:
                    step["repeat"] = True
            steps.append(step)
            if round_number < sets and item.dose.rest_seconds:
                steps.append(
                    {
                        "kind": "rest",
                        "ex": index,
                        "seconds": item.dose.rest_seconds,
                        "heading": "Rest",
                        "side": side,
                        "detail": f"Round {round_number + 1} of {sets} next",
                        "say": f"Rest, {spoken_seconds(item.dose.rest_seconds)}.",
                    }
                )
    return steps


def build_plan(items: list[PlanItem], get_ready: int = GET_READY_SECONDS) -> dict:
    """Exercises and steps for the player, with each step's start and the whole length.

    Times are seconds of dose, not wall time; a rep step counts SECONDS_PER_REP a rep
    towards the whole (it has no clock). `get_ready` is the person's own get-ready length.
    `moves_seconds` is the time of the moves and their rests alone: the routine pages'
    estimate (Dose.estimated_seconds), which leaves out the get-ready and the side switches.
    """
    exercises = []
    steps: list[dict] = []
    previous = None
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        exercises.append(_exercise(item, following))
        where = f" {item.position_text}." if item.position_text else ""
        moved = position_changed(previous, item)
        steps.append(
            {
                "kind": "ready",
                "ex": index,
                "seconds": ready_seconds(previous, item, get_ready),
                "heading": "Get ready",
                "side": "",
                "moved": moved,
                "say": f"Get ready: {item.name}, {_dose_words(item)}"
                f"{', each side' if item.dose.per_side else ''}.{where}",
            }
        )
        steps.extend(_work_steps(index, item))
        previous = item
    start = moves = 0
    for step in steps:
        step["start"] = start
        start += step["seconds"]
        if step["kind"] not in ("ready", "switch"):
            moves += step["seconds"]
    return {"exercises": exercises, "steps": steps, "total_seconds": start, "moves_seconds": moves}
