"""Takes the README screenshot of the two examples in headless Chromium.

Run after `make demo`: ``.venv/bin/python docs/make_screenshot.py``. It serves each
example's output on loopback and writes ``docs/examples.png``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Literal

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
Scheme = Literal["light", "dark"]
SHOTS: list[tuple[str, str, Scheme]] = [
    ("borger-dk", "borger", "light"),
    ("dk-i-verden", "verden", "dark"),
]
WIDTH, HEIGHT = 440, 1500


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keeps the request log out of the terminal."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def host_page(public: Path, feed: str, scheme: Scheme) -> str:
    """A minimal host page that includes the fragment, as a site's template would."""
    widget = public / "widget"
    css = next(widget.glob("*.css")).name
    for candidate in widget.glob("*.css"):
        if candidate.name.startswith(("dkfds", "default")):
            css = candidate.name
    background = "#121212" if scheme == "dark" else "#ffffff"
    page = public / f"shot-{feed}.html"
    page.write_text(
        f'<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="/widget/{css}">'
        f'<script src="/widget/widget.js" defer></script></head>'
        f'<body bgcolor="{background}">{(widget / f"{feed}.html").read_text()}</body></html>',
        encoding="utf-8",
    )
    return page.name


def main() -> None:
    images = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for example, feed, scheme in SHOTS:
            public = ROOT / "examples" / example / "public"
            name = host_page(public, feed, scheme)
            with serve(public) as origin:
                page = browser.new_page(
                    viewport={"width": WIDTH, "height": HEIGHT}, color_scheme=scheme
                )
                page.goto(f"{origin}/{name}")
                page.mouse.wheel(0, 20_000)
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
                images.append(Image.open(BytesIO(page.screenshot())))
                page.close()
            (public / name).unlink()
        browser.close()
    sheet = Image.new("RGB", (WIDTH * 2 + 24, HEIGHT), "#d0d0d0")
    for index, image in enumerate(images):
        sheet.paste(image, (index * (WIDTH + 24), 0))
    sheet.save(ROOT / "docs" / "examples.png", optimize=True)


if __name__ == "__main__":
    main()
