"""Shared by the media tests: test images made here and a loopback image server harness."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import requests
from PIL import Image, ImageCms

from tests.fake_server import FakeServer, Framing
from widget.media import LocalImage, MediaFetcher
from widget.media_check import refuse_private_host

RED = (220, 20, 20)
BLUE = (20, 20, 220)
MAKE, ORIENTATION, GPS_IFD = 0x010F, 0x0112, 0x8825
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


# --- test images, all made here -----------------------------------------------------------


def two_colour(
    width: int, height: int, left: tuple[int, int, int], right: tuple[int, int, int]
) -> Image.Image:
    image = Image.new("RGB", (width, height), left)
    image.paste(right, (width // 2, 0, width, height))
    return image


def jpeg(
    image: Image.Image,
    *,
    orientation: int | None = None,
    metadata: bool = False,
    icc: bool = True,
) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    extra: dict[str, object] = {}
    if metadata:
        exif[MAKE] = "Kommune Testkamera"
        exif[GPS_IFD] = {1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 5.0)}
        extra["xmp"] = XMP
    if metadata and icc:
        extra["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes(), **extra)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (30, 20), RED), Image.new("RGB", (30, 20), BLUE)]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas, as a decompression bomb would."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def opened(image: LocalImage) -> Image.Image:
    result = Image.open(image.file)
    result.load()
    return result


def near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


# --- fixtures -----------------------------------------------------------------------------


@dataclass
class Harness:
    server: FakeServer
    cache_dir: Path
    lines: list[str] = field(default_factory=list)
    session: requests.Session = field(default_factory=requests.Session)
    file_roots: tuple[Path, ...] = ()
    """Where ``file://`` pictures may be read, as a build allows an archive's folder."""

    def fetcher(self, *, max_bytes: int = 10 * 1024 * 1024, timeout: float = 5.0) -> MediaFetcher:
        return MediaFetcher(
            self.session,
            self.cache_dir,
            log=self.lines.append,
            max_bytes=max_bytes,
            timeout=timeout,
            file_roots=self.file_roots,
            check_host=self.only_the_fake_server,
        )

    def only_the_fake_server(self, host: str, port: int) -> None:
        """The loopback server of these tests is let through; every other host is judged
        as a build judges it."""
        if f"http://{host}:{port}" != self.server.base:
            refuse_private_host(host, port)

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str = "image/jpeg",
        *,
        headers: dict[str, str] | None = None,
        framing: Framing = "length",
        delay: float = 0.0,
    ) -> str:
        sent = {"Content-Type": content_type, **(headers or {})}
        return self.server.add(path, headers=sent, body=body, framing=framing, delay=delay)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
