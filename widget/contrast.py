"""WCAG 2.x contrast arithmetic, and the colour pairs every theme must pass.

A theme whose text, secondary text, links or visited links fall below 4.5:1 on
its background, or whose focus indicator falls below 3:1, fails the build: the
widget is published by authorities bound by the accessibility law, so a
pleasant-looking but unreadable theme must never reach a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from widget.errors import ThemeError

COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

TEXT_MINIMUM = 4.5
"""WCAG 1.4.3 (AA) for body-sized text."""
FOCUS_MINIMUM = 3.0
"""WCAG 1.4.11 for user-interface components such as a focus indicator."""

TEXT_ROLES = ("text", "secondary", "link", "visited")
FOCUS_ROLES = ("focus", "focus_inner")
"""A theme says which of its two focus rings touches the background, in ``focus_checked``:
a bright ring that fails on white (DKFDS yellow) can be paired with a dark one that passes."""


def parse_colour(value: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` to 0–255 channels; named colours and ``rgb()`` are refused
    because the checks below could not verify them the same way browsers do."""
    if not isinstance(value, str) or not COLOUR.match(value):
        raise ThemeError(f'{value!r} is not a colour; write #rgb or #rrggbb, such as "#004993"')
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in parse_colour(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """From 1.0 (same colour) to 21.0 (black on white); symmetric in its arguments."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float, minimum: float) -> str:
    """One decimal, unless rounding would show a failing ratio as reaching the minimum
    (4.48 is not "4.5:1"); then two decimals, rounded down."""
    text = f"{ratio:.1f}"
    if ratio < minimum and float(text) >= minimum:
        text = f"{math.floor(ratio * 100) / 100:.2f}"
    return f"{text}:1"


def _colour(theme: str, options: Mapping[str, Any], key: str) -> str:
    if key not in options:
        raise ThemeError(
            f"theme {theme!r}: declares no option {key!r}, needed for its contrast check"
        )
    value = options[key]
    try:
        parse_colour(value)
    except ThemeError as exc:
        raise ThemeError(f"theme {theme!r}: option {key}: {exc.message}") from None
    return str(value)


def _focus_role(theme: str, options: Mapping[str, Any], prefix: str = "") -> str:
    """The ring checked in one palette. The dark palette may name its own in
    ``dark_focus_checked`` (a yellow ring too pale for white is fine on near-black);
    without it, both palettes check the ring ``focus_checked`` names."""
    key = f"{prefix}focus_checked"
    if key not in options:
        key = "focus_checked"
    chosen = options.get(key, "focus")
    if chosen not in FOCUS_ROLES:
        raise ThemeError(
            f"theme {theme!r}: option {key}: {chosen!r} must be one of "
            + ", ".join(repr(role) for role in FOCUS_ROLES)
        )
    return str(chosen)


def check_pairs(theme: str, options: Mapping[str, Any]) -> list[str]:
    """Every failing pair of a theme's merged options, one line each; empty when it passes.

    The dark palette (``dark_`` prefixed roles) is checked only when ``dark`` is true,
    since only then does the stylesheet hold it for a feed's ``color_scheme`` to pick.
    """
    variants = [("", "light")]
    if options.get("dark") is True:
        variants.append(("dark_", "dark"))
    problems: list[str] = []
    for prefix, label in variants:
        background = _colour(theme, options, f"{prefix}color_background")
        pairs = [(role, TEXT_MINIMUM) for role in TEXT_ROLES]
        pairs.append((_focus_role(theme, options, prefix), FOCUS_MINIMUM))
        for role, minimum in pairs:
            colour = _colour(theme, options, f"{prefix}color_{role}")
            ratio = contrast_ratio(colour, background)
            if ratio < minimum:
                problems.append(
                    f"theme {theme!r}: {role.replace('_', ' ')} {colour} on background "
                    f"{background} is {format_ratio(ratio, minimum)}; "
                    f"needs at least {minimum:.1f}:1 ({label})"
                )
    return problems
