"""The only code that speaks HTTP: one pooled client, polite to each host, stoppable at once.

Everything that goes over the network (link checks, the archive service) goes through `Client`:

- one connection pool for the whole run, with a timeout on every request;
- at most `per_host` requests in flight to any one host, however many threads ask;
- redirects are never followed here: the caller sees each answer and decides (so loops and
  chains can be reported, and a permanent redirect is noticed);
- a request has `timeout` seconds in all (connecting, the headers, the body), however slowly a
  server drips its answer: a watchdog shuts the connection down when the time is up;
- a body is read to at most `MAX_BODY` bytes, whatever the server announces or sends, and a
  gzip or deflate body is decoded to at most `MAX_BODY` bytes too (a small body can expand
  a thousandfold); an answer whose body is cut off keeps its status (`complete` is False);
- cookies never outlive one link: the client keeps none, a caller may pass a jar per link;
- `stop()` makes every request in flight give up now (their sockets are shut down), which is
  what lets Ctrl-C end a run at once with every worker thread joined.
"""

from __future__ import annotations

import errno
import http.cookiejar
import socket
import ssl
import threading
import time
import zlib
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpcore
import httpx

from ant_timeline import __version__
from ant_timeline.links.pool import PER_HOST

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

PROJECT_URL = "https://pypi.org/project/ant-timeline/"
USER_AGENT = f"ant-timeline/{__version__} (+{PROJECT_URL})"
MAX_BODY = 64 * 1024  # bytes of a body read at most
_NO_SUCH_HOST = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class NetworkError(Exception):
    """A request that got no usable answer; `kind` says why: `timeout` (connected, no answer
    in time), `connect-timeout`, `no-such-host`, `refused`, `lost` (mid-answer), `protocol`
    (not HTTP, or closed without an answer), `tls`, `connection`, `bad-url`, `stopped`."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class Answer:
    """What one request got back: the status line, the headers we use, and a bounded body."""

    url: str
    method: str
    status: int
    reason: str
    location: str | None = None
    content_location: str | None = None
    body: bytes = b""
    complete: bool = True  # False when the body was cut off (by the server or by the time)

    @property
    def status_text(self) -> str:
        """`404 Not Found`."""
        return f"{self.status} {self.reason}".strip()


class _TrackedStream(httpcore.NetworkStream):
    """A connection the client can shut down from another thread (Ctrl-C)."""

    def __init__(self, inner: httpcore.NetworkStream, owner: Client) -> None:
        self._inner = inner
        self._owner = owner
        self.user = threading.get_ident()  # the thread whose request uses it now

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.user = threading.get_ident()
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.user = threading.get_ident()
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._owner._forget(self)
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self.user = threading.get_ident()
        self._inner = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return self

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def shut_down(self) -> None:
        """Wake whatever thread is blocked reading or writing this connection."""
        sock = self._inner.get_extra_info("socket")
        if sock is not None:
            with suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)


class _Backend(httpcore.SyncBackend):
    """httpcore's own sockets, each registered with the client while it is open."""

    def __init__(self, owner: Client) -> None:
        self._owner = owner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if self._owner.stopped.is_set():
            raise httpcore.ConnectError("stopped")
        stream = _TrackedStream(
            super().connect_tcp(host, port, timeout, local_address, socket_options), self._owner
        )
        self._owner._remember(stream)
        return stream


