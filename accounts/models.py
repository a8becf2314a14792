import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from accounts import care


@functools.cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, sorted, as (value, label) pairs for a select."""
    names = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


@functools.cache
def timezone_groups() -> list:
    """The same zones grouped by region for a select's <optgroup>s: UTC first, then
    ("Africa", [("Africa/Abidjan", "Abidjan"), ...]), ... with places as people read them
    ("Argentina / Buenos Aires")."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for value, label in timezone_choices()[1:]:
        region, place = label.split("/", 1)
        groups.setdefault(region, []).append((value, place.replace("/", " / ")))
    return [("UTC", "UTC"), *groups.items()]


def normalise_email(email: str) -> str:
    """How every email address is stored: trimmed and lower-cased."""
    return email.strip().lower()


def same_email(email: str) -> Exact:
    """A filter matching an email address whatever its case.

    The database lower-cases both sides, as the unique index on LOWER(email) does, so the
    lookup agrees with that index (and uses it on PostgreSQL) even for non-ASCII addresses.
    """
    return Exact(Lower("email"), Lower(Value(email.strip(), output_field=CharField())))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str):
        # Sign-in (ModelBackend) looks people up here: Casey@example.com is casey@example.com.
        return self.get(same_email(username))

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(self.normalize_email(email)), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A Limber account: signs in with an email address; days and weeks are its own."""

    class WeekStart(models.IntegerChoices):
        MONDAY = 0, "Monday"
        SUNDAY = 6, "Sunday"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    week_start = models.PositiveSmallIntegerField(
        choices=WeekStart.choices, default=WeekStart.MONDAY
    )
    get_ready_seconds = models.PositiveSmallIntegerField(
        "get-ready time (seconds)",
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(30)],
        help_text="How long the guided session gives you before each move (3–30 s). "
        "It allows 7 s more when the next move starts in another position.",
    )
    is_clinician = models.BooleanField(
        "I'm a physiotherapist or clinician",
        default=False,
        help_text="Lets you invite people, assign them routines and follow their progress "
        "once they accept. Limber doesn't check professional registration.",
    )
    profession = models.CharField(
        max_length=60,
        blank=True,
        help_text="Shown to the people you invite, e.g. “Physiotherapist”.",
    )
    clinic_digest = models.BooleanField(
        "daily email when someone needs a call",
        default=True,
        help_text="For clinicians: one email a day, only when there are new flags.",
    )
    data_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Moves on with every change to the person's logs or routines "
        "(bump_data_version), so their cached pages are rebuilt.",
    )

    class Meta(AbstractUser.Meta):
        constraints = [
            # Two accounts may not differ only in case, whoever writes the row.
            models.UniqueConstraint(Lower("email"), name="unique_user_email_any_case"),
        ]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email or "")

    def save(self, **kwargs) -> None:
        self.email = normalise_email(self.email or "")
        # data_version only ever moves on through an UPDATE of its own
        # (accounts.models.bump_data_version). A full save writing back the value this
        # instance was loaded with could move it back to a version whose cached pages
        # are stale, so an update leaves it out.
        full = kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if full and not self._state.adding:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "data_version"
            ]
        super().save(**kwargs)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def today(self) -> dt.date:
        """Today in the person's own time zone: the day their weeks, targets and logs use."""
        return self.local_date(timezone.now())

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The person's calendar day at an aware moment (a naive one is refused: it names
        no instant)."""
        return timezone.localdate(moment, self.zone)


def bump_data_version(user_id: int) -> None:
    """Move the person's data_version on, so their cached pages (config.cache) are rebuilt;
    a no-op for a deleted person. Every app calls it for its own per-person rows (from
    signals, and directly after bulk writes, which send none)."""
    User.objects.filter(pk=user_id).update(data_version=F("data_version") + 1)
    forget_cached_user(user_id)


def bump_data_versions(user_ids: Iterable[int]) -> None:
    """bump_data_version for several people in one UPDATE (a clinician's connections, all
    ending at once)."""
    ids = sorted(set(user_ids))
    if ids:
        User.objects.filter(pk__in=ids).update(data_version=F("data_version") + 1)
    for user_id in ids:
        forget_cached_user(user_id)


def user_cache_key(user_id) -> str:
    """Where accounts.backends keeps a signed-in person's row in a shared cache."""
    return f"auth-user:{user_id}"


def forget_cached_user(user_id: int) -> None:
    """Drop the person's cached row (accounts.backends) now and again once the transaction
    commits, so a request that read the old row meanwhile can't keep it cached."""
    key = user_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


