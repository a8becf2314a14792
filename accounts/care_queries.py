"""The clinic's writes that span rows: forgetting old access records (the clinicians'
daily task calls it) and ending a clinician's connections when they stop being one."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import AccessRecord, CareLink, Invite, User, bump_data_versions


def forget_old_access_records(now: dt.datetime | None = None) -> int:
    """Delete access records older than ACCESS_KEPT_DAYS (accounts.care); how many went."""
    deleted, _ = AccessRecord.objects.kept_too_long(now or timezone.now()).delete()
    return deleted


def lock_clinician(clinician_id: int) -> bool:
    """Lock the clinician's row until the transaction ends; whether they are still one.

    Making an invite, accepting one and turning the role off all take this lock first, so
    none of them runs across another: without it, an invite accepted while the role goes
    off could connect a person to someone no longer a clinician (a link that would come
    back to life with the role), and an invite made meanwhile could outlive the role."""
    rows = User.objects.select_for_update().filter(pk=clinician_id, is_clinician=True)
    return bool(list(rows.values_list("pk", flat=True)))


def stop_being_a_clinician(clinician: User) -> tuple[int, int]:
    """Turn the role off: every live connection ends and every open invite is revoked, at
    once. The people keep all their own data. Returns (connections ended, invites revoked)."""
    with transaction.atomic():
        lock_clinician(clinician.pk)
        now = timezone.now()
        live = CareLink.objects.active().filter(clinician=clinician)
        people = list(live.values_list("person_id", flat=True))
        ended = live.update(ended_at=now)
        # Their cached pages say whose the routines this clinician assigned are to change.
        bump_data_versions(people)
        revoked = Invite.objects.made_by(clinician).open(now).update(revoked_at=now)
        clinician.is_clinician = False
        clinician.save(update_fields=["is_clinician"])
    return ended, revoked
