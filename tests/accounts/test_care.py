"""The clinic's rules that need no database (accounts.care)."""

import datetime as dt

from accounts import care

NOW = dt.datetime(2026, 12, 6, 23, 50, tzinfo=dt.UTC)


def test_an_invite_lasts_fourteen_days():
    assert care.invite_expiry(NOW) == dt.datetime(2026, 12, 20, 23, 50, tzinfo=dt.UTC)


def test_access_records_are_kept_for_a_year():
    assert care.access_cutoff(NOW) == NOW - dt.timedelta(days=365)


def test_the_consent_screen_lists_everything_shared_and_notes_apart():
    assert len(care.SHARED) == 4
    assert all("notes" not in item for item in care.SHARED)
    assert "notes" in care.NOTES
