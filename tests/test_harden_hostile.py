"""Hostile recordings, stores and media URLs (issue 10, cases 4 and 6).

One odd field in an answer leaves out that post with one line and never fails
the build; a media URL is fetched only by http(s) from a public address, or read
from an archive's own folder.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import requests_cache
from PIL import Image

from tests.fake_server import FakeServer
from tests.hostile_support import (
    RECORDED,
    RSS,
    make_site,
    mutate_json,
    read_archive,
    widget,
    write_archive,
)
from tests.media_support import BLUE, RED, Harness, png, two_colour
from widget.media import WEBP_MAX_SIDE, encode
from widget.media_check import Skip, fetch, refuse_private_host
from widget.sources.mastodon.kind import KIND as MASTODON_KIND
from widget.sources.replay import mount_replay

ODD_IDS = ["²", "9" * 5000]
OUT_OF_RANGE = "0001-01-01T00:00:00+01:00"


def first_x(field: str, value: Any) -> Callable[[Any], None]:
    return lambda page: page["data"][0].__setitem__(field, value)


def first_status(field: str, value: Any) -> Callable[[Any], None]:
    return lambda page: page[0].__setitem__(field, value)


def referenced_type(value: Any) -> Callable[[Any], None]:
    def change(page: Any) -> None:
        page["data"][0]["referenced_tweets"] = [{"type": value, "id": page["data"][1]["id"]}]

    return change


def media_key(value: Any) -> Callable[[Any], None]:
    return lambda page: page["includes"]["media"][0].__setitem__("media_key", value)


CASES: dict[str, tuple[str, Callable[[Any], None]]] = {
    "x-id-superscript": ("x", first_x("id", ODD_IDS[0])),
    "x-id-5000-digits": ("x", first_x("id", ODD_IDS[1])),
    "mastodon-id-superscript": ("mastodon", first_status("id", ODD_IDS[0])),
    "mastodon-id-5000-digits": ("mastodon", first_status("id", ODD_IDS[1])),
    "x-created-overflows": ("x", first_x("created_at", OUT_OF_RANGE)),
    "mastodon-created-overflows": ("mastodon", first_status("created_at", OUT_OF_RANGE)),
    "x-media-key-list": ("x", media_key([1])),
    "x-media-key-object": ("x", media_key({"a": 1})),
    "x-reference-type-list": ("x", referenced_type([])),
    "x-reference-type-object": ("x", referenced_type({})),
}


@pytest.mark.parametrize(("network", "change"), CASES.values(), ids=CASES.keys())
def test_one_odd_field_leaves_out_that_post_only(
    tmp_path: Path, network: str, change: Callable[[Any], None]
) -> None:
    site = make_site(tmp_path)
    mutate_json(site / "recorded" / RECORDED[network], change)
    run = widget(site, "build")
    assert run.code in (0, 3), run.text
    assert "Traceback" not in run.text
    assert (site / "public" / "widget" / "all.html").is_file()
    (store,) = (site / ".widget" / network).glob("*.json")
    assert len(json.loads(store.read_text(encoding="utf-8"))["posts"]) >= 4  # the rest stay


@pytest.mark.parametrize("network", sorted(RECORDED))
def test_json_nested_100000_deep_is_one_line(tmp_path: Path, network: str) -> None:
    site = make_site(tmp_path)
    deep = '{"data":' + "[" * 100_000 + "]" * 100_000 + "}"
    (site / "recorded" / RECORDED[network]).write_text(deep, encoding="utf-8")
    run = widget(site, "build", "--allow-empty")  # a first build: nothing of it is stored
    assert run.code == 3, run.text
    assert (site / "public" / "widget" / "all.html").is_file()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        *(("id_str", odd) for odd in ODD_IDS),
        ("created_at", "Mon Jan 01 00:00:00 +0100 0001"),
        ("edit_info", {"initial": {"editTweetIds": ["²", "9" * 5000, "1800000000000000007"]}}),
    ],
)
def test_an_odd_archive_post_is_left_out_with_one_line(
    tmp_path: Path, field: str, value: Any
) -> None:
    site = make_site(tmp_path)
    posts = read_archive(site)
    posts[0]["tweet"][field] = value
    write_archive(site, posts)
    run = widget(site, "build")
    assert run.code == 0, run.text
    if field != "edit_info":
        assert "x-archive:archive: " in run.text and "; left out" in run.text


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("id", "²", 0), ("id", "9" * 5000, 0), ("created", OUT_OF_RANGE, 1)],
)
def test_an_odd_stored_post_never_gives_a_traceback(
    tmp_path: Path, field: str, value: str, code: int
) -> None:
    site = make_site(tmp_path)
    assert widget(site, "build").code == 0
    store = site / ".widget" / "x" / "kommune_test.json"
    data = json.loads(store.read_text(encoding="utf-8"))
    data["posts"][0][field] = value
    store.write_text(json.dumps(data), encoding="utf-8")
    before = store.read_bytes()
    run = widget(site, "build", "--offline")
    assert run.code == code, run.text
    if code == 1:
        assert store.read_bytes() == before
        assert "is not a valid store file" in run.err and len(run.err.strip().splitlines()) == 1


def test_a_picture_taller_than_webp_allows_is_scaled_down() -> None:
    tall = Image.new("RGB", (2, WEBP_MAX_SIDE + 617), RED)
    encoded = encode(png(tall), lambda image: image, max_pixels=40_000_000)
    assert encoded.height == WEBP_MAX_SIDE
    assert encoded.width == 2  # the aspect kept: 2 × 16,383 / 17,000 rounds to 2


# --- media URLs (case 6) ------------------------------------------------------------------


def test_a_file_url_outside_the_archive_folders_is_refused(
    harness: Harness, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(two_colour(4, 4, RED, BLUE)))
    with pytest.raises(Skip, match="only inside an archive's own folder"):
        fetch(harness.session, secret.as_uri(), max_bytes=1 << 20, timeout=1, file_roots=())
    inside = fetch(
        harness.session, secret.as_uri(), max_bytes=1 << 20, timeout=1, file_roots=(tmp_path,)
    )
    assert inside == secret.read_bytes()


def test_a_file_url_escaping_the_archive_by_dot_dot_is_refused(
    harness: Harness, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (tmp_path / "secret.png").write_bytes(png(two_colour(4, 4, RED, BLUE)))
    url = archive.as_uri() + "/../secret.png"
    with pytest.raises(Skip, match="only inside"):
        fetch(harness.session, url, max_bytes=1 << 20, timeout=1, file_roots=(archive,))


def test_a_file_url_naming_a_fifo_does_not_hang(harness: Harness, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(Skip, match="not a regular file"):
        fetch(harness.session, fifo.as_uri(), max_bytes=1 << 20, timeout=1, file_roots=(tmp_path,))


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "0.0.0.0", "::1", "fe80::1",
     "::ffff:127.0.0.1", "fd00::1"],
)  # fmt: skip
def test_private_and_local_addresses_are_refused(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET

    def resolve(host: str, port: int, **kwargs: Any) -> list[Any]:
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(Skip, match="private, loopback or link-local"):
        refuse_private_host("images.example", 443)


def test_a_public_address_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    refuse_private_host("images.example", 443)


def test_a_request_that_would_reach_the_network_is_refused_for_loopback(
    harness: Harness, tmp_path: Path
) -> None:
    """A build that replays some networks falls back to the network for the rest: there
    the rule holds, and the fake server on 127.0.0.1 is never asked."""
    url = harness.serve("/a.png", png(two_colour(8, 8, RED, BLUE)), "image/png")
    session = requests.Session()
    mount_replay(session, [(tmp_path, MASTODON_KIND)], fallback=True)
    with pytest.raises(Skip, match=r"refused: 127\.0\.0\.1 is a private, loopback"):
        fetch(session, url, max_bytes=1 << 20, timeout=1)
    assert harness.server.total_hits == 0
    recorded = tmp_path / "images.example" / "a.png"
    recorded.parent.mkdir()
    recorded.write_bytes(png(two_colour(8, 8, RED, BLUE)))
    assert fetch(session, "https://images.example/a.png", max_bytes=1 << 20, timeout=1)


@pytest.mark.parametrize("options", [(), ("--replay", "recorded")], ids=["settings", "option"])
def test_a_replayed_build_never_fetches_over_the_network(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    """Every network replayed, by its own ``replay`` setting or by ``--replay``."""
    with FakeServer() as server:
        url = server.add("/a.png", body=png(two_colour(8, 8, RED, BLUE)))
        site = make_site(tmp_path)
        mutate_json(
            site / "recorded" / RECORDED["x"],
            lambda page: page["includes"]["users"][0].__setitem__("profile_image_url", url),
        )
        replay = [str(site / option) if option == "recorded" else option for option in options]
        run = widget(site, "build", *replay)
        assert run.code == 0, run.text
        assert server.total_hits == 0
        assert f"media: skipped {url}: server answered 404" in run.text  # asked, not fetched


def test_an_archive_file_url_elsewhere_on_disk_is_not_published(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(two_colour(8, 8, RED, BLUE)))
    profile = site / "archive" / "data" / "profile.js"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("https://pbs.twimg.com/profile_images/1/Avatar.jpg", secret.as_uri()),
        encoding="utf-8",
    )
    run = widget(site, "build")
    assert f"media: skipped {secret.as_uri()}: refused: file URLs are read only" in run.text


def test_an_offline_build_resolves_no_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline, the cache answers or nothing does: no DNS lookup may happen."""
    asked: list[str] = []

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        raise OSError("no network")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    session = requests_cache.CachedSession(backend="memory", only_if_cached=True)
    with pytest.raises(Skip, match="not in the cache"):
        fetch(session, "https://images.example/a.png", max_bytes=1 << 20, timeout=1)
    assert asked == []


