"""The only code that speaks HTTP: one pooled client, polite to each host, stoppable at once.

Everything that goes over the network (link checks, the archive service) goes through `Client`:

- one connection pool for the whole run, with a timeout on every request;
- at most `per_host` requests in flight to any one host, however many threads ask;
- redirects are never followed here: the caller sees each answer and decides (so loops and
  chains can be reported, and a permanent redirect is noticed);
- a body is read to at most `MAX_BODY` bytes, whatever the server announces or sends;
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
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    """A request that got no usable answer; `kind` says why (timeout, no-such-host, ...)."""

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

    @property
    def status_text(self) -> str:
        """`404 Not Found`."""
        return f"{self.status} {self.reason}".strip()


class _TrackedStream(httpcore.NetworkStream):
    """A connection the client can shut down from another thread (Ctrl-C)."""

    def __init__(self, inner: httpcore.NetworkStream, owner: Client) -> None:
        self._inner = inner
        self._owner = owner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
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
        self._lock = threading.Lock()
        self._streams: set[_TrackedStream] = set()
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
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
            follow_redirects=False,
            cookies=no_cookies,
            timeout=timeout,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection."""
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
        if self.stopped.is_set():
            stream.shut_down()

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
            request = self._client.build_request(method, url, timeout=httpx.Timeout(seconds))
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as error:
            raise NetworkError(
                "bad-url", f"not an address that can be requested: {error}"
            ) from None
        if cookies is not None:
            cookies.set_cookie_header(request)
        slot = self._slot((request.url.host or "").lower())
        self._wait_for(slot)
        try:
            started = time.monotonic()
            response = self._client.send(request, stream=True)
            try:
                body = _read_bounded(response.iter_raw(), started + seconds) if read_body else b""
            finally:
                response.close()
        except httpx.HTTPError as error:
            raise self._mapped(error, seconds) from None
        except (httpx.InvalidURL, ValueError) as error:
            raise NetworkError(
                "bad-url", f"not an address that can be requested: {error}"
            ) from None
        finally:
            slot.release()
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
        )

    def _mapped(self, error: httpx.HTTPError, seconds: float) -> NetworkError:
        if self.stopped.is_set():
            return NetworkError("stopped", "interrupted")
        if isinstance(error, httpx.TimeoutException):
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
                return NetworkError("connection", "connection refused")
            if isinstance(cause, OSError) and cause.errno in (
                errno.ENETUNREACH,
                errno.EHOSTUNREACH,
            ):
                return NetworkError("connection", f"cannot reach the host: {cause.strerror}")
        if isinstance(error, httpx.RemoteProtocolError):
            return NetworkError("protocol", "the server closed the connection mid-answer")
        if isinstance(error, httpx.ReadError | httpx.WriteError):
            return NetworkError("connection", "the connection was lost mid-answer")
        if isinstance(error, httpx.ConnectError):
            return NetworkError("connection", f"cannot connect: {error}")
        return NetworkError("connection", str(error) or type(error).__name__)


def _read_bounded(chunks: Iterator[bytes], give_up_at: float) -> bytes:
    """At most `MAX_BODY` bytes of a body, and nothing once the request's time is up."""
    received: list[bytes] = []
    size = 0
    for chunk in chunks:
        received.append(chunk)
        size += len(chunk)
        if size >= MAX_BODY or time.monotonic() > give_up_at:
            break
    return b"".join(received)[:MAX_BODY]


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
