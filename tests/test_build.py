"""The whole build, through ``build()``, on private copies of the examples.

What it promises a web team: the same input gives the same bytes, a failed build
changes nothing, an account that cannot be fetched never empties the widget, and a
build costs nothing when nothing is due and one request per account when something is.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import widget.build
from tests.helpers import (
    NOW,
    build_folder,
    copy_example,
    count_requests,
    files_containing,
    set_key,
    tree,
)
from tests.helpers import mount_x_replay as mount_replay
from widget.build import BuildOptions
from widget.errors import EXIT_DEGRADED, EXIT_ERROR, BuildError, ConfigError
from widget.sources.x.live import TOKEN_VARIABLE

VOLATILE_ACCOUNT_KEYS = ("fetched_at", "age_seconds")


def manifest(output: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    return document


def without_times(document: dict[str, Any]) -> dict[str, Any]:
    stable = {key: value for key, value in document.items() if key != "built_at"}
    stable["accounts"] = [
        {key: value for key, value in account.items() if key not in VOLATILE_ACCOUNT_KEYS}
        for account in document["accounts"]
    ]
    return stable


def accounts(folder: Path) -> dict[str, Any]:
    return {account["source"]: account for account in manifest(folder)["accounts"]}


def recorded_handles(folder: Path) -> list[str]:
    return sorted(path.name for path in (folder / "recorded").iterdir() if "." not in path.name)


# --- the same input, the same bytes ----------------------------------------------------------


@pytest.mark.parametrize("example", ["borger-dk", "dk-i-verden"])
def test_two_builds_of_the_same_input_give_the_same_bytes(example: str, tmp_path: Path) -> None:
    # The second build, within refresh_minutes, fetches nothing: its input is the same store.
    folder = copy_example(example, tmp_path)
    first = build_folder(folder)
    one = tree(first.result.output)
    later = NOW + timedelta(minutes=7)
    second = build_folder(folder, BuildOptions(now=later))
    two = tree(second.result.output)
    assert any(name.startswith("media/") for name in one)
    assert one.pop("manifest.json") != two.pop("manifest.json")
    assert one == two
    assert without_times(manifest(first.result.output)) == without_times(
        manifest(second.result.output)
    )


def test_the_manifest_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    built = build_folder(copy_example("borger-dk", tmp_path))
    files = tree(built.result.output)
    listed = manifest(built.result.output)["files"]
    assert set(listed) == set(files) - {"manifest.json"}
    assert listed == {f"{name}": f"sha256:{built.result.files[name]}" for name in listed}


def test_every_media_file_in_the_output_is_shown_by_a_page(tmp_path: Path) -> None:
    built = build_folder(copy_example("borger-dk", tmp_path))
    files = tree(built.result.output)
    pages = b"".join(
        data
        for name, data in files.items()
        if name.endswith((".html", ".json")) and name != "manifest.json"
    )
    unused = [name for name in files if name.startswith("media/") and name.encode() not in pages]
    assert unused == []


def test_each_stylesheet_is_also_written_under_its_themes_stable_name(tmp_path: Path) -> None:
    built = build_folder(copy_example("dk-i-verden", tmp_path))
    output = built.result.output
    for name, feed in manifest(output)["feeds"].items():
        hashed, stable = feed["stylesheet"]["href"], feed["stylesheet_stable"]
        assert stable != hashed, name
        theme = hashed.removeprefix("/widget/").split(".")[0]
        assert stable == f"/widget/{theme}.css"
        assert (output / stable.removeprefix("/widget/")).read_bytes() == (
            output / hashed.removeprefix("/widget/")
        ).read_bytes()


def test_feeds_of_one_theme_with_different_options_get_a_stable_name_each(
    tmp_path: Path,
) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    config = folder / "widget.toml"
    set_key(config, "feeds.kultur", 'theme = "default"')
    text = config.read_text(encoding="utf-8").replace('theme = "high-contrast"\n', "")
    config.write_text(text + "theme_options = { avatar_size = 32 }\n", encoding="utf-8")
    output = build_folder(folder).result.output
    feeds = manifest(output)["feeds"]
    assert feeds["verden"]["stylesheet_stable"] == "/widget/verden.default.css"
    assert feeds["kultur"]["stylesheet_stable"] == "/widget/kultur.default.css"
    assert not (output / "default.css").exists()
    assert "--wdg-avatar: 32px" in (output / "kultur.default.css").read_text(encoding="utf-8")
    assert "--wdg-avatar: 32px" not in (output / "verden.default.css").read_text(encoding="utf-8")


def test_a_feed_asking_a_light_only_theme_for_dark_is_refused_before_any_fetch(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    config = folder / "widget.toml"
    set_key(config, "feeds.borger", 'color_scheme = "auto"')
    set_key(config, "feeds.borger", "theme_options = { dark = false }")
    with pytest.raises(ConfigError) as caught:
        build_folder(folder)
    assert caught.value.problems == [
        f"{config.resolve()}: feeds.borger.color_scheme: 'auto' needs a dark palette, and "
        "theme 'dkfds' has none (dark = false); use \"light\" or a theme with dark = true"
    ]
    assert not (folder / ".widget").exists()


# --- a failed build changes nothing ----------------------------------------------------------


def test_a_build_failing_midway_leaves_the_previous_output_and_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    output = build_folder(folder).result.output
    before = tree(output)

    def broken(*args: object, **kwargs: object) -> str:
        raise BuildError("the renderer broke")

    monkeypatch.setattr(widget.build, "render_feed", broken)
    with pytest.raises(BuildError, match="the renderer broke"):
        build_folder(folder, BuildOptions(now=NOW + timedelta(hours=1)))
    assert tree(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == [output.name]


# --- degraded builds -------------------------------------------------------------------------


def degraded_copy(tmp_path: Path, missing: str) -> Path:
    folder = copy_example("dk-i-verden", tmp_path)
    shutil.rmtree(folder / "recorded" / missing)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    return folder


def test_with_allow_empty_an_account_that_cannot_be_fetched_is_left_out_and_the_build_exits_3(
    tmp_path: Path,
) -> None:
    folder = degraded_copy(tmp_path, "midori_demo")
    built = build_folder(folder, BuildOptions(now=NOW, allow_empty=True))
    assert built.result.exit_code == EXIT_DEGRADED
    output = built.result.output
    verden = (output / "verden.html").read_text(encoding="utf-8")
    assert "@midori_demo" not in verden
    for handle in recorded_handles(folder):
        assert f"https://x.com/{handle}" in verden, handle
    document = manifest(output)
    assert document["degraded"] is True
    midori = accounts(output)["x:midori_demo"]
    assert midori["status"] == "failed"
    assert "message" not in midori and midori["age_seconds"] is None
    assert "warning: x:midori_demo: " in built.log
    others = [a for name, a in accounts(output).items() if name != "x:midori_demo"]
    assert {a["status"] for a in others} == {"fresh"}


def test_strict_fails_a_degraded_build_and_keeps_the_previous_output(tmp_path: Path) -> None:
    folder = degraded_copy(tmp_path, "midori_demo")
    # Published with the accounts that could be fetched.
    earlier = build_folder(folder, BuildOptions(now=NOW, allow_empty=True))
    before = tree(earlier.result.output)
    later = NOW + timedelta(hours=1)
    with pytest.raises(BuildError) as caught:
        build_folder(folder, BuildOptions(now=later, strict=True, allow_empty=True))
    assert caught.value.exit_code == EXIT_ERROR
    # The failed account's warning, and the example's images without alt text.
    assert re.fullmatch(
        r"--strict: the build gave [1-9]\d* warning\(s\) \(see above\); "
        r"the previous output is left in place",
        caught.value.message,
    )
    assert tree(earlier.result.output) == before


def test_when_every_fetch_fails_the_widget_is_served_from_the_store(tmp_path: Path) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    good = build_folder(folder)
    assert good.result.exit_code == 0
    shown = tree(good.result.output)
    # The recordings go missing: every account answers 404, as if X were down.
    (folder / "recorded").rename(folder / "recorded-away")
    (folder / "recorded").mkdir()
    failing = build_folder(folder, BuildOptions(now=NOW + timedelta(hours=2)))
    assert failing.result.exit_code == EXIT_DEGRADED
    statuses = {a["status"] for a in accounts(failing.result.output).values()}
    assert statuses == {"stored"}
    for name in ("verden.html", "kultur.html", "verden.json", "index.html"):
        assert tree(failing.result.output)[name] == shown[name], name
    assert "stored posts from 2 hours ago" in failing.log


# --- what a build costs ----------------------------------------------------------------------


@pytest.mark.parametrize("example", ["borger-dk", "dk-i-verden"])
def test_builds_cost_one_lookup_and_the_pages_first_then_nothing_then_one_request(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example(example, tmp_path)
    counter = count_requests(monkeypatch, folder / "recorded")
    handles = recorded_handles(folder)
    pages = sum(len(list((folder / "recorded" / h).glob("tweets-*.json"))) for h in handles)

    build_folder(folder)
    assert sorted(p.rsplit("/", 1)[1] for p in counter.paths("/users/by/username/")) == handles
    assert len(counter.paths("/tweets")) == pages
    assert counter.media, "the first build downloads the images it shows"

    counter.clear()
    within = build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=14)))
    assert counter.urls == []
    assert {a.status for a in within.result.report.accounts} == {"cached"}

    counter.clear()
    build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=15)))
    timelines = counter.paths("/tweets")
    assert len(timelines) == len(set(timelines)) == len(handles)
    assert counter.api == [url for url in counter.urls if "/tweets?" in url]
    assert all("since_id=" in url for url in counter.api)
    assert counter.media == []


def test_with_no_refresh_window_every_build_asks_once_per_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example("dk-i-verden", tmp_path)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    counter = count_requests(monkeypatch, folder / "recorded")
    build_folder(folder)
    counter.clear()
    build_folder(folder)
    assert len(counter.api) == len(set(counter.api)) == len(recorded_handles(folder))
    assert counter.api == [url for url in counter.urls if "/tweets?" in url]


def test_offline_on_a_fresh_copy_sends_nothing_and_names_the_empty_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    counter = count_requests(monkeypatch, folder / "recorded")
    built = build_folder(folder, BuildOptions(now=NOW, offline=True, allow_empty=True))
    assert counter.urls == []
    assert built.result.exit_code == EXIT_DEGRADED
    assert "x:borger_demo: offline, so nothing was fetched; no posts are stored yet" in built.log
    assert manifest(built.result.output)["feeds"]["borger"]["posts"] == 0


# --- the token ---------------------------------------------------------------------------------


TOKEN = "SECRET-TOKEN-1234"


def test_the_token_reaches_no_file_log_or_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    config_file = folder / "widget.toml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace('replay = "recorded"\n', ""),
        encoding="utf-8",
    )
    monkeypatch.setenv(TOKEN_VARIABLE, TOKEN)
    sent: list[str] = []
    real_open_session = widget.build.open_session

    def live_looking_session(config: Any, options: BuildOptions) -> Any:
        assert config.settings("x").replay is None
        session = real_open_session(config, options)
        mount_replay(session, folder / "recorded")
        session.hooks["response"].append(
            lambda response, **_: sent.append(response.request.headers.get("Authorization", ""))
        )
        return session

    monkeypatch.setattr(widget.build, "open_session", live_looking_session)
    caplog.set_level(logging.DEBUG)
    built = build_folder(folder)
    assert built.result.exit_code == 0
    assert f"Bearer {TOKEN}" in sent, "the build must really have sent the token"
    assert list(files_containing(folder, TOKEN.encode())) == []
    assert TOKEN not in built.log
    assert TOKEN not in caplog.text


def test_a_build_removes_temporary_files_a_killed_run_left_in_the_state_folder(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    state = folder / ".widget"
    left = state / "x" / ".borger_demo.json.widget-k1ll3d00.tmp"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"half a store file")
    os.utime(left, (1_000_000_000, 1_000_000_000))
    build_folder(folder)
    assert not left.exists()
    assert (state / "x" / "borger_demo.json").is_file()


def test_a_format_1_store_from_0_1_builds_the_same_widget_as_a_fresh_fetch(
    tmp_path: Path,
) -> None:
    fresh = build_folder(copy_example("borger-dk", tmp_path / "fresh"))
    upgraded = copy_example("borger-dk", tmp_path / "upgraded")
    store_0_1 = Path(__file__).parent / "data" / "store-format-1"
    shutil.copytree(store_0_1, upgraded / ".widget")
    built = build_folder(upgraded)
    assert json.loads((upgraded / ".widget" / "x" / "borger_demo.json").read_text())["format"] == 2
    fragment = "borger.html"
    # The stores were fetched at different times, so only the "updated" stamps may differ.
    stamp = re.compile(rb'<p class="wdg__updated">.*?</p>')
    assert stamp.sub(b"", (built.result.output / fragment).read_bytes()) == stamp.sub(
        b"", (fresh.result.output / fragment).read_bytes()
    )
