"""Preview hardening: Host-header check (DNS rebinding), long paths, and a warning on wide binds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_preview import FakeConnection
from widget.preview import bind_warning
from widget.preview_server import PreviewHandler, PreviewState, Site, host_allowed, respond


class BoundServer:
    def __init__(self, state: PreviewState, address: tuple[str, int]) -> None:
        self.state = state
        self.server_address = address


def handle(site: Site, request: bytes, bound: tuple[str, int] = ("127.0.0.1", 8000)) -> bytes:
    connection = FakeConnection(request)
    server = BoundServer(PreviewState(site), bound)
    PreviewHandler(connection, ("127.0.0.1", 50000), server)  # type: ignore[arg-type]
    return bytes(connection.sent)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.html").write_text("<p>invented</p>")
    return Site.at(tmp_path / "out", "/w/")


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"]
)
def test_the_loopback_names_with_the_port_are_served(site: Site, host: str) -> None:
    answer = handle(site, f"GET /w/a.html HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 200 OK\r\n")


@pytest.mark.parametrize(
    "request_head",
    [
        b"GET /w/a.html HTTP/1.1\r\nHost: attacker.example:8000\r\n\r\n",
        b"GET /w/a.html HTTP/1.1\r\nHost: localhost:9999\r\n\r\n",
        b"GET /w/a.html HTTP/1.1\r\nHost: localhost.attacker.example:8000\r\n\r\n",
        b"GET /w/a.html HTTP/1.0\r\n\r\n",
        b"GET /__widget/events HTTP/1.1\r\nHost: rebind.example:8000\r\n\r\n",
    ],
)
def test_any_other_host_gets_400_and_nothing_of_the_site(site: Site, request_head: bytes) -> None:
    answer = handle(site, request_head)
    assert answer.startswith(b"HTTP/1.0 400 ")
    assert b"invented" not in answer


def test_a_wide_bind_accepts_address_literals_but_never_a_name() -> None:
    assert host_allowed("192.168.1.20:8000", ("0.0.0.0", 8000))
    assert host_allowed("[fe80::1]:8000", ("::", 8000))
    assert not host_allowed("intranet.example:8000", ("0.0.0.0", 8000))
    assert not host_allowed("127.0.0.1:80", ("127.0.0.1", 8000))
    assert host_allowed("127.0.0.1", ("127.0.0.1", 80))


@pytest.mark.parametrize("length", [300, 10_000, 70_000])
def test_a_very_long_path_is_an_error_status_not_a_traceback(site: Site, length: int) -> None:
    path = "/w/" + "a" * length
    assert respond(site, path).status in {404, 414}
    answer = handle(site, f"GET {path} HTTP/1.1\r\nHost: localhost:8000\r\n\r\n".encode())
    assert answer.split(b" ", 2)[1] in {b"404", b"414"}


def test_a_long_path_of_many_segments_is_not_found(site: Site) -> None:
    assert respond(site, "/w/" + "a/" * 5000 + "x.html").status in {404, 414}


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_binds_need_no_warning(host: str) -> None:
    assert bind_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_any_other_bind_gets_a_one_line_warning(host: str) -> None:
    warning = bind_warning(host)
    assert warning is not None and "\n" not in warning and host in warning
