"""Checks of the local folders a run needs, made before any API read is spent.

A missing recordings or archive folder, a ``--record`` folder that is (or
nests with) a folder being replayed, an output that is not a folder widget
built, or an output folder that cannot be created or written (probed with an
anonymous temporary file, so a read-only mount is found too) is a mistake in
the configuration, not an outage: it fails the run (exit 1) with every problem
listed, instead of a degraded build that a CI recipe would publish.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryFile as probe_writable

from widget.config import Config
from widget.errors import BuildError, ConfigError
from widget.write import check_output_folder


def folder_problems(
    config: Config, *, replay: Path | None = None, record: Path | None = None
) -> list[str]:
    """One line per unusable folder, naming the file and key (or option) it comes from."""
    problems: list[str] = []
    if replay is not None and not replay.is_dir():
        problems.append(f"--replay: {replay}: no such folder of recordings")
    for network, settings in config.networks.items():
        folder = settings.replay
        if replay is None and folder is not None and not folder.is_dir():
            where = f"{config.path}: {network}.replay"
            problems.append(f"{where}: {folder}: no such folder of recordings")
    if config.templates is not None and not config.templates.is_dir():
        problems.append(f"{config.path}: templates: {config.templates}: no such folder")
    for name, feed in config.feeds.items():
        for source in feed.sources:
            if source.path is not None and not source.path.is_dir():
                problems.append(
                    f"{config.path}: feeds.{name}.sources: {source.label}: no such folder"
                )
    if record is not None:
        blocker = _file_in_the_way(record)
        if blocker is not None:
            problems.append(f"--record {record}: {blocker} is a file, not a folder")
        problems.extend(_record_over_replay(config, record, replay))
    problems.extend(_output_problems(config))
    return problems


def _record_over_replay(config: Config, record: Path, replay: Path | None) -> list[str]:
    """Recording starts each account's pages afresh, deleting the old ones: into the folder
    being replayed (or one inside it, or around it) it would delete what it reads.

    Several networks replaying one folder make one line naming each of their keys."""
    readers: dict[Path, list[str]] = {}
    if replay is not None:
        readers[replay] = ["--replay"]
    else:
        for network in config.networks_used():
            folder = config.settings(network).replay
            if folder is not None:
                readers.setdefault(folder, []).append(f"{config.path}: {network}.replay")
    target = record.resolve()
    problems = []
    for folder, keys in readers.items():
        read = folder.resolve()
        if target == read or target.is_relative_to(read) or read.is_relative_to(target):
            problems.append(
                f"--record {record}: the same folder as, or nested with, {', '.join(keys)} "
                f"{folder}: recording would delete the recordings it reads; "
                "record into another folder"
            )
    return problems


def _output_problems(config: Config) -> list[str]:
    blocker = _file_in_the_way(config.output.parent)
    if blocker is not None:
        return [f"{config.path}: output: {config.output}: {blocker} is a file, not a folder"]
    try:
        check_output_folder(config.output, protected=(config.root, config.state))
    except BuildError as error:
        return [f"{config.path}: output: {error.message}"]
    problem = _unwritable(_nearest_existing(config.output.parent))
    return [f"{config.path}: output: {config.output}: {problem}"] if problem else []


def _nearest_existing(folder: Path) -> Path:
    """The folder the build will create its staged output (or missing parents) in."""
    return next((path for path in (folder, *folder.parents) if path.exists()), folder)


def _unwritable(folder: Path) -> str | None:
    """Why nothing can be written in ``folder``, found by writing: the permission bits
    cannot tell a read-only mount, a full inode table or an ACL."""
    try:
        with probe_writable(dir=folder):
            return None
    except OSError as exc:
        return f"cannot write in {folder}: {exc.strerror or exc}"


def _file_in_the_way(folder: Path) -> Path | None:
    """The first existing non-folder on the way to ``folder``, if any."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def check_folders(
    config: Config, *, replay: Path | None = None, record: Path | None = None
) -> None:
    problems = folder_problems(config, replay=replay, record=record)
    if problems:
        raise ConfigError(problems)
