"""Lighthouse on every page, on the production stack: `make audit`.

    .venv/bin/python bench/audit.py [--only SUBSTRING ...]

Steps: migrate a throwaway SQLite file and collectstatic into a temporary folder, seed a
person a few weeks into two routines with logged sessions, start gunicorn on 127.0.0.1 with
DJANGO_DEBUG=false, then run Lighthouse (npm `lighthouse`, mobile, Debian's Chromium) on
each page, signed-out pages without a cookie and signed-in pages with the person's session
cookie (--extra-headers). Error pages are left out: Lighthouse refuses a 4xx document. A shared
report is sent noindex on purpose, so its SEO score is printed but not held to the minimum.
Prints each page's four scores and the worst, and exits 1 when any score is under 0.95.
The full reports are kept in bench/results/audit/.

Needs `npm ci` (node_modules/) and /usr/bin/chromium. Not part of the test suite: it takes a
few minutes, one Chromium at a time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # bench/run.py: the environment, gunicorn and helpers

ROOT = run.ROOT
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RESULTS = ROOT / "bench" / "results" / "audit"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MINIMUM = 0.95
# Pages kept out of search engines on purpose (X-Robots-Tag: noindex): Lighthouse's SEO score
# marks them down for exactly that, so their SEO score is printed but not held to MINIMUM.
NOT_INDEXED = {"shared report"}

SEED = """
import datetime as dt, uuid
from django.utils import timezone
from accounts.models import User
from exercises.models import Exercise
from progress import share
from progress.models import ExerciseLog, SessionLog, ShareLink
from reminders.calendar import new_token
from reminders.links import unsubscribe_token
from reminders.models import ReminderSchedule
from routines import services
from routines.models import Enrolment, Routine

person = User.objects.create_user("audit@example.com", "a-long-Passphrase-42",
                                  time_zone="Europe/London", display_name="Sam")
today = timezone.localdate()
started = today - dt.timedelta(days=20)
enrolments = []
for slug in ["foam-roller-legs-hips", "nightly-release"]:
    routine = Routine.objects.get(slug=slug)
    enrolments.append(Enrolment.objects.create(
        user=person, routine=routine, phase=routine.phases.order_by("order").first(),
        started_on=started, phase_started_on=started))
enrolments[1].pause(today)
calves = Exercise.objects.get(slug="roll-calves")
session = None
for days_ago, before, after in [(0, 5, 3), (1, 6, 7), (3, 4, 2), (9, 5, 4)]:
    start = timezone.now() - dt.timedelta(days=days_ago, hours=1)
    session = SessionLog.objects.create(
        user=person, enrolment=enrolments[0], routine=enrolments[0].routine,
        phase=enrolments[0].phase, started_at=start,
        ended_at=start + dt.timedelta(minutes=9), local_date=start.date(),
        pain_before=before, pain_after=after, notes="Left calf tight.",
        idempotency_key=uuid.uuid4(), total_seconds=540)
    ExerciseLog.objects.create(session=session, exercise=calves, order=0, sets_done=3,
                               seconds_done=90)
key = session_key(person)
ReminderSchedule.objects.create(enrolment=enrolments[0], enabled=True, weekdays=0b0010101)
new_token(person)
own = services.create_routine(person, "Calf care", (3, 4))
items = [services.add_move(own.phases.get(), Exercise.objects.get(slug=slug))
         for slug in ["lacrosse-ball-hamstring-release", "roll-calves"]]
token = share.new_token()
ShareLink.objects.create(
    user=person, name="Physio", token_digest=share.digest(token), first_day=started,
    last_day=today, include_notes=True, lifetime_days=30,
    expires_at=timezone.now() + dt.timedelta(days=30))
print(key, enrolments[0].pk, session.pk, own.slug, items[1].pk, token,
      unsubscribe_token(enrolments[0].pk))
