"""The HTML page in a real browser: headless Chromium loads it, runs its script, draws it.

Run by `make test-browser`, which installs Debian's chromium when it is missing. Without it these
tests fail rather than skip: a browser test that silently does not run proves nothing.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ant_timeline import export, store
from ant_timeline.export import ExportOptions

from .conftest import CURATED, DATA
from .test_export_html import Node, Tree

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ant_timeline.model import Timeline

pytestmark = pytest.mark.browser

# Headless, as root, on a machine without a network: no sandbox (root), no GPU, and none of
# Chromium's own background connections (they would be refused, noisily, and slow it down).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Console messages (a script error, a content-policy violation) go to stderr.
    "--enable-logging=stderr",
    "--v=0",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chromium() -> str:
    """The browser, or a failure that says how to get it."""
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("chromium is not installed: `make test-browser` installs it")
    return found


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless Chromium run with a fresh profile."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def console_messages(stderr: str) -> list[str]:
    """What the page logged to the console: errors, blocked scripts or styles, policy reports."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def hostile() -> Timeline:
    report = store.parse_text((DATA / "hostile.yaml").read_text(encoding="utf-8"), "hostile.yaml")
    assert report.ok, report.problems
    return report.timeline


@pytest.fixture
def page(tmp_path: Path, hostile: Timeline) -> Path:
    path = tmp_path / "hostile.html"
    path.write_text(export.get("html").render(hostile, ExportOptions()), encoding="utf-8")
    return path


def dom_after_scripts(tmp_path: Path, page: Path, fragment: str = "") -> tuple[Node, list[str]]:
    """The DOM as the browser holds it once the page has loaded, and the console messages."""
    done = run_chromium(tmp_path, "--dump-dom", page.as_uri() + fragment)
    tree = Tree()
    tree.feed(done.stdout)
    tree.close()
    return tree.root, console_messages(done.stderr)


def shown_events(root: Node) -> list[str]:
    return [
        str(item.attrs["id"]).removeprefix("event-")
        for item in root.all("li", "event")
        if "hidden" not in item.attrs
    ]


def test_every_event_is_shown_in_order_and_nothing_injected_ran(
    tmp_path: Path, page: Path, hostile: Timeline
) -> None:
    root, console = dom_after_scripts(tmp_path, page)
    assert console == []  # no script error, nothing blocked by the content policy
    assert shown_events(root) == [event.id for event in hostile.events]
    # The injected scripts would have set the title or marked <html>.
    html = root.one("html")
    assert root.one("title").text == hostile.info.title
    assert "data-pwned" not in html.attrs
    handlers = [(n.tag, name) for n in root.walk() for name in n.attrs if name.startswith("on")]
    assert handlers == []
    assert [n.tag for n in root.walk() if n.tag in {"img", "b", "iframe"}] == []
    assert len(root.all("script")) == 1
    # ... and the hostile titles are there, as text.
    titles = {str(h.attrs["id"]): h.text for h in root.all("h3", "title")}
    by_id = hostile.by_id()
    for event_id in ("script-title", "attribute-title"):
        assert titles[f"event-{event_id}-title"] == by_id[event_id].title
    links = [str(a.attrs["href"]) for a in root.all("a")]
    assert not any(href.lower().startswith(("javascript:", "data:")) for href in links)
    # The page's own script did run: it shows the filters and counts the events.
    assert "js" in html.classes
    assert "hidden" not in root.by_id("filters").attrs
    assert root.by_id("filter-count").text == "Showing all 7 events"


def test_filtering_by_tag_hides_the_other_events(tmp_path: Path, page: Path) -> None:
    root, console = dom_after_scripts(tmp_path, page, "#tag=fine")
    assert console == []
    # Tags match whole values in any case, as in `show --tag`: "Fine" counts.
    assert shown_events(root) == ["script-title", "quarter-report", "still-open"]
    assert root.by_id("filter-count").text == "Showing 3 of 7 events"
    pressed = [
        button.attrs["data-value"]
        for button in root.all("button", "chip")
        if button.attrs["aria-pressed"] == "true"
    ]
    assert pressed == ["fine"]
    # Years left without a shown event are hidden with their heading.
    visible_years = [
        section.one("h2").text
        for section in root.all("section", "year")
        if "hidden" not in section.attrs
    ]
    assert visible_years == ["2021", "2022", "2024"]
    assert "filtered" in root.one("html").classes


def test_category_tag_and_search_combine(tmp_path: Path, page: Path) -> None:
    root, _ = dom_after_scripts(tmp_path, page, "#category=enforcement&q=INVESTIGATION")
    assert shown_events(root) == ["still-open"]
    assert root.by_id("filter-count").text == "Showing 1 of 7 events"
    root, _ = dom_after_scripts(tmp_path, page, "#tag=nothing-like-this&q=zzz")
    assert shown_events(root) == []
    assert "hidden" not in root.by_id("filter-empty").attrs
    assert root.by_id("filter-count").text == "Showing 0 of 7 events"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_at_desktop_and_phone_width(tmp_path: Path, page: Path) -> None:
    for name, width, height in (("desktop", 1280, 1600), ("phone", 390, 1200)):
        shot = tmp_path / f"{name}.png"
        done = run_chromium(
            tmp_path, f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()
        )
        assert console_messages(done.stderr) == []
        assert shot.stat().st_size > 10_000  # a drawn page, not a blank image
        assert png_size(shot) == (width, height)


