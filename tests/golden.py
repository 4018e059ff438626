"""The export fixture timeline and golden-file comparison (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os
from pathlib import Path

from ant_timeline import store
from ant_timeline.model import Timeline

EXPORT_DATA = Path(__file__).resolve().parent / "data" / "export"
FIXTURE = EXPORT_DATA / "timeline.yaml"


def fixture_timeline() -> Timeline:
    """Eight events covering every date form, hostile text and odd sources."""
    return store.load(FIXTURE)


def assert_golden(name: str, text: str) -> None:
    """`text` is byte for byte the golden file `name` (written when UPDATE_GOLDEN is set)."""
    path = EXPORT_DATA / name
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.read_bytes() == data, f"{name} differs; UPDATE_GOLDEN=1 rewrites it"
