"""The ``widget`` command line.

Failures a user can cause are shown as ``Error: …`` lines and an exit code from
``widget.errors``; usage mistakes exit 2 with a hint (click's convention).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from widget import __version__
from widget.errors import EXIT_DEGRADED, EXIT_ERROR, ConfigError, WidgetError, did_you_mean

if TYPE_CHECKING:
    from widget.config import Config, FeedConfig

DEFAULT_CONFIG_NAME = "widget.toml"
"""Also ``widget.config.DEFAULT_CONFIG_NAME``; spelled here so ``--help`` needs no import of
the configuration (which brings in every network's code)."""

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turns a WidgetError into ``Error:`` lines and its exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WidgetError as error:
            for line in error.lines():
                click.echo(f"Error: {line}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; the previous output and store are unchanged", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def load_config(path: Path) -> Config:
    """Imported when a command runs: the schema pulls in every source kind."""
    from widget.config import load_config as load

    return load(path)


config_option = click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG_NAME,
    show_default=True,
    help="The configuration file.",
)
replay_option = click.option(
    "--replay",
    type=click.Path(path_type=Path, file_okay=False),
    help="Serve every network's responses from this recordings folder instead of the network.",
)
record_option = click.option(
    "--record",
    type=click.Path(path_type=Path, file_okay=False),
    help="Save the exact responses of every network into this folder (the layouts --replay reads).",
)
strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on any warning (an account not fetched, a stale feed, an image refused, "
    "a missing alt text…), leaving the previous output in place.",
)
wait_option = click.option(
    "--wait-on-rate-limit",
    is_flag=True,
    default=None,
    help="When a network says the rate limit is reached, wait once for the reset (at most 15 "
    "minutes) instead of carrying on.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="widget")
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The configuration file of every command (a command's own -c wins).",
)
@click.pass_context
def main(context: click.Context, config_path: Path | None) -> None:
    """Build accessible, private feed widgets for static websites."""
    if config_path is not None:
        _config_default_for_every_command(context, config_path)


def _config_default_for_every_command(context: click.Context, config_path: Path) -> None:
    """``widget -c FILE build``: FILE becomes the default of the subcommand's own ``-c``.

    Click builds the subcommand's context after this callback, from ``default_map``,
    so an explicit ``-c`` after the subcommand still overrides it.
    """
    defaults = dict(context.default_map or {})
    for name in main.commands:
        defaults[name] = {**defaults.get(name, {}), "config_path": str(config_path)}
    context.default_map = defaults


@main.command()
@click.argument(
    "folder", default=".", type=click.Path(path_type=Path, file_okay=False), required=False
)
@click.option(
    "--demo", is_flag=True, help="Also write invented sample recordings, so a build works offline."
)
@reports_errors
def init(folder: Path, demo: bool) -> None:
    """Write a commented widget.toml into FOLDER (default: here); overwrite nothing."""
    from widget.init import init_site

    written = init_site(folder, demo=demo)
    click.echo(f"wrote {written.config}")
    if written.recordings is not None:
        click.echo(f"wrote invented sample recordings into {written.recordings}")
    click.echo(f"next: widget check -c {written.config}")
    click.echo(f"      widget build -c {written.config}")
    click.echo(f"      widget preview -c {written.config}")


@main.command()
@config_option
@click.option("--offline", is_flag=True, help="Do not fetch: build from the store alone.")
@strict_option
@replay_option
@record_option
@wait_option
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Build even when an account failed with nothing stored (a first deploy); exit 3.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print warnings and errors only.")
@reports_errors
def build(
    config_path: Path,
    offline: bool,
    strict: bool,
    replay: Path | None,
    record: Path | None,
    wait_on_rate_limit: bool | None,
    allow_empty: bool,
    quiet: bool,
) -> None:
    """Fetch, curate, render and write every feed of the configuration."""
    from widget.build import BuildOptions
    from widget.build import build as run_build
    from widget.progress import Progress

    config = load_config(config_path)
    options = BuildOptions(
        offline=offline,
        strict=strict,
        replay=replay,
        record=record,
        wait_on_rate_limit=wait_on_rate_limit,
        allow_empty=allow_empty,
    )
    result = run_build(config, options, Progress(quiet=quiet))
    if result.exit_code == EXIT_DEGRADED:
        click.echo(
            "warning: built, but some accounts were served from the store, a recheck was "
            "skipped or a feed is stale (exit 3); see the lines above",
            err=True,
        )
    sys.exit(result.exit_code)


@main.command()
@config_option
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1, not 3, when an account could not be fetched (its stored posts stay).",
)
@replay_option
@record_option
@wait_option
@click.option("-q", "--quiet", is_flag=True, help="Print warnings, errors and the result only.")
@reports_errors
def fetch(
    config_path: Path,
    strict: bool,
    replay: Path | None,
    record: Path | None,
    wait_on_rate_limit: bool | None,
    quiet: bool,
) -> None:
    """Fetch new posts of every account into the store, without building."""
    from widget.budget import describe as describe_reads
    from widget.build import BuildOptions, open_session
    from widget.fetch import fetch_sources
    from widget.preflight import check_folders
    from widget.store import Store
    from widget.tokens import require_tokens

    config = load_config(config_path)
    check_folders(config, replay=replay, record=record)
    require_tokens(config, replay=replay)
    store = Store(config.state)
    with store.lock():
        session = open_session(config, BuildOptions(replay=replay, record=record))
        report = fetch_sources(
            config,
            store,
            replay=replay,
            record=record,
            wait_on_rate_limit=wait_on_rate_limit,
            log=(lambda line: None) if quiet else (lambda line: click.echo(line, err=True)),
            warn=lambda line: click.echo(f"warning: {line}", err=True),
            session=session,
        )
    for account in report.accounts:
        click.echo(
            account.message or f"{account.source}: {account.status}, {account.new_posts} new"
        )
    reads = describe_reads(report.reads)
    if reads:
        click.echo(reads, err=True)  # stdout stays one line per account
    if report.degraded:
        sys.exit(EXIT_ERROR if strict else EXIT_DEGRADED)


@main.command()
@config_option
@reports_errors
def check(config_path: Path) -> None:
    """Validate the configuration and its themes (colour contrast included) without building."""
    from widget.build import resolve_themes
    from widget.preflight import folder_problems
    from widget.themes import ThemeSet

    config = load_config(config_path)
    problems = folder_problems(config)
    try:
        resolve_themes(config, ThemeSet(extra_dirs=[config.themes] if config.themes else []))
    except WidgetError as error:
        problems = error.lines() + problems
    if problems:
        raise ConfigError(problems)
    from widget.tokens import token_warnings

    for line in [*token_warnings(config), *_alt_text_warnings(config)]:
        click.echo(f"warning: {line}", err=True)
    click.echo(f"{config.path}: OK ({len(config.feeds)} feed(s))")


def _alt_text_warnings(config: Config) -> list[str]:
    """Editor's alt text that names no stored image: a typo, or a post not fetched yet."""
    from widget.curate_alt import unmatched_keys
    from widget.fetch import posts_by_feed
    from widget.store import Store

    feeds = [feed for feed in config.feeds.values() if feed.alt_text]
    stored = posts_by_feed(Store(config.state), feeds) if feeds else {}
    return [
        f"{config.path}: feeds.{feed.name}.alt_text: {problem}"
        for feed in feeds
        for problem in unmatched_keys(feed.alt_text, stored[feed.name])
    ]


@main.command()
@config_option
@click.argument("feed")
@click.argument("post_id")
@reports_errors
def explain(config_path: Path, feed: str, post_id: str) -> None:
    """Say why a post is shown in FEED, and where, or why not."""
    from widget.curate import curate
    from widget.fetch import stored_posts
    from widget.recheck import why_gone
    from widget.store import Store

    config = load_config(config_path)
    feed_config = _feed(config, feed)
    posts = stored_posts(Store(config.state), feed_config)
    curated = curate(feed_config, posts, now=datetime.now(timezone.utc))
    gone = None if curated.find(post_id) else why_gone(Store(config.state), feed_config, post_id)
    click.echo(gone or curated.explain(post_id))
    if curated.find(post_id) is None:
        sys.exit(EXIT_ERROR)


@main.command()
@config_option
@click.argument("post_ids", metavar="ID...", nargs=-1, required=True)
@reports_errors
def forget(config_path: Path, post_ids: tuple[str, ...]) -> None:
    """Remove posts now from the store, the caches and the output; they never return.

    ID is network:id, the bare id, or the post's address. An ID that names no stored
    post exits 1 and nothing is removed.
    """
    from widget.build import BuildOptions
    from widget.build import build as run_build
    from widget.forget import forget as forget_posts
    from widget.progress import Progress

    config = load_config(config_path)
    forget_posts(
        config,
        post_ids,
        now=datetime.now(timezone.utc),
        rebuild=lambda store: run_build(
            config, BuildOptions(offline=True), Progress(quiet=True), store
        ),
        log=click.echo,
    )
    click.echo(f"rebuilt {config.output} from the store, without the post(s)")


@main.command()
@config_option
@reports_errors
def statement(config_path: Path) -> None:
    """Print Markdown for the site's privacy notice and accessibility statement."""
    from widget.statement import latest_build
    from widget.statement import statement as write_statement

    config = load_config(config_path)
    click.echo(write_statement(config, latest_build(config)), nl=False)


@main.command()
@config_option
@reports_errors
def themes(config_path: Path) -> None:
    """List the installed themes (and your own, when the configuration names a themes folder)."""
    from widget.themes import ThemeSet

    extra = []
    if config_path.is_file():
        config = load_config(config_path)
        extra = [config.themes] if config.themes else []
    theme_set = ThemeSet(extra_dirs=extra)
    for name in theme_set.names():
        theme = theme_set.get(name)
        parent = f" (extends {theme.parent})" if theme.parent else ""
        click.echo(f"{name}{parent}: {theme.description}")


def _feed(config: Config, name: str) -> FeedConfig:
    if name not in config.feeds:
        known = ", ".join(sorted(config.feeds))
        hint = did_you_mean(name, config.feeds)
        raise WidgetError(f"{config.path}: no feed named {name!r}{hint} (feeds: {known})")
    return config.feeds[name]


@main.command()
@config_option
@click.argument("site_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--script/--no-script",
    default=True,
    show_default=True,
    help="Also add the optional widget.js to every page that gets a widget.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; list what would change and exit 1 if anything."
)
@reports_errors
def inject(config_path: Path, site_dir: Path, script: bool, check: bool) -> None:
    """Fill the <div data-widget="FEED"> placeholders in every page of an already-built site."""
    from widget.inject import apply_plan, load_delivery, plan_injection

    config = load_config(config_path)
    plan = plan_injection(site_dir, load_delivery(config), script=script)
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    if check:
        for change in plan.changes:
            click.echo(f"would change {change.path} ({change.widgets} widget(s))")
        click.echo(f"would have {plan.summary()}")
        sys.exit(EXIT_ERROR if plan.changes else 0)
    apply_plan(plan)
    click.echo(plan.summary())


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on (0: any free port).",
)
@click.option(
    "--offline/--fetch",
    default=True,
    show_default=True,
    help="Build from the store alone (no API reads), or fetch first. Recordings are always read.",
)
@reports_errors
def preview(config_path: Path, host: str, port: int, offline: bool) -> None:
    """Serve the widget locally, rebuilding and reloading the page on every change."""
    from widget.preview import run_preview

    run_preview(config_path, host=host, port=port, offline=offline)
