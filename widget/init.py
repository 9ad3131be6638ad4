"""``widget init``: a commented ``widget.toml`` to start from, and optional sample data.

The file is generated from ``widget.config.SCHEMA``, so every key the loader accepts
appears in it, each with its default and one line of why; a key without a note here
still appears (the tests fail until it has one).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from widget import __version__
from widget.atomic import write_atomic
from widget.config import DEFAULT_CONFIG_NAME, SCHEMA
from widget.errors import WidgetError
from widget.init_demo import DEMO_ACCOUNT, RECORDINGS, write_demo_recordings

FEED_TABLE = "feeds.<name>"
FEED_NAME = "nyheder"


@dataclass(frozen=True)
class Note:
    """What ``init`` writes for one key."""

    why: str
    default: str
    """The default as the reference states it: a TOML value, "none", "required", …"""
    value: str | None = None
    """The TOML value written on the key's line when it differs from ``default``."""

    @property
    def shown(self) -> str:
        return self.value if self.value is not None else self.default


NONE = "none"
REQUIRED = "required"

TOP_NOTES: dict[str, Note] = {
    "locale": Note(
        "language of the host pages (UI text, dates); each feed can override it", '"da"'
    ),
    "timezone": Note(
        "time zone of the dates shown (datetime attributes stay UTC); feeds can override it",
        '"Europe/Copenhagen"',
    ),
    "output": Note(
        "folder the build writes; widget owns it and replaces it whole on every build",
        '"public/widget"',
    ),
    "base_url": Note(
        "where the site serves `output`; every stylesheet, image and feed link starts here",
        '"/widget/"',
    ),
    "site_url": Note(
        "the site's absolute address; makes the links in the JSON Feed and Atom files absolute",
        NONE,
        '"https://www.kommune.example"',
    ),
    "state": Note(
        "the store and HTTP cache; keep it between CI runs so posts accumulate", '".widget"'
    ),
    "theme": Note(
        "theme of every feed that does not name its own (see `widget themes`)", '"default"'
    ),
    "templates": Note(
        "a folder of your own templates, looked up before the theme's", NONE, '"templates"'
    ),
    "themes": Note(
        "a folder of your own themes (<name>/theme.toml), looked up before the built-in ones",
        NONE,
        '"themes"',
    ),
}

NETWORK_NOTES: dict[str, Note] = {
    "replay": Note(
        "read recorded responses from this folder instead of the network", NONE, '"recorded"'
    ),
    "refresh_minutes": Note(
        "an account fetched less than this long ago is not fetched again (also the cache life)",
        "15",
    ),
    "timeout_seconds": Note("timeout of every request, in seconds", "20"),
    "wait_on_rate_limit": Note(
        "when the network says 429, wait for the reset instead of building from the store",
        "false",
    ),
    "monthly_post_reads": Note(
        "at most this many posts read per calendar month (X bills per read); then the store",
        NONE,
        "10000",
    ),
    "recheck_hours": Note(
        "the posts shown are looked up again this often, so deleted ones go (0: every build)",
        "24",
    ),
}
"""The settings every network table shares (``[x]`` today)."""

FEED_NOTES: dict[str, Note] = {
    "title": Note("the widget's heading", REQUIRED, '"Nyt fra os"'),
    "sources": Note(
        'accounts shown, merged by time: "x:<handle>" or "x-archive:<folder>"',
        REQUIRED,
        '["x:your_account"]',
    ),
    "limit": Note("how many posts to show (1-200)", "10"),
    "locale": Note("language of this feed's UI text and dates", "the top-level locale", '"da"'),
    "timezone": Note(
        "time zone of this feed's dates", "the top-level timezone", '"Europe/Copenhagen"'
    ),
    "theme": Note("theme of this feed", "the top-level theme", '"default"'),
    "theme_options": Note("values for the options the theme declares (see `widget themes`)", "{}"),
    "color_scheme": Note(
        '"light", "dark", or "auto" (the visitor\'s setting); the host page\'s scheme is unknown',
        '"light"',
    ),
    "heading_level": Note("level of the widget's heading (2-6), to fit the page outline", "2"),
    "replies": Note("show replies", "false"),
    "reposts": Note("show reposts (as the original, saying who shared it)", "true"),
    "quotes": Note("show quote posts", "true"),
    "media": Note("show images and video posters", "true"),
    "hashtags_allow": Note("when not empty, only posts with one of these hashtags", "[]"),
    "hashtags_deny": Note("leave out posts with any of these hashtags", "[]"),
    "keywords_deny": Note("leave out posts containing any of these words (whole words)", "[]"),
    "languages": Note("when not empty, only posts in these languages", "[]"),
    "max_age_days": Note("leave out posts older than this many days", NONE, "30"),
    "pinned": Note("post IDs shown first, in this order", "[]"),
    "hidden": Note("post IDs never shown (a takedown list)", "[]"),
    "max_stale_hours": Note(
        "when every account is older than this, say so and exit 3 (CI can alert)", NONE, "24"
    ),
    "sensitive": Note(
        'posts flagged sensitive: "hide" leaves them out, "warn" shows them behind a warning',
        '"hide"',
    ),
    "missing_alt": Note(
        'images without alt text: "show" uses a fallback text, "hide" leaves the post out',
        '"show"',
    ),
    "alt_text": Note(
        'your alt text where the author gave none, by "<post id>" or "<post id>/<n>"',
        "{}",
        '{ "x:1234" = "What the first image shows" }',
    ),
    "show_updated": Note("end the widget with when its posts were last fetched", "true"),
}