"""


def _pages(seeded: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(label, path, signed in) for every kind of page."""
    enrolment, session, own = seeded["enrolment"], seeded["session"], seeded["own"]
    return [
        ("home", "/", False),
        ("exercise library", "/exercises/", False),
        ("exercise", "/exercises/roll-hamstrings-glutes/", False),
        ("routines", "/routines/", False),
        ("routine", "/routines/foam-roller-legs-hips/", False),
        ("sign up", "/accounts/signup/", False),
        ("log in", "/accounts/login/", False),
        ("password reset", "/accounts/password_reset/", False),
        ("password reset sent", "/accounts/password_reset/done/", False),
        ("reset link broken", "/accounts/reset/MQ/set-password/", False),
        ("shared report", f"/share/{seeded['share']}/", False),
        ("stop reminders", f"/reminders/unsubscribe/{seeded['unsubscribe']}/", False),
        ("today", "/today/", True),
        ("routines (signed in)", "/routines/", True),
        ("routine (followed)", "/routines/foam-roller-legs-hips/", True),
        ("routine (paused)", "/routines/nightly-release/", True),
        ("stop a routine", f"/routines/enrolments/{enrolment}/stop/", True),
        ("guided session", f"/today/{enrolment}/session/", True),
        (
            "guided session (flare day)",
            f"/today/{enrolment}/session/?short={enrolment}&move=0",
            True,
        ),
        ("new routine", "/routines/new/", True),
        ("own routine", f"/routines/{own}/", True),
        ("edit own routine", f"/routines/{own}/edit/", True),
        ("move dose", f"/routines/{own}/moves/{seeded['item']}/", True),
        ("add to my routine", "/routines/add/roll-calves/", True),
        ("delete own routine", f"/routines/{own}/delete/", True),
        ("reminder", f"/reminders/{enrolment}/", True),
        ("history", "/history/", True),
        ("history (one routine's trend)", f"/history/?routine={enrolment}&span=all", True),
        ("progress report", "/history/report/?notes=on", True),
        ("log a session", f"/sessions/new/?enrolment={enrolment}", True),
        ("session", f"/sessions/{session}/", True),
        ("edit a session", f"/sessions/{session}/edit/", True),
        ("delete a session", f"/sessions/{session}/delete/", True),
        ("profile", "/accounts/profile/", True),
        ("time zone", "/accounts/time-zone/", True),
        ("change password", "/accounts/password_change/", True),
        ("export", "/accounts/export/", True),
        ("delete account", "/accounts/delete/", True),
    ]


def _lighthouse(url: str, cookie: str | None, report: Path) -> dict[str, float]:
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    subprocess.run(command, cwd=ROOT, check=True, timeout=300)
    result = json.loads(report.read_text())
    if result.get("finalDisplayedUrl", url) != url:
        # e.g. a signed-in page that sent Lighthouse to the login page: its scores are the
        # login page's, not this page's.
        sys.exit(f"{url} was redirected to {result['finalDisplayedUrl']}: not audited.")
    categories = result["categories"]
    return {name: categories[name]["score"] or 0.0 for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="pages whose label contains…")
    options = parser.parse_args()
    for needed in (LIGHTHOUSE, Path(CHROMIUM)):
        if not needed.exists():
            sys.exit(f"{needed} is missing: run `npm ci` and install Debian's chromium.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = run.free_port()
    with tempfile.TemporaryDirectory(prefix="limber-audit-") as folder:
        bench = run.Bench(port=port, env=run.bench_env(port, 2, Path(folder)))
        run.prepare(bench)
        names = ["session_key", "enrolment", "session", "own", "item", "share", "unsubscribe"]
        printed = bench.shell(SEED).split()[-len(names) :]
        seeded = dict(zip(names, printed, strict=True))
        server = run.start_gunicorn(bench)
        try:
            run.wait_for_health(bench, server)
            rows = []
            for label, path, signed_in in _pages(seeded):
                if options.only and not any(part in label for part in options.only):
                    continue
                name = "".join(c if c.isalnum() else "-" for c in label).strip("-")
                cookie = f"sessionid={seeded['session_key']}" if signed_in else None
                scores = _lighthouse(bench.base_url + path, cookie, RESULTS / f"{name}.json")
                rows.append((label, path, scores))
                print(f"  {label}: " + " ".join(f"{s:.2f}" for s in scores.values()), flush=True)
        finally:
            run.stop(server)
    return _report(rows)


def _report(rows: list[tuple[str, str, dict[str, float]]]) -> int:
    width = max(len(f"{label} {path}") for label, path, _ in rows)
    print()
    print(f"{'page':<{width}}  perf  a11y  best   seo")
    for label, path, scores in rows:
        print(f"{f'{label} {path}':<{width}}  " + "  ".join(f"{s:.2f}" for s in scores.values()))
    worst = min(
        (score, label, name)
        for label, _, s in rows
        for name, score in s.items()
        if not (name == "seo" and label in NOT_INDEXED)
    )
    print(f"\nworst: {worst[0]:.2f} ({worst[2]} on {worst[1]}); minimum {MINIMUM:.2f}")
    return 0 if worst[0] >= MINIMUM else 1


if __name__ == "__main__":
    sys.exit(main())
