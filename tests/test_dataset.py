"""The curated Ant Group timeline is part of the product: sourced, precise only where it can be."""

from __future__ import annotations

import pytest

from ant_timeline import store
from ant_timeline.model import Timeline
from ant_timeline.text import is_web_url

from .conftest import CURATED


@pytest.fixture(scope="module")
def curated() -> Timeline:
    return store.load(CURATED)


def test_check_is_clean_without_even_a_warning() -> None:
    result = store.check_file(store.locate(CURATED))
    assert result.problems == ()


def test_at_least_twenty_events_each_with_a_web_source(curated: Timeline) -> None:
    assert len(curated.events) >= 20
    for event in curated.events:
        assert event.sources, event.id
        assert all(is_web_url(source.url) for source in event.sources), event.id
        assert all(source.published for source in event.sources), event.id


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("jack-ma-bund-speech", "2020-10-24"),
        ("ant-ipo-suspended", "2020-11-03"),
        ("regulators-order-ant-rectification", "2020-12-26/2020-12-27"),
        ("jack-ma-gives-up-control", "2023-01-07"),
        ("nfra-reform-plan-approved", "2023-03-07/2023-03-10"),
        ("ant-hangzhou-pact", "2023-05-16"),
        ("nfra-launched", "2023-05-18"),
        ("ant-fined", "2023-07-07"),
    ],
)
def test_milestones(curated: Timeline, event_id: str, date: str) -> None:
    assert curated.by_id()[event_id].date.canonical == date


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        # The research confirms only the month, quarter or period for these.
        ("alibaba-antitrust-fine", "2021-04"),
        ("ant-profit-falls-q3-2022", "2022-Q3"),
        ("consumer-finance-capital-approved", "2022-12"),
        ("liu-jie-visits-ant", "2023-01"),
        ("alipay-no-controller-approved", "2023-12"),
        ("ant-units-get-own-boards", "2024-03"),
    ],
)
def test_unconfirmed_days_stay_imprecise(curated: Timeline, event_id: str, date: str) -> None:
    assert curated.by_id()[event_id].date.canonical == date


def test_related_chain_runs_from_the_fine_back_to_the_speech(curated: Timeline) -> None:
    events = curated.by_id()

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        if start == goal:
            return True
        return any(
            reaches(parent, goal, seen | {start})
            for parent in events[start].related
            if parent not in seen
        )

    for step, cause in [
        ("ant-fined", "regulators-order-ant-rectification"),
        ("regulators-order-ant-rectification", "ant-ipo-suspended"),
        ("ant-ipo-suspended", "regulators-summon-jack-ma"),
        ("regulators-summon-jack-ma", "jack-ma-bund-speech"),
    ]:
        assert cause in events[step].related
    assert reaches("ant-fined", "jack-ma-bund-speech")
