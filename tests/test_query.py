"""Filters: overlap semantics for dates, any-of within an option, all-of across options."""

from __future__ import annotations

from pathlib import Path

import pytest

from ant_timeline import query, store
from ant_timeline.dates import parse
from ant_timeline.model import Timeline

from .conftest import CURATED


@pytest.fixture(scope="module")
def curated() -> Timeline:
    return store.load(CURATED)


def ids(timeline: Timeline) -> list[str]:
    return [event.id for event in timeline.events]


def test_since_keeps_events_that_end_on_or_after_its_first_day(curated: Timeline) -> None:
    # The Asian Games interval (23 Sep - 8 Oct 2023) overlaps October 2023.
    kept = query.apply(curated, query.Filter(since=parse("2023-10")))
    assert ids(kept)[0] == "hangzhou-asian-games"


def test_until_a_year_includes_the_whole_year(curated: Timeline) -> None:
    kept = query.apply(curated, query.Filter(until=parse("2020")))
    assert ids(kept)[-1] == "regulators-order-ant-rectification"


def test_imprecise_events_overlap_a_day_range(curated: Timeline) -> None:
    # "Q3 2022" (Ant's profit fall) overlaps 10-20 August although it has no day at all.
    kept = query.apply(curated, query.Filter(since=parse("2022-08-10"), until=parse("2022-08-20")))
    assert ids(kept) == ["ant-profit-falls-q3-2022"]


def test_repeated_values_are_any_of_and_options_all_of(curated: Timeline) -> None:
    either = query.apply(curated, query.Filter(tags=("ipo", "FINE")))
    assert ids(either) == ["ant-ipo-suspended", "ant-fined"]
    both = query.apply(curated, query.Filter(tags=("ipo", "fine"), categories=("Enforcement",)))
    assert ids(both) == ["ant-ipo-suspended", "ant-fined"]
    none = query.apply(curated, query.Filter(tags=("ipo",), categories=("corporate",)))
    assert ids(none) == []


def test_actor_matches_whole_values_case_insensitively(curated: Timeline) -> None:
    assert "ant-fined" in ids(
        query.apply(curated, query.Filter(actors=("people's bank of china",)))
    )
    assert ids(query.apply(curated, query.Filter(actors=("People's Bank",)))) == []


def test_search_covers_title_summary_actors_and_tags(curated: Timeline) -> None:
    assert ids(query.apply(curated, query.Filter(search="HOME PORT"))) == ["ant-hangzhou-pact"]
    assert "li-yunze-leads-nfra" in ids(query.apply(curated, query.Filter(search="li yunze")))
    assert "ant-share-buyback" in ids(query.apply(curated, query.Filter(search="valuation")))


def test_limit_applies_after_reverse(curated: Timeline) -> None:
    newest = query.apply(curated, query.Filter(reverse=True, limit=2))
    assert ids(newest) == [
        "beijing-halts-ant-stablecoin-plans",
        "ant-international-stablecoin-plans",
    ]
    assert ids(query.apply(curated, query.Filter(limit=0))) == []


def test_apply_keeps_header_and_path(tmp_path: Path, curated: Timeline) -> None:
    kept = query.apply(curated, query.Filter(tags=("ipo",)))
    assert kept.info == curated.info
    assert kept.path == curated.path
