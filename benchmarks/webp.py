"""WebP ``method`` (0 fastest … 6 smallest) at quality 80: encode time against file size.

Encodes what a build encodes: every picture of the example recordings (invented
drawings) at the size the build shows it, and an invented photo-like picture (soft
gradients and grain, which compress the way photographs do). Times are this process's
CPU time, best of three rounds, so other load on the machine counts as little as it can.

    python benchmarks/webp.py
"""

from __future__ import annotations

import random
import sys
import time
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageFilter

from widget.media import AVATAR_SIZE

ROOT = Path(__file__).resolve().parents[1]
QUALITY = 80


def photo_like(width: int = 1120, height: int = 630) -> Image.Image:
    """Soft colour gradients with blurred detail and fine grain: a stand-in for a photo."""
    rng = random.Random(2026)
    small = Image.new("RGB", (32, 18))
    small.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(576)]
    )
    base = small.resize((width, height), Image.Resampling.BICUBIC)
    detail = (
        Image.effect_noise((width, height), 40).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    )
    return Image.blend(base, detail, 0.25)


def pictures() -> list[Image.Image]:
    images = []
    for path in sorted(ROOT.glob("examples/*/recorded/pbs.twimg.com/**/*")):
        if path.is_file():
            with Image.open(path) as opened:
                image = opened.convert("RGB")
            if "profile_images" in path.parts:
                image.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
            elif image.width > 1120:
                image = image.resize((1120, round(image.height * 1120 / image.width)))
            images.append(image)
    return [*images, photo_like(), photo_like(560, 315)]


def measure(images: list[Image.Image], method: int) -> tuple[float, int]:
    best = float("inf")
    size = 0
    for _ in range(3):
        started = time.process_time()
        size = 0
        for image in images:
            out = BytesIO()
            image.save(out, "WEBP", quality=QUALITY, method=method)
            size += len(out.getvalue())
        best = min(best, time.process_time() - started)
    return best, size


def main() -> int:
    images = pictures()
    print(f"{len(images)} pictures, quality {QUALITY}, CPU time, best of 3 rounds\n")
    print("| method | encode time | total size | size against method 6 |")
    print("| --- | --- | --- | --- |")
    sizes = {method: measure(images, method) for method in range(7)}
    smallest = sizes[6][1]
    for method, (seconds, size) in sizes.items():
        print(f"| {method} | {seconds:.2f} s | {size / 1024:.0f} KiB | {size / smallest:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
