"""Headless Chromium for the browser tests: one-shot runs, a DevTools client, a local server.

Debian's chromium is driven directly: `run_chromium` for a dump or a screenshot, `DevTools` to
drive a page as a reader does (a small client on the standard library: a websocket is a
handshake and a frame format), and `serve` for pages that load files over http from 127.0.0.1
(the consumer libraries in `tests/consumers/node_modules`). `make test-browser` installs
chromium when it is missing; without it these tests fail rather than skip: a browser test that
silently does not run proves nothing.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

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
# How long a page may take to become what a test waits for, on a busy 2-CPU machine.
WAIT_SECONDS = 120


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


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request on the test's stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over http on 127.0.0.1 (a free port) for the duration; yields its URL."""
    handler = functools.partial(_QuietFiles, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=60)


class DevTools:
    """One page of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, tmp_path: Path, *, width: int = 1280, height: int = 1000) -> None:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp_path))
        self.process = subprocess.Popen(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                f"--window-size={width},{height}",
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
        sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS)
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
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        answer = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
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

    def open(self, url: str, *, width: int | None = None, height: int = 1000) -> None:
        """Load `url` (at a viewport `width` CSS pixels wide, if given) and wait for its load."""
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Log.enable")
        if width is not None:
            self.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=True,
            )
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def wait_until(self, expression: str) -> Any:
        """The value of `expression` once it is truthy (polled; a failure after WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"the page never made {expression!r} true")
            time.sleep(0.1)

    def console(self) -> list[str]:
        """Every script error, console message and browser log entry the page produced so far."""
        with contextlib.suppress(TimeoutError):  # take in what has arrived
            self.call("Runtime.evaluate", expression="0")
        found: list[str] = []
        for message in self.events:
            method, params = message.get("method"), message.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                found.append(f"exception: {details.get('exception', {}).get('description')}")
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(arg.get("value", arg.get("description"))) for arg in params["args"]
                )
                found.append(f"console.{params['type']}: {text}")
            elif method == "Log.entryAdded":
                entry = params["entry"]
                found.append(f"log {entry['level']}: {entry['text']} {entry.get('url', '')}")
        return found

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=60)


@contextlib.contextmanager
def devtools(tmp_path: Path) -> Iterator[DevTools]:
    """A DevTools-driven Chromium, closed afterwards."""
    browser = DevTools(tmp_path)
    try:
        yield browser
    finally:
        browser.close()