class Session(AbstractBaseSession):
    """A browser's session, with the signed-in person's id in a column of its own.

    Django's table keeps the person only inside the encoded data, so ending someone's
    sessions (deleting their account) had to decode every row while holding the write
    lock. This column, indexed, finds them at once (accounts.sessions keeps it filled in).
    No foreign key: a session saved by a request that raced the account's deletion must
    not fail; forget_sign_ins() deletes the person's rows by this column.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions.db import SessionStore

        return SessionStore


class InviteQuerySet(models.QuerySet):
    def made_by(self, clinician) -> "InviteQuerySet":
        return self.filter(clinician=clinician)

    def open(self, now: dt.datetime) -> "InviteQuerySet":
        """Not yet accepted, declined or revoked, and not expired at `now`."""
        return self.filter(
            used_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )

    def ended(self, now: dt.datetime) -> "InviteQuerySet":
        """Accepted, declined, revoked or expired at `now`: the invites that no longer work."""
        return self.filter(
            models.Q(used_at__isnull=False)
            | models.Q(declined_at__isnull=False)
            | models.Q(revoked_at__isnull=False)
            | models.Q(expires_at__lte=now)
        )


class Invite(models.Model):
    """A clinician's single-use invite link (accounts.care). Only the SHA-256 digest of its
    token is stored (accounts.tokens): the link is shown once, when it is made."""

    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invites")
    label = models.CharField(
        max_length=80, blank=True, help_text="Who it is for; only you see this."
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True, help_text="Accepted.")
    used_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # A label, or else the day it was made (a format spec on `label or date` would
        # apply to the label too, and fail).
        return f"{self.clinician} – {self.label or f'{self.created_at:%d %b %Y}'}"

    def is_open(self, now: dt.datetime) -> bool:
        """As InviteQuerySet.open, for a row in hand."""
        ended = self.used_at or self.declined_at or self.revoked_at
        return ended is None and self.expires_at > now


MAX_ID = 2**63 - 1  # the largest id any of our databases can hold


class CareLinkQuerySet(models.QuerySet):
    def active(self) -> "CareLinkQuerySet":
        return self.filter(ended_at__isnull=True)

    def visible_to(self, clinician) -> "CareLinkQuerySet":
        """The clinician's live connections: the only way any clinic view reaches a
        person's data. An ended link (disconnected, or either account gone) shows nothing."""
        if not clinician.is_authenticated or not clinician.is_clinician:
            return self.none()
        return self.active().filter(clinician=clinician)

    def of_person(self, person) -> "CareLinkQuerySet":
        return self.filter(person=person)

    def of_person_id(self, person_id: int) -> "CareLinkQuerySet":
        """Links to the person with this id (from a URL's <int:…>, which takes any size):
        none for an id beyond a bigint, so looking it up is a 404, not a database error."""
        return self.filter(person_id=person_id) if 0 < person_id <= MAX_ID else self.none()


class CareLink(models.Model):
    """A person's consent to one clinician following their progress, from the moment they
    accept an invite until either of them ends it (ended_at)."""

    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="patient_links")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_links")
    include_notes = models.BooleanField(
        "share my session notes too",
        default=False,
        help_text="Without it the clinician sees your sessions and pain scores, not your notes.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    flags_sent = models.CharField(
        max_length=200,
        blank=True,
        help_text="The flags the clinician's last daily email named, so the next names "
        "only new ones.",
    )

    objects = CareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "person"],
                condition=models.Q(ended_at__isnull=True),
                name="one_live_care_link_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(clinician=F("person")), name="care_link_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} → {self.person}"


class AccessRecordQuerySet(models.QuerySet):
    def kept_too_long(self, now: dt.datetime) -> "AccessRecordQuerySet":
        """Records older than ACCESS_KEPT_DAYS (accounts.care), which the daily task deletes."""
        return self.filter(viewed_at__lt=care.access_cutoff(now))


class AccessRecord(models.Model):
    """One clinician view of a person's data: who, what, when. Kept for ACCESS_KEPT_DAYS
    (accounts.care), shown to the person and in their export."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_records")
    clinician = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clinician_name = models.CharField(max_length=254, help_text="As it was at the time.")
    what = models.CharField(max_length=120)
    viewed_at = models.DateTimeField(default=timezone.now)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["person", "-viewed_at"], name="access_by_person")]

    def __str__(self) -> str:
        return f"{self.clinician_name} viewed {self.what} of {self.person}"

    @classmethod
    def note(cls, clinician, links: list[CareLink], what: str) -> None:
        """Record that `clinician` viewed `what` of each linked person, and move the links'
        "last viewed" on: two queries, however many people."""
        now = timezone.now()
        cls.objects.bulk_create(
            cls(
                person_id=link.person_id,
                clinician=clinician,
                clinician_name=str(clinician),
                what=what,
                viewed_at=now,
            )
            for link in links
        )
        CareLink.objects.filter(pk__in=[link.pk for link in links]).update(last_viewed_at=now)
