"""The preview server under load and under malformed HTTP: it answers 4xx or closes, and keeps serving.

The server is the one `digest serve` runs (`DevServer`), in this process so that its threads
can be counted, on a free port of 127.0.0.1.
"""

from __future__ import annotations

import http.client
import logging
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cache import AnnotationCache
from generator.config import load_config
from generator.serve import DevServer
from test_build import make_fixture_site
from test_serve_units import wait_until

CLIENTS = 200
LOAD_SECONDS = 10.0
#: How long the server waits for a silent client (short here; the default is longer).
REQUEST_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, annotator) -> Iterator[DevServer]:
    root = tmp_path_factory.mktemp("robust")
    site = make_fixture_site(root / "src")
    config = load_config(site / "digest.toml", output=root / "preview")
    with DevServer(config, port=0, annotator=annotator, cache=AnnotationCache(None),
                   request_timeout=REQUEST_TIMEOUT) as running:
        wait_until(running.idle.is_set, seconds=120)  # the pipelines loaded ahead of edits: no thread comes later
        yield running


def address(server: DevServer) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    return host, int(port)


def fetch(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*address(server), timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def exchange(server: DevServer, data: bytes, *, shut_write: bool = False, timeout: float = 10.0) -> bytes:
    """Send raw bytes, then read everything the server answers until it closes the connection."""
    with socket.create_connection(address(server), timeout=timeout) as sock:
        sock.sendall(data)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(answer: bytes) -> int | None:
    """The status code of a raw answer; None when the server closed without one."""
    if not answer:
        return None
    line = answer.split(b"\r\n", 1)[0].split()
    assert line[0].startswith(b"HTTP/1."), answer[:200]
    return int(line[1])


def still_serving(server: DevServer) -> None:
    code, _, body = fetch(server, "/")
    assert code == 200 and b"</html>" in body


# ---- many clients ---------------------------------------------------------------------------------


def test_200_concurrent_clients_for_10_seconds_get_full_answers_and_leave_no_threads(server):
    site = server.session.config.output_path
    paths = ["/", "/glossary/", "/entities/", "/static/style.css", "/static/search.js", "/feed.xml",
             "/no/such/page/", "/articles/2021-12-29-seed/", "/missing.css"]
    paths += sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in (site / "articles").glob("*/index.html"))
    expected = {path: fetch(server, path)[::2] for path in paths}  # (status, body) as served before the load
    assert {code for code, _ in expected.values()} == {200, 404}
    baseline = threading.active_count()
    errors: list[str] = []
    done = [0] * CLIENTS
    start = threading.Barrier(CLIENTS + 1)
    deadline = [0.0]

    def client(n: int) -> None:
        start.wait()
        k = n
        while time.monotonic() < deadline[0]:
            path = paths[k % len(paths)]
            k += 1
            try:
                code, headers, body = fetch(server, path)
            except (OSError, http.client.HTTPException) as err:
                errors.append(f"{path}: {type(err).__name__}: {err}")
                continue
            if (code, body) != expected[path] or int(headers["Content-Length"]) != len(body):
                errors.append(f"{path}: {code}, {len(body)} bytes")
            done[n] += 1

    clients = [threading.Thread(target=client, args=(n,), name=f"load-{n}") for n in range(CLIENTS)]
    for thread in clients:
        thread.start()
    deadline[0] = time.monotonic() + LOAD_SECONDS
    start.wait()
    for thread in clients:
        thread.join(timeout=LOAD_SECONDS + 60)
    assert not any(thread.is_alive() for thread in clients)
    assert errors == [], f"{len(errors)} errors, such as {errors[:5]}"
    assert min(done) >= 1, "every client got answers"
    wait_until(lambda: threading.active_count() <= baseline, seconds=30)
    still_serving(server)


# ---- malformed requests ----------------------------------------------------------------------------


