"""Lower layers never import higher ones: the library knows nothing of routines or progress."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "accounts": {"exercises", "routines", "progress", "reminders"},
    "exercises": {"routines", "progress", "reminders"},
    "routines": {"reminders"},
    "progress": {"reminders"},
}


def imported_apps(app: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found.update(
                    (str(path.relative_to(ROOT)), a.name.split(".")[0]) for a in node.names
                )
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_higher_ones(app):
    offending = sorted((path, name) for path, name in imported_apps(app) if name in FORBIDDEN[app])
    assert offending == []
