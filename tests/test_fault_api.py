"""Fault tier: every API failure after a first build is one line, exit 3, nothing lost.

A loopback fake API (tests/fake_server.py, 127.0.0.1 only) answers a first and a
steady-state build from the invented recordings in tests/data; the cached answers are
then expired, as in any CI run after those, so the HTTP cache holds an expired answer
for the very request the next build sends, and that build meets one fault: 401, 403, 404,
429 with a reset time, 5xx, or a server that does not answer in time. Each fault's
error body echoes the token, as some APIs do. The build must say the fault in one
line (the reason, and that the stored posts are served), exit 3, keep the previous
widget and the stored posts, and never show a traceback, the cache's own warning or
the token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from click.testing import CliRunner, Result

import widget.fetch
import widget.http
import widget.media_check
from tests.fake_server import FakeServer
from widget.cli import main
from widget.errors import EXIT_DEGRADED
from widget.http import DeadlineAdapter, make_session

DATA = Path(__file__).parent / "data"
SECRET = "AAAAfictionalBearerTokenEchoedBack0000000000"
RESET = "1893587400"  # 2030-01-02 12:30 UTC
RESET_TEXT = "resets at 2030-01-02 12:30 UTC"


@dataclass(frozen=True)
class Network:
    name: str
    source: str
    account: str
    routes: dict[str, tuple[Path, str]]
    """Path on the fake API → (recorded invented body, content type)."""
    faulty: str
    """The path whose answer turns into the fault on the second build."""
    rate_limit_header: str
    expected: dict[str, str]
    """Fault → what its one line must say."""


JSON = "application/json"
X_USER = DATA / "recorded" / "kommune_test"
MASTODON_USER = DATA / "mastodon" / "borgerdemo@social.example"
BLUESKY_USER = DATA / "bluesky" / "udenrigs-demo.bsky.example"

NETWORKS = [
    Network(
        "x",
        "x:kommune_test",
        "x:kommune_test",
        {
            "/2/users/by/username/kommune_test": (X_USER / "user.json", JSON),
            "/2/users/1000000000000000001/tweets": (X_USER / "tweets-1.json", JSON),
        },
        "/2/users/1000000000000000001/tweets",
        "x-rate-limit-reset",
        {
            "401": "the API refused the token (401 Unauthorized); check X_BEARER_TOKEN",
            "403": "the API denied access (403 Forbidden)",
            "404": "no X account @kommune_test was found (404 Not Found)",
            "429": f"the API's rate limit is used up (429 Too Many Requests); it {RESET_TEXT}",
            "503": "the API failed (503 Service Unavailable); try again later",
            "timeout": "the API did not answer in time",
        },
    ),
    Network(
        "mastodon",
        "mastodon:borgerdemo@social.example",
        "mastodon:borgerdemo@social.example",
        {
            "/api/v1/accounts/lookup": (MASTODON_USER / "account.json", JSON),
            "/api/v1/accounts/109000000000000001/statuses": (
                MASTODON_USER / "statuses-1.json",
                JSON,
            ),
        },
        "/api/v1/accounts/109000000000000001/statuses",
        "RateLimit-Reset",
        {
            "401": "only to logged-in users (401 Unauthorized)",
            "403": "without a login or token (403 Forbidden)",
            "404": "has no statuses of borgerdemo@social.example (404)",
            "429": f"rate limit is used up (429 Too Many Requests); it {RESET_TEXT}",
            "503": "the server failed (503 Service Unavailable); try again later",
            "timeout": "the server did not answer in time",
        },
    ),
    Network(
        "bluesky",
        "bluesky:udenrigs-demo.bsky.example",
        "bluesky:udenrigs-demo.bsky.example",
        {
            "/xrpc/app.bsky.actor.getProfile": (BLUESKY_USER / "profile.json", JSON),
            "/xrpc/app.bsky.feed.getAuthorFeed": (BLUESKY_USER / "feed-1.json", JSON),
        },
        "/xrpc/app.bsky.feed.getAuthorFeed",
        "RateLimit-Reset",
        {
            "401": "without a login or token (401 Unauthorized)",
            "403": "without a login or token (403 Forbidden)",
            "404": "the server has no the posts (404 Not Found)",
            "429": f"rate limit is used up (429 Too Many Requests); it {RESET_TEXT}",
            "503": "the server failed (503 Service Unavailable); try again later",
            "timeout": "the server did not answer in time",
        },
    ),
    Network(
        "rss",
        "rss:https://news.example/nyheder.rss",
        "rss:https://news.example/nyheder.rss",
        {"/nyheder.rss": (DATA / "rss" / "news.example" / "nyheder.rss", "application/rss+xml")},
        "/nyheder.rss",
        "Retry-After",
        {
            "401": "(401 Unauthorized)",
            "403": "(403 Forbidden)",
            "404": "(404 Not Found)",
            "429": f"(429 Too Many Requests); it {RESET_TEXT}",
            "503": "(503 Service Unavailable); try again later",
            "timeout": "did not answer in time",
        },
    ),
]
FAULTS = ["401", "403", "404", "429", "503", "timeout"]


class Rerouted(DeadlineAdapter):
    """The build's own adapter, sending every request to the fake API instead of its host."""

    def __init__(self, base: str, deadline: float) -> None:
        super().__init__(deadline)
        self.target = urlsplit(base)

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        parts = urlsplit(request.url or "")
        routed = request.copy()
        routed.url = urlunsplit(
            (self.target.scheme, self.target.netloc, parts.path, parts.query, "")
        )
        return super().send(routed, **kwargs)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer() as server:
        real: Callable[..., Any] = widget.http.make_session

        def rerouted(*args: Any, **kwargs: Any) -> Any:
            session = real(*args, **kwargs)
            adapter = Rerouted(server.base, kwargs["timeout"])
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            return session

        monkeypatch.setattr(widget.fetch, "make_session", rerouted)
        # Every request, images too, goes to the fake API on loopback whatever its host,
        # so no host is looked up (the network guard would refuse the lookup).
        monkeypatch.setattr(widget.media_check, "refuse_private_host", lambda host, port: None)
        monkeypatch.setenv("X_BEARER_TOKEN", SECRET)
        yield server


