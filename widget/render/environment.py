"""The Jinja environment a theme's templates are rendered in.

Posts come from the internet, so every template is autoescaped whatever its file name,
and an undefined variable is an error instead of an empty string. Templates are looked
up in the user's folder, then along the theme's chain; ``{% extends "base:widget.html" %}``
(any installed theme's name before the colon) reaches one theme's version explicitly, so
an override can extend the very template it replaces.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import jinja2.meta
from markupsafe import Markup

from widget.errors import ThemeError
from widget.model import Segment
from widget.render.segments import render_segments
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
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Jinja looks filters up when it compiles a template, so ours must exist from the start
    # (``widget check`` compiles before any build); rendering installs one that knows the
    # build's self-hosted emoji images.
    env.filters["segments"] = _segments
    return env


def _segments(segments: Iterable[Segment], network: str = "x") -> Markup:
    return render_segments(segments, network=network)


@contextmanager
def template_errors() -> Iterator[None]:
    """Turns a template's mistake into one line naming the file and line, never a traceback."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or error.name or "template"
        raise ThemeError(f"{where}: line {error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise ThemeError(f"template {error.name!r} was not found in the theme's folders") from None
    except jinja2.TemplateError as error:
        where = _template_frame(error)
        raise ThemeError(f"{where}: {error.message or error}") from None


def _template_frame(error: BaseException) -> str:
    """Where in a template an error happened: Jinja maps its frames to the template's lines."""
    where = "a template failed"
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".jinja", ".j2")):
            where = f"{filename}: line {line}"
    return where


def check_templates(env: jinja2.Environment) -> None:
    """Compiles every template the theme can reach, and finds every template each one names.

    So ``widget check`` catches a syntax error, or an ``extends``/``import`` of a
    template that does not exist, before a build spends any API reads.
    """
    with template_errors():
        for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
            template = env.get_template(name)
            _check_references(env, template)


def _check_references(env: jinja2.Environment, template: jinja2.Template) -> None:
    if env.loader is None or template.filename is None:
        return
    source = Path(template.filename).read_text(encoding="utf-8")
    for reference in jinja2.meta.find_referenced_templates(env.parse(source)):
        if reference is None:
            continue  # a name computed at render time; checked when it renders
        try:
            env.get_template(reference)
        except jinja2.TemplateNotFound:
            raise ThemeError(
                f"{template.filename}: names template {reference!r}, which no theme folder has"
            ) from None
