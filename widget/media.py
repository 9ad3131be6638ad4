"""The media stage: every image a widget shows, downloaded once and served from the site.

Pages must not load anything from another origin, and photos must not carry
their camera's metadata (GPS position, device) onto a public authority's site.
So each avatar and picture is fetched at build time, checked
(``widget.media_check``), re-encoded to a metadata-free WebP of the size it is
shown at, and named by a hash of its bytes. A missing or refused image is left
out with one log line; it never fails a build.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import requests
from PIL import Image, ImageCms, ImageOps

from widget.atomic import write_atomic
from widget.errors import StoreError
from widget.media_check import Skip, fetch
from widget.model import Emoji, Post

AVATAR_SIZE = 96
WEBP_METHOD = 5
"""libwebp's effort, 0 (fast) to 6 (small). Measured by ``benchmarks/webp.py`` on 29
pictures (CPU time): method 6 took 0.75 s for 306 KiB, 5 took 0.56 s for 312 KiB (+1.8%),
4 took 0.52 s for 325 KiB (+6%), 2 took 0.24 s for 342 KiB (+11.5%). A picture is encoded
once per state folder but downloaded on every visit, so the size matters more than the
time; 5 keeps almost all of 6's saving for three quarters of its time."""
EMOJI_SIZE = 40
"""Custom emoji are drawn at text height; 40 px keeps them sharp at twice a 20 px line."""
CARD_WIDTH = 240
"""A link card's picture is a thumbnail beside or above its title."""
WEBP_MAX_SIDE = 16_383
"""The WebP format's largest width or height."""
_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
_CACHED_NAME = re.compile(r"[0-9a-f]{16}\.webp")
_VERSION = "webp-q80-m6-v1"
"""Part of every cache key: changing how images are encoded must invalidate old results."""


@dataclass(frozen=True)
class LocalImage:
    """A processed image: ``path`` is where the page refers to it, relative to the output folder."""

    path: str
    file: Path
    width: int
    height: int


