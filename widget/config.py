"""Reads and validates ``widget.toml``.

Every problem is collected and reported at once, each as one line naming the
file, the key path and the bad value, with "did you mean …?" for near misses.
The schema below is also what the README's configuration reference is checked
against, so a key cannot exist without being documented.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from widget.errors import ConfigError, did_you_mean
from widget.sources.base import NetworkSettings, SourceSpec
from widget.sources.registry import KINDS, NETWORKS, unknown_kind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_CONFIG_NAME = "widget.toml"
FEED_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DEFAULT_TIMEZONE = "Europe/Copenhagen"
LOCALE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")
COLOR_SCHEMES = ("light", "dark", "auto")
POST_REFERENCE = re.compile(r"^\S{1,500}$")
"""A post in ``pinned``/``hidden``: ``network:id``, a bare id, or the post's address."""

__all__ = ["Config", "FeedConfig", "NetworkSettings", "SourceSpec", "load_config"]


@dataclass(frozen=True)
class FeedConfig:
    name: str
    title: str
    sources: tuple[SourceSpec, ...]
    limit: int = 10
    locale: str = "da"
    timezone: str = DEFAULT_TIMEZONE
    theme: str = "default"
    theme_options: Mapping[str, Any] = field(default_factory=dict)
    color_scheme: str = "light"
    """``light``, ``dark``, or ``auto`` (the visitor's setting); light unless asked, since
    the host page's own scheme is unknown."""
    heading_level: int = 2
    replies: bool = False
    reposts: bool = True
    quotes: bool = True
    media: bool = True
    hashtags_allow: tuple[str, ...] = ()
    hashtags_deny: tuple[str, ...] = ()
    keywords_deny: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    max_age_days: int | None = None
    pinned: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    max_stale_hours: int | None = None
    sensitive: str = "hide"
    """``"hide"`` leaves out posts flagged sensitive; ``"warn"`` shows them behind a warning."""
    missing_alt: str = "show"
    """``"show"`` gives images without alt text our fallback; ``"hide"`` leaves such posts out."""
    alt_text: Mapping[str, str] = field(default_factory=dict)
    """The editor's alt text by ``"<post id>"`` (first image) or ``"<post id>/<n>"``."""
    show_updated: bool = True


@dataclass(frozen=True)
class Config:
    path: Path
    output: Path
    state: Path
    base_url: str = "/widget/"
    site_url: str | None = None
    locale: str = "da"
    theme: str = "default"
    templates: Path | None = None
    themes: Path | None = None
    networks: Mapping[str, NetworkSettings] = field(default_factory=dict)
    """Every network's settings table by name, its defaults when the file has none."""
    feeds: Mapping[str, FeedConfig] = field(default_factory=dict)

    def settings(self, network: str) -> NetworkSettings:
        """A network's table, or its defaults when the file has none."""
        return self.networks.get(network) or NetworkSettings()

    @property
    def sources(self) -> list[SourceSpec]:
        """Every source of every feed, each once, in the order they are written."""
        return list(dict.fromkeys(s for feed in self.feeds.values() for s in feed.sources))

    def networks_used(self) -> list[str]:
        return list(dict.fromkeys(KINDS[source.kind].network.name for source in self.sources))

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def public_url(self) -> str:
        """Where the output is served, absolute when ``site_url`` is set (feeds want that)."""
        return (self.site_url or "").rstrip("/") + self.base_url


# --- the schema ---------------------------------------------------------------------------

