"""The copy check: no run of 12 or more words of Limber's content is taken from the seed
articles. The repo keeps no copy of the articles, only a digest of each 12-word run of them
(tests/data/seed_runs.txt); `python -m tests.copycheck SEED_FILE...` writes it anew."""

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RUN = 12
DIGESTS = Path(__file__).parent / "data" / "seed_runs.txt"


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and markup dropped, curly apostrophes straightened."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def run_digests(text: str) -> set[str]:
    ws = words(text)
    return {
        hashlib.sha256(" ".join(ws[i : i + RUN]).encode()).hexdigest()[:16]
        for i in range(len(ws) - RUN + 1)
    }


def copied_runs(texts: Iterable[str], digests: set[str]) -> list[str]:
    """The 12-word runs of `texts` whose digest is among `digests`."""
    found = []
    for text in texts:
        ws = words(text)
        for i in range(len(ws) - RUN + 1):
            run = " ".join(ws[i : i + RUN])
            if hashlib.sha256(run.encode()).hexdigest()[:16] in digests:
                found.append(run)
    return found


def seed_digests() -> set[str]:
    return set(DIGESTS.read_text().split())


if __name__ == "__main__":
    digests: set[str] = set()
    for name in sys.argv[1:]:
        digests |= run_digests(Path(name).read_text())
    DIGESTS.write_text("".join(f"{d}\n" for d in sorted(digests)))
