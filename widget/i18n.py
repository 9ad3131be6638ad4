"""The widget's words and dates in the page's language.

Texts live in ``widget/locales/<language>.toml`` (adding a language is adding one
file); English is the fallback for a language or key that has no text yet. Dates
and plural rules come from Babel, so they follow the page's locale even when its
texts fall back to English.
"""

from __future__ import annotations

import string
import sys
from datetime import datetime, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

from widget.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LOCALES = Path(__file__).parent / "locales"
FALLBACK = "en"

Entry = str | dict[str, str]
"""A text, or a plural text: Babel plural category (``one``, ``other``, …) to text."""

_DATE_LOCALES = {"en": "en_GB"}
"""CLDR's bare ``en`` is American English ("Nov 20, 2026"); the sites this widget is made
for write English the European way ("20 Nov 2026"). ``en_US`` still gets the American form."""

_PLACEHOLDER_SENTINEL = "\x00"


def available_locales() -> list[str]:
    """The languages with a catalogue, e.g. ``["da", "en"]``."""
    return sorted(path.stem for path in LOCALES.glob("*.toml"))


@cache
def load_catalogue(name: str) -> dict[str, Entry]:
    """One catalogue; an empty one for a language that has no file."""
    path = LOCALES / f"{name}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{path}: cannot be read as TOML: {exc}"]) from None
    problems = [
        f"{path}: {key}: must be a text or a table of plural texts"
        for key, value in raw.items()
        if not _is_entry(value)
    ]
    if problems:
        raise ConfigError(problems)
    return raw


def _is_entry(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and "other" in value
        and all(isinstance(text, str) for text in value.values())
    )


def placeholders(entry: Entry) -> set[str]:
    """The ``{names}`` an entry uses, over all its plural forms."""
    texts = [entry] if isinstance(entry, str) else list(entry.values())
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def _normalise(locale: str) -> str:
    return locale.strip().replace("-", "_")


def _babel_locale(locale: str) -> Locale:
    for candidate in (_DATE_LOCALES.get(locale, locale), _DATE_LOCALES[FALLBACK]):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    raise AssertionError("Babel always knows English")  # pragma: no cover


class Messages:
    """Texts, plurals and dates for one locale (``"da"``, ``"en"``, ``"en_GB"`` …).

    ``zone`` is the time zone dates are shown in; the stored times are UTC.
    """

    def __init__(self, locale: str, *, zone: tzinfo = timezone.utc) -> None:
        self.locale = _normalise(locale)
        self.zone = zone
        self.babel = _babel_locale(self.locale)
        language = self.locale.split("_")[0]
        names = dict.fromkeys([self.locale, language, FALLBACK])
        self._catalogues = [load_catalogue(name) for name in names]

    @property
    def lang(self) -> str:
        """The locale as an HTML ``lang`` value (``en-GB``)."""
        return self.locale.replace("_", "-")

    @property
    def language(self) -> str:
        """The primary language subtag (``en`` for ``en_GB``)."""
        return self.locale.split("_")[0].lower()

    def _entry(self, key: str) -> Entry:
        for catalogue in self._catalogues:
            if key in catalogue:
                return catalogue[key]
        raise KeyError(f"no text {key!r} in {LOCALES / (FALLBACK + '.toml')}")

    def __call__(self, key: str, **values: Any) -> str:
        entry = self._entry(key)
        text = entry if isinstance(entry, str) else entry["other"]
        return text.format_map(values)

    def network(self, key: str, network: str | None, **values: Any) -> str:
        """A text that names a network (``more_posts_mastodon``), else the general one."""
        if network:
            try:
                return self(f"{key}_{network.replace('-', '_')}", **values)
            except KeyError:
                pass
        return self(key, **values)

    def plural(self, key: str, count: int, **values: Any) -> str:
        entry = self._entry(key)
        if isinstance(entry, str):
            return entry.format_map({"count": count, **values})
        form = self.babel.plural_form(count)
        return entry.get(form, entry["other"]).format_map({"count": count, **values})

    def around(self, key: str, placeholder: str, **values: Any) -> tuple[str, str]:
        """The text before and after ``{placeholder}``, so a template can wrap the value
        in markup (``<bdi>``) while Jinja still escapes every piece."""
        text = self(key, **{placeholder: _PLACEHOLDER_SENTINEL}, **values)
        before, _, after = text.partition(_PLACEHOLDER_SENTINEL)
        return before, after

    def plural_around(self, key: str, count: int, placeholder: str) -> tuple[str, str]:
        """``around`` for a plural text: the form for ``count``, split at ``{placeholder}``."""
        text = self.plural(key, count, **{placeholder: _PLACEHOLDER_SENTINEL})
        before, _, after = text.partition(_PLACEHOLDER_SENTINEL)
        return before, after

    def date(self, moment: datetime) -> str:
        """The date as the page's readers write it: ``20. nov. 2026`` / ``20 Nov 2026``."""
        return format_date(moment.astimezone(self.zone), "medium", locale=self.babel)

    def datetime_label(self, moment: datetime) -> str:
        """Date and time of day, for text that needs both."""
        local = moment.astimezone(self.zone)
        time = format_time(local, "short", locale=self.babel)
        pattern = str(get_datetime_format("medium", locale=self.babel))
        return pattern.replace("{1}", self.date(moment)).replace("{0}", time).replace("'", "")