def test_curated_page_shows_the_most_used_tags_first(tmp_path: Path) -> None:
    path = tmp_path / "ant.html"
    curated = store.load(CURATED)
    tags = len({tag for event in curated.events for tag in event.tags})
    path.write_text(export.get("html").render(curated, ExportOptions()), encoding="utf-8")
    root, console = dom_after_scripts(tmp_path, path, "#tag=valuation")
    assert console == []
    chips = [b for b in root.all("button", "chip") if b.attrs["data-filter"] == "tag"]
    shown = [str(b.attrs["data-value"]) for b in chips if "hidden" not in b.attrs]
    assert len(chips) == tags
    # The twelve most used, and the one chosen (used once, so otherwise tucked away).
    assert shown[:12] == [str(b.attrs["data-value"]) for b in chips[:12]]
    assert shown[12:] == ["valuation"]
    assert root.by_id("tag-more").text == f"All {tags} tags"
    assert shown_events(root) == ["ant-share-buyback"]


# ---------------------------------------------------------------------------------------------
# Driving the page as a reader does, through the DevTools protocol (a small client on the
# standard library: a websocket is a handshake and a frame format).


class DevTools:
    """One page of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, tmp_path: Path) -> None:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp_path))
        self.process = subprocess.Popen(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--window-size=1280,1000",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        for _ in range(600):  # Chromium writes the port once it listens (up to a minute)
            if port_file.is_file() and port_file.read_text().count("\n") >= 1:
                break
            if self.process.poll() is not None:
                pytest.fail("chromium exited before it opened its DevTools port")
            time.sleep(0.1)
        else:
            pytest.fail("chromium did not open its DevTools port")
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
            targets = json.load(answer)
        page = next(target for target in targets if target["type"] == "page")
        self.socket = self._connect(port, urllib.parse.urlsplit(page["webSocketDebuggerUrl"]).path)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _connect(self, port: int, path: str) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 101"), answer[:200]
        return sock

    def _send(self, text: str) -> None:
        payload = text.encode()
        header = bytearray([0x81])  # one whole text frame
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)  # a client masks what it sends
        self.socket.sendall(
            bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        )

    def _exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            assert chunk, "chromium closed the DevTools connection"
            data += chunk
        return data

    def _receive(self) -> dict[str, Any]:
        message = b""
        while True:
            first, second = self._exactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exactly(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exactly(8))[0]
            message += self._exactly(length)
            if first & 0x80:  # the last fragment
                result: dict[str, Any] = json.loads(message)
                return result

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and return its result (events that arrive meanwhile are kept)."""
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The next event of that name."""
        while True:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    return self.events.pop(index)
            self.events.append(self._receive())

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer
        return answer["result"].get("value")

    def key(self, key: str, code: str, key_code: int, text: str = "") -> None:
        """A real key press, as from a keyboard: down, then up."""
        for kind in ("keyDown", "keyUp"):
            params: dict[str, Any] = {
                "type": kind,
                "key": key,
                "code": code,
                "windowsVirtualKeyCode": key_code,
            }
            if text and kind == "keyDown":
                params["text"] = text
            self.call("Input.dispatchKeyEvent", **params)

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    devtools = DevTools(tmp_path)
    try:
        yield devtools
    finally:
        devtools.close()


SHOWN = "[...document.querySelectorAll('li.event:not([hidden])')].map(e => e.id.slice(6))"


def test_a_keyboard_reader_filters_searches_and_clears(
    browser: DevTools, page: Path, hostile: Timeline
) -> None:
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    # Tab from the top: the skip link, then the search box.
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.textContent") == "Skip to the timeline"
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.id") == "filter-search"
    # Type a word: the list narrows as one types, and the count says so.
    browser.call("Input.insertText", text="LENDING")
    assert browser.js(SHOWN) == ["quarter-report"]
    assert browser.js("document.getElementById('filter-count').textContent") == (
        "Showing 1 of 7 events"
    )
    # Tab on to the first category button and press it with Enter, then Space: on, off.
    browser.js("document.getElementById('filter-search').value = ''")
    browser.key("Tab", "Tab", 9)
    first = browser.js("document.activeElement.getAttribute('data-value')")
    assert first == "regulation"  # vocabulary order
    browser.key("Enter", "Enter", 13, "\r")
    assert browser.js("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert browser.js(SHOWN) == ["the-review"]
    assert browser.js("location.hash") == "#category=regulation"  # a link to this view
    browser.key(" ", "Space", 32, " ")
    assert browser.js("document.activeElement.getAttribute('aria-pressed')") == "false"
    assert len(browser.js(SHOWN)) == 7
    # A tag and a category together: both must hold.
    browser.js("document.querySelector('[data-filter=tag][data-value=fine]').click()")
    browser.js("document.querySelector('[data-value=enforcement]').click()")
    assert browser.js(SHOWN) == ["script-title", "still-open"]
    # Clear, from the keyboard too.
    browser.js("document.getElementById('filter-clear').focus()")
    browser.key("Enter", "Enter", 13, "\r")
    assert len(browser.js(SHOWN)) == 7
    assert browser.js("location.hash") == ""
    assert browser.js("document.getElementById('filter-clear').disabled") is True
    # Following a link to an event the filters hide brings it back into view.
    browser.js("document.querySelector('[data-filter=tag][data-value=review]').click()")
    assert browser.js(SHOWN) == ["the-review"]
    browser.js("location.hash = '#event-script-title'")
    browser.wait_for("Page.navigatedWithinDocument")
    assert "script-title" in browser.js(SHOWN)
    assert browser.js("document.title") == hostile.info.title  # nothing injected ran
    errors = [
        event
        for event in browser.events
        if event.get("method") in {"Runtime.exceptionThrown", "Runtime.consoleAPICalled"}
    ]
    assert errors == []