def site(tmp_path: Path, network: Network) -> Path:
    config = tmp_path / "widget.toml"
    config.write_text(
        "# Invented site for the fault tier.\n"
        'output = "public/widget"\nbase_url = "/widget/"\nstate = ".widget"\n\n'
        f"[{network.name}]\nrefresh_minutes = 0\ntimeout_seconds = 1\n\n"
        f'[feeds.main]\ntitle = "Fictional"\nsources = ["{network.source}"]\n'
        "limit = 5\nmedia = false\n",
        encoding="utf-8",
    )
    return config


def serve(server: FakeServer, network: Network) -> None:
    for path, (file, content_type) in network.routes.items():
        server.add(path, body=file.read_bytes(), headers={"Content-Type": content_type})


def break_it(server: FakeServer, network: Network, fault: str) -> None:
    body = json.dumps(
        {
            "title": "Fictional failure",
            "detail": f"request with token {SECRET} refused",
            "errors": [{"message": f"Bearer {SECRET} echoed"}],
        }
    ).encode()
    headers = {"Content-Type": JSON}
    if fault == "timeout":
        file, _ = network.routes[network.faulty]
        server.add(network.faulty, body=file.read_bytes(), delay=3.0)
        return
    if fault == "429":
        headers[network.rate_limit_header] = RESET
    server.add(network.faulty, status=int(fault), body=body, headers=headers)


def build(config: Path) -> Result:
    return CliRunner().invoke(main, ["build", "-c", str(config)], prog_name="widget")


def expire_the_http_cache(config: Path) -> None:
    state = config.parent / ".widget"
    # As time would: every cached answer is now past its lifetime (keys read first, since
    # requests-cache's own reset_expiration writes while it reads and waits on itself).
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    with make_session(state, expire_after=timedelta(minutes=15), timeout=5) as session:
        responses = session.cache.responses
        for key in list(responses.keys()):
            response = responses[key]
            response.expires = past
            responses[key] = response


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("network", NETWORKS, ids=[n.name for n in NETWORKS])
def test_a_fault_after_a_first_build_is_one_line_and_exit_3(
    tmp_path: Path, api: FakeServer, network: Network, fault: str
) -> None:
    config = site(tmp_path, network)
    serve(api, network)
    first = build(config)
    assert first.exit_code == 0, first.output
    steady = build(config)  # asks as every later build will (since_id …): that URL is cached
    assert steady.exit_code == 0, steady.output
    output = tmp_path / "public" / "widget"
    html_before = (output / "main.html").read_bytes()
    stored = tmp_path / ".widget" / network.name
    store_before = {name: json.loads(body)["posts"] for name, body in files(stored).items()}
    assert any(store_before.values())

    expire_the_http_cache(config)
    break_it(api, network, fault)
    second = build(config)

    assert second.exit_code == EXIT_DEGRADED, second.output
    lines = [
        line
        for line in second.stderr.splitlines()
        if line.startswith("warning: " + network.account)
    ]
    assert len(lines) == 1, second.stderr
    line = lines[0]
    assert line.startswith(f"warning: {network.account}: "), line
    assert network.expected[fault] in line, line
    assert "stored post" in line, line
    for leak in ("Traceback", "expired", "cached response", "HTTP cache", SECRET):
        assert leak not in second.output, (leak, second.output)
    assert (output / "main.html").read_bytes() == html_before
    store_after = {name: json.loads(body) for name, body in files(stored).items()}
    assert {name: state["posts"] for name, state in store_after.items()} == store_before
    for name, state in store_after.items():
        assert state["last_error"] and SECRET not in state["last_error"], name
    manifest = (output / "manifest.json").read_text(encoding="utf-8")
    assert SECRET not in manifest
    account = next(a for a in json.loads(manifest)["accounts"] if a["source"] == network.account)
    assert account["status"] == "stored" and isinstance(account["age_seconds"], int)
    assert "message" not in account
