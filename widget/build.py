"""The build: fetch, curate, media, render, write — in that order, and nothing else."""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import requests

from widget import fetch as fetch_stage
from widget.atomic import remove_stale_temporaries
from widget.budget import describe as describe_reads
from widget.config import Config, FeedConfig
from widget.curate import CuratedFeed, curate
from widget.curate_alt import images_without_alt, missing_alt_lines
from widget.errors import EXIT_DEGRADED, EXIT_OK, BuildError, ConfigError, ThemeError
from widget.fetch import FetchReport, fetch_sources, posts_by_feed
from widget.http import deferred
from widget.manifest import (
    FeedRecord,
    manifest_json,
    stable_stylesheet_name,
    stylesheet_name,
    subresource_integrity,
)
from widget.media import LocalImage, MediaFetcher
from widget.model import Post
from widget.policy import empty_accounts, last_fetched, stale_feeds, strict_failure
from widget.preflight import check_folders
from widget.progress import Progress
from widget.render.environment import check_templates, template_errors, theme_environment
from widget.render.html import RenderOptions, render_feed, render_index
from widget.render.syndication import atom_feed, json_feed
from widget.store import Store
from widget.themes import ThemeSet
from widget.tokens import require_tokens
from widget.write import StagedOutput, staged_output

SCRIPT = Path(__file__).parent / "static" / "widget.js"
MEDIA_CACHE_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class BuildOptions:
    offline: bool = False
    strict: bool = False
    replay: Path | None = None
    record: Path | None = None
    wait_on_rate_limit: bool | None = None
    now: datetime | None = None
    allow_empty: bool = False
    """Publish even when an account failed with nothing stored (a first deploy)."""


@dataclass(frozen=True)
class BuildResult:
    output: Path
    report: FetchReport
    feeds: Mapping[str, CuratedFeed]
    files: Mapping[str, str] = field(default_factory=dict)
    exit_code: int = EXIT_OK


@dataclass(frozen=True)
class FeedTheme:
    """A feed's theme, resolved and checked before anything is fetched."""

    name: str
    env: jinja2.Environment
    options: Mapping[str, object]
    css: str

    @property
    def file_name(self) -> str:
        return stylesheet_name(self.name, self.css)

    @property
    def integrity(self) -> str:
        return subresource_integrity(self.css.encode("utf-8"))


@dataclass(frozen=True)
class BuiltFeed:
    curated: CuratedFeed
    fragment: str
    missing_alt: tuple[tuple[str, int], ...] = ()
    """(post key, image number) of each shown image without alt text."""


def build(
    config: Config,
    options: BuildOptions,
    progress: Progress | None = None,
    store: Store | None = None,
) -> BuildResult:
    """Runs every stage under the state folder's lock.

    ``store`` is a Store of ``config.state`` whose lock the caller may already hold
    (its lock is re-entrant, a second Store's would wait for the first): ``widget
    forget`` removes posts and rebuilds in one locked step, so no build runs between.
    """
    progress = progress or Progress()
    warnings_before = progress.warning_count
    started = time.time()
    now = options.now or datetime.now(timezone.utc)
    themes = ThemeSet(extra_dirs=[config.themes] if config.themes else [])
    feed_themes = resolve_themes(config, themes)
    check_folders(config, replay=options.replay, record=options.record)
    require_tokens(config, replay=options.replay, offline=options.offline)
    store = store or Store(config.state)
    with store.lock(), ExitStack() as closing:
        # Temporary files a killed run left behind; only older ones, and only ours.
        remove_stale_temporaries(config.state, before=started, recursive=True)
        session = (
            deferred(lambda: open_session(config, options))
            if options.offline
            else open_session(config, options)
        )
        closing.callback(session.close)  # its cache file closed, if it was opened
        report = fetch(config, options, store, session, progress, now)
        empty = None if options.allow_empty else empty_accounts(report)
        if empty:
            raise BuildError(empty)
        stale = stale_feeds(config, report, now)
        for line in stale:
            progress.warn(line)
        fetcher = MediaFetcher(
            session,
            config.state / "media",
            log=progress.warn,
            file_roots=[source.path for source in config.sources if source.path is not None],
        )
        with staged_output(config.output, protected=(config.root, config.state)) as stage:
            stored = posts_by_feed(store, config.feeds.values())
            built = {
                name: write_feed(
                    config,
                    feed,
                    feed_themes[name],
                    stored[name],
                    fetcher,
                    stage,
                    progress,
                    now,
                    updated=last_fetched(feed, report),
                )
                for name, feed in config.feeds.items()
            }
            stable = write_shared(config, themes, feed_themes, built, stage)
            records = [
                feed_record(config, feed, built[name], feed_themes[name], stable[name])
                for name, feed in config.feeds.items()
            ]
            stage.write_text(
                "manifest.json", manifest_json(config, records, report, stage.files, now)
            )
            warnings = progress.warning_count - warnings_before
            if options.strict and warnings:  # the last moment before the swap
                raise BuildError(strict_failure(warnings))
    exit_code = EXIT_DEGRADED if report.degraded or stale else EXIT_OK
    reads = describe_reads(report.reads)
    progress.done(
        f"built {len(built)} feed(s) into {config.output}" + (f"; {reads}" if reads else "")
    )
    curated = {name: feed.curated for name, feed in built.items()}
    return BuildResult(config.output, report, curated, dict(stage.files), exit_code)


