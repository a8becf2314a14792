"""Bench hook: a person with ten years of daily logs, and their /today/ and /history/.

Seeds 3,650 sessions (one a day, the newest today) with eight exercise rows each (29,200
ExerciseLogs) in bulk, enrols the person in a routine, makes a session cookie for them and
returns their pages as targets. The pages must cost the same as for a new person; the
report's ratio to /healthz shows whether they do.
"""

import sys

SEED = r"""
import datetime as dt, uuid
from django.utils import timezone
from accounts.models import User
from exercises.models import Exercise
from progress import summaries
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment, Routine

user = User.objects.create_user(
    "heavy@example.com", "bench-Passphrase-42", time_zone="Europe/London"
)
routine = Routine.objects.order_by("order").first()
phase = routine.phases.order_by("order").first()
today = timezone.now().astimezone(user.zone).date()
start_day = today - dt.timedelta(days=3649)
enrolment = Enrolment.objects.create(
    user=user, routine=routine, phase=phase, started_on=start_day, phase_started_on=start_day
)
exercises = list(Exercise.objects.order_by("order", "pk")[:8])
sessions = []
for back in range(3650):
    day = today - dt.timedelta(days=back)
    started = dt.datetime.combine(day, dt.time(7, 0), tzinfo=user.zone)
    sessions.append(SessionLog(
        user=user, enrolment=enrolment, routine=routine, phase=phase,
        started_at=started, ended_at=started + dt.timedelta(minutes=12), local_date=day,
        pain_before=back % 8, pain_after=max(0, back % 8 - 2), idempotency_key=uuid.uuid4(),
        total_seconds=90 * len(exercises),
    ))
SessionLog.objects.bulk_create(sessions, batch_size=1000)
ExerciseLog.objects.bulk_create(
    (ExerciseLog(session=s, order=i, exercise=e, seconds_done=90)
     for s in sessions for i, e in enumerate(exercises)),
    batch_size=2000,
)
summaries.rebuild(user)  # bulk writes skip progress.services, which sums each week
print(session_key(user), SessionLog.objects.filter(user=user).count(),
      ExerciseLog.objects.filter(session__user=user).count())
"""


def setup(bench):
    # The Target class of whichever module is running the bench (run.py is usually __main__).
    Target = sys.modules[type(bench).__module__].Target

    key, sessions, rows = bench.shell(SEED).split()
    print(f"heavy user: {sessions} sessions, {rows} exercise logs")
    cookie = f"sessionid={key}"
    return [
        Target("heavy user /today/", "/today/", cookie),
        Target("heavy user /history/", "/history/", cookie),
    ]
