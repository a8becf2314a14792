import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from accounts.care_queries import forget_old_access_records
from progress.clinic_digest import claim_due_digests
from reminders.tasks import claim_due_reminders

# Once an hour, in the run at this minute past it.
SESSIONS_CLEARED_AT_MINUTE = 0


class Command(BaseCommand):
    help = (
        "Queue an email for every reminder due now and each clinician's daily digest once "
        "it is due (run it every minute: cron, a systemd timer, or --every 60), and on the "
        "hour delete expired sessions (clearsessions) and access records past their time. "
        "Safe to run twice or on several machines at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, checking every SECONDS (for `make run`); default: once.",
        )

    def handle(self, *, every: int, verbosity: int, **options) -> None:
        while True:
            now = timezone.now()
            queued = claim_due_reminders(now)
            if verbosity > 1 or (queued and verbosity):
                self.stdout.write(f"Queued {queued} reminder email(s).")
            digests = claim_due_digests(now)
            if verbosity > 1 or (digests and verbosity):
                self.stdout.write(f"Queued {digests} clinician digest(s).")
            if now.minute == SESSIONS_CLEARED_AT_MINUTE:
                # Nothing else deletes expired sessions; a batch at a time (accounts.sessions).
                call_command("clearsessions")
                # Nor access records past their time (accounts.care), digests on or off.
                forget_old_access_records(now)
            if every <= 0:
                return
            try:
                # Wake at the start of the next period (a minute: at hh:mm:00), so a
                # reminder set for 07:30 goes at 07:30, not up to a minute later.
                time.sleep(every - time.time() % every)
            except KeyboardInterrupt:
                return
            close_old_connections()  # as a request would: drop a broken or expired one