class MediaFetcher:
    """Turns image URLs into local, checked, re-encoded files.

    ``session`` is the build's cached session, so a rebuild downloads nothing
    again; ``cache_dir`` keeps the encoded files and an index from source URL,
    role and size to file, so a rebuild re-encodes nothing either. ``timeout``
    (seconds) bounds each wait for a server, since requests has no default.
    ``file_roots`` are the only folders a ``file://`` URL may name (the archives');
    ``check_host`` as for :func:`widget.media_check.fetch`.
    """

    def __init__(
        self,
        session: requests.Session,
        cache_dir: Path,
        *,
        log: Callable[[str], None] = print,
        max_bytes: int = 10 * 1024 * 1024,
        max_pixels: int = 40_000_000,
        timeout: float = 20.0,
        file_roots: Sequence[Path] = (),
        check_host: Callable[[str, int], None] | None = None,
    ) -> None:
        self.session = session
        self.cache_dir = Path(cache_dir)
        self.log = log
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.timeout = timeout
        self.file_roots = tuple(file_roots)
        self.check_host = check_host
        self._seen: dict[str, LocalImage | None] = {}

    def avatar(self, url: str | None) -> LocalImage | None:
        """Square-cropped around the centre, at most 96×96, never enlarged."""
        return self._get(url, f"avatar:{AVATAR_SIZE}", _fit_square)

    def emoji(self, url: str | None) -> LocalImage | None:
        """A custom emoji, shown at text size (twice that for sharp screens)."""
        return self._get(url, f"emoji:{EMOJI_SIZE}", _fit_emoji)

    def picture(self, url: str | None, display_width: int = 560) -> LocalImage | None:
        """At most twice ``display_width`` wide (sharp on high-density screens), aspect kept."""
        max_width = 2 * display_width
        return self._get(url, f"picture:{max_width}", lambda im: _fit_width(im, max_width))

    def collect(
        self, posts: Iterable[Post], *, media: bool = True, display_width: int = 560
    ) -> dict[str, LocalImage]:
        """Every image the given posts show, keyed by source URL; failures are left out.

        A repost shows its original (with the original author's avatar); a quote
        shows the quoted post's pictures but no avatar beside its byline.
        """
        found: dict[str, LocalImage] = {}

        def add(url: str | None, image: LocalImage | None) -> None:
            if image is not None and url is not None:
                found.setdefault(url, image)

        for post, depth in _shown(posts):
            if depth == 0:
                add(post.author.avatar_url, self.avatar(post.author.avatar_url))
            for emoji in (*post.author.emoji, *(s for s in post.segments if isinstance(s, Emoji))):
                add(emoji.image_url, self.emoji(emoji.image_url))
            if not media:
                continue
            for item in post.media:
                add(item.image_url, self.picture(item.image_url, display_width))
            if post.card is not None and post.card.image_url is not None:
                add(post.card.image_url, self.picture(post.card.image_url, CARD_WIDTH))
        return found

    # --- one image ------------------------------------------------------------------------

    def _get(
        self, url: str | None, role: str, resize: Callable[[Image.Image], Image.Image]
    ) -> LocalImage | None:
        if not url:
            return None
        key = hashlib.sha256(f"{_VERSION}\n{role}\n{url}".encode()).hexdigest()[:32]
        if key in self._seen:  # one log line per failing URL, however many posts show it
            return self._seen[key]
        result = self._from_index(key)
        if result is None:
            try:
                data = encode(
                    fetch(
                        self.session,
                        url,
                        max_bytes=self.max_bytes,
                        timeout=self.timeout,
                        file_roots=self.file_roots,
                        check_host=self.check_host,
                    ),
                    resize,
                    max_pixels=self.max_pixels,
                )
            except Skip as skip:
                self.log(f"media: skipped {_printable(url)}: {skip.reason}")
            else:
                result = self._store(key, data)
        self._seen[key] = result
        return result

    def _from_index(self, key: str) -> LocalImage | None:
        entry = self.cache_dir / "index" / f"{key}.json"
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            name, width, height = str(data["name"]), int(data["width"]), int(data["height"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _CACHED_NAME.fullmatch(name):  # the index must not point outside the cache
            return None
        file = self.cache_dir / name
        if not file.is_file():
            return None
        return LocalImage(f"media/{name}", file, width, height)

    def _store(self, key: str, data: Encoded) -> LocalImage:
        name = f"{hashlib.sha256(data.body).hexdigest()[:16]}.webp"
        file = self.cache_dir / name
        entry = {"name": name, "width": data.width, "height": data.height}
        try:
            if not file.is_file():
                write_atomic(file, data.body)
            write_atomic(self.cache_dir / "index" / f"{key}.json", json.dumps(entry).encode())
        except OSError as error:
            raise StoreError(
                f"cannot write the media cache {self.cache_dir}: {error.strerror or error}"
            ) from None
        return LocalImage(f"media/{name}", file, data.width, data.height)


def forget_image(cache_dir: Path, url: str) -> list[Path]:
    """Removes an image's cached encodings (every size a widget uses, and their index
    entries) and returns the image files removed; a file another index entry still names
    (the same bytes) is kept."""
    keys = [
        hashlib.sha256(f"{_VERSION}\n{role}\n{url}".encode()).hexdigest()[:32]
        for role in (f"picture:{2 * 560}", f"picture:{2 * CARD_WIDTH}", f"emoji:{EMOJI_SIZE}")
    ]
    index = cache_dir / "index"
    names: set[str] = set()
    removed: list[Path] = []
    for key in keys:
        entry = index / f"{key}.json"
        name = _indexed_name(entry)
        if name is not None:
            names.add(name)
            entry.unlink()
    still = {_indexed_name(other) for other in (index.glob("*.json") if index.is_dir() else ())}
    for name in names - still:
        file = cache_dir / name
        if _CACHED_NAME.fullmatch(name) and file.is_file():
            file.unlink()
            removed.append(file)
    return removed


def _indexed_name(entry: Path) -> str | None:
    try:
        return str(json.loads(entry.read_text(encoding="utf-8"))["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Encoded:
    body: bytes
    width: int
    height: int


def encode(
    body: bytes, resize: Callable[[Image.Image], Image.Image], *, max_pixels: int
) -> Encoded:
    """Decodes checked bytes, re-encodes them as a metadata-free WebP: same bytes in, same out."""
    with warnings.catch_warnings():
        # Pillow's own bomb guard warns rather than fails below twice its limit; make it fail.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(body), formats=_FORMATS) as source:
                width, height = source.size
                if width * height > max_pixels:
                    raise Skip(_bomb(width, height))
                source.seek(0)  # animated GIF or WebP: the first frame stands for the rest
                source.load()
                image = _normalise(source)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Skip("refused: image dimensions are too large (decompression bomb)") from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise Skip(f"could not decode the image ({type(error).__name__})") from None
    image = _within_webp(resize(image))
    out = BytesIO()
    # No exif, icc_profile or xmp arguments: the WebP carries pixels and nothing else.
    image.save(out, "WEBP", quality=80, method=WEBP_METHOD)
    return Encoded(out.getvalue(), image.width, image.height)


def _normalise(source: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(source)  # orientation lives in EXIF, which is dropped
    image = _to_srgb(image)
    transparent = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or ("transparency" in image.info)
    image = image.convert("RGBA" if transparent else "RGB")
    if transparent and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    image.info.clear()
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Converts colours out of an embedded profile (wide-gamut phone photos), as it is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, profile, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unreadable profile: keep the pixels as they are
    return converted if converted is not None else image


def _fit_square(image: Image.Image) -> Image.Image:
    side = min(AVATAR_SIZE, image.width, image.height)
    if image.size == (side, side):
        return image
    return ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)


def _fit_emoji(image: Image.Image) -> Image.Image:
    image = image.copy()
    image.thumbnail((EMOJI_SIZE * 4, EMOJI_SIZE))
    return image


def _fit_width(image: Image.Image, max_width: int) -> Image.Image:
    if image.width <= max_width:
        return image
    height = max(1, round(image.height * max_width / image.width))
    return image.resize((max_width, height), Image.Resampling.LANCZOS)


def _within_webp(image: Image.Image) -> Image.Image:
    """WebP holds at most 16,383 px a side: a taller strip (a long screenshot) is scaled down."""
    longest = max(image.width, image.height)
    if longest <= WEBP_MAX_SIDE:
        return image
    scale = WEBP_MAX_SIDE / longest
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _bomb(width: int, height: int) -> str:
    return f"refused: {width}×{height} pixels is too large to decode (decompression bomb)"


def _shown(posts: Iterable[Post]) -> Iterator[tuple[Post, int]]:
    """What each post puts on the page: the displayed post (depth 0) and the post it quotes."""
    for post in posts:
        displayed = post.displayed
        yield displayed, 0
        if displayed.quoted is not None:
            yield displayed.quoted, 1


def _printable(url: str) -> str:
    """The URL as given, kept to one line: a newline in a URL must not forge a log line."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in url)
    return shown if len(shown) <= 200 else shown[:200] + "…"
