"""The layers hold: an app imports only the apps below it.

The order, lowest first: config ← accounts ← exercises ← routines ← progress ← reminders.
Every import counts, at module level or inside a function (ast.walk sees both), in every
file of an app, migrations included. An app whose folder doesn't exist yet has nothing of
its own to check, but the apps below it are still kept from importing it.

The exceptions are listed once, here, each with its reason, and each must still occur: one
that no longer does fails the test, so the list cannot rot.
"""

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ("config", "accounts", "exercises", "routines", "progress", "reminders")

# The URL root includes every app's URLs, so it sits above them all whatever its folder:
# the one structural exception, left out of the scan by name.
URL_ROOT = "config/urls.py"

KNOWN_EXCEPTIONS = {
    ("routines/views.py", "progress"): (
        "The routine pages (Today, a routine's page, its guided session, pause, resume, "
        "move on, stop) show progression, which is computed from the person's log, and Today "
        "asks about the person's outcomes (PSFS, the weekly check-in): they read both "
        "through progress/activity.py alone."
    ),
}


def _imported(path: Path) -> set[str]:
    """The top-level package of every absolute import in one file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def upward_imports(app: str) -> set[tuple[str, str]]:
    """(file, app above it) for every import in `app` of an app above it in ORDER."""
    above = set(ORDER[ORDER.index(app) + 1 :])
    found = set()
    for path in sorted((ROOT / app).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name != URL_ROOT:
            found.update((name, imported) for imported in _imported(path) & above)
    return found


@pytest.mark.parametrize(("lower", "higher"), list(itertools.combinations(ORDER, 2)))
def test_a_lower_app_never_imports_a_higher_one(lower, higher):
    if not (ROOT / lower).is_dir():
        pytest.skip(f"no {lower}/ on this branch yet")
    offending = sorted(
        name
        for name, imported in upward_imports(lower)
        if imported == higher and (name, imported) not in KNOWN_EXCEPTIONS
    )
    assert offending == [], f"{lower} imports {higher}"


def test_every_known_exception_still_occurs():
    found = set().union(*(upward_imports(app) for app in ORDER if (ROOT / app).is_dir()))
    assert sorted(set(KNOWN_EXCEPTIONS) - found) == []


def test_every_app_has_its_place_in_the_order():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(ORDER)
