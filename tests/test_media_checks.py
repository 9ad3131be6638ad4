"""The media stage's refusals: every bad download is None and exactly one log line."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
import requests_cache
from PIL import Image

from tests.fake_server import Framing, closed_port_url
from tests.media_support import (
    SVG,
    Harness,
    animated_gif,
    jpeg,
    png_header_only,
)
from widget.media import MediaFetcher

# --- refusals: None and exactly one line naming URL and reason -----------------------------

NOISE = b"\xff\xd8\xff\xe0" + random.Random(7).randbytes(200 * 1024)

Setup = Callable[[Harness], str]


def served(
    path: str,
    body: bytes,
    content_type: str,
    *,
    headers: dict[str, str] | None = None,
    framing: Framing = "length",
) -> Setup:
    return lambda h: h.serve(path, body, content_type, headers=headers, framing=framing)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (served("/s.svg", SVG, "image/svg+xml"), "refused: SVG images are not allowed"),
        (
            served("/s.png", b'<?xml version="1.0"?>\n' + SVG, "image/png"),
            "refused: SVG images are not allowed",
        ),
        (
            served("/g.jpg", animated_gif(), "image/jpeg"),
            "refused: content is not JPEG as declared (bytes differ)",
        ),
        (
            served("/page", b"<html><body>hi</body></html>", "text/html; charset=utf-8"),
            "refused: content type 'text/html' is not an allowed image type",
        ),
        (
            served("/none", b"\xff\xd8\xff\xe0", ""),
            "refused: content type missing is not an allowed image type",
        ),
        (served("/big-honest.jpg", NOISE, "image/jpeg"), "larger than 64 KB"),
        (served("/big-unframed.jpg", NOISE, "image/jpeg", framing="close"), "larger than 64 KB"),
        (
            served(
                "/big-liar.jpg",
                NOISE,
                "image/jpeg",
                framing="chunked",
                headers={"Content-Length": "900"},
            ),
            "larger than 64 KB",
        ),
        (
            served("/bomb.png", png_header_only(50_000, 50_000), "image/png"),
            "refused: image dimensions are too large (decompression bomb)",
        ),
        (
            served("/big.png", png_header_only(8000, 6000), "image/png"),
            "refused: 8000×6000 pixels is too large to decode (decompression bomb)",
        ),
        (
            served("/broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "image/jpeg"),
            "could not decode the image",
        ),
        (lambda h: h.server.add("/gone.jpg", status=404), "server answered 404"),
        (lambda h: h.server.url("/never-added.jpg"), "server answered 404"),
        (
            lambda h: closed_port_url("/x.jpg"),
            "refused: 127.0.0.1 is a private, loopback or link-local address",
        ),
        (
            lambda h: h.serve("/slow.jpg", jpeg(Image.new("RGB", (8, 8))), delay=1.0),
            "timed out",
        ),
        (lambda h: "javascript:alert(1)", "refused: 'javascript:' URLs are not downloaded"),
        (
            lambda h: "data:image/png;base64,iVBORw0KGgo=",
            "refused: 'data:' URLs are not downloaded",
        ),
        (lambda h: "ftp://127.0.0.1/a.jpg", "refused: 'ftp:' URLs are not downloaded"),
        (lambda h: "//127.0.0.1/a.jpg", "refused: URLs without a scheme are not downloaded"),
        (lambda h: "https:///a.jpg", "refused: the URL names no host"),
    ],
)
def test_refused_or_missing_image_gives_none_and_one_line(
    harness: Harness, setup: Setup, reason: str
) -> None:
    url = setup(harness)
    fetcher = harness.fetcher(max_bytes=64 * 1024, timeout=0.3)

    assert fetcher.picture(url) is None
    assert fetcher.picture(url) is None  # asked again in the same build: no second line

    assert len(harness.lines) == 1
    assert harness.lines[0].startswith(f"media: skipped {url}: {reason}")
    assert list(harness.cache_dir.glob("*.webp")) == []


def test_offline_cache_miss_says_so(harness: Harness) -> None:
    session = requests_cache.CachedSession(backend="memory", only_if_cached=True)
    url = harness.serve("/a.jpg", jpeg(Image.new("RGB", (8, 8))))
    fetcher = MediaFetcher(
        session,
        harness.cache_dir,
        log=harness.lines.append,
        check_host=harness.only_the_fake_server,
    )

    assert fetcher.picture(url) is None
    assert harness.lines == [f"media: skipped {url}: not in the cache (offline build)"]
    assert harness.server.total_hits == 0


def test_oversize_body_is_not_stored_in_the_http_cache(harness: Harness) -> None:
    session = requests_cache.CachedSession(backend="memory")
    url = harness.serve("/big.jpg", NOISE, framing="close")
    fetcher = MediaFetcher(
        session,
        harness.cache_dir,
        log=harness.lines.append,
        max_bytes=64 * 1024,
        check_host=harness.only_the_fake_server,
    )

    assert fetcher.picture(url) is None
    assert not session.cache.contains(url=url)


def test_file_uri_problems_give_one_line(harness: Harness, tmp_path: Path) -> None:
    svg = tmp_path / "logo.jpg"
    svg.write_bytes(SVG)
    missing = (tmp_path / "nope.jpg").as_uri()
    fetcher = harness.fetcher()

    assert fetcher.picture(svg.as_uri()) is None
    assert fetcher.picture(missing) is None
    assert fetcher.picture("file://fileserver/share/a.jpg") is None

    assert harness.lines == [
        f"media: skipped {svg.as_uri()}: refused: SVG images are not allowed",
        f"media: skipped {missing}: file not found",
        "media: skipped file://fileserver/share/a.jpg: "
        "refused: file URL names another host (fileserver)",
    ]


def test_a_newline_in_a_url_cannot_forge_a_second_log_line(harness: Harness) -> None:
    harness.fetcher().avatar("javascript:x\nmedia: all good")

    assert len(harness.lines) == 1
    assert "\n" not in harness.lines[0]
    assert harness.lines[0].startswith("media: skipped javascript:x\\x0amedia: all good: refused")


def test_missing_urls_are_silently_none(harness: Harness) -> None:
    fetcher = harness.fetcher()

    assert fetcher.avatar(None) is None
    assert fetcher.picture("") is None
    assert harness.lines == []
