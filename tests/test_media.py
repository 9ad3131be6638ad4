"""The media stage: real downloads from a loopback server, real re-encoding with Pillow."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import pytest
import requests
import requests_cache
from PIL import Image

from tests.media_support import (
    BLUE,
    GPS_IFD,
    RED,
    SVG,
    Harness,
    animated_gif,
    jpeg,
    near,
    opened,
    png,
    two_colour,
)
from widget.media import MediaFetcher
from widget.model import Author, Media, Post, PostKind, Text

# --- re-encoding --------------------------------------------------------------------------


@pytest.mark.parametrize("icc", [True, False], ids=["with-icc", "without-icc"])
def test_photo_loses_exif_gps_xmp_and_icc_but_keeps_its_orientation(
    harness: Harness, icc: bool
) -> None:
    source = jpeg(two_colour(40, 20, RED, BLUE), orientation=6, metadata=True, icc=icc)
    assert Image.open(BytesIO(source)).getexif().get_ifd(GPS_IFD)  # the input really has GPS
    url = harness.serve("/media/photo.jpg", source, "image/jpeg; charset=binary")

    image = harness.fetcher().picture(url)

    assert image is not None
    result = opened(image)
    assert result.format == "WEBP"
    assert not result.getexif()
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(result.info)
    assert b"Testkamera" not in image.file.read_bytes()
    # Orientation 6 turns the stored left half (red) to the top.
    assert (result.width, result.height) == (image.width, image.height) == (20, 40)
    assert near(result.convert("RGB").getpixel((10, 3)), RED)
    assert near(result.convert("RGB").getpixel((10, 36)), BLUE)
    assert harness.lines == []


def test_name_is_a_content_hash_of_the_webp_and_served_under_media(harness: Harness) -> None:
    url = harness.serve("/a.jpg", jpeg(two_colour(64, 48, RED, BLUE)))

    image = harness.fetcher().picture(url)

    assert image is not None
    digest = hashlib.sha256(image.file.read_bytes()).hexdigest()[:16]
    assert image.path == f"media/{digest}.webp"
    assert image.file == harness.cache_dir / f"{digest}.webp"


def test_same_input_gives_the_same_bytes_in_a_fresh_cache(harness: Harness, tmp_path: Path) -> None:
    url = harness.serve("/a.jpg", jpeg(two_colour(300, 200, RED, BLUE), orientation=3))
    first = harness.fetcher().picture(url)
    other = Harness(harness.server, tmp_path / "elsewhere", session=requests.Session())
    second = other.fetcher().picture(url)

    assert first is not None and second is not None
    assert first.path == second.path
    assert first.file != second.file
    assert first.file.read_bytes() == second.file.read_bytes()


@pytest.mark.parametrize(
    ("size", "display_width", "expected"),
    [
        ((1600, 400), 560, (1120, 280)),
        ((1600, 400), 300, (600, 150)),
        ((300, 200), 560, (300, 200)),
    ],
)
def test_picture_is_at_most_twice_the_display_width_and_never_enlarged(
    harness: Harness, size: tuple[int, int], display_width: int, expected: tuple[int, int]
) -> None:
    url = harness.serve("/p.jpg", jpeg(two_colour(*size, RED, BLUE)))

    image = harness.fetcher().picture(url, display_width=display_width)

    assert image is not None
    assert (image.width, image.height) == expected == opened(image).size


@pytest.mark.parametrize(
    ("size", "expected"), [((400, 300), (96, 96)), ((96, 200), (96, 96)), ((50, 80), (50, 50))]
)
def test_avatar_is_a_centred_square_of_at_most_96(
    harness: Harness, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    url = harness.serve("/avatar.png", png(Image.new("RGB", size, BLUE)), "image/png")

    image = harness.fetcher().avatar(url)

    assert image is not None
    assert (image.width, image.height) == expected == opened(image).size


def test_avatar_crop_keeps_the_centre(harness: Harness) -> None:
    # Three bands: red | blue | red; only the blue middle should remain.
    source = Image.new("RGB", (300, 100), RED)
    source.paste(BLUE, (100, 0, 200, 100))
    url = harness.serve("/wide.png", png(source), "image/png")

    image = harness.fetcher().avatar(url)

    assert image is not None
    result = opened(image).convert("RGB")
    assert near(result.getpixel((2, 48)), BLUE) and near(result.getpixel((93, 48)), BLUE)


def test_png_with_transparency_stays_rgba(harness: Harness) -> None:
    source = Image.new("RGBA", (40, 40), (*RED, 255))
    source.paste((0, 0, 0, 0), (0, 0, 20, 40))
    url = harness.serve("/logo.png", png(source), "image/png")

    image = harness.fetcher().picture(url)

    assert image is not None
    result = opened(image)
    assert result.mode == "RGBA"
    assert result.getpixel((5, 20))[3] == 0  # type: ignore[index]
    assert result.getpixel((35, 20))[3] == 255  # type: ignore[index]


def test_opaque_png_is_stored_without_an_alpha_channel(harness: Harness) -> None:
    url = harness.serve("/opaque.png", png(Image.new("RGBA", (40, 40), (*BLUE, 255))), "image/png")

    image = harness.fetcher().picture(url)

    assert image is not None
    assert opened(image).mode == "RGB"


def test_animated_gif_keeps_only_its_first_frame(harness: Harness) -> None:
    url = harness.serve("/anim.gif", animated_gif(), "image/gif")

    image = harness.fetcher().picture(url)

    assert image is not None
    result = opened(image)
    assert getattr(result, "n_frames", 1) == 1
    assert near(result.convert("RGB").getpixel((15, 10)), RED)


def test_webp_input_is_accepted(harness: Harness) -> None:
    out = BytesIO()
    Image.new("RGB", (30, 30), BLUE).save(out, "WEBP")
    url = harness.serve("/x.webp", out.getvalue(), "image/webp")

    assert harness.fetcher().avatar(url) is not None


def test_file_uri_from_an_archive_export_is_read_from_disk(
    harness: Harness, tmp_path: Path
) -> None:
    folder = tmp_path / "arkiv eksport" / "data" / "tweets_media"
    folder.mkdir(parents=True)
    photo = folder / "1234-æøå.jpg"
    photo.write_bytes(jpeg(two_colour(1600, 400, RED, BLUE), metadata=True))

    image = harness.fetcher().picture(photo.as_uri())

    assert image is not None
    assert (image.width, image.height) == (1120, 280)
    assert not opened(image).getexif()
    assert harness.server.total_hits == 0


# --- reuse --------------------------------------------------------------------------------


def test_rebuild_neither_downloads_nor_encodes_again(harness: Harness, encodes: list[int]) -> None:
    url = harness.serve("/a.jpg", jpeg(two_colour(200, 100, RED, BLUE)))
    first = harness.fetcher().picture(url)

    second = harness.fetcher().picture(url)  # a new build: a new fetcher, the same state folder

    assert first is not None and first == second
    assert harness.server.hits["/a.jpg"] == 1
    assert len(encodes) == 1


def test_another_size_of_the_same_image_is_encoded_separately(
    harness: Harness, encodes: list[int]
) -> None:
    url = harness.serve("/a.jpg", jpeg(two_colour(1600, 400, RED, BLUE)))
    fetcher = harness.fetcher()

    wide, narrow = fetcher.picture(url, 560), fetcher.picture(url, 200)

    assert wide is not None and narrow is not None
    assert (wide.width, narrow.width) == (1120, 400)
    assert wide.path != narrow.path
    assert len(encodes) == 2


def test_cached_session_serves_the_download_to_a_fresh_media_cache(
    harness: Harness, tmp_path: Path, encodes: list[int]
) -> None:
    session = requests_cache.CachedSession(backend="memory")
    url = harness.serve("/a.jpg", jpeg(two_colour(200, 100, RED, BLUE)))
    first = MediaFetcher(
        session, tmp_path / "one", log=harness.lines.append, check_host=harness.only_the_fake_server
    ).picture(url)

    second = MediaFetcher(
        session, tmp_path / "two", log=harness.lines.append, check_host=harness.only_the_fake_server
    ).picture(url)

    assert first is not None and second is not None
    assert first.path == second.path
    assert harness.server.hits["/a.jpg"] == 1
    assert len(encodes) == 2


def test_a_damaged_index_entry_is_rebuilt(harness: Harness) -> None:
    url = harness.serve("/a.jpg", jpeg(two_colour(64, 48, RED, BLUE)))
    first = harness.fetcher().picture(url)
    for entry in (harness.cache_dir / "index").iterdir():
        entry.write_text("{not json", encoding="utf-8")

    second = harness.fetcher().picture(url)

    assert first == second
    assert harness.server.hits["/a.jpg"] == 2


# --- collect ------------------------------------------------------------------------------


def author(handle: str, avatar: str | None) -> Author:
    return Author(id=handle, name=handle.title(), handle=handle, avatar_url=avatar)


def post(post_id: str, who: Author, *media: str | None, original: Post | None = None) -> Post:
    return Post(
        id=post_id,
        network="x",
        account="kommune_test",
        author=who,
        created=datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
        segments=(Text("Hej fra kommunen"),),
        permalink=f"https://x.com/kommune_test/status/{post_id}",
        kind=PostKind.QUOTE if original else PostKind.POST,
        media=tuple(Media("photo", url) for url in media),
        original=original,
    )


def test_collect_keys_by_source_url_and_leaves_failures_out(harness: Harness) -> None:
    kommune = author(
        "kommune_test", harness.serve("/k.png", png(Image.new("RGB", (200, 200), RED)), "image/png")
    )
    borger = author("borger_test", harness.serve("/b.jpg", jpeg(Image.new("RGB", (120, 90), BLUE))))
    ghost = author("ghost_test", harness.server.add("/ghost.jpg", status=404))
    photo = harness.serve("/photo.jpg", jpeg(two_colour(1600, 800, RED, BLUE)))
    shared = harness.serve("/shared.jpg", jpeg(two_colour(300, 300, RED, BLUE)))
    svg = harness.serve("/evil.svg", SVG, "image/svg+xml")
    posts = [
        post("1", kommune, photo, svg, None),
        post("2", kommune, original=post("3", borger, shared)),
        post("4", ghost, photo),
    ]

    found = harness.fetcher().collect(posts, display_width=400)

    # The quoted post's pictures are shown; its author's avatar is not (no avatar in a quote).
    assert set(found) == {kommune.avatar_url, photo, shared}
    assert (found[kommune.avatar_url].width, found[photo].width) == (96, 800)  # type: ignore[index]
    assert found[shared].width == 300
    assert harness.server.hits["/photo.jpg"] == 1 and harness.server.hits["/k.png"] == 1
    assert sorted(line.split(": ")[1] for line in harness.lines) == [
        f"skipped {svg}",
        f"skipped {ghost.avatar_url}",
    ]


def test_collect_without_media_fetches_only_avatars(harness: Harness) -> None:
    kommune = author(
        "kommune_test", harness.serve("/k.png", png(Image.new("RGB", (50, 50))), "image/png")
    )
    photo = harness.serve("/photo.jpg", jpeg(Image.new("RGB", (50, 50))))

    found = harness.fetcher().collect([post("1", kommune, photo)], media=False)

    assert set(found) == {kommune.avatar_url}
    assert harness.server.hits["/photo.jpg"] == 0
