"""Themes: discovery, inheritance, options, stylesheets, the template environment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

import widget
from widget.contrast import contrast_ratio
from widget.errors import ThemeError
from widget.render.environment import theme_environment
from widget.themes import MAX_DEPTH, ThemeSet, builtin_themes_dir

DATA = Path(__file__).parent / "data" / "themes"
BUILTIN = ("base", "default", "dkfds", "high-contrast")
INSTALLED = "installed themes: base, default, dkfds, high-contrast"


def write_theme(
    root: Path,
    name: str,
    extends: str | None = "default",
    options: dict[str, Any] | None = None,
    css: str | None = None,
    extra: str = "",
) -> Path:
    """Writes an invented theme folder; option values are TOML-quoted by repr-like rules."""
    folder = root / name
    folder.mkdir(parents=True)
    lines = [f'name = "{name}"']
    if extends is not None:
        lines.append(f'extends = "{extends}"')
    lines.append(extra)
    lines.append("[options]")
    for key, value in (options or {}).items():
        shown = f'"{value}"' if isinstance(value, str) else str(value).lower()
        lines.append(f"{key} = {shown}")
    (folder / "theme.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if css is not None:
        (folder / "style.css").write_text(css, encoding="utf-8")
    return folder


@pytest.fixture
def builtin() -> ThemeSet:
    return ThemeSet()


# --- discovery ----------------------------------------------------------------------------


def test_builtin_themes_dir_finds_the_checkout_folder() -> None:
    folder = builtin_themes_dir()
    assert folder == Path(widget.__file__).resolve().parents[1] / "themes"
    assert all((folder / name / "theme.toml").is_file() for name in BUILTIN)


def test_builtin_themes_dir_prefers_the_copy_inside_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "widget"
    (package / "themes" / "base").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(widget, "__file__", str(package / "__init__.py"))
    assert builtin_themes_dir() == package / "themes"


def test_builtin_names_are_listed_sorted(builtin: ThemeSet) -> None:
    assert builtin.names() == list(BUILTIN)


def test_unknown_theme_lists_installed_and_suggests_a_near_name(builtin: ThemeSet) -> None:
    with pytest.raises(ThemeError) as caught:
        builtin.get("dkfsd")
    assert caught.value.message == (
        f"theme 'dkfsd' is not installed; {INSTALLED}; did you mean 'dkfds'?"
    )


def test_a_user_theme_shadows_a_builtin_of_the_same_name(tmp_path: Path) -> None:
    write_theme(tmp_path, "dkfds", options={"color_link": "#003366"})
    themes = ThemeSet([tmp_path])
    assert themes.get("dkfds").folder == tmp_path / "dkfds"
    assert themes.options("dkfds", {})["color_link"] == "#003366"


def test_a_missing_themes_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match="themes folder does not exist"):
        ThemeSet([tmp_path / "nowhere"])


def test_a_theme_folder_name_that_cannot_be_a_css_class_is_refused(tmp_path: Path) -> None:
    write_theme(tmp_path, "Min Kommune")
    with pytest.raises(ThemeError, match="Min Kommune: theme folder names are lower-case"):
        ThemeSet([tmp_path])


# --- theme.toml ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extends", "extra", "message"),
    [
        ("default", 'desciption = "x"', "desciption: unknown key; did you mean 'description'?"),
        (None, "", 'extends: is required: name the parent theme, such as extends = "base"'),
        ("default", "description = 3", "description: 3 must be a string"),
    ],
)
def test_theme_toml_mistakes_name_the_file_and_key(
    tmp_path: Path, extends: str | None, extra: str, message: str
) -> None:
    write_theme(tmp_path, "kommune", extends=extends, extra=extra)
    with pytest.raises(ThemeError) as caught:
        ThemeSet([tmp_path]).get("kommune")
    assert caught.value.message == f"{tmp_path / 'kommune' / 'theme.toml'}: {message}"


def test_base_may_not_extend_anything(tmp_path: Path) -> None:
    write_theme(tmp_path, "base", extends="default")
    with pytest.raises(ThemeError, match="'base' is the root theme and extends nothing"):
        ThemeSet([tmp_path]).get("base")


def test_name_must_match_the_folder(tmp_path: Path) -> None:
    folder = write_theme(tmp_path, "kommune")
    toml = folder / "theme.toml"
    toml.write_text(toml.read_text().replace('name = "kommune"', 'name = "byen"'))
    with pytest.raises(ThemeError, match="name: 'byen' differs from the folder name 'kommune'"):
        ThemeSet([tmp_path]).get("kommune")


def test_invalid_toml_is_reported_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "kommune").mkdir()
    (tmp_path / "kommune" / "theme.toml").write_text("extends = \n", encoding="utf-8")
    with pytest.raises(ThemeError, match=r"kommune/theme\.toml: is not valid TOML"):
        ThemeSet([tmp_path]).get("kommune")


def test_a_declared_colour_default_must_be_hex(tmp_path: Path) -> None:
    write_theme(tmp_path, "kommune", options={"color_link": "blue"})
    with pytest.raises(ThemeError, match=r"options\.color_link: .blue. must be a colour"):
        ThemeSet([tmp_path]).get("kommune")


# --- inheritance --------------------------------------------------------------------------


def test_chain_runs_from_the_theme_to_base(builtin: ThemeSet) -> None:
    assert [t.name for t in builtin.chain("dkfds")] == ["dkfds", "default", "base"]
    assert [t.name for t in builtin.chain("base")] == ["base"]


def test_inheritance_cycle_is_named(tmp_path: Path) -> None:
    write_theme(tmp_path, "loop-a", extends="loop-b")
    write_theme(tmp_path, "loop-b", extends="loop-a")
    with pytest.raises(ThemeError) as caught:
        ThemeSet([tmp_path]).chain("loop-a")
    assert caught.value.message == "theme inheritance cycle: loop-a -> loop-b -> loop-a"


def test_chains_deeper_than_the_limit_are_refused(tmp_path: Path) -> None:
    parent = "base"
    for level in range(1, MAX_DEPTH + 1):
        write_theme(tmp_path, f"level-{level}", extends=parent)
        parent = f"level-{level}"
    themes = ThemeSet([tmp_path])
    assert len(themes.chain(f"level-{MAX_DEPTH - 1}")) == MAX_DEPTH
    with pytest.raises(ThemeError, match=f"inherits more than {MAX_DEPTH} themes deep"):
        themes.chain(f"level-{MAX_DEPTH}")


def test_a_missing_parent_lists_the_installed_themes(tmp_path: Path) -> None:
    write_theme(tmp_path, "kommune", extends="defualt")
    with pytest.raises(ThemeError) as caught:
        ThemeSet([tmp_path]).chain("kommune")
    assert caught.value.message == (
        "theme 'kommune' extends 'defualt', which is not installed; "
        "installed themes: base, default, dkfds, high-contrast, kommune; did you mean 'default'?"
    )


# --- options ------------------------------------------------------------------------------


def test_options_merge_child_over_parent_and_overrides_over_both() -> None:
    themes = ThemeSet([DATA])
    merged = themes.options("kommune", {})
    assert merged["color_link"] == "#002244"  # kommune over kommune-parent over default
    assert merged["avatar_size"] == 40  # kommune over base
    assert merged["color_text"] == "#1b1b1b"  # default over base
    assert merged["show_banner"] is True  # a parent's new option
    assert themes.options("kommune", {"color_link": "#000000"})["color_link"] == "#000000"


def test_a_child_may_declare_new_options(builtin: ThemeSet) -> None:
    themes = ThemeSet([DATA])
    assert "banner_text" in themes.options("kommune-parent", {})
    assert "banner_text" not in builtin.options("default", {})


def test_a_child_may_not_change_an_options_type(tmp_path: Path) -> None:
    write_theme(tmp_path, "kommune", options={"avatar_size": "48px"})
    with pytest.raises(
        ThemeError, match=r"options\.avatar_size: .48px. must be a number, as theme .base."
    ):
        ThemeSet([tmp_path]).options("kommune", {})


def test_an_undeclared_override_names_its_key_path_and_a_near_miss(builtin: ThemeSet) -> None:
    with pytest.raises(ThemeError) as caught:
        builtin.options(
            "default", {"colour_link": "#000"}, where="widget.toml: feeds.borger.theme_options"
        )
    assert caught.value.message == (
        "widget.toml: feeds.borger.theme_options.colour_link: "
        "theme 'default' has no such option; did you mean 'color_link'?"
    )


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("color_link", "#12345", "must be a colour written #rgb or #rrggbb"),
        ("color_link", "blue", "must be a colour written #rgb or #rrggbb"),
        ("avatar_size", "48", "must be a number, like the default 48"),
        ("avatar_size", 40.5, "must be a whole number"),
        ("avatar_size", True, "must be a number"),
        ("dark", 1, "must be true or false"),
        ("max_width", "1px} body{color:red", "must be a CSS length"),
    ],
)
def test_a_bad_override_value_is_refused(
    builtin: ThemeSet, key: str, value: Any, problem: str
) -> None:
    with pytest.raises(ThemeError) as caught:
        builtin.options("default", {key: value}, where="widget.toml: feeds.a.theme_options")
    assert caught.value.message.startswith(f"widget.toml: feeds.a.theme_options.{key}: ")
    assert problem in caught.value.message


# --- templates ----------------------------------------------------------------------------


def test_template_dirs_run_user_then_theme_then_parents_then_base(tmp_path: Path) -> None:
    themes = ThemeSet([DATA])
    assert themes.template_dirs("kommune", tmp_path) == [
        tmp_path,
        DATA / "kommune" / "templates",
        DATA / "kommune-parent" / "templates",
        builtin_themes_dir() / "base" / "templates",
    ]
    assert themes.template_dirs("kommune")[0] == DATA / "kommune" / "templates"


def test_a_template_can_extend_the_template_it_overrides_by_theme_name() -> None:
    env = theme_environment(ThemeSet([DATA]), "kommune")
    html = env.get_template("card.html").render(text="hei")
    assert html.strip() == '<div class="parent">child wraps [parent says hei]</div>'


def test_base_prefix_reaches_base_even_when_a_user_template_shadows_it(tmp_path: Path) -> None:
    base = write_theme(tmp_path / "themes", "base", extends=None)
    (base / "templates").mkdir()
    (base / "templates" / "widget.html").write_text(
        "<b>{% block body %}base {{ name }}{% endblock %}</b>", encoding="utf-8"
    )
    user = tmp_path / "templates"
    user.mkdir()
    (user / "widget.html").write_text(
        '{% extends "base:widget.html" %}{% block body %}user, {{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    env = theme_environment(ThemeSet([tmp_path / "themes"]), "default", user)
    assert env.get_template("widget.html").render(name="kommune") == "<b>user, base kommune</b>"


def test_builtin_base_templates_are_reachable_by_prefix(builtin: ThemeSet) -> None:
    env = theme_environment(builtin, "dkfds")
    source, filename, _ = env.loader.get_source(env, "base:widget.html")  # type: ignore[union-attr]
    assert Path(str(filename)) == builtin_themes_dir() / "base" / "templates" / "widget.html"
    assert 'class="wdg' in source


def test_autoescape_is_on_for_every_template_name(tmp_path: Path, builtin: ThemeSet) -> None:
    for name in ("note.txt", "widget.html", "feed.xml", "plain"):
        (tmp_path / name).write_text("<p>{{ text }}</p>", encoding="utf-8")
    env = theme_environment(builtin, "default", tmp_path)
    for name in ("note.txt", "widget.html", "feed.xml", "plain"):
        assert env.get_template(name).render(text="<script>") == "<p>&lt;script&gt;</p>"
    assert env.from_string("{{ x }}").render(x='"><img onerror=1>') == (
        "&#34;&gt;&lt;img onerror=1&gt;"
    )


def test_an_undefined_template_variable_is_an_error(builtin: ThemeSet) -> None:
    env = theme_environment(builtin, "default")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


# --- stylesheets --------------------------------------------------------------------------


def test_stylesheet_is_deterministic_and_holds_every_chain_member() -> None:
    css = ThemeSet([DATA]).stylesheet("kommune", {})
    assert css == ThemeSet([DATA]).stylesheet("kommune", {})
    markers = re.findall(r"/\* theme: ([a-z-]+) \*/", css)
    assert markers == ["base", "default", "kommune-parent", "kommune"]
    assert ".wdg.wdg--kommune {" in css  # base's custom properties, for this theme
    assert ".wdg--kommune .kommune-parent-rule" in css
    assert ".wdg--kommune .kommune-rule { inline-size: 40px; }" in css
    assert "a comment that the stylesheet drops" not in css


def test_stylesheet_follows_the_options(builtin: ThemeSet) -> None:
    css = builtin.stylesheet("default", {"color_link": "#123456", "avatar_size": 32})
    assert "--wdg-link: #123456;" in css
    assert "--wdg-avatar: 32px;" in css
    assert css != builtin.stylesheet("default", {})


def dark_rules(css: str) -> dict[str, str]:
    """The rule bodies that switch to a dark palette, by selector (media query included)."""
    found = re.findall(r"((?:@media[^{]*\{\s*)?[^{}]*\[data-color-scheme=[^{}]*)\{([^{}]*)\}", css)
    return {" ".join(selector.split()): body for selector, body in found}


def test_dark_variant_is_included_only_when_dark_is_on(builtin: ThemeSet) -> None:
    assert dark_rules(builtin.stylesheet("default", {}))
    assert dark_rules(builtin.stylesheet("default", {"dark": False})) == {}


@pytest.mark.parametrize("name", [n for n in BUILTIN if n != "base"])
def test_every_builtin_theme_offers_dark_always_and_dark_when_the_visitor_prefers_it(
    builtin: ThemeSet, name: str
) -> None:
    options = builtin.options(name, {})
    rules = dark_rules(builtin.stylesheet(name, {}))
    assert set(rules) == {
        f'.wdg.wdg--{name}[data-color-scheme="dark"]',
        f'@media (prefers-color-scheme: dark) {{ .wdg.wdg--{name}[data-color-scheme="auto"]',
    }
    for body in rules.values():
        assert f"--wdg-bg: {options['dark_color_background']};" in body
        assert f"--wdg-text: {options['dark_color_text']};" in body
        assert "color-scheme: dark" in body
    # "light" has no rule of its own: the theme's light palette is what every feed starts from.
    assert "prefers-color-scheme: light" not in builtin.stylesheet(name, {})


@pytest.mark.parametrize("css", ["a { background: URL(x.png) }", "@import 'x.css';"])
def test_a_stylesheet_that_would_fetch_anything_is_refused(tmp_path: Path, css: str) -> None:
    write_theme(tmp_path, "kommune", css=css)
    with pytest.raises(ThemeError, match=r"style\.css: uses .*may load nothing"):
        ThemeSet([tmp_path]).stylesheet("kommune", {})


def test_an_unknown_variable_in_a_stylesheet_names_the_file(tmp_path: Path) -> None:
    write_theme(tmp_path, "kommune", css="a { color: {{ colour_link }} }")
    with pytest.raises(ThemeError, match=r"kommune/style\.css: 'colour_link' is undefined"):
        ThemeSet([tmp_path]).stylesheet("kommune", {})


def builtin_css_files() -> list[Path]:
    return sorted(builtin_themes_dir().glob("*/style.css"))


def test_every_builtin_theme_has_a_stylesheet() -> None:
    assert [path.parent.name for path in builtin_css_files()] == list(BUILTIN)


@pytest.mark.parametrize("path", builtin_css_files(), ids=lambda p: p.parent.name)
def test_builtin_css_loads_nothing_and_never_moves(path: Path) -> None:
    text = path.read_text(encoding="utf-8").lower()
    for word in ("url(", "@import", "@font-face", "transition", "animation", "@keyframes"):
        assert word not in text


def test_base_layout_keeps_its_accessibility_promises(builtin: ThemeSet) -> None:
    css = builtin.stylesheet("base", {})
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", css))
    rules = {selector.strip(): body for selector, body in rules.items()}
    assert "overflow-wrap: anywhere" in rules[".wdg"]
    assert "font: inherit" in rules[".wdg"]
    focus = rules[".wdg a:focus-visible"]
    assert "outline: var(--wdg-focus-width) solid var(--wdg-focus)" in focus
    assert "outline-offset" in focus
    assert "clip-path" in rules[".wdg .wdg__sr"]
    for selector in (".wdg .wdg__video", ".wdg__permalink,\n.wdg__more a"):
        assert "min-block-size: 24px" in rules[selector]
    assert "max-width: 100%" in rules[".wdg img"] and "height: auto" in rules[".wdg img"]
    # Text spacing (WCAG 1.4.12): only the hidden text and the avatar have a fixed size.
    for selector, body in rules.items():
        fixed = re.search(r"(^|[\s;])(height|block-size|max-height|overflow):", body)
        if fixed:
            fixed_size = {".wdg .wdg__sr", ".wdg .wdg__avatar", ".wdg img", ".wdg .wdg__emoji"}
            assert selector in fixed_size, selector
    assert all(s.startswith(".wdg") for s in rules if not s.startswith("/*")), rules.keys()


def test_every_selector_of_every_builtin_theme_is_scoped_to_the_widget(builtin: ThemeSet) -> None:
    for name in BUILTIN:
        css = re.sub(r"/\*.*?\*/", "", builtin.stylesheet(name, {}))
        css = re.sub(r"@media[^{]*\{", "", css)
        for selectors in re.findall(r"([^{}]+)\{", css):
            for selector in re.split(r",(?![^()]*\))", selectors):
                assert selector.strip().startswith(".wdg"), (name, selector)


# --- contrast -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILTIN)
def test_every_builtin_theme_passes_its_contrast_checks(builtin: ThemeSet, name: str) -> None:
    assert builtin.check(name, {}) == []


def test_high_contrast_pairs_reach_seven_to_one_light_and_dark(builtin: ThemeSet) -> None:
    options = builtin.options("high-contrast", {})
    assert options["dark"] is True
    for prefix in ("", "dark_"):
        background = options[f"{prefix}color_background"]
        for role in ("text", "secondary", "link", "visited"):
            assert contrast_ratio(options[f"{prefix}color_{role}"], background) >= 7


def test_dkfds_checks_its_dark_inner_ring_because_its_yellow_fails_on_white(
    builtin: ThemeSet,
) -> None:
    options = builtin.options("dkfds", {})
    assert options["color_focus"] == "#ffbc2b"
    assert contrast_ratio("#ffbc2b", options["color_background"]) < 3
    assert options["focus_checked"] == "focus_inner"
    assert contrast_ratio(options["color_focus_inner"], options["color_background"]) >= 3
    assert contrast_ratio(options["color_focus_inner"], "#ffbc2b") >= 3


def test_an_invented_theme_with_x_blue_links_fails_naming_pair_and_ratio(tmp_path: Path) -> None:
    write_theme(tmp_path, "x-blue", options={"color_link": "#1d9bf0"})
    assert ThemeSet([tmp_path]).check("x-blue", {}) == [
        "theme 'x-blue': link #1d9bf0 on background #ffffff is 3.0:1; needs at least 4.5:1 (light)"
    ]


def test_a_feeds_overrides_are_checked_too(builtin: ThemeSet) -> None:
    problems = builtin.check("default", {"dark_color_secondary": "#555555"})
    assert problems == [
        "theme 'default': secondary #555555 on background #1b1b1b is 2.3:1; "
        "needs at least 4.5:1 (dark)"
    ]
