"""Any input at all, in any format: `import` ends with exit 0 or 2, never a traceback, and
either writes a file that loads or leaves the events file as it was."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ant_timeline import store
from ant_timeline.cli import app
from ant_timeline.export.csv import COLUMNS

from .conftest import SMALL
from .test_fuzz import hostile_text, text_values
from .test_import import HEADER

HOSTILE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cells = st.one_of(
    text_values,
    st.sampled_from(["2021", "7", "13", "-1", "0", "2,021", "31", "title", "era", "=SUM(A1)"]),
    st.sampled_from(["<p>a</p><script>x</script>", '<a href="https://e.org">e</a>', "<p"]),
    st.sampled_from(["2021-H2", "c. 2021", "Spring", "3 – 8 Oct 2023", "https://e.org/x"]),
)


@st.composite
def tables(draw: st.DrawFn) -> bytes:
    """A CSV with some of the columns of a sheet or an export, in any order, any cells."""
    columns, needed = draw(
        st.sampled_from([(HEADER, ["Year", "Headline"]), (list(COLUMNS), ["date", "title"])])
    )
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=len(columns)))
    if draw(st.booleans()):
        header = needed + header  # mostly the columns the format needs, and some others
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 1), max_size=5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


JSON_KEYS = (
    "events",
    "version",
    "title",
    "text",
    "headline",
    "start_date",
    "end_date",
    "year",
    "month",
    "day",
    "date",
    "id",
    "sources",
    "url",
    "media",
    "group",
    "display_date",
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text_values | cells,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(JSON_KEYS) | text_values,
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
inputs = st.one_of(
    tables(),
    json_values.map(lambda value: json.dumps(value).encode("utf-8")),
    st.builds(
        lambda events: json.dumps({"version": 1, "events": events}).encode("utf-8"),
        st.lists(json_values, max_size=3),
    ),
    st.binary(max_size=300),
    hostile_text.map(lambda text: text.encode("utf-8", errors="replace")),
)


@HOSTILE
@given(content=inputs, fmt=st.sampled_from(["timelinejs", "csv", "json"]), skip=st.booleans())
def test_any_input_in_any_format(tmp_path: Path, content: bytes, fmt: str, skip: bool) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(SMALL, encoding="utf-8")
    before = target.read_bytes()
    source = tmp_path / "input"
    source.write_bytes(content)
    args = ["import", fmt, str(source), "--file", str(target)] + (
        ["--skip-invalid"] if skip else []
    )
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.stderr
    event(f"{fmt} exit {result.exit_code}")
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr
        assert target.read_bytes() == before
    else:
        assert len(store.load(target).events) >= 3
    assert sorted(path.name for path in tmp_path.iterdir()) == ["events.yaml", "input"]
