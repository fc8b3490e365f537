"""The rate limit every process shares through the cache, on a clock the test turns."""

import pytest

from studies.registries.client import PUBMED, wait_turn


class Clock:
    def __init__(self, now: float):
        self.now = now
        self.waits = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(round(seconds, 3))
        self.now += seconds


def test_a_fourth_request_in_one_second_waits_for_the_next_second_at_ncbi():
    clock = Clock(1000.25)
    for _ in range(4):
        wait_turn(PUBMED, clock=clock, sleep=clock.sleep)
    assert clock.waits == [0.75]  # three go at once (3 a second without a key), the fourth waits
    assert clock.now == pytest.approx(1001.0)


def test_with_an_api_key_ncbi_allows_ten_a_second(settings):
    settings.NCBI_API_KEY = "key"
    clock = Clock(2000.5)
    for _ in range(10):
        wait_turn(PUBMED, clock=clock, sleep=clock.sleep)
    assert clock.waits == []
    wait_turn(PUBMED, clock=clock, sleep=clock.sleep)
    assert clock.waits == [0.5]


def test_the_allowance_is_counted_in_the_shared_cache():
    from django.core.cache import cache

    clock = Clock(3000.0)
    wait_turn(PUBMED, clock=clock, sleep=clock.sleep)
    wait_turn(PUBMED, clock=clock, sleep=clock.sleep)
    # Another process asking in the same second sees the same count.
    assert cache.get("registry-rate:pubmed:3000") == 2