Check = Callable[[Any], str | None]
"""Returns a description of what is wrong with a value, or None when it is fine."""


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _is_path(value: Any) -> str | None:
    """A file system path: the OS refuses a NUL in one, so it is refused here, with its key."""
    if isinstance(value, str) and "\x00" in value:
        return "must not contain a NUL character"
    return _is_str(value)


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _int_between(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _str_list(pattern: re.Pattern[str] | None = None, what: str = "string") -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return f"must be a list of {what}s"
        if pattern is not None:
            bad = [v for v in value if not pattern.match(v)]
            if bad:
                return f"has an invalid {what} {bad[0]!r}"
        return None

    return check


def _is_locale(value: Any) -> str | None:
    if not isinstance(value, str) or not LOCALE.match(value):
        return 'must be a language code such as "da" or "en"'
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return 'is not a language Babel knows; use a code such as "da", "en" or "de"'
    return None


def _is_timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return 'must be a time zone name such as "Europe/Copenhagen"'
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return 'is not a known time zone; use a name such as "Europe/Copenhagen" or "UTC"'
    return None


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        shown = ", ".join(f'"{choice}"' for choice in choices)
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        return f"must be one of {shown}{hint}"

    return check


def _is_alt_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return 'must be a table such as { "x:1234" = "What the image shows" }'
    for key, text in value.items():
        if not POST_REFERENCE.match(key) or key.endswith("/0"):
            return f'has the key {_show(key)}; write "<post id>" or "<post id>/<n>", n from 1'
        if not isinstance(text, str) or not text.strip():
            return f"has {_show(text)} for {key!r}; the alt text must be a non-empty string"
    return None


def _is_table(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a table"


def _is_base_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.endswith("/"):
        return 'must be a URL path ending in "/", such as "/widget/"'
    return None


def _is_site_url(value: Any) -> str | None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        return 'must be the site\'s absolute address, such as "https://www.kommune.example"'
    return None


def _is_sources(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return 'must be a non-empty list such as ["x:borgerdk"]'
    problems = [problem for item in value if (problem := _source_problem(item))]
    return "; ".join(problems) or None


def _source_problem(item: Any) -> str | None:
    if not isinstance(item, str) or ":" not in item:
        forms = " or ".join(kind.syntax for kind in KINDS.values())
        return f"has {_show(item)}; write {forms}"
    if "\x00" in item:
        return f"has {_show(item)}, which contains a NUL character"
    name, _, rest = item.partition(":")
    kind = KINDS.get(name)
    if kind is None:
        return f"has {unknown_kind(name)} in {_show(item)}"
    problem = kind.problem(rest)
    return f"has {_show(item)}: {problem}" if problem else None


TOP_KEYS: dict[str, Check] = {
    "locale": _is_locale,
    "timezone": _is_timezone,
    "output": _is_path,
    "base_url": _is_base_url,
    "site_url": _is_site_url,
    "state": _is_path,
    "theme": _is_str,
    "templates": _is_path,
    "themes": _is_path,
    **{name: _is_table for name in NETWORKS},
    "feeds": _is_table,
}
"""Top-level keys. ``theme``, ``locale`` and ``timezone`` also give each feed its default;
each network has a settings table of its own name."""

NETWORK_KEYS: dict[str, Check] = {
    "replay": _is_path,
    "refresh_minutes": _int_between(0, 10_080),
    "timeout_seconds": _int_between(1, 300),
    "wait_on_rate_limit": _is_bool,
    "monthly_post_reads": _int_between(1, 1_000_000_000),
    "recheck_hours": _int_between(0, 8_760),
}

FEED_KEYS: dict[str, Check] = {
    "title": _is_str,
    "sources": _is_sources,
    "limit": _int_between(1, 200),
    "locale": _is_locale,
    "timezone": _is_timezone,
    "theme": _is_str,
    "theme_options": _is_table,
    "color_scheme": _one_of(*COLOR_SCHEMES),
    "heading_level": _int_between(2, 6),
    "replies": _is_bool,
    "reposts": _is_bool,
    "quotes": _is_bool,
    "media": _is_bool,
    "hashtags_allow": _str_list(what="hashtag"),
    "hashtags_deny": _str_list(what="hashtag"),
    "keywords_deny": _str_list(what="keyword"),
    "languages": _str_list(LOCALE, "language code"),
    "max_age_days": _int_between(1, 36_500),
    "pinned": _str_list(POST_REFERENCE, "post ID"),
    "hidden": _str_list(POST_REFERENCE, "post ID"),
    "max_stale_hours": _int_between(1, 87_600),
    "sensitive": _one_of("hide", "warn"),
    "missing_alt": _one_of("show", "hide"),
    "alt_text": _is_alt_text,
    "show_updated": _is_bool,
}
REQUIRED_FEED_KEYS = ("title", "sources")

SCHEMA: dict[str, dict[str, Check]] = {
    "": TOP_KEYS,
    **{name: NETWORK_KEYS for name in NETWORKS},
    "feeds.<name>": FEED_KEYS,
}
"""Every documented key, by table; the README test walks this."""


# --- loading ------------------------------------------------------------------------------


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.lines.append(f"{self.path}: {key}: {message}")

    def check_table(self, table: dict[str, Any], keys: dict[str, Check], prefix: str) -> None:
        for key, value in table.items():
            where = f"{prefix}{key}"
            if key not in keys:
                self.add(where, f"unknown key{did_you_mean(key, keys)}")
                continue
            problem = keys[key](value)
            if problem:
                self.add(where, f"{_show(value)} {problem}")


def load_config(path: Path) -> Config:
    """Reads and validates a configuration file; raises ConfigError listing every problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such file (create it, or pass -c PATH)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot be read: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: is not valid TOML: {exc}"]) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise ConfigError([f"{path}: holds a number too long to read"]) from None
    except RecursionError:
        raise ConfigError([f"{path}: holds arrays or tables nested too deeply to read"]) from None
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    problems = _Problems(path)
    problems.check_table(raw, TOP_KEYS, "")
    networks_raw = {
        name: raw[name] for name in NETWORKS if name in raw and isinstance(raw[name], dict)
    }
    for name, table in networks_raw.items():
        problems.check_table(table, NETWORK_KEYS, f"{name}.")
    feeds_raw = raw.get("feeds", {}) if isinstance(raw.get("feeds", {}), dict) else {}
    if "feeds" not in raw or not feeds_raw:
        problems.add("feeds", "no feeds defined; add a [feeds.<name>] table")
    for name, table in feeds_raw.items():
        prefix = f"feeds.{name}."
        if not FEED_NAME.match(name):
            problems.add(f"feeds.{name}", "feed names must be lower-case letters, digits and '-'")
        if not isinstance(table, dict):
            problems.add(f"feeds.{name}", f"{_show(table)} must be a table")
            continue
        problems.check_table(table, FEED_KEYS, prefix)
        for key in REQUIRED_FEED_KEYS:
            if key not in table:
                problems.add(f"{prefix}{key}", "is required")
    if problems.lines:
        raise ConfigError(problems.lines)
    return _assemble(raw, networks_raw, feeds_raw, path)


def _assemble(
    raw: dict[str, Any],
    networks_raw: dict[str, dict[str, Any]],
    feeds_raw: dict[str, Any],
    path: Path,
) -> Config:
    root = path.parent

    def resolve(value: str) -> Path:
        return (root / value).resolve() if not Path(value).is_absolute() else Path(value)

    locale = raw.get("locale", "da")
    zone = raw.get("timezone", DEFAULT_TIMEZONE)
    theme = raw.get("theme", "default")
    feeds = {
        name: FeedConfig(
            name=name,
            title=table["title"],
            sources=tuple(_source(item, resolve) for item in table["sources"]),
            limit=table.get("limit", 10),
            locale=table.get("locale", locale),
            timezone=table.get("timezone", zone),
            theme=table.get("theme", theme),
            theme_options=dict(table.get("theme_options", {})),
            color_scheme=table.get("color_scheme", "light"),
            heading_level=table.get("heading_level", 2),
            replies=table.get("replies", False),
            reposts=table.get("reposts", True),
            quotes=table.get("quotes", True),
            media=table.get("media", True),
            hashtags_allow=tuple(t.lstrip("#") for t in table.get("hashtags_allow", ())),
            hashtags_deny=tuple(t.lstrip("#") for t in table.get("hashtags_deny", ())),
            keywords_deny=tuple(table.get("keywords_deny", ())),
            languages=tuple(table.get("languages", ())),
            max_age_days=table.get("max_age_days"),
            pinned=tuple(table.get("pinned", ())),
            hidden=tuple(table.get("hidden", ())),
            max_stale_hours=table.get("max_stale_hours"),
            sensitive=table.get("sensitive", "hide"),
            missing_alt=table.get("missing_alt", "show"),
            alt_text={key: text.strip() for key, text in table.get("alt_text", {}).items()},
            show_updated=table.get("show_updated", True),
        )
        for name, table in feeds_raw.items()
    }
    return Config(
        path=path.resolve(),
        output=resolve(raw.get("output", "public/widget")),
        state=resolve(raw.get("state", ".widget")),
        base_url=raw.get("base_url", "/widget/"),
        site_url=raw.get("site_url"),
        locale=locale,
        theme=theme,
        templates=resolve(raw["templates"]) if "templates" in raw else None,
        themes=resolve(raw["themes"]) if "themes" in raw else None,
        networks={
            name: NetworkSettings(
                replay=resolve(table["replay"]) if "replay" in table else None,
                refresh_minutes=table.get("refresh_minutes", 15),
                timeout_seconds=table.get("timeout_seconds", 20),
                wait_on_rate_limit=table.get("wait_on_rate_limit", False),
                monthly_post_reads=table.get("monthly_post_reads"),
                recheck_hours=table.get("recheck_hours", 24),
            )
            for name, table in ((name, networks_raw.get(name, {})) for name in NETWORKS)
        },
        feeds=feeds,
    )


def _source(item: str, resolve: Callable[[str], Path]) -> SourceSpec:
    name, _, value = item.partition(":")
    return KINDS[name].spec(value, resolve)