MALFORMED = {
    "garbage bytes": (b"\x00\xff\xfe\x16\x03\x01 garbage\r\n\r\n", {400}),
    "a TLS hello on the plain port": (bytes.fromhex("16030100a5010000a10303") + b"\x00" * 40 + b"\r\n\r\n", {400}),
    "a request line without version": (b"GET /\r\n\r\n", {400}),
    "a request line of one word": (b"GET\r\n\r\n", {400}),
    "a request line of four words": (b"GET / x HTTP/1.1\r\n\r\n", {400}),
    "an unknown HTTP version": (b"GET / HTTP/9.9\r\n\r\n", {505}),
    "an absurdly long request line": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", {414}),
    "an absurdly long header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", {431}),
    "too many headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(150)) + b"\r\n",
                         {431}),
    "a header without a colon": (b"GET / HTTP/1.1\r\nHost x\r\n\r\n", {200, 400}),
    "bad percent-encoding": (b"GET /%zz%/%ff%fe%c3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "an encoded NUL": (b"GET /index.html%00.css HTTP/1.1\r\nConnection: close\r\n\r\n", {403, 404}),
    "a raw non-ASCII path": ("GET /artículos/ñandú/ HTTP/1.1\r\nConnection: close\r\n\r\n".encode(), {404}),
    "an encoded non-ASCII path": (b"GET /art%C3%ADculos/%F0%9F%92%A5/ HTTP/1.1\r\nConnection: close\r\n\r\n", {404}),
    "a POST": (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", {405}),
    "an OPTIONS": (b"OPTIONS * HTTP/1.1\r\nConnection: close\r\n\r\n", {405}),
    "a PUT": (b"PUT /index.html HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", {405}),
    "a DELETE": (b"DELETE /index.html HTTP/1.1\r\nConnection: close\r\n\r\n", {405}),
    "an unknown method": (b"BREW /pot HTTP/1.1\r\nConnection: close\r\n\r\n", {501}),
    "an absolute URL as the target": (b"GET http://evil.example/../../etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n",
                                      {403, 404}),
    "a request cut off before its headers end": (b"GET / HTTP/1.1\r\nHost: x\r\n", {None, 200}),  # EOF ends them
    # Python's parser answers neither: it waits for headers after `GET /`, and closes on an empty line.
    "an HTTP/0.9 request line alone": (b"GET /\r\n", {400}),
    "an empty request line": (b"\r\n", {400}),
    # Paths the file system refuses to look up (too long a name, too long a path) must still get an answer.
    "a path segment of 256 bytes": (b"GET /" + b"a" * 256 + b" HTTP/1.1\r\n\r\n", {414}),
    "a path segment of 255 bytes": (b"GET /" + b"a" * 255 + b" HTTP/1.1\r\n\r\n", {404}),
    "a long percent-encoded segment": (b"GET /articles/" + b"%61" * 256 + b"/ HTTP/1.1\r\n\r\n", {414}),
    "a HEAD of a long segment": (b"HEAD /" + b"a" * 300 + b" HTTP/1.1\r\n\r\n", {414}),
    "a segment of 300 dots": (b"GET /" + b"." * 300 + b" HTTP/1.1\r\n\r\n", {414}),
    "a .. among long segments": (b"GET /" + b"a" * 300 + b"/../" + b"b" * 300 + b" HTTP/1.1\r\n\r\n", {403}),
    "20,000 segments": (b"GET " + b"/a" * 20_000 + b" HTTP/1.1\r\n\r\n", {414}),
    "a request line of 64 KB": (b"GET /" + b"a" * (65_536 - 16) + b" HTTP/1.1\r\n\r\n", {414}),
    "a 60 KB query string": (b"GET /?q=" + b"a" * 60_000 + b" HTTP/1.1\r\n\r\n", {200}),
    "a NUL byte in the request line": (b"GET /a\x00b HTTP/1.1\r\n\r\n", {400}),
    "a bare CR in the request line": (b"GET /a\rb HTTP/1.1\r\n\r\n", {400}),
    "an absolute URL with a broken host": (b"GET http://[/x HTTP/1.1\r\n\r\n", {400}),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_request_gets_an_error_or_a_closed_connection_and_serving_goes_on(server, case, capfd, caplog):
    data, allowed = MALFORMED[case]
    answer = exchange(server, data, shut_write=case.startswith("a request cut off"))
    assert status_of(answer) in allowed, answer[:300]
    if status_of(answer) == 405:
        assert b"\r\nAllow: GET, HEAD\r\n" in answer
    if status_of(answer) in (400, 414) and not data.startswith(b"HEAD"):  # a short body, whole
        head, body = answer.split(b"\r\n\r\n", 1)
        assert 0 < len(body) < 1000 and b"\r\nContent-Length: %d\r\n" % len(body) in head + b"\r\n"
    still_serving(server)
    assert "Traceback" not in capfd.readouterr().err
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []  # such as `error answering`


def test_head_answers_the_headers_of_get_without_a_body(server):
    get_code, get_headers, body = fetch(server, "/")
    head_code, head_headers, nothing = fetch(server, "/", method="HEAD")
    assert (get_code, head_code) == (200, 200) and nothing == b""
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
    assert int(head_headers["Content-Length"]) == len(body)


def test_a_client_that_connects_and_says_nothing_is_dropped_without_holding_anyone(server):
    silent = [socket.create_connection(address(server), timeout=30) for _ in range(20)]
    try:
        started = time.monotonic()
        still_serving(server)  # answered while the silent ones wait
        for sock in silent:
            assert sock.recv(1024) == b""  # closed by the server, after its timeout
        assert time.monotonic() - started < 30
    finally:
        for sock in silent:
            sock.close()
    still_serving(server)


def test_a_client_that_stops_in_the_middle_of_its_headers_is_dropped(server):
    with socket.create_connection(address(server), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        still_serving(server)
        assert sock.recv(1024) == b""  # closed by the server, after its timeout


def test_a_half_closed_connection_still_gets_its_whole_answer(server):
    _, _, body = fetch(server, "/")
    answer = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", shut_write=True)
    assert status_of(answer) == 200
    assert answer.endswith(body)


def test_keep_alive_requests_on_one_connection_are_all_answered(server):
    connection = http.client.HTTPConnection(*address(server), timeout=10)
    try:
        for path in ("/", "/glossary/", "/no/such/"):
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status in (200, 404) and response.read().endswith(b"</html>")
    finally:
        connection.close()


def test_a_client_that_resets_mid_answer_is_no_error(server, capfd):
    for _ in range(20):
        sock = socket.create_connection(address(server), timeout=10)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
        sock.sendall(b"GET /static/search.js HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.close()
    still_serving(server)
    assert "Traceback" not in capfd.readouterr().err


def test_the_server_reads_no_file_outside_the_site_whatever_the_encoding(server, tmp_path: Path):
    for target in ("/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cetc/passwd", "/%252e%252e/etc/passwd",
                   "/static/..%2f..%2f..%2fetc/passwd", "/\\..\\..\\etc\\passwd"):
        answer = exchange(server, f"GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n".encode())
        assert status_of(answer) in (403, 404) and b"root:" not in answer, target
