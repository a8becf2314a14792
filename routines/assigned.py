"""A routine a clinician assigned: what changed since its owner last looked.

Routine.assigned_seen keeps the plan as the person last saw it (snapshot()), and the
routine's page and Today compare it with the current plan (changes()). Plain Python over
plain values (no ORM import), tested without a database.

When the snapshot is empty there is nothing to compare: the person hasn't seen the routine
yet, so its first view shows it as it is, not every move as "added" (our choice), and
stores the snapshot then.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NOTE_MAX = 500


@dataclass(frozen=True)
class Move:
    slug: str
    name: str
    dose: str
    """The dose in words (exercises.dose.describe_dose)."""


def snapshot(note: str, weekly: str, moves: Iterable[Move]) -> dict:
    """The plan as stored in Routine.assigned_seen (JSON)."""
    return {
        "note": note,
        "weekly": weekly,
        "moves": [[move.slug, move.name, move.dose] for move in moves],
    }


def _moves(seen: Mapping) -> list[Move]:
    moves = []
    for row in seen.get("moves") or []:
        if isinstance(row, list | tuple) and len(row) == 3:
            moves.append(Move(*(str(value) for value in row)))
    return moves


def _keyed(moves: list[Move]) -> dict[tuple[str, int], Move]:
    """Each move by (slug, how many times the slug came before): a move listed twice is
    two moves."""
    counts: Counter = Counter()
    keyed = {}
    for move in moves:
        keyed[move.slug, counts[move.slug]] = move
        counts[move.slug] += 1
    return keyed


def _names(moves: list[Move]) -> str:
    names = [move.name for move in moves]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def changes(seen, current: Mapping) -> list[str]:
    """What changed from `seen` (a stored snapshot, or anything else when there is none)
    to `current` (a snapshot), in plain sentences; empty when nothing did."""
    if not isinstance(seen, Mapping) or not seen:
        return []
    before, after = _keyed(_moves(seen)), _keyed(_moves(current))
    lines = []
    if added := [move for key, move in after.items() if key not in before]:
        lines.append(f"Added {_names(added)}.")
    if removed := [move for key, move in before.items() if key not in after]:
        lines.append(f"Removed {_names(removed)}.")
    for key, move in after.items():
        if key in before and before[key].dose != move.dose:
            lines.append(f"The dose of {move.name} is now {move.dose}.")
    kept_before = [key for key in before if key in after]
    kept_after = [key for key in after if key in before]
    if kept_before != kept_after:
        lines.append("The moves are in a new order.")
    if seen.get("weekly") != current.get("weekly"):
        lines.append(f"How often: now {current.get('weekly', '')}.")
    if seen.get("note") != current.get("note"):
        lines.append("The note changed.")
    return lines