class Client:
    """The run's HTTP client (see the module docstring). Use it as a context manager."""

    def __init__(self, *, timeout: float = 10.0, jobs: int = 8, per_host: int = PER_HOST) -> None:
        self.timeout = timeout
        self.per_host = max(per_host, 1)
        self.stopped = threading.Event()
        self._lock = threading.Condition()
        self._streams: set[_TrackedStream] = set()
        # The watchdog: when each thread's request must be over, and the threads whose time
        # ran out (their request fails as a timeout, whatever error the shutdown caused).
        self._due: dict[int, float] = {}
        self._expired: set[int] = set()
        self._watchdog: threading.Thread | None = None
        self._closed = False
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        connections = max(jobs, 1) + self.per_host
        transport = httpx.HTTPTransport(retries=0)
        # httpx has no setting for the network backend; the pool it would build is replaced by
        # the same pool with ours, so that `stop()` can reach every socket.
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=5.0,
            network_backend=_Backend(self),
        )
        # Cookies are kept per link by the caller (see `request`), never across links.
        no_cookies = http.cookiejar.CookieJar(
            http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
        )
        self._client = httpx.Client(
            transport=transport,
            # Only the encodings `_read_bounded` can decode within its bound.
            headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            cookies=no_cookies,
            timeout=timeout,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection (and end the watchdog)."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
            watchdog = self._watchdog
        if watchdog is not None:
            watchdog.join()
        self._client.close()

    def stop(self) -> None:
        """Make every request in flight, and every later one, fail with kind `stopped`."""
        self.stopped.set()
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            stream.shut_down()

    def cookie_jar(self) -> httpx.Cookies:
        """An empty jar for the requests of one link (a site may set a cookie and redirect)."""
        return httpx.Cookies()

    def _remember(self, stream: _TrackedStream) -> None:
        with self._lock:
            self._streams.add(stream)
            expired = stream.user in self._expired
        if self.stopped.is_set() or expired:
            stream.shut_down()

    def _start_clock(self, seconds: float) -> int:
        """Give this thread's request `seconds` in all; the watchdog ends it after that."""
        ident = threading.get_ident()
        with self._lock:
            self._expired.discard(ident)
            self._due[ident] = time.monotonic() + seconds
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._watch, name="ant-timeline-http-watchdog", daemon=True
                )
                self._watchdog.start()
            self._lock.notify_all()
        return ident

    def _stop_clock(self, ident: int) -> bool:
        """The request of this thread is over; True when its time had run out."""
        with self._lock:
            self._due.pop(ident, None)
            expired = ident in self._expired
            self._expired.discard(ident)
            return expired

    def _watch(self) -> None:
        with self._lock:
            while not self._closed:
                now = time.monotonic()
                for ident in [ident for ident, due in self._due.items() if due <= now]:
                    del self._due[ident]
                    self._expired.add(ident)
                    for stream in self._streams:
                        if stream.user == ident:
                            stream.shut_down()
                soonest = min(self._due.values(), default=None)
                self._lock.wait(None if soonest is None else max(soonest - now, 0.0) + 0.01)

    def _forget(self, stream: _TrackedStream) -> None:
        with self._lock:
            self._streams.discard(stream)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.BoundedSemaphore(self.per_host)
            return slot

    def _wait_for(self, slot: threading.BoundedSemaphore) -> None:
        while not slot.acquire(timeout=0.1):
            if self.stopped.is_set():
                raise NetworkError("stopped", "interrupted")

    def request(
        self,
        method: str,
        url: str,
        *,
        read_body: bool = False,
        cookies: httpx.Cookies | None = None,
        timeout: float | None = None,
    ) -> Answer:
        """One request, never redirected; the body is read (to `MAX_BODY`) only if asked."""
        if self.stopped.is_set():
            raise NetworkError("stopped", "interrupted")
        seconds = self.timeout if timeout is None else timeout
        try:
            # httpx takes port 65537 for port 1, and asks port 0: neither is a port.
            port = urlsplit(url).port
            if port == 0:
                raise ValueError("port 0 is not a port")
            request = self._client.build_request(method, url, timeout=httpx.Timeout(seconds))
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as error:
            raise NetworkError(
                "bad-url", f"not an address that can be requested: {error}"
            ) from None
        if cookies is not None:
            cookies.set_cookie_header(request)
        slot = self._slot((request.url.host or "").lower())
        self._wait_for(slot)
        ident = self._start_clock(seconds)
        try:
            started = time.monotonic()
            response = self._client.send(request, stream=True)
            body, complete = b"", True
            try:
                if read_body:
                    body, complete = _read_bounded(
                        response.iter_raw(),
                        started + seconds,
                        response.headers.get("content-encoding", ""),
                    )
            finally:
                with suppress(httpx.HTTPError, OSError):  # a connection already broken
                    response.close()
        except httpx.HTTPError as error:
            expired = self._stop_clock(ident)
            raise self._mapped(error, seconds, expired=expired) from None
        except (httpx.InvalidURL, ValueError) as error:
            raise NetworkError(
                "bad-url", f"not an address that can be requested: {error}"
            ) from None
        finally:
            self._stop_clock(ident)
            slot.release()
        if self.stopped.is_set() and not complete:
            raise NetworkError("stopped", "interrupted")
        if cookies is not None:
            cookies.extract_cookies(response)
        headers = response.headers
        return Answer(
            url=url,
            method=method,
            status=response.status_code,
            reason=response.reason_phrase or httpx.codes.get_reason_phrase(response.status_code),
            location=headers.get("location"),
            content_location=headers.get("content-location"),
            body=body,
            complete=complete,
        )

    def _mapped(self, error: httpx.HTTPError, seconds: float, *, expired: bool) -> NetworkError:
        if self.stopped.is_set():
            return NetworkError("stopped", "interrupted")
        if isinstance(error, httpx.ConnectTimeout) and not expired:
            return NetworkError("connect-timeout", f"no answer within {seconds:g} s")
        if expired or isinstance(error, httpx.TimeoutException):
            return NetworkError("timeout", f"no answer within {seconds:g} s")
        for cause in _causes(error):
            if isinstance(cause, socket.gaierror):
                if cause.errno in _NO_SUCH_HOST:
                    return NetworkError("no-such-host", "no such host")
                return NetworkError("connection", f"cannot look up the host: {cause.strerror}")
            if isinstance(cause, ssl.SSLCertVerificationError):
                return NetworkError("tls", f"TLS certificate not accepted: {cause.verify_message}")
            if isinstance(cause, ssl.SSLError):
                return NetworkError("tls", f"TLS error: {cause.reason or cause}")
            if isinstance(cause, ConnectionRefusedError):
                return NetworkError("refused", "connection refused")
            if isinstance(cause, OSError) and cause.errno in (
                errno.ENETUNREACH,
                errno.EHOSTUNREACH,
            ):
                return NetworkError("connection", f"cannot reach the host: {cause.strerror}")
        if isinstance(error, httpx.RemoteProtocolError):
            if "without sending" in str(error) or "peer closed" in str(error):
                return NetworkError("protocol", "the server closed the connection mid-answer")
            return NetworkError("protocol", "the server's answer is not HTTP")
        if isinstance(error, httpx.ReadError | httpx.WriteError):
            return NetworkError("lost", "the connection was lost mid-answer")
        if isinstance(error, httpx.ConnectError):
            return NetworkError("connection", f"cannot connect: {error}")
        return NetworkError("connection", str(error) or type(error).__name__)


