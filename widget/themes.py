"""Themes: folders holding a ``theme.toml``, optional ``templates/`` and a ``style.css``.

A theme names its parent with ``extends`` and declares every option it knows with a
default, so a feed's ``theme_options`` can be checked key by key and a misspelt option
is an error rather than silently ignored. Inheritance ends at ``base``; chains are
cycle-checked and depth-limited. Themes in the user's folders shadow built-in ones of
the same name.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2

import widget
from widget.contrast import COLOUR, check_pairs
from widget.errors import ThemeError, did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

THEME_FILE = "theme.toml"
STYLESHEET = "style.css"
TEMPLATES = "templates"
ROOT = "base"
MAX_DEPTH = 8
"""Most themes a chain may hold, the theme itself and ``base`` included."""

THEME_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""Theme names become CSS classes (``wdg--<name>``) and file names, so they stay plain."""
OPTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
CSS_VALUE = re.compile(r"^[A-Za-z0-9_#.%+ ,()-]{0,100}$")
"""Text options may reach CSS; without ``; { } / *`` a value cannot close a rule or open a
comment that swallows the rules after it."""
LENGTH = re.compile(
    r"^(?:0|[0-9]{1,6}(?:\.[0-9]{1,4})?(?:px|rem|em|ex|ch|%|vw|vh|vmin|vmax|pt))$|^auto$"
)
"""One CSS length (or ``auto``): what a length option's value must be."""
KEYWORD = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
MINIMUMS: Mapping[str, float] = MappingProxyType({"focus_width": 1})
"""Lower bounds no theme can undercut: a focus ring of 0 px is an invisible focus."""
FORBIDDEN_CSS = re.compile(r"url\(|src\(|image-set\(|@import|@font-face", re.IGNORECASE)
"""Anything that would make the browser fetch a file, so the widget stays request-free."""
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
TOP_KEYS = ("name", "extends", "description", "options", "minimums")
RESERVED_OPTIONS = ("theme",)
"""Stylesheets also see the theme's name as ``theme``."""


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    parent: str | None
    description: str
    options: Mapping[str, Any]
    """The options this theme's own ``theme.toml`` declares, with their defaults."""
    minimums: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Lower bounds of number options, from the ``[minimums]`` table (a theme may raise
    ``focus_width`` to 2 px, say); they add to ``MINIMUMS`` and to the parents' bounds."""


def builtin_themes_dir() -> Path:
    """The built-in themes: inside the package when installed from a wheel, else the checkout's."""
    package = Path(widget.__file__).resolve().parent
    packaged = package / "themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_colour_option(key: str) -> bool:
    return key.startswith(("color_", "dark_color_"))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a table or list"


def option_type(key: str, default: Any) -> str:
    """An option's type, read from its default's form: colour, length, keyword, text, ...

    ``color_*`` options are colours; a string default that is a CSS length (``40rem``,
    ``0``, ``auto``) makes a length option, a lower-case word a keyword option.
    """
    if isinstance(default, bool):
        return "boolean"
    if isinstance(default, (int, float)):
        return "number"
    if not isinstance(default, str):
        return "table"
    if is_colour_option(key):
        return "colour"
    if LENGTH.match(default):
        return "length"
    if KEYWORD.match(default):
        return "keyword"
    return "text"


def _value_problem(key: str, value: Any, default: Any, minimum: float = 0) -> str | None:
    """Why ``value`` cannot stand for an option whose default is ``default``, if it cannot."""
    if _kind(value) != _kind(default) or _kind(value) == "a table or list":
        return f"must be {_kind(default)}, like the default {_show(default)}"
    kind = option_type(key, default)
    if kind == "number":
        if isinstance(default, int) and not isinstance(value, int):
            return f"must be a whole number, like the default {_show(default)}"
        if not math.isfinite(value):
            return f"must be a finite number, like the default {_show(default)}"
        if value < minimum:
            why = " (a focus ring must stay visible)" if key == "focus_width" else ""
            return f"must be at least {minimum:g}{why}"
    elif kind == "colour" and not COLOUR.match(value):
        return 'must be a colour written #rgb or #rrggbb, such as "#004993"'
    elif kind == "length" and not LENGTH.match(value):
        return 'must be a CSS length such as "40rem", "12px", "100%", "0" or "auto"'
    elif kind == "keyword" and not KEYWORD.match(value):
        return "must be a keyword: lower-case letters, digits, '-' and '_'"
    elif kind == "text" and not CSS_VALUE.match(value):
        return "may hold only letters, digits, spaces and _ # . % + - , ( )"
    return None


