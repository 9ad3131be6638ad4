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
from widget.render.compiled import MEMORY, CompiledTemplates, compiled_in
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
    themes: ThemeSet, name: str, user_templates: Path | None = None, state: Path | None = None
) -> jinja2.Environment:
    """``state``: the state folder, where compiled templates are kept between builds."""
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(themes.template_dirs(name, user_templates)), _prefixed(themes)]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=MEMORY if state is None else compiled_in(state / "templates"),
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
    template that does not exist, before a build spends any API reads. A file is
    reachable under several names (``post.html``, ``base:post.html``, one per theme
    whose chain ends in it): it is parsed and compiled once, under its bare name when
    it has one, and the compiled code is what rendering then loads.
    """
    loader = env.loader
    if loader is None:
        return
    checked: set[str] = set()
    with template_errors():
        names = env.list_templates(filter_func=lambda name: name.endswith(".html"))
        for name in sorted(names, key=lambda name: (":" in name, name)):
            source, filename, _ = loader.get_source(env, name)
            if (filename or name) in checked:
                continue
            checked.add(filename or name)
            _compile_once(env, name, filename, source)


def _compile_once(env: jinja2.Environment, name: str, filename: str | None, source: str) -> None:
    cache = env.bytecode_cache
    if not isinstance(cache, CompiledTemplates):
        cache = CompiledTemplates()
    bucket = cache.get_bucket(env, name, filename, source)
    references = cache.references(bucket)
    if bucket.code is None or references is None:
        tree = env.parse(source, name, filename)
        references = tuple(jinja2.meta.find_referenced_templates(tree))
        cache.remember_references(bucket, references)
        bucket.code = env.compile(tree, name, filename)
        cache.set_bucket(bucket)
    _check_references(env, references, filename or name)


def _check_references(
    env: jinja2.Environment, references: Iterable[str | None], where: str
) -> None:
    """Every named template must exist (each ``.html`` one is compiled by the caller's loop);
    any other is compiled here. Checked in every environment: a bare name is looked up
    along that environment's own theme chain."""
    for reference in references:
        if reference is None:
            continue  # a name computed at render time; checked when it renders
        try:
            if reference.endswith(".html") and env.loader is not None:
                env.loader.get_source(env, reference)
            else:
                env.get_template(reference)
        except jinja2.TemplateNotFound:
            raise ThemeError(
                f"{where}: names template {reference!r}, which no theme folder has"
            ) from None
