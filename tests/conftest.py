"""Shared test set-up: the network guard and the real-data tier."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import widget.media
from tests.fake_server import FakeServer
from tests.media_support import Harness

# A slow or busy machine must not fail a property on Hypothesis' 200 ms deadline per example;
# each test bounds its own work by ``max_examples``.
settings.register_profile("widget", deadline=None)
settings.load_profile("widget")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def env_flag(name: str) -> bool:
    """Reads an on/off environment variable; "0", "false", "no" and "" are off."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails any test that opens a connection beyond this machine's loopback."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not _is_loopback(address):
            raise NetworkBlocked(f"test tried to open a real network connection to {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_loopback(address):
            raise NetworkBlocked(f"test tried to open a real network connection to {address!r}")
        return real_connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_loopback((name,)):
            raise NetworkBlocked(f"test tried to resolve the real host {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """The real recorded data in ../shared/fixtures (never copied into this repository)."""
    path = Path(os.environ.get("WIDGET_SHARED_FIXTURES", REPO.parent / "shared" / "fixtures"))
    if not path.is_dir():
        reason = f"real-data tier: {path} is absent (set WIDGET_SHARED_FIXTURES to its folder)"
        if env_flag("WIDGET_REQUIRE_REALDATA"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


# --- the media tests' loopback image server ----------------------------------------------


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    with FakeServer() as server:
        yield Harness(server, tmp_path / "state" / "media", file_roots=(tmp_path,))


@pytest.fixture
def encodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts real re-encodings by wrapping the stage's encoder."""
    calls: list[int] = []
    real = widget.media.encode

    def counting(*args: object, **kwargs: object) -> widget.media.Encoded:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(widget.media, "encode", counting)
    return calls
