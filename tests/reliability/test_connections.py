"""Connections and proxy trust against a real uvicorn server (issue 16, findings 2 and 4).

The server runs the options ``assistant serve`` gives uvicorn (:func:`uvicorn_options`), with
the limits set small, on a free loopback port; the tests speak HTTP over raw sockets.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from assistant.settings import Settings
from assistant.channels.web.app import create_app
from assistant.channels.web.connections import uvicorn_options
from assistant.channels.web.local_server import free_port

from .kill_target import EchoAssistant

LIMITS = {"max_header_bytes": 4096, "header_timeout_s": 0.5, "keep_alive_s": 0.5, "max_connections": 4}


@contextmanager
def running(tmp_path, **overrides) -> Iterator[int]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'conn.sqlite3'}", rate_limit_per_minute=3,
                        **(LIMITS | overrides))
    app = create_app(settings, assistant_factory=lambda _: EchoAssistant())
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def request(sock: socket.socket, path: str = "/health", headers: str = "") -> bytes:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode("latin-1"))
    return sock.recv(65536)


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server closes the connection (recv gives b"" or a reset) within the socket's timeout."""
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    with running(tmp_path_factory.mktemp("connections")) as port:
        yield port


def test_an_oversized_header_is_refused_and_the_connection_closed(port):
    # the attack sent 64 MB headers: the server stops reading past max_header_bytes of an unfinished head
    with connect(port) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ")
        reply = b""
        try:
            for _ in range(256):  # up to 1 MB, in pieces as a network delivers it
                sock.sendall(b"a" * 4096)
                time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            reply = sock.recv(65536)
        except ConnectionResetError:
            pass
        assert reply == b"" or reply.startswith((b"HTTP/1.1 400", b"HTTP/1.1 431"))
        assert closed_by_server(sock)


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(port):
    with connect(port) as sock:
        assert closed_by_server(sock)


def test_a_half_sent_request_head_is_closed_after_the_header_timeout(port):
    with connect(port) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert closed_by_server(sock)


def test_an_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout(port):
    with connect(port) as sock:
        assert request(sock).startswith(b"HTTP/1.1 200")
        assert closed_by_server(sock)


def test_past_the_connection_limit_a_request_gets_503(port):
    held = [connect(port) for _ in range(LIMITS["max_connections"])]
    try:
        with connect(port) as sock:
            assert request(sock).startswith(b"HTTP/1.1 503")
    finally:
        for sock in held:
            sock.close()


def ask_from_loopback(port: int, forwarded_for: str) -> int:
    body = '{"question": "тәрбиеші"}'.encode()
    with connect(port) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     + f"X-Forwarded-For: {forwarded_for}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        return int(sock.recv(65536).split(b" ", 2)[1])


def test_by_default_no_proxy_is_trusted_not_even_on_loopback(port):
    # a rotating X-Forwarded-For (addresses and junk) is no new identity: 3 a minute, then 429
    statuses = [ask_from_loopback(port, forged) for forged in
                ["203.0.113.1", "203.0.113.2", "junk", "203.0.113.4", "1.1.1.1, 2.2.2.2"]]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_named_proxy_gives_each_forwarded_address_its_own_count_and_junk_none(tmp_path):
    with running(tmp_path, forwarded_allow_ips=["127.0.0.1"]) as port:
        assert [ask_from_loopback(port, f"203.0.113.{i}") for i in range(5)] == [200] * 5
        # junk is not an address: counted as the proxy's own (3 a minute)
        assert [ask_from_loopback(port, f"not-an-ip-{i}") for i in range(5)] == [200] * 3 + [429] * 2