NOTES: Mapping[str, Mapping[str, Note]] = {"": TOP_NOTES, FEED_TABLE: FEED_NOTES}
"""Keyed like ``SCHEMA``; any other table is a network's and takes ``NETWORK_NOTES``."""


def notes_for(table: str) -> Mapping[str, Note]:
    return NOTES.get(table, NETWORK_NOTES)


@dataclass(frozen=True)
class Written:
    config: Path
    recordings: Path | None


def init_site(folder: Path, *, demo: bool) -> Written:
    """Writes ``folder/widget.toml`` (and with ``demo`` the sample recordings); never overwrites."""
    config = folder / DEFAULT_CONFIG_NAME
    recordings = folder / RECORDINGS if demo else None
    for existing in (config, recordings):
        if existing is not None and existing.exists():
            raise WidgetError(f"{existing} already exists; init overwrites nothing")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if recordings is not None:
            write_demo_recordings(recordings)
        write_atomic(config, config_text(demo=demo).encode("utf-8"))
    except OSError as error:
        raise WidgetError(f"{folder}: cannot write the new site: {error.strerror}") from None
    return Written(config, recordings)


def config_text(*, demo: bool) -> str:
    """The commented configuration: every key of every SCHEMA table, in schema order."""
    active = _active_values(demo)
    lines = _header(demo)
    table_roots = {name.split(".")[0] for name in SCHEMA if name}
    for table, keys in SCHEMA.items():
        header = table.replace("<name>", FEED_NAME)
        if table:
            lines += ["", f"[{header}]"]
        for key in keys:
            if not table and key in table_roots:
                continue  # written as its own [table] below
            lines += _key_lines(key, notes_for(table).get(key), active.get((table, key)))
    return "\n".join(lines) + "\n"


def _active_values(demo: bool) -> dict[tuple[str, str], str]:
    """The keys written uncommented: the feed's required ones, and the demo's recordings."""
    if not demo:
        return {}
    return {
        ("x", "replay"): f'"{RECORDINGS}"',
        (FEED_TABLE, "title"): '"Nyt fra os (eksempel)"',
        (FEED_TABLE, "sources"): f'["x:{DEMO_ACCOUNT}"]',
    }


def _header(demo: bool) -> list[str]:
    lines = [
        f"# widget.toml, written by `widget init` (widget {__version__}).",
        "# Every key is listed with its default; a line starting with `# key =` is off:",
        "# remove the `# ` to set it. Paths are relative to this file's folder.",
        "# Check the file with `widget check`; build with `widget build`.",
    ]
    if demo:
        lines += [
            "#",
            f"# Sample data: the account {DEMO_ACCOUNT!r} and its posts are invented, and",
            f'# `[x] replay = "{RECORDINGS}"` serves them from the folder {RECORDINGS}/, so',
            "# this builds offline. For your own account: change `sources`, delete the",
            "# replay line, and set X_BEARER_TOKEN in the environment (never in this file).",
        ]
    return lines


def _key_lines(key: str, note: Note | None, active: str | None) -> list[str]:
    if note is None:
        return ["", f"# {key}: not described yet; see the README's configuration reference"]
    # A no-break space keeps "Default:" on the line of its value.
    why = f"{note.why[0].upper()}{note.why[1:]}. Default:\u00a0{note.default}."
    wrapped = textwrap.wrap(why, width=88, initial_indent="# ", subsequent_indent="# ")
    lines = ["", *(line.replace("\u00a0", " ") for line in wrapped)]
    if active is not None:
        return [*lines, f"{key} = {active}"]
    if note.default == REQUIRED:
        return [*lines, f"{key} = {note.shown}"]
    return [*lines, f"# {key} = {note.shown}"]
