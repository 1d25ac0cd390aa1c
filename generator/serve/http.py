"""The preview's HTTP server: the site's files, the live-reload script and event stream, a status page."""

from __future__ import annotations

import errno
import json
import logging
import queue
import re
import socket
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import DigestError
from .ahead import AheadPages
from .livereload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, STATUS_PATH, LiveReload
from .locate import content_type, locate, output_path

log = logging.getLogger(__name__)

#: A comment line sent on quiet event streams, so that a closed browser is noticed.
KEEPALIVE_SECONDS = 15.0
#: How long a connection may stay silent (while sending a request, or reading an answer) before it is dropped.
REQUEST_TIMEOUT = 20.0
#: Connections waiting to be accepted; many browsers tabs or a burst of requests must not be refused.
QUEUE_SIZE = 256
_ALLOWED = "GET, HEAD"
#: Longer page paths given by an event stream are cut (they are only compared with the site's).
MAX_PAGE_PATH = 1000

_REFUSED = {403: b"403 Forbidden\n", 414: b"414 URI Too Long\n"}
#: Control characters: never in a request line (a tab is taken for a space, as Python's parser does).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

_NO_SITE = b"<!doctype html><meta charset=utf-8><title>digest serve</title><body><p>No page here.</p></body>"


def request_line_problem(line: str) -> str | None:
    """Why a request line (its line end removed) is refused before Python's parser sees it; None if it is not.

    Python's parser takes a line of two words (`GET /`) for HTTP/0.9, which has no headers, and
    then waits for headers all the same: such a line is answered 400 at once instead.
    """
    if _CONTROL.search(line):
        return "Control character in the request line"
    words = line.split()
    if not words:
        return "Empty request line"
    if len(words) == 2:
        return "Request line without an HTTP version"
    return None


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server for one site folder; binding problems are one-line DigestErrors."""

    daemon_threads = True
    request_queue_size = QUEUE_SIZE

    def __init__(self, host: str, port: int, root: Path, live: LiveReload, status: Callable[[], dict[str, Any]],
                 request_timeout: float = REQUEST_TIMEOUT):
        self.root = root
        self.live = live
        self.ahead = AheadPages()
        """Pages of the build in progress shown before it ends (served from memory; other pages wait)."""
        self.status = status
        self.request_timeout = request_timeout
        if ":" in host:
            self.address_family = socket.AF_INET6
        try:
            super().__init__((host, port), PreviewHandler)
        except OSError as err:
            hint = ("stop the program using it, or pass --port 0 to pick a free port"
                    if err.errno == errno.EADDRINUSE else "check --host and --port")
            raise DigestError(f"cannot serve on {host}:{port}: {err.strerror or err} ({hint})") from None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is routine; anything else is logged with its traceback (not printed)."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug("connection from %s ended: %s", client_address, error)
        else:
            log.error("error answering %s", client_address, exc_info=error)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD of site files (HTML with the live-reload script), the event stream and the status."""

    server: PreviewServer
    server_version = "digest-serve"
    default_request_version = "HTTP/1.0"  # error answers to garbage get a status line (not HTTP/0.9's bare body)

    def setup(self) -> None:
        self.timeout = self.server.request_timeout  # a silent or slow client never holds its thread for ever
        super().setup()

    def parse_request(self) -> bool:
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        problem = request_line_problem(line)
        if problem is None:
            return super().parse_request()
        # What Python's parser sets before it refuses a request line itself: the answer gets a status line.
        self.command, self.request_version, self.requestline = None, self.default_request_version, line
        self.close_connection = True
        self.send_error(HTTPStatus.BAD_REQUEST, problem)
        return False

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _refuse_method(self) -> None:
        self.close_connection = True  # a body it may have sent is not read
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", b"405 Method Not Allowed\n", False,
                   {"Allow": _ALLOWED, "Connection": "close"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _answer(self, head: bool) -> None:
        try:
            request = urlsplit(self.path)
        except ValueError:  # an absolute URL with a broken host, such as `http://[/`
            self.send_error(HTTPStatus.BAD_REQUEST, "Invalid request target")
            return
        path = request.path
        if path == EVENTS_PATH and not head:
            self._stream_events(parse_qs(request.query).get("page", [None])[0])
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", SCRIPT.encode(), head)
        elif path == STATUS_PATH:
            body = json.dumps(self.server.status(), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, "application/json", body, head)
        else:
            self._send_file(path, head)

    def _send_file(self, path: str, head: bool) -> None:
        wanted = output_path(path)
        ahead = self.server.ahead.page(wanted)
        if ahead is not None and wanted is not None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.live.inject(ahead, wanted), head)
            return
        found = locate(self.server.root, path)
        if found.redirect is not None:
            self._send(HTTPStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", b"", head,
                       {"Location": found.redirect})
            return
        if found.status in _REFUSED:
            self._send(HTTPStatus(found.status), "text/plain; charset=utf-8", _REFUSED[found.status], head)
            return
        served = ""  # no page of its own (a missing one): any change may bring it, so any change reloads it
        if found.file is None:
            body, kind = _NO_SITE, "text/html; charset=utf-8"
        else:
            try:
                body, kind = found.file.read_bytes(), content_type(found.file)
                if found.status == 200:
                    served = found.file.relative_to(self.server.root.resolve()).as_posix()
            except OSError:  # replaced or removed by a rebuild since it was located
                body, kind = _NO_SITE, "text/html; charset=utf-8"
        if kind.startswith("text/html"):
            body = self.server.live.inject(body, served)
        self._send(HTTPStatus(found.status), kind, body, head)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream_events(self, page: str | None) -> None:
        """Hold the connection open and write each event for this browser (showing `page`) until it leaves."""
        events = self.server.live.subscribe(page[:MAX_PAGE_PATH] if page else None)
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            while True:
                try:
                    event = events.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if event is None:
                    break
                self.wfile.write(event.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            log.debug("event stream closed by %s", self.address_string())
        finally:
            self.server.live.unsubscribe(events)
            self.close_connection = True