def resolve_themes(config: Config, themes: ThemeSet) -> dict[str, FeedTheme]:
    """Resolves every feed's theme and options, and checks their colours, reporting all problems.

    The top-level theme is checked too: it renders ``index.html``.
    """
    problems: list[str] = []
    resolved: dict[str, FeedTheme] = {}
    environments: dict[str, jinja2.Environment] = {}  # one per theme, however many feeds use it
    for name, feed in config.feeds.items():
        key = f"{config.path}: feeds.{name}.theme"
        try:
            options = themes.options(feed.theme, feed.theme_options, where=f"{key}_options")
            problems.extend(f"{key}: {line}" for line in themes.check(feed.theme, options))
            if feed.color_scheme != "light" and options.get("dark") is not True:
                problems.append(
                    f"{config.path}: feeds.{name}.color_scheme: {feed.color_scheme!r} needs a "
                    f"dark palette, and theme {feed.theme!r} has none (dark = false); "
                    'use "light" or a theme with dark = true'
                )
            env = environments.get(feed.theme) or _checked_environment(themes, feed.theme, config)
            environments[feed.theme] = env
            css = themes.stylesheet(feed.theme, options)
            resolved[name] = FeedTheme(feed.theme, env, options, css)
        except ThemeError as exc:
            problems.extend(_located(exc.lines(), key, config))
    try:
        if config.theme not in environments:
            _checked_environment(themes, config.theme, config)
    except ThemeError as exc:
        problems.extend(_located(exc.lines(), f"{config.path}: theme", config))
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return resolved


def _checked_environment(themes: ThemeSet, name: str, config: Config) -> jinja2.Environment:
    env = theme_environment(themes, name, config.templates, config.state)
    check_templates(env)
    return env


def _located(lines: list[str], key: str, config: Config) -> list[str]:
    """Names the configuration key a theme problem came from, unless the line names its file."""
    return [
        line if Path(line.split(":", 1)[0]).is_absolute() else f"{key}: {line}" for line in lines
    ]


def open_session(config: Config, options: BuildOptions) -> requests.Session:
    return fetch_stage.open_session(
        config, replay=options.replay, record=options.record, offline=options.offline
    )


def fetch(
    config: Config,
    options: BuildOptions,
    store: Store,
    session: requests.Session,
    progress: Progress,
    now: datetime,
) -> FetchReport:
    report = fetch_sources(
        config,
        store,
        offline=options.offline,
        replay=options.replay,
        record=options.record,
        wait_on_rate_limit=options.wait_on_rate_limit,
        now=now,
        log=progress.step,
        session=session,
        warn=progress.warn,  # a failed recheck is a warning --strict counts
    )
    for account in report.accounts:
        if account.status in {"stored", "failed"} and account.message:
            progress.warn(account.message)
    return report


