"""Fixtures for the browser tier: Debian's Chromium and loopback static servers.

Chromium is never downloaded. When it is missing the tier is skipped, unless
WIDGET_REQUIRE_BROWSER is on, so CI cannot pass by quietly skipping it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Error, Playwright, sync_playwright

from tests.conftest import REPO, env_flag

if TYPE_CHECKING:
    from tests.browser.built import BuiltWidgets, SharedPages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = Path(__file__).parent / "pages"
WIDGET_JS = REPO / "widget" / "static" / "widget.js"
STRICT_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webp": "image/webp",
    ".png": "image/png",
    ".xml": "application/xml",
}
# Invented pictures named as the feed fragment names them: (width, height, colour).
MEDIA = {
    "a1f0c2d3e4b5.webp": (48, 48, (30, 90, 160)),
    "c3d2e1f0a9b8.webp": (48, 48, (160, 60, 30)),
    "e5f4a3b2c1d0.webp": (48, 48, (40, 120, 60)),
    "b2e1d3c4f5a6.webp": (400, 225, (200, 200, 190)),
    "d4c3b2a1f0e9.webp": (400, 225, (20, 60, 80)),
}


def _unavailable(reason: str) -> None:
    if env_flag("WIDGET_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (WIDGET_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _unavailable(f"browser tier: {CHROMIUM} is missing (apt-get install chromium)")
    try:
        launched = playwright_driver.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
    except Error as error:
        _unavailable(f"browser tier: {CHROMIUM} did not start: {error.message.splitlines()[0]}")
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context per test: no cookies or storage carried over."""
    fresh = browser.new_context(storage_state={"cookies": [], "origins": []})
    yield fresh
    fresh.close()


class _Handler(SimpleHTTPRequestHandler):
    """Serves one folder; every HTML response carries the policy ``csp_for`` names for it."""

    extensions_map = {**CONTENT_TYPES, "": "application/octet-stream"}  # noqa: RUF012

    def __init__(
        self, *args: Any, log: list[str], csp_for: Callable[[str], str], **kwargs: Any
    ) -> None:
        self._log = log
        self._csp_for = csp_for
        super().__init__(*args, **kwargs)

    def send_head(self) -> Any:
        self._log.append(self.path)
        return super().send_head()

    def send_header(self, keyword: str, value: str) -> None:
        super().send_header(keyword, value)
        if keyword.lower() == "content-type" and value.startswith("text/html"):
            super().send_header("Content-Security-Policy", self._csp_for(self.path))
            super().send_header("Cache-Control", "no-store")

    def log_message(self, format: str, *args: Any) -> None:
        """Keeps test output quiet; the paths are in ``requests`` instead."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection mid-response is not a test failure."""


class StaticServer:
    """A loopback HTTP server in a thread; ``url`` is its origin, ``requests`` the paths asked."""

    def __init__(self, root: Path, csp_for: Callable[[str], str] = lambda path: STRICT_CSP) -> None:
        self.requests: list[str] = []
        handler = partial(_Handler, directory=str(root), log=self.requests, csp_for=csp_for)
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def static_server() -> Iterator[Callable[[Path], StaticServer]]:
    """Starts one server per folder asked for; all are stopped after the test."""
    started: list[StaticServer] = []

    def start(root: Path) -> StaticServer:
        server = StaticServer(root)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def write_media(folder: Path) -> None:
    """Small generated pictures, so that no binary file is committed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (width, height, colour) in MEDIA.items():
        Image.new("RGB", (width, height), colour).save(folder / name, "WEBP", quality=60)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The hand-written test pages, the script at /widget/widget.js and generated media."""
    root = tmp_path / "site"
    shutil.copytree(PAGES, root)
    (root / "widget").mkdir()
    shutil.copyfile(WIDGET_JS, root / "widget" / "widget.js")
    write_media(root / "widget" / "media")
    return root


@pytest.fixture
def site_server(site: Path, static_server: Callable[[Path], StaticServer]) -> StaticServer:
    return static_server(site)


@pytest.fixture(scope="session")
def built_widgets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltWidgets]:
    """Both examples and the theme/locale matrix, built once per session and served.

    Here rather than in built.py because several test modules share the one build.
    """
    from tests.browser.built import build_widgets  # built.py imports this module

    built = build_widgets(tmp_path_factory.mktemp("built"))
    yield built
    built.close()


@pytest.fixture(scope="session")
def shared_pages(browser: Browser) -> Iterator[SharedPages]:
    """Built pages opened once and reused by the checks that only read them."""
    from tests.browser.built import SharedPages

    pages = SharedPages(browser)
    yield pages
    pages.close()
