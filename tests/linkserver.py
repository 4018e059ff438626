"""A web server on 127.0.0.1 for the link tests: every kind of answer a link check meets.

Started in a thread by the tests (never reaching beyond this machine). Paths:

- `/ok` 200; `/301`, `/308` permanent and `/302`, `/307` temporary redirects to `/ok`;
  `/301-to-missing` a permanent redirect to a 404;
- `/missing` 404, `/gone` 410, `/error` 500, `/unavailable` 503, `/forbidden` 403;
- `/no-head` answers HEAD with 405 and GET with 200;
- `/loop/a` and `/loop/b` redirect to each other; `/chain/N` takes N redirects to reach 200;
- `/slow` answers only when the test ends (past any timeout); `/delay` after `delay` seconds;
- `/huge` announces a 2 GiB body (HEAD is refused, so GET is used) and streams it until the
  client hangs up, counting what it sent; `/closes` hangs up in the middle of its headers;
- `/flaky` fails with 503 once, then answers 200; `/cookie` sets a cookie and redirects to
  itself, answering 200 once the cookie comes back;
- `/drip` sends its headers a byte at a time (for half a minute); `/head-hangs` never answers
  HEAD (until the test ends) and answers GET at once; `/spaced` redirects to a `Location` with a
  space and a non-ASCII letter in it, which `/landing/a%20b/%C3%A9` (and only that) answers;
  `/short-body` announces 1000 bytes and sends 5; `/not-http` answers with a page and no status
  line; `/bomb` (GET only) is 16 MiB of zeros gzipped into some 16 KiB;
- `/wayback/available` and `/save/URL`, a fake Wayback Machine (`snapshots`, `saveable`), whose
  snapshots `/web/TIMESTAMP/URL` answer 200; `available_status` and `available_body` replace its
  answer, `available_gzip` sends it gzipped.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HUGE = 2 * 2**30
BLOCK = b"\0" * 65536
BOMB = gzip.compress(b"\0" * 16 * 2**20)
DRIP = b"X-Drip: " + b"d" * 300  # 30 s at one byte every 0.1 s


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class State:
    """What a test configures and what the server observed."""

    delay: float = 0.1
    snapshots: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # url -> (timestamp, status)
    saveable: set[str] = field(default_factory=set)
    available_status: int = 200
    available_body: bytes | None = None
    available_gzip: bool = False
    seen: list[Seen] = field(default_factory=list)
    huge_sent: int = 0
    active: int = 0
    most_active: int = 0
    flaky_calls: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    first_slow: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, {"Location": location})

    def _answer(self, method: str) -> None:
        state = self.server.state
        with state.lock:
            state.seen.append(Seen(method, self.path, dict(self.headers.items())))
        path = urlsplit(self.path).path
        routes = {
            "/ok": lambda: self._send(200, body=b"ok"),
            "/301": lambda: self._redirect(301, "/ok"),
            "/308": lambda: self._redirect(308, "/ok"),
            "/302": lambda: self._redirect(302, "/ok"),
            "/307": lambda: self._redirect(307, "/ok"),
            "/301-to-missing": lambda: self._redirect(301, "/missing"),
            "/missing": lambda: self._send(404, body=b"not here"),
            "/gone": lambda: self._send(410),
            "/error": lambda: self._send(500),
            "/unavailable": lambda: self._send(503),
            "/forbidden": lambda: self._send(403),
            "/loop/a": lambda: self._redirect(302, "/loop/b"),
            "/loop/b": lambda: self._redirect(302, "/loop/a"),
            "/no-head": self._no_head,
            "/slow": self._slow,
            "/delay": self._delay,
            "/huge": self._huge,
            "/closes": self._closes,
            "/flaky": self._flaky,
            "/cookie": self._cookie,
            "/wayback/available": self._available,
            "/drip": self._drip,
            "/head-hangs": self._head_hangs,
            "/spaced": self._spaced,
            "/landing/a%20b/%C3%A9": lambda: self._send(200),
            "/short-body": self._short_body,
            "/not-http": self._not_http,
            "/bomb": self._bomb,
        }
        if path in routes:
            routes[path]()
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            if left:
                self._redirect(302, f"/chain/{left - 1}")
            else:
                self._send(200)
        elif path.startswith("/save/"):
            self._save()
        elif path.startswith("/web/"):
            self._send(200, body=b"archived copy")
        else:
            self._send(404)

    def _no_head(self) -> None:
        if self.command == "HEAD":
            self._send(405, {"Allow": "GET"})
        else:
            self._send(200, body=b"got it")

    def _slow(self) -> None:
        self.server.state.first_slow.set()
        self.server.state.release.wait(60)
        with suppress(OSError):
            self._send(200)

    def _delay(self) -> None:
        state = self.server.state
        with state.lock:
            state.active += 1
            state.most_active = max(state.most_active, state.active)
        try:
            time.sleep(state.delay)
        finally:
            with state.lock:
                state.active -= 1
        self._send(200)

    def _huge(self) -> None:
        if self.command == "HEAD":
            self._send(405)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        sent = 0
        try:
            while sent < HUGE and not self.server.state.release.is_set():
                self.wfile.write(BLOCK)
                sent += len(BLOCK)
                self.server.state.huge_sent = sent
        except OSError:
            pass  # the client hung up, as it should
        self.close_connection = True

    def _closes(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Ty")
        self.wfile.flush()
        self.close_connection = True

    def _raw(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def _drip(self) -> None:
        try:
            self._raw(b"HTTP/1.1 200 OK\r\n")
            for byte in DRIP:
                if self.server.state.release.wait(0.1):
                    break
                self._raw(bytes([byte]))
            self._raw(b"\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True

    def _head_hangs(self) -> None:
        if self.command == "HEAD":
            self.server.state.release.wait(60)
            self.close_connection = True
        else:
            self._send(200, body=b"got it")

    def _spaced(self) -> None:
        location = "/landing/a b/\u00e9".encode()
        self._raw(b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n")

    def _short_body(self) -> None:
        if self.command == "HEAD":
            self._send(405)
            return
        self._raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort")
        self.close_connection = True

    def _not_http(self) -> None:
        self._raw(b"<html><body>hello</body></html>\r\n\r\n")
        self.close_connection = True

    def _bomb(self) -> None:
        if self.command == "HEAD":
            self._send(405)
            return
        self._send(200, {"Content-Encoding": "gzip"}, BOMB)

    def _flaky(self) -> None:
        state = self.server.state
        with state.lock:
            state.flaky_calls += 1
            first = state.flaky_calls == 1
        self._send(503 if first else 200)

    def _cookie(self) -> None:
        if "visited=yes" in (self.headers.get("Cookie") or ""):
            self._send(200)
        else:
            self._send(302, {"Location": "/cookie", "Set-Cookie": "visited=yes; Path=/"})

    def _available(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        url = query.get("url", [""])[0]
        found = self.server.state.snapshots.get(url)
        closest = {}
        if found is not None:
            timestamp, status = found
            closest = {
                "closest": {
                    "available": True,
                    "url": f"{self.server.base}/web/{timestamp}/{url}",
                    "timestamp": timestamp,
                    "status": status,
                }
            }
        state = self.server.state
        body = json.dumps({"url": url, "archived_snapshots": closest}).encode()
        if state.available_body is not None:
            body = state.available_body
        headers = {"Content-Type": "application/json"}
        if state.available_gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(state.available_status, headers, body)

    def _save(self) -> None:
        url = self.path[len("/save/") :]
        if url in self.server.state.saveable:
            self._send(302, {"Location": f"/web/20240501093000/{url}"})
        else:
            self._send(523, body=b"could not save")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: State
    base: str


@dataclass
class LinkServer:
    """A running server: its base address (`http://127.0.0.1:PORT`) and its state."""

    base: str
    state: State

    def url(self, path: str) -> str:
        """The full address of a path on this server."""
        return f"{self.base}{path}"


@contextmanager
def serving(host: str = "127.0.0.1", state: State | None = None) -> Iterator[LinkServer]:
    """A server on `host` (a loopback address) and a free port, stopped afterwards; servers
    given the same `state` count their requests together."""
    server = _Server((host, 0), _Handler)
    server.state = state or State()
    server.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="test-link-server", daemon=True)
    thread.start()
    try:
        yield LinkServer(server.base, server.state)
    finally:
        server.state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)
