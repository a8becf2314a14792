import zoneinfo
from functools import cache

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, sorted, as (value, label) pairs for a select."""
    names = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


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
    data_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Moves on with every change to the person's logs or routines "
        "(progress.cache), so their cached pages are rebuilt.",
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
        # (progress.cache.bump_data_version). A full save writing back the value this
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