def _read_bounded(chunks: Iterator[bytes], give_up_at: float, encoding: str) -> tuple[bytes, bool]:
    """At most `MAX_BODY` bytes of a body (decoded, for gzip and deflate, within the same
    bound), and nothing once the request's time is up; and whether the body came whole (a
    body that breaks off, or runs past the bound or the time, did not)."""
    decoder = _decoder(encoding)
    received = bytearray()
    raw = 0
    try:
        for chunk in chunks:
            raw += len(chunk)
            if decoder is None:
                received += chunk
            else:
                data = chunk
                while data and len(received) < MAX_BODY:
                    received += decoder.decompress(data, MAX_BODY + 1 - len(received))
                    data = decoder.unconsumed_tail
            if len(received) > MAX_BODY or raw > MAX_BODY or time.monotonic() > give_up_at:
                return bytes(received[:MAX_BODY]), False
    except (httpx.HTTPError, zlib.error):
        return bytes(received[:MAX_BODY]), False
    if decoder is not None and not decoder.eof:
        return bytes(received[:MAX_BODY]), False
    return bytes(received[:MAX_BODY]), len(received) <= MAX_BODY


def _decoder(encoding: str) -> Any:
    """A bounded decoder for a `Content-Encoding` we asked for, else None (kept as it came)."""
    name = encoding.strip().lower()
    if name in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if name == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib-wrapped (the standard's deflate)
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