def test_an_archive_holding_a_5000_digit_number_is_one_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    tweets = site / "archive" / "data" / "tweets.js"
    text = tweets.read_text(encoding="utf-8")
    tweets.write_text(text.replace('"retweeted" : false', '"n" : ' + "9" * 5000, 1), "utf-8")
    run = widget(site, "build", "--allow-empty")  # a first build: nothing of it is stored
    assert run.code == 3, run.text
    assert f"x-archive:archive: {tweets}: holds a number too long to read" in run.text


def test_an_rss_feed_nested_100000_deep_never_breaks_a_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    deep = "<rss><channel>" + "<a>" * 100_000 + "</a>" * 100_000 + "</channel></rss>"
    (site / "recorded" / RSS).write_text(deep, encoding="utf-8")
    run = widget(site, "build")
    assert run.code in (0, 3), run.text
    assert (site / "public" / "widget" / "all.html").is_file()


def test_a_symlink_in_the_archive_pointing_outside_is_refused(
    harness: Harness, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(two_colour(4, 4, RED, BLUE)))
    (archive / "link.png").symlink_to(secret)
    url = (archive / "link.png").as_uri()
    with pytest.raises(Skip, match="only inside"):
        fetch(harness.session, url, max_bytes=1 << 20, timeout=1, file_roots=(archive,))
