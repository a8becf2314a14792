"""The guided player's session plan: a routine's items unrolled into timed steps.

Plain Python (no ORM import). The page embeds the plan as JSON (json_script) and
static/js/player.js plays it. Each side is done for all its rounds before switching,
as the stretch article asks ("hold, rest, repeat… then the other side").
"""

from dataclasses import dataclass

from exercises.dose import Dose, describe_dose

GET_READY_SECONDS = 5
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
    labels: tuple[str, ...] = ()
    """What to show while the timer runs, per round (Exercise.round_labels); last one repeats."""
    note: str = ""
    """The dose note, shown wherever the dose shows."""


def _is_reps(item: PlanItem) -> bool:
    return item.style == "reps" or (not item.dose.hold_seconds and bool(item.dose.reps))


def side_text(side: str | None) -> str:
    return f"{side} side" if side else ""


def _work_label(item: PlanItem, round_number: int = 1) -> str:
    if item.labels:
        return item.labels[min(round_number, len(item.labels)) - 1]
    if item.kind in ("roll", "ball"):
        return "Roll slowly"
    return "Rock gently" if item.style == "dynamic" else "Hold"


def build_plan(items: list[PlanItem]) -> dict:
    """Exercises and steps for the player. Times are in seconds of dose, not wall time."""
    exercises = []
    steps: list[dict] = []
    for index, item in enumerate(items):
        reps = _is_reps(item)
        exercises.append(
            {
                "slug": item.slug,
                "name": item.name,
                "url": item.url,
                "dose": describe_dose(item.dose),
                "note": item.note,
                "unit": "reps" if reps else "seconds",
                "repeat": item.dose.repeat_freely,
            }
        )
        first = "Get ready" if index == 0 else "Next up"
        steps.append(
            {
                "kind": "ready",
                "ex": index,
                "seconds": GET_READY_SECONDS,
                "title": item.name,
                "say": f"{first}: {item.name}, {describe_dose(item.dose).replace(' · ', ', ')}.",
            }
        )
        sets = item.dose.sets or 1
        sides = SIDES if item.dose.per_side else (None,)
        for side_index, side in enumerate(sides):
            if side_index:
                steps.append(
                    {
                        "kind": "switch",
                        "ex": index,
                        "seconds": SWITCH_SECONDS,
                        "title": item.name,
                        "say": f"Switch to the {side} side.",
                    }
                )
            for round_number in range(1, sets + 1):
                parts = [f"Round {round_number} of {sets}" if sets > 1 else "", side_text(side)]
                detail = " · ".join(p for p in parts if p)
                spoken = ", ".join(p for p in parts if p) or item.name
                spoken = spoken[0].upper() + spoken[1:]
                step = {"ex": index, "title": item.name, "detail": detail.capitalize()}
                if reps:
                    count = item.dose.reps or 1
                    step.update(
                        kind="reps",
                        reps=count,
                        say=f"{spoken}: {count} reps. Tap the counter for each one.",
                    )
                else:
                    label = _work_label(item, round_number)
                    step.update(kind="work", seconds=item.dose.hold_seconds or 30, label=label)
                    if item.labels:
                        step["say"] = f"{spoken}. {label}."
                    else:
                        step["say"] = f"{spoken}: {label.lower()}."
                    if item.dose.repeat_freely:
                        step["repeat"] = True
                steps.append(step)
                if round_number < sets and item.dose.rest_seconds:
                    steps.append(
                        {
                            "kind": "rest",
                            "ex": index,
                            "seconds": item.dose.rest_seconds,
                            "title": item.name,
                            "say": "Rest.",
                        }
                    )
    return {"exercises": exercises, "steps": steps}