def _read_minimums(raw: Any, fail: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise fail("minimums", f"{_show(raw)} must be a table of option names and numbers")
    for key, value in raw.items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or value < 0:
            raise fail(f"minimums.{key}", f"{_show(value)} must be a number of 0 or more")
    return dict(raw)


def _read_theme(name: str, folder: Path) -> Theme:
    path = folder / THEME_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{path}: is not valid TOML: {exc}") from None

    def fail(key: str, message: str) -> ThemeError:
        return ThemeError(f"{path}: {key}: {message}")

    for key in raw:
        if key not in TOP_KEYS:
            raise fail(key, f"unknown key{did_you_mean(key, TOP_KEYS)}")
    if raw.get("name", name) != name:
        raise fail("name", f"{_show(raw['name'])} differs from the folder name {name!r}")
    parent = raw.get("extends")
    if name == ROOT and parent is not None:
        raise fail("extends", f"{ROOT!r} is the root theme and extends nothing")
    if name != ROOT and (not isinstance(parent, str) or not parent.strip()):
        raise fail("extends", f'is required: name the parent theme, such as extends = "{ROOT}"')
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise fail("description", f"{_show(description)} must be a string")
    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise fail("options", f"{_show(options)} must be a table")
    minimums = _read_minimums(raw.get("minimums", {}), fail)
    for key, value in options.items():
        if not OPTION_NAME.match(key) or key in RESERVED_OPTIONS:
            raise fail(f"options.{key}", "option names are lower-case letters, digits and '_'")
        if _kind(value) == "a table or list":
            raise fail(f"options.{key}", f"{_show(value)} must be a string, a number or true/false")
        floor = max(MINIMUMS.get(key, 0), minimums.get(key, 0))
        problem = _value_problem(key, value, value, floor)
        if problem:
            raise fail(f"options.{key}", f"{_show(value)} {problem}")
    return Theme(
        name,
        folder,
        parent,
        description,
        MappingProxyType(dict(options)),
        MappingProxyType(minimums),
    )


class ThemeSet:
    """Every installed theme: the user's folders first, then the built-in ones."""

    def __init__(self, extra_dirs: Sequence[Path] = ()) -> None:
        self._folders: dict[str, Path] = {}
        self._themes: dict[str, Theme] = {}
        for directory in [*extra_dirs, builtin_themes_dir()]:
            if not directory.is_dir():
                raise ThemeError(f"{directory}: themes folder does not exist")
            for folder in sorted(directory.iterdir()):
                if not (folder / THEME_FILE).is_file() or folder.name in self._folders:
                    continue
                if not THEME_NAME.match(folder.name):
                    raise ThemeError(
                        f"{folder}: theme folder names are lower-case letters, digits, '-' and '_'"
                    )
                self._folders[folder.name] = folder

    def names(self) -> list[str]:
        return sorted(self._folders)

    def _installed(self) -> str:
        return "installed themes: " + ", ".join(self.names())

    def get(self, name: str) -> Theme:
        if name not in self._folders:
            hint = did_you_mean(name, self.names())
            raise ThemeError(f"theme {name!r} is not installed; {self._installed()}{hint}")
        if name not in self._themes:
            self._themes[name] = _read_theme(name, self._folders[name])
        return self._themes[name]

    def chain(self, name: str) -> tuple[Theme, ...]:
        """The theme, its parent, and so on up to ``base``."""
        chain = [self.get(name)]
        while (parent := chain[-1].parent) is not None:
            names = [theme.name for theme in chain]
            if parent in names:
                path = " -> ".join([*names[names.index(parent) :], parent])
                raise ThemeError(f"theme inheritance cycle: {path}")
            if len(chain) >= MAX_DEPTH:
                raise ThemeError(
                    f"theme {name!r} inherits more than {MAX_DEPTH} themes deep: "
                    + " -> ".join([*names, parent])
                )
            if parent not in self._folders:
                raise ThemeError(
                    f"theme {chain[-1].name!r} extends {parent!r}, which is not installed; "
                    + self._installed()
                    + did_you_mean(parent, self.names())
                )
            chain.append(self.get(parent))
        return tuple(chain)

    def options(
        self, name: str, overrides: Mapping[str, Any], *, where: str = ""
    ) -> dict[str, Any]:
        """Defaults from ``base`` down to the theme (the child's win), then ``overrides``.

        ``where`` names the table the overrides came from, so an error points at the line
        a user has to change, such as ``widget.toml: feeds.borger.theme_options``.
        """
        merged: dict[str, Any] = {}
        declared_by: dict[str, str] = {}
        chain = self.chain(name)
        minimums = dict(MINIMUMS)
        for theme in chain:
            for key, floor in theme.minimums.items():
                minimums[key] = max(minimums.get(key, 0), floor)
        for theme in reversed(chain):
            for key, value in theme.options.items():
                problem = _value_problem(key, value, merged.get(key, value), minimums.get(key, 0))
                if problem and key in merged and _kind(value) != _kind(merged[key]):
                    problem = f"must be {_kind(merged[key])}"
                if problem:
                    declared = (
                        f", as theme {declared_by[key]!r} declares it" if key in merged else ""
                    )
                    raise ThemeError(
                        f"{theme.folder / THEME_FILE}: options.{key}: {_show(value)} "
                        f"{problem}{declared}"
                    )
                merged[key] = value
                declared_by.setdefault(key, theme.name)
        for key, value in overrides.items():
            label = f"{where}.{key}" if where else f"theme option {key}"
            if key not in merged:
                hint = did_you_mean(key, sorted(merged))
                raise ThemeError(f"{label}: theme {name!r} has no such option{hint}")
            problem = _value_problem(key, value, merged[key], minimums.get(key, 0))
            if problem:
                raise ThemeError(f"{label}: {_show(value)} {problem}")
            merged[key] = value
        return merged

    def template_dirs(self, name: str, user_templates: Path | None = None) -> list[Path]:
        """Where templates are looked up, first match wins: the user's, then the chain's."""
        dirs = [user_templates] if user_templates is not None else []
        dirs += [t.folder / TEMPLATES for t in self.chain(name) if (t.folder / TEMPLATES).is_dir()]
        return dirs

    def stylesheet(self, name: str, options: Mapping[str, Any]) -> str:
        """The CSS of every theme in the chain, ``base`` first so children override it.

        Each ``style.css`` is a Jinja template seeing the merged options and ``theme``.
        Comments are dropped (they explain the source, not the page); the result depends
        on nothing but the files and the options, so its hash can name the file.
        """
        context = {**self.options(name, options), "theme": name}
        env = jinja2.Environment(
            autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
        )
        parts: list[str] = []
        for theme in reversed(self.chain(name)):
            path = theme.folder / STYLESHEET
            if not path.is_file():
                continue
            try:
                css = env.from_string(path.read_text(encoding="utf-8")).render(context)
            except jinja2.TemplateSyntaxError as exc:
                raise ThemeError(f"{path}: line {exc.lineno}: {exc.message}") from None
            except jinja2.TemplateError as exc:
                raise ThemeError(f"{path}: {exc.message}") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise ThemeError(f"{path}: cannot be read: {exc}") from None
            css = COMMENT.sub("", css)
            found = FORBIDDEN_CSS.search(css)
            if found:
                raise ThemeError(
                    f"{path}: uses {found.group(0)!r}; a widget stylesheet may load nothing "
                    "(no fonts, images or imports), so the page makes no further requests"
                )
            lines = [line.rstrip() for line in css.splitlines() if line.strip()]
            parts.append(f"/* theme: {theme.name} */\n" + "\n".join(lines) + "\n")
        return "".join(parts)

    def check(self, name: str, options: Mapping[str, Any]) -> list[str]:
        """Contrast problems of the theme with these options; empty when it passes."""
        return check_pairs(name, self.options(name, options))
