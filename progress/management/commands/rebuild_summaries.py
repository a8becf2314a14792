"""Sum every person's weekly summaries again from their raw sessions (progress.summaries).

For repair: the summaries are written with every session, so this is needed only if rows
were changed behind the app's back (SQL by hand, a restore of one table).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from progress import summaries


class Command(BaseCommand):
    help = "Sum the weekly summaries again from the raw sessions (everyone, or --email)."

    def add_arguments(self, parser):
        parser.add_argument("--email", help="Only this person.")

    def handle(self, *args, email=None, **options):
        people = get_user_model().objects.order_by("pk")
        if email:
            people = people.filter(email__iexact=email)
        count = 0
        for person in people.iterator(chunk_size=500):
            summaries.rebuild(person)
            count += 1
        self.stdout.write(f"Summed the weeks of {count} {'person' if count == 1 else 'people'}.")
