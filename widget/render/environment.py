"""The Jinja environment a theme's templates are rendered in.

Posts come from the internet, so every template is autoescaped whatever its file name,
and an undefined variable is an error instead of an empty string. Templates are looked
up in the user's folder, then along the theme's chain; ``{% extends "base:widget.html" %}``
(any installed theme's name before the colon) reaches one theme's version explicitly, so
an override can extend the very template it replaces.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from widget.errors import ThemeError
from widget.themes import ThemeSet


def _prefixed(themes: ThemeSet) -> jinja2.PrefixLoader:
    """One loader per installed theme, each searching that theme's own chain."""
    loaders: dict[str, jinja2.BaseLoader] = {}
    for name in themes.names():
        try:
            dirs = themes.template_dirs(name)
        except ThemeError:
            continue  # a broken theme cannot be extended; the theme in use is checked apart
        loaders[name] = jinja2.FileSystemLoader(dirs)
    return jinja2.PrefixLoader(loaders, delimiter=":")


def theme_environment(
    themes: ThemeSet, name: str, user_templates: Path | None = None
) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(themes.template_dirs(name, user_templates)), _prefixed(themes)]
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
