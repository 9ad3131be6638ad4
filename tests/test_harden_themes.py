"""Theme option values are checked by type: colour, length, keyword, number, text.

A value is written into the stylesheet, so anything that could end a declaration or open a
comment (``; { } /*``) is refused with one line naming the key and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from widget.errors import ThemeError
from widget.themes import ThemeSet, option_type

WHERE = "widget.toml: feeds.a.theme_options"


@pytest.fixture(scope="module")
def builtin() -> ThemeSet:
    return ThemeSet()


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("max_width", "1px /*", "must be a CSS length"),
        ("max_width", "40rem;", "must be a CSS length"),
        ("max_width", "red", "must be a CSS length"),
        ("space", "1px}", "must be a CSS length"),
        ("radius", "*/", "must be a CSS length"),
        ("underline_thickness", "1px/**/", "must be a CSS length"),
        ("focus_checked", "focus;", "must be a keyword"),
        ("color_text", "#000;", "must be a colour"),
        ("focus_width", 0, "must be at least 1"),
        ("focus_width", -3, "must be at least 1"),
        ("avatar_size", -48, "must be at least 0"),
        ("avatar_size", float("nan"), "must be a whole number"),
    ],
)
def test_a_value_of_the_wrong_form_is_refused_naming_key_and_value(
    builtin: ThemeSet, key: str, value: Any, problem: str
) -> None:
    with pytest.raises(ThemeError) as caught:
        builtin.options("default", {key: value}, where=WHERE)
    message = caught.value.message
    assert "\n" not in message
    assert message.startswith(f"{WHERE}.{key}: {value!r} ")
    assert problem in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("max_width", "60rem"),
        ("max_width", "100%"),
        ("space", "8px"),
        ("radius", "0"),
        ("underline_thickness", "0.125em"),
        ("underline_thickness", "auto"),
        ("focus_width", 2),
        ("focus_checked", "focus_inner"),
    ],
)
def test_values_of_the_declared_form_are_accepted(builtin: ThemeSet, key: str, value: Any) -> None:
    assert builtin.options("default", {key: value}, where=WHERE)[key] == value


def test_types_are_inferred_from_the_defaults_form() -> None:
    assert option_type("color_link", "#fff") == "colour"
    assert option_type("max_width", "40rem") == "length"
    assert option_type("underline_thickness", "auto") == "length"
    assert option_type("focus_checked", "focus") == "keyword"
    assert option_type("banner_text", "Testkommune") == "text"
    assert option_type("avatar_size", 48) == "number"
    assert option_type("dark", False) == "boolean"


def test_a_theme_can_declare_a_higher_minimum_for_a_number(tmp_path: Path) -> None:
    folder = tmp_path / "thick"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        'name = "thick"\nextends = "default"\ndescription = "Invented."\n'
        "[options]\nfocus_width = 3\n[minimums]\nfocus_width = 2\n",
        encoding="utf-8",
    )
    themes = ThemeSet([tmp_path])
    assert themes.options("thick", {"focus_width": 2}, where=WHERE)["focus_width"] == 2
    with pytest.raises(ThemeError, match=r"focus_width: 1 must be at least 2"):
        themes.options("thick", {"focus_width": 1}, where=WHERE)


def test_a_theme_whose_own_default_breaks_its_minimum_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "thin"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        'name = "thin"\nextends = "default"\n[options]\nfocus_width = 0\n', encoding="utf-8"
    )
    with pytest.raises(ThemeError, match=r"options.focus_width: 0 must be at least 1"):
        ThemeSet([tmp_path]).options("thin", {})
