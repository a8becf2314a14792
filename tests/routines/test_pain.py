"""Limber's pain rules (progress/pain.py): one session's change, the caution before a
session, and the table the guided session looks verdicts up in. Plain Python, no database."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from routines.pain import (
    BeforeRule,
    PainTally,
    before_caution,
    player_table,
    session_change,
    tally,
    usual,
)

ROOT = Path(__file__).resolve().parents[2]
TABLE = [
    # before, after, verdict, line
    (3, 2, "steady", ""),
    (2, 8, "rose", "Your pain was 6 points higher after this session than before."),
    (7, 5, "eased", "Your pain was 2 points lower after."),
    (10, 7, "high", "Your pain was high after this session."),
    (None, None, "", ""),
    (4, 6, "rose", "Your pain was 2 points higher after this session than before."),
    (6, 6, "steady", ""),
    (None, 8, "high", "Your pain was high after this session."),
    (5, None, "", ""),
    (9, 6, "eased", "Your pain was 3 points lower after."),
]


@pytest.mark.parametrize(("before", "after", "verdict", "line"), TABLE)
def test_one_rule_for_a_session_s_pain(before, after, verdict, line):
    change = session_change(before, after)
    assert (change.verdict, change.line) == (verdict, line)
    assert change.caution is (verdict in {"rose", "high"})


def test_the_player_and_the_server_agree_on_the_table(tmp_path):
    """The player's own module (static/js/player/pain.js), run with node over the table the
    session page renders, gives the server's verdict and words for every pair."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    shutil.copy(ROOT / "static/js/player/pain.js", tmp_path / "pain.mjs")
    pairs = [[b, a] for b, a, *_ in TABLE]
    script = tmp_path / "run.mjs"
    script.write_text(
        'import { painVerdict } from "./pain.mjs";\n'
        f"const table = {json.dumps(player_table())};\n"
        f"const pairs = {json.dumps(pairs)};\n"
        "console.log(JSON.stringify(pairs.map(([b, a]) => painVerdict(table, b, a))));\n"
    )
    out = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    player = json.loads(out.stdout)
    server = [
        {"verdict": c.verdict, "caution": c.caution, "line": c.line}
        for c in (session_change(b, a) for b, a, *_ in TABLE)
    ]
    assert player == server


def test_the_table_covers_every_pair_of_scores():
    table = player_table()
    assert len(table["rows"]) == 12 and {len(row) for row in table["rows"]} == {12}
    assert table["codes"][table["rows"][2][8]] == "rose"


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        ([4, 5, 3], 4),
        ([4, 5], None),  # too few to speak of a usual
        ([2, 2, 3, 3], 2.5),
        ([1] * 10 + [9] * 5, 1),  # only the latest ten count
    ],
)
def test_the_usual_is_the_median_of_the_last_ten_scores_before(latest, expected):
    assert usual(latest) == expected


@pytest.mark.parametrize(
    ("before", "usual_score", "caution"),
    [
        (7, None, True),
        (6, None, False),
        (6, 3, True),  # three above the usual
        (5, 3, False),
        (5, 2.5, False),
        (6, 2.5, True),
        (None, 2, False),
        (10, 9, True),
    ],
)
def test_a_caution_before_for_seven_or_three_above_the_usual(before, usual_score, caution):
    assert before_caution(before, usual_score) is caution


def test_the_before_rule_flags_each_score_for_the_pages():
    assert BeforeRule(None).flags == "00000001111"
    assert BeforeRule(2).flags == "00000111111"
    assert (BeforeRule(2).from_score, BeforeRule(2.5).usual_text, BeforeRule(None).usual_text) == (
        5,
        "2.5",
        "",
    )


def test_a_period_s_sessions_are_tallied_by_the_same_rule():
    rows = [
        (3, 2, True),
        (2, 8, False),
        (7, 5, True),
        (10, 7, False),
        (None, 9, True),
        (4, None, 0),
    ]
    assert tally(rows) == PainTally(4, 1, 2, 3)
