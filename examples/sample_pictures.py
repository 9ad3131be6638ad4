"""Invented pictures for the sample data: shapes and a few words in a built-in pixel font."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

# --- pictures: invented shapes and a few words in a built-in pixel font -------------------

# A 5x7 pixel font, so the pictures come out the same on every machine (no system fonts).
FONT: dict[str, tuple[int, ...]] = {
    "A": (14, 17, 17, 31, 17, 17, 17), "B": (30, 17, 17, 30, 17, 17, 30),
    "C": (14, 17, 16, 16, 16, 17, 14), "D": (30, 17, 17, 17, 17, 17, 30),
    "E": (31, 16, 16, 30, 16, 16, 31), "F": (31, 16, 16, 30, 16, 16, 16),
    "G": (14, 17, 16, 23, 17, 17, 15), "H": (17, 17, 17, 31, 17, 17, 17),
    "I": (14, 4, 4, 4, 4, 4, 14), "J": (7, 2, 2, 2, 2, 18, 12),
    "K": (17, 18, 20, 24, 20, 18, 17), "L": (16, 16, 16, 16, 16, 16, 31),
    "M": (17, 27, 21, 21, 17, 17, 17), "N": (17, 17, 25, 21, 19, 17, 17),
    "O": (14, 17, 17, 17, 17, 17, 14), "P": (30, 17, 17, 30, 16, 16, 16),
    "Q": (14, 17, 17, 17, 21, 18, 13), "R": (30, 17, 17, 30, 20, 18, 17),
    "S": (15, 16, 16, 14, 1, 1, 30), "T": (31, 4, 4, 4, 4, 4, 4),
    "U": (17, 17, 17, 17, 17, 17, 14), "V": (17, 17, 17, 17, 17, 10, 4),
    "W": (17, 17, 17, 21, 21, 21, 10), "X": (17, 17, 10, 4, 10, 17, 17),
    "Y": (17, 17, 17, 10, 4, 4, 4), "Z": (31, 1, 2, 4, 8, 16, 31),
    "Æ": (15, 20, 20, 31, 20, 20, 23), "Ø": (14, 19, 21, 21, 21, 25, 14),
    "Å": (4, 0, 14, 17, 31, 17, 17), "Ü": (10, 0, 17, 17, 17, 17, 14),
    "É": (2, 4, 31, 16, 30, 16, 31), "0": (14, 17, 19, 21, 25, 17, 14),
    "1": (4, 12, 4, 4, 4, 4, 14), "2": (14, 17, 1, 2, 4, 8, 31),
    "6": (6, 8, 16, 30, 17, 17, 14), "7": (31, 1, 2, 4, 8, 8, 8),
    " ": (0,) * 7, "-": (0, 0, 0, 31, 0, 0, 0), ".": (0, 0, 0, 0, 0, 12, 12),
    "·": (0, 0, 0, 4, 0, 0, 0), "!": (4, 4, 4, 4, 4, 0, 4),
}  # fmt: skip


def text_width(words: str, scale: int) -> int:
    return (6 * len(words) - 1) * scale


def draw_words(
    draw: ImageDraw.ImageDraw, centre_x: int, y: int, words: str, scale: int, fill: str
) -> None:
    x = centre_x - text_width(words, scale) // 2
    for char in words.upper():
        for row, bits in enumerate(FONT[char]):
            for col in range(5):
                if bits >> (4 - col) & 1:
                    left, top = x + col * scale, y + row * scale
                    draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=fill)
        x += 6 * scale


@dataclass(frozen=True)
class Scene:
    """A made-up picture: a motif above a caption band. ``title`` is upper-case, short."""

    title: str
    motif: str
    bg: str
    fg: str
    accent: str


def _motif(draw: ImageDraw.ImageDraw, scene: Scene, w: int, h: int) -> None:
    m, a, f = scene.motif, scene.accent, scene.fg
    if m == "house":
        draw.ellipse((w - 330, 60, w - 170, 220), fill=a)
        draw.rectangle((380, 250, 820, 500), fill=f)
        draw.polygon([(340, 260), (600, 70), (860, 260)], fill=a)
        draw.rectangle((560, 380, 640, 500), fill=scene.bg)
    elif m == "bars":
        for i, height in enumerate((120, 220, 170, 300, 380)):
            draw.rectangle((200 + i * 170, 500 - height, 320 + i * 170, 500), fill=(a, f)[i % 2])
    elif m == "waves":
        for i in range(4):
            top = 150 + i * 90
            points = [(x, top + 30 * math.sin(x / 90 + i)) for x in range(0, w + 20, 20)]
            draw.polygon([*points, (w, h), (0, h)], fill=(a, f)[i % 2])
    elif m == "dots":
        for row in range(4):
            for col in range(9):
                r = 22 + 8 * ((row + col) % 3)
                cx, cy = 130 + col * 120, 110 + row * 110
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(a, f)[(row + col) % 2])
    elif m == "bike":
        for cx in (420, 780):
            draw.ellipse((cx - 130, 250, cx + 130, 510), outline=f, width=18)
        draw.line([(420, 380), (560, 200), (780, 380), (600, 380), (420, 380)], fill=a, width=18)
        draw.line([(560, 200), (600, 380)], fill=a, width=18)
    elif m == "tree":
        for i in range(3):
            draw.polygon(
                [(600, 60 + i * 120), (380 - i * 40, 260 + i * 120), (820 + i * 40, 260 + i * 120)],
                fill=f,
            )
        draw.ellipse((575, 35, 625, 85), fill=a)
    elif m == "play":
        draw.ellipse((w // 2 - 170, 90, w // 2 + 170, 430), fill=f)
        draw.polygon([(w // 2 - 60, 170), (w // 2 - 60, 350), (w // 2 + 90, 260)], fill=a)
    else:
        raise ValueError(f"unknown motif {m!r}")


def draw_picture(scene: Scene, size: tuple[int, int]) -> Image.Image:
    w, h = size
    image = Image.new("RGB", size, scene.bg)
    draw = ImageDraw.Draw(image)
    _motif(draw, scene, w, h)
    band = h - 150
    draw.rectangle((0, band, w, h), fill=scene.fg)
    if text_width(scene.title, 8) > w - 60:
        raise ValueError(f"title too wide for the picture: {scene.title!r}")
    draw_words(draw, w // 2, band + 22, scene.title, 8, scene.bg)
    draw_words(draw, w // 2, band + 100, "FIKTIVT EKSEMPEL · FICTIONAL SAMPLE", 4, scene.bg)
    return image


def draw_avatar(initials: str, bg: str, fg: str) -> Image.Image:
    image = Image.new("RGB", (400, 400), bg)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 360, 360), fill=fg)
    draw_words(draw, 200, 130, initials, 14, bg)
    draw_words(draw, 200, 270, "DEMO", 6, bg)
    return image


def draw_emoji(bg: str, fg: str) -> Image.Image:
    """A custom emoji: a small flag-like square, as a server would serve it."""
    image = Image.new("RGB", (64, 64), bg)
    draw = ImageDraw.Draw(image)
    draw.rectangle((18, 0, 27, 63), fill=fg)
    draw.rectangle((0, 27, 63, 36), fill=fg)
    return image
