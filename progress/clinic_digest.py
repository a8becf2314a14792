"""The clinician's daily digest: one email a day listing the people with new flags.

When (our choice): from 08:00 in the clinician's own time zone, once a local day. The
scheduler (reminders' `send_due_reminders`, every minute) calls claim_due_digests, which
claims the day (a ClinicDigest row, unique per clinician and day) and queues send_digest
in one transaction, so a second or overlapping run queues nothing. A scheduler that was
down at 08:00 sends the day's digest when it comes back, not twice.

What is new: a flag whose key (progress.clinic.Flag.key) the clinician's last email did
not name (CareLink.flags_sent). Every run stores each link's current flags, so a flag that
went away and came back is new again; no new flag, no email.

What it says: each person's name and their new flags in the dashboard's words (the kind
and the day: "Pain before 7 or more on 3 Dec"), nothing more. Never the person's notes,
never their scores, check-in text or PSFS ratings: those stay behind the sign-in, where
every view is recorded. The email itself is recorded as a view of the people it names.
Each email carries a one-click unsubscribe (RFC 8058), like the reminders.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRecord, CareLink, User
from progress import clinic, clinic_queries
from progress.models import ClinicDigest

DIGEST_HOUR = 8  # our choice: the clinician's local hour the digest goes from
SALT = "progress.clinic.digest-off"


def off_token(clinician_id: int) -> str:
    """A signed token naming the clinician whose digest the link switches off. It doesn't
    expire: an unsubscribe link must keep working in an old email."""
    return signing.dumps(clinician_id, salt=SALT)


def clinician_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def off_url(clinician_id: int) -> str:
    return settings.SITE_URL + reverse("clinic:digest-off", args=[off_token(clinician_id)])


def claim_due_digests(now: dt.datetime) -> int:
    """Claim and queue the digest of every clinician (digest on, with a live link) whose
    local time is past DIGEST_HOUR and whose day isn't claimed yet; return how many."""
    clinicians = list(
        User.objects.filter(
            is_clinician=True, clinic_digest=True, patient_links__ended_at__isnull=True
        ).distinct()
    )
    days = {c.pk: now.astimezone(c.zone) for c in clinicians}
    due = [c for c in clinicians if days[c.pk].hour >= DIGEST_HOUR]
    if not due:
        return 0
    claimed = set(
        ClinicDigest.objects.filter(
            clinician__in=due, local_date__gte=min(days[c.pk].date() for c in due)
        ).values_list("clinician_id", "local_date")
    )
    queued = 0
    for clinician in due:
        day = days[clinician.pk].date()
        if (clinician.pk, day) in claimed:
            continue
        try:
            with transaction.atomic():
                claim = ClinicDigest.objects.create(clinician=clinician, local_date=day)
                send_digest.enqueue(claim.pk)
        except IntegrityError:
            continue  # claimed meanwhile by a concurrent run
        queued += 1
    return queued


def flags_to_send(clinician, now: dt.datetime) -> list[tuple[CareLink, list[clinic.Flag]]]:
    """The people with flags the last email didn't name, and those flags; every link's
    flags_sent moves to its current flags (the dashboard's queries, and one update)."""
    links = list(clinic_queries.live_links(clinician))
    found, changed = [], []
    for row in clinic_queries.people(links, now):
        link = row.link
        if new := clinic.new_flags(row.flags, link.flags_sent):
            found.append((link, new))
        keys = clinic.keys_text(row.flags)
        if keys != link.flags_sent:
            link.flags_sent = keys
            changed.append(link)
    CareLink.objects.bulk_update(changed, ["flags_sent"])
    return found


def digest_email(clinician, found: list) -> EmailMultiAlternatives:
    unsubscribe = off_url(clinician.pk)
    context = {
        "clinician": clinician,
        "people": [
            (
                str(link.person),
                settings.SITE_URL + reverse("clinic:person", args=[link.person_id]),
                flags,
            )
            for link, flags in found
        ],
        "dashboard_url": settings.SITE_URL + reverse("clinic:dashboard"),
        "unsubscribe_url": unsubscribe,
        "our_rule": clinic.OUR_RULE,
    }
    subject = render_to_string("progress/clinic/email/digest_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("progress/clinic/email/digest.txt", context),
        to=[clinician.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("progress/clinic/email/digest.html", context), "text/html"
    )
    return message


@task
def send_digest(claim_id: int) -> str:
    """Send one claimed digest, at most once even if the task itself runs twice."""
    now = timezone.now()
    taken = ClinicDigest.objects.filter(pk=claim_id, sent_at__isnull=True).update(sent_at=now)
    if not taken:
        return "already handled"
    clinician = ClinicDigest.objects.select_related("clinician").get(pk=claim_id).clinician
    if not (clinician.is_clinician and clinician.clinic_digest):
        return "off"
    # One transaction: an email that fails to go leaves flags_sent as it was, so the
    # flags stay new for the next day's digest.
    with transaction.atomic():
        found = flags_to_send(clinician, now)
        if not found:
            return "nothing new"
        digest_email(clinician, found).send()
        AccessRecord.note(clinician, [link for link, _ in found], "daily email: new flags")
    ClinicDigest.objects.filter(pk=claim_id).update(people=len(found))
    return "sent"
