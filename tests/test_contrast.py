"""WCAG contrast arithmetic and the pairs a theme must pass."""

from __future__ import annotations

from typing import Any

import pytest

from widget.contrast import check_pairs, contrast_ratio, format_ratio, parse_colour
from widget.errors import ThemeError

PASSING: dict[str, Any] = {
    "color_text": "#1a1a1a",
    "color_secondary": "#5c5c5c",
    "color_link": "#004993",
    "color_visited": "#6b2d8c",
    "color_background": "#ffffff",
    "color_focus": "#004993",
    "color_focus_inner": "#ffffff",
    "focus_checked": "focus",
    "dark": False,
}


@pytest.mark.parametrize(
    ("value", "channels"),
    [
        ("#000", (0, 0, 0)),
        ("#fff", (255, 255, 255)),
        ("#1D9bF0", (29, 155, 240)),
        ("#a1b", (170, 17, 187)),
    ],
)
def test_parse_colour_reads_short_and_long_hex(value: str, channels: tuple[int, int, int]) -> None:
    assert parse_colour(value) == channels


@pytest.mark.parametrize(
    "value", ["red", "#12", "#12345", "#1234567", "rgb(0,0,0)", "#ggg", "", "000000"]
)
def test_parse_colour_refuses_anything_but_hex(value: str) -> None:
    with pytest.raises(ThemeError, match="#rgb or #rrggbb"):
        parse_colour(value)


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#777777", "#ffffff", 4.48),
        ("#1d9bf0", "#ffffff", 3.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
    ],
)
def test_contrast_ratio_matches_known_values(
    foreground: str, background: str, expected: float
) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.01)


def test_contrast_ratio_is_symmetric() -> None:
    assert contrast_ratio("#004993", "#ffffff") == contrast_ratio("#ffffff", "#004993")


def test_a_failing_ratio_is_never_shown_as_reaching_the_minimum() -> None:
    assert format_ratio(4.478, 4.5) == "4.47:1"
    assert format_ratio(3.04, 4.5) == "3.0:1"
    assert format_ratio(8.85, 4.5) == "8.8:1"


def test_passing_options_give_no_problems() -> None:
    assert check_pairs("kommune", PASSING) == []


def test_x_link_blue_fails_with_the_pair_and_ratio_named() -> None:
    options = {**PASSING, "color_link": "#1d9bf0"}
    assert check_pairs("x", options) == [
        "theme 'x': link #1d9bf0 on background #ffffff is 3.0:1; needs at least 4.5:1 (light)"
    ]


def test_focus_needs_only_three_to_one() -> None:
    assert check_pairs("t", {**PASSING, "color_focus": "#949494"}) == []  # 3.03:1
    problems = check_pairs("t", {**PASSING, "color_focus": "#ffbc2b"})
    assert problems == [
        "theme 't': focus #ffbc2b on background #ffffff is 1.7:1; needs at least 3.0:1 (light)"
    ]


def test_focus_checked_moves_the_check_to_the_inner_ring() -> None:
    options = {**PASSING, "color_focus": "#ffbc2b", "color_focus_inner": "#1a1a1a"}
    assert check_pairs("t", {**options, "focus_checked": "focus_inner"}) == []
    with pytest.raises(ThemeError, match="focus_checked: 'outer' must be one of"):
        check_pairs("t", {**options, "focus_checked": "outer"})


def test_dark_pairs_are_checked_only_when_dark_is_on() -> None:
    dark = {
        f"dark_{key}": value
        for key, value in {**PASSING, "color_background": "#111111"}.items()
        if key.startswith("color_")
    }
    options = {**PASSING, **dark}
    assert check_pairs("t", options) == []
    problems = check_pairs("t", {**options, "dark": True})
    assert "theme 't': text #1a1a1a on background #111111 is 1.1:1" in problems[0]
    assert all(line.endswith("(dark)") for line in problems)


def test_the_dark_palette_may_check_another_focus_ring_than_the_light_one() -> None:
    dark = {
        "dark_color_text": "#f2f2f2",
        "dark_color_secondary": "#c2c2c2",
        "dark_color_link": "#7cb4f2",
        "dark_color_visited": "#d3a6f0",
        "dark_color_background": "#1a1a1a",
        "dark_color_focus": "#ffbc2b",
        "dark_color_focus_inner": "#1a1a1a",
    }
    options = {
        **PASSING,
        **dark,
        "dark": True,
        "color_focus": "#ffbc2b",
        "color_focus_inner": "#1a1a1a",
        "focus_checked": "focus_inner",
    }
    # Without its own choice the dark palette checks the light one's ring: dark on dark.
    assert check_pairs("t", options) == [
        "theme 't': focus inner #1a1a1a on background #1a1a1a is 1.0:1; needs at least 3.0:1 (dark)"
    ]
    assert check_pairs("t", {**options, "dark_focus_checked": "focus"}) == []
    with pytest.raises(ThemeError, match="dark_focus_checked: 'outer' must be one of"):
        check_pairs("t", {**options, "dark_focus_checked": "outer"})


def test_missing_colour_option_is_a_theme_error() -> None:
    options = {key: value for key, value in PASSING.items() if key != "color_visited"}
    with pytest.raises(ThemeError, match="declares no option 'color_visited'"):
        check_pairs("t", options)
