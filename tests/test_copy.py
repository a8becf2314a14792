"""Content is in our own words: no run of 12 words of what Limber shows (the library, the
routines, every template) is taken from the seed articles (tests/copycheck.py)."""

import re
from pathlib import Path

from exercises import library_data
from routines import routine_data
from tests.copycheck import copied_runs, run_digests, seed_digests

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def _content() -> list[str]:
    texts = []
    for module in (library_data, routine_data):
        for name in dir(module):
            if not name.startswith("_"):
                texts.extend(_strings(getattr(module, name)))
    for path in TEMPLATES.rglob("*"):
        if path.suffix in {".html", ".txt"}:
            texts.append(re.sub(r"{[%{#].*?[%}#]}|<[^>]+>", " ", path.read_text()))
    return texts


def test_no_run_of_twelve_words_is_taken_from_the_articles():
    digests = seed_digests()
    assert len(digests) > 3000  # the five articles' runs, not an empty file
    assert copied_runs(_content(), digests) == []


def test_the_check_finds_a_copied_run_among_our_words():
    article = "Roll slowly along the muscle for thirty seconds and stop on any tender spot."
    ours = "Our words first. " + article.upper() + " More of ours."
    assert copied_runs([ours], run_digests(article))
    assert not copied_runs(["Roll slowly along the muscle, then rest."], run_digests(article))
