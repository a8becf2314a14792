"""The clinic's rules that need no database (accounts.care)."""

import datetime as dt
import zoneinfo

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


AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, 0, tzinfo=dt.UTC)


def test_a_clinicians_views_of_one_thing_on_one_day_are_one_line():
    records = [  # newest first, as the page reads them
        ("Sam", "dashboard summary", _at(3, 20)),
        ("Sam", "dashboard summary", _at(3, 15)),
        ("Sam", "dashboard summary", _at(3, 9)),
        ("Sam", "report 1 Nov – 3 Dec 2026", _at(3, 8)),
        ("Kim", "dashboard summary", _at(3, 7)),
        ("Sam", "dashboard summary", _at(2, 9)),
    ]
    lines = care.grouped_views(records, zoneinfo.ZoneInfo("UTC"))

    assert [(v.who, v.what, v.count) for v in lines] == [
        ("Sam", "dashboard summary", 3),
        ("Sam", "report 1 Nov – 3 Dec 2026", 1),
        ("Kim", "dashboard summary", 1),
        ("Sam", "dashboard summary", 1),  # another day: a line of its own
    ]
    assert (lines[0].first, lines[0].last) == (_at(3, 9), _at(3, 20))


def test_views_are_grouped_by_the_persons_own_day():
    # 10:00 and 12:00 UTC on 3 Dec are 23:00 on 3 Dec and 01:00 on 4 Dec in Auckland.
    records = [("Sam", "dashboard summary", _at(3, 12)), ("Sam", "dashboard summary", _at(3, 10))]

    assert [v.count for v in care.grouped_views(records, AUCKLAND)] == [1, 1]
    assert [v.count for v in care.grouped_views(records, zoneinfo.ZoneInfo("UTC"))] == [2]


def test_views_of_one_thing_on_one_day_are_one_line_even_between_others():
    records = [
        ("Sam", "dashboard summary", _at(3, 20)),
        ("Sam", "report 8 Nov – 5 Dec 2026", _at(3, 19)),
        ("Sam", "dashboard summary", _at(3, 18)),
        ("Sam", "report 8 Nov – 5 Dec 2026", _at(3, 17)),
    ]
    lines = care.grouped_views(records, zoneinfo.ZoneInfo("UTC"))

    assert [(v.what, v.count, v.first, v.last) for v in lines] == [
        ("dashboard summary", 2, _at(3, 18), _at(3, 20)),
        ("report 8 Nov – 5 Dec 2026", 2, _at(3, 17), _at(3, 19)),
    ]
