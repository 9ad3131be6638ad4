import socket

import pytest
import requests

from tests.conftest import NetworkBlocked, env_flag


def test_a_real_request_fails_the_test() -> None:
    with pytest.raises(NetworkBlocked):
        requests.get("https://api.twitter.com/2/users/by/username/example", timeout=1)


def test_connecting_to_a_public_address_is_blocked() -> None:
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("192.0.2.1", 443))


def test_loopback_stays_open() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("False", False), ("0", False), ("", False), ("no", False)],
)
def test_environment_flags_are_not_truthy_strings(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("WIDGET_SOME_FLAG", value)
    assert env_flag("WIDGET_SOME_FLAG") is expected
