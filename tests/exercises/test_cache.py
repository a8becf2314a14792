import pytest
from django.core.cache import cache

from exercises.cache import cached, cached_in_process
from exercises.models import LibraryVersion

pytestmark = pytest.mark.django_db


def test_a_build_inside_a_build_shares_its_version(django_assert_num_queries):
    with django_assert_num_queries(1):  # the library version, looked up once
        value = cached("outer", lambda: cached("inner", lambda: "x") + "y")

    assert value == "xy"


def test_cached_in_process_skips_the_shared_cache_copy_while_it_holds():
    builds = []

    def build():
        builds.append(1)
        return {"big": list(range(10))}

    first = cached_in_process("index", build)
    again = cached_in_process("index", build)

    assert again is first  # this process's own copy, not unpickled anew
    assert len(builds) == 1


def test_cached_in_process_rebuilds_after_an_edit_or_a_cleared_cache():
    builds = []

    def build():
        builds.append(1)
        return [len(builds)]

    assert cached_in_process("index", build) == [1]
    LibraryVersion.bump()
    assert cached_in_process("index", build) == [2]
    cache.clear()
    assert cached_in_process("index", build) == [3]
    assert cached_in_process("index", build) == [3]