def write_feed(
    config: Config,
    feed: FeedConfig,
    theme: FeedTheme,
    posts: list[Post],
    fetcher: MediaFetcher,
    stage: StagedOutput,
    progress: Progress,
    now: datetime,
    updated: datetime | None = None,
) -> BuiltFeed:
    progress.step(f"{feed.name}: curating")
    curated = curate(feed, posts, now=now)
    progress.step(f"{feed.name}: preparing images")
    images = fetcher.collect((entry.post for entry in curated.entries), media=feed.media)
    copy_images(stage, images)
    missing = [
        image
        for entry in curated.entries
        for image in images_without_alt(entry.post, lambda url: feed.media and url in images)
    ]
    for line in missing_alt_lines(feed.name, missing):
        progress.warn(line)
    progress.step(f"{feed.name}: rendering")
    render_options = RenderOptions(
        base_url=config.base_url,
        locale=feed.locale,
        heading_level=feed.heading_level,
        theme=feed.theme,
        theme_options=theme.options,
        show_media=feed.media,
        zone=ZoneInfo(feed.timezone),
        updated=updated,
    )
    with template_errors():
        fragment = render_feed(theme.env, curated, images, render_options)
    stage.write_text(f"{feed.name}.html", fragment)
    public = config.public_url
    home_url = f"{public}index.html"
    stage.write_text(
        f"{feed.name}.json",
        json_feed(
            curated,
            feed_url=f"{public}{feed.name}.json",
            home_url=home_url,
            images=images,
            base_url=public,
        ),
    )
    stage.write_text(
        f"{feed.name}.xml",
        atom_feed(curated, feed_url=f"{public}{feed.name}.xml", home_url=home_url),
    )
    return BuiltFeed(curated, fragment, tuple(missing))


def copy_images(stage: StagedOutput, images: Mapping[str, LocalImage]) -> None:
    for image in images.values():
        if image.path not in stage.files:
            stage.copy_file(image.path, image.file)


def write_shared(
    config: Config,
    themes: ThemeSet,
    feed_themes: Mapping[str, FeedTheme],
    built: Mapping[str, BuiltFeed],
    stage: StagedOutput,
) -> dict[str, str]:
    """Writes the stylesheets, the optional script and the page that shows every feed.

    Each stylesheet is written twice: under its hashed name, for pages that link it with
    its ``integrity``, and under a stable one for pages that cannot read the manifest.
    Returns each feed's stable name.
    """
    stylesheets: dict[str, str] = {}
    for theme in feed_themes.values():
        if theme.file_name not in stylesheets:
            stage.write_text(theme.file_name, theme.css)
            stylesheets[theme.file_name] = theme.integrity
    stable = stable_stylesheets(feed_themes)
    for feed, name in stable.items():
        if name not in stage.files:
            stage.write_text(name, feed_themes[feed].css)
    stage.write_bytes("widget.js", SCRIPT.read_bytes())
    fragments = [(name, feed.title, built[name].fragment) for name, feed in config.feeds.items()]
    with template_errors():
        index = render_index(
            theme_environment(themes, config.theme, config.templates, config.state),
            fragments,
            locale=config.locale,
            stylesheets=[(config.base_url + href, sri) for href, sri in stylesheets.items()],
            script=config.base_url + "widget.js",
        )
    stage.write_text("index.html", index)
    return stable


def stable_stylesheets(feed_themes: Mapping[str, FeedTheme]) -> dict[str, str]:
    """Each feed's stable stylesheet name: its theme's, unless feeds of that theme differ."""
    variants: dict[str, set[str]] = {}
    for theme in feed_themes.values():
        variants.setdefault(theme.name, set()).add(theme.css)
    return {
        feed: stable_stylesheet_name(theme.name, feed, len(variants[theme.name]) == 1)
        for feed, theme in feed_themes.items()
    }


def feed_record(
    config: Config, feed: FeedConfig, built: BuiltFeed, theme: FeedTheme, stable: str
) -> FeedRecord:
    return FeedRecord(
        name=feed.name,
        title=feed.title,
        posts=len(built.curated.entries),
        sources=tuple(source.label for source in feed.sources),
        stylesheet=config.base_url + theme.file_name,
        stylesheet_integrity=theme.integrity,
        stylesheet_stable=config.base_url + stable,
        missing_alt=built.missing_alt,
    )
