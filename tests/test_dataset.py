"""The curated timelines are part of the product: sourced, precise only where they can be."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import store
from ant_timeline.model import Timeline
from ant_timeline.text import is_web_url

from .conftest import CURATED, REPO

DIDI = REPO / "examples" / "didi.yaml"
TIMELINES = [pytest.param(CURATED, id="ant"), pytest.param(DIDI, id="didi")]

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def curated() -> Timeline:
    return store.load(CURATED)


@pytest.fixture(scope="module")
def didi() -> Timeline:
    return store.load(DIDI)


@pytest.mark.parametrize("path", TIMELINES)
def test_check_is_clean_without_even_a_warning(path: Path) -> None:
    result = store.check_file(store.locate(path))
    assert result.problems == ()


@pytest.mark.parametrize("path", TIMELINES)
def test_check_strict_passes_from_the_command_line(invoke: Invoke, path: Path) -> None:
    result = invoke("check", "--strict", "--file", str(path))
    events = len(store.load(path).events)
    assert (result.exit_code, result.stdout) == (0, f"{path}: no problems in {events} events\n")


@pytest.mark.parametrize(("path", "at_least"), [(CURATED, 35), (DIDI, 12)], ids=["ant", "didi"])
def test_every_event_has_a_dated_web_source(path: Path, at_least: int) -> None:
    timeline = store.load(path)
    assert len(timeline.events) >= at_least
    for event in timeline.events:
        assert event.sources, event.id
        assert all(is_web_url(source.url) for source in event.sources), event.id
        assert all(source.published for source in event.sources), event.id
        assert event.summary, event.id


@pytest.mark.parametrize("path", TIMELINES)
def test_an_event_known_only_in_advance_says_it_is_dated_as_announced(path: Path) -> None:
    # Every source was published before the event's first day: it was announced, not reported.
    announced = []
    for event in store.load(path).events:
        published = [source.published for source in event.sources if source.published]
        if max(p.latest for p in published if p.latest) < event.date.earliest:
            announced.append(event.id)
            assert "dated as announced" in (event.summary or ""), event.id
    if path == CURATED:
        assert announced == ["han-xinyi-takes-over-as-ceo"]


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        # The milestones the README and the product description name.
        ("jack-ma-bund-speech", "2020-10-24"),
        ("regulators-summon-jack-ma", "2020-11-02"),
        ("ant-ipo-suspended", "2020-11-03"),
        ("regulators-order-ant-rectification", "2020-12-26/2020-12-27"),
        ("jack-ma-gives-up-control", "2023-01-07"),
        ("nfra-reform-plan-approved", "2023-03-07/2023-03-10"),
        ("ant-hangzhou-pact", "2023-05-16"),
        ("nfra-launched", "2023-05-18"),
        ("ant-fined", "2023-07-07"),
        # Refined to the day by the December 2026 fact-check.
        ("alibaba-antitrust-fine", "2021-04-10"),
        ("consumer-finance-capital-approved", "2022-12-30"),
        ("ant-board-half-independent", "2022-06-01"),
        # Added with it, through 2025.
        ("samr-opens-alibaba-probe", "2020-12-24"),
        ("simon-hu-resigns", "2021-03-12"),
        ("consumer-finance-unit-approved", "2021-06-03"),
        ("qiantang-credit-application-accepted", "2021-11-26"),
        ("jack-ma-back-in-china", "2023-03-27"),
        ("zhou-jiangyong-sentenced", "2023-07-25"),
        ("qiantang-credit-licensed", "2024-11-11"),
        ("jack-ma-speaks-at-ant-anniversary", "2024-12-08"),
        ("han-xinyi-named-next-ceo", "2024-12-08"),
        ("xi-meets-private-entrepreneurs", "2025-02-17"),
        ("han-xinyi-takes-over-as-ceo", "2025-03-01"),
        ("ant-agrees-to-buy-bright-smart", "2025-04-26"),
        ("ant-international-stablecoin-plans", "2025-06"),
        ("beijing-halts-ant-stablecoin-plans", "2025-10-18"),
    ],
)
def test_milestones(curated: Timeline, event_id: str, date: str) -> None:
    assert curated.by_id()[event_id].date.canonical == date


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("didi-lists-in-new-york", "2021-06-30"),
        ("cac-opens-didi-review", "2021-07-02"),
        ("didi-app-pulled", "2021-07-04"),
        ("cac-pulls-more-didi-apps", "2021-07-09"),
        ("regulators-inspect-didi-on-site", "2021-07-16"),
        ("didi-to-leave-nyse", "2021-12-03"),
        ("didi-shareholders-approve-delisting", "2022-05-23"),
        ("didi-leaves-nyse", "2022-06-10"),
        ("cac-fines-didi", "2022-07-21"),
        ("didi-new-users-allowed", "2023-01-16"),
        ("didi-apps-back-in-stores", "2023-01"),
    ],
)
def test_didi_milestones(didi: Timeline, event_id: str, date: str) -> None:
    assert didi.by_id()[event_id].date.canonical == date


def test_the_didi_fine_is_the_reported_amount(didi: Timeline) -> None:
    fine = didi.by_id()["cac-fines-didi"]
    assert "8.026 billion yuan" in fine.title
    assert "1 million yuan each" in fine.title


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        # The reporting gives only the quarter or the month for these.
        ("ant-profit-falls-q3-2022", "2022-Q3"),
        ("alipay-no-controller-approved", "2023-12"),
        # One report each, giving only a weekday: the day is kept, marked uncertain.
        ("liu-jie-visits-ant", "2023-01-10?"),
        ("ant-units-get-own-boards", "2024-03-19?"),
    ],
)
def test_unconfirmed_days_stay_imprecise(curated: Timeline, event_id: str, date: str) -> None:
    event = curated.by_id()[event_id]
    assert event.date.canonical == date
    assert event.date.uncertain == date.endswith("?")


def reaches(timeline: Timeline, start: str, goal: str) -> bool:
    """Whether `related` links lead from `start` back to `goal`."""
    events, seen, todo = timeline.by_id(), set(), [start]
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(events[current].related)
    return False


def test_related_chain_runs_from_the_fine_back_to_the_speech(curated: Timeline) -> None:
    events = curated.by_id()
    for step, cause in [
        ("ant-fined", "regulators-order-ant-rectification"),
        ("regulators-order-ant-rectification", "ant-ipo-suspended"),
        ("ant-ipo-suspended", "regulators-summon-jack-ma"),
        ("regulators-summon-jack-ma", "jack-ma-bund-speech"),
    ]:
        assert cause in events[step].related
    assert reaches(curated, "ant-fined", "jack-ma-bund-speech")


@pytest.mark.parametrize(
    ("effect", "cause"),
    [
        ("alibaba-antitrust-fine", "samr-opens-alibaba-probe"),
        ("consumer-finance-capital-approved", "ant-to-become-financial-holding-company"),
        ("qiantang-credit-licensed", "ant-to-become-financial-holding-company"),
        ("zhou-jiangyong-sentenced", "zhou-jiangyong-investigated"),
        ("han-xinyi-takes-over-as-ceo", "ant-units-get-own-boards"),
        ("beijing-halts-ant-stablecoin-plans", "ant-international-stablecoin-plans"),
    ],
)
def test_later_events_lead_back_to_their_causes(curated: Timeline, effect: str, cause: str) -> None:
    assert reaches(curated, effect, cause)


@pytest.mark.parametrize(
    ("effect", "cause"),
    [
        ("hangzhou-asian-games", "ant-hangzhou-pact"),  # the Games were set years before the pact
        ("alibaba-antitrust-fine", "regulators-order-ant-rectification"),  # SAMR, not the PBOC
    ],
)
def test_no_link_runs_to_a_cause_it_does_not_have(
    curated: Timeline, effect: str, cause: str
) -> None:
    assert cause not in curated.by_id()[effect].related


def test_didi_chain_runs_from_the_apps_back_to_the_listing(didi: Timeline) -> None:
    assert reaches(didi, "didi-apps-back-in-stores", "didi-lists-in-new-york")
    assert reaches(didi, "cac-fines-didi", "cac-opens-didi-review")
    assert reaches(didi, "didi-leaves-nyse", "didi-to-leave-nyse")


@pytest.mark.parametrize("path", TIMELINES)
def test_related_links_point_back_in_time(path: Path) -> None:
    timeline = store.load(path)
    events = timeline.by_id()
    for event in timeline.events:
        for cause in event.related:
            assert events[cause].date.earliest <= event.date.latest, (event.id, cause)
