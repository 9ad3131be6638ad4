"""``widget forget``: a post taken down from the store, the caches and the output at once."""

from __future__ import annotations

import fcntl
import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import NOW, build_folder, copy_example, describe_every_image, tree
from widget.build import BuildOptions, build
from widget.cli import main
from widget.config import FeedConfig, load_config
from widget.forget import forget
from widget.http import REPLAY_CACHE_FILE, make_session
from widget.progress import Progress
from widget.recheck import why_gone
from widget.sources.registry import KINDS
from widget.store import Store

PICTURES = "2123023412229046299"
"""An invented post of ``borger_demo`` with two pictures of its own."""
PLAIN = "2121536112030646295"


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-c", str(folder / "widget.toml"), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def built(tmp_path: Path) -> Path:
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    build_folder(folder)
    return folder


def output(folder: Path) -> Path:
    return folder / "public" / "widget"


def media_files(folder: Path) -> set[str]:
    return {path.name for path in (output(folder) / "media").glob("*.webp")}


def cached_bodies(folder: Path) -> list[bytes]:
    state = folder / ".widget"
    with make_session(
        state, expire_after=timedelta(0), timeout=1, cache_file=REPLAY_CACHE_FILE
    ) as session:
        return [response.content for response in session.cache.responses.values()]


def test_forget_removes_the_post_from_store_caches_media_and_output(built: Path) -> None:
    assert PICTURES in (output(built) / "borger.html").read_text(encoding="utf-8")
    assert any(PICTURES.encode() in body for body in cached_bodies(built))
    before = media_files(built)

    code, out, err = run(built, "forget", f"x:{PICTURES}")

    assert (code, err) == (0, "")
    assert f"forgot x:{PICTURES} (x:borger_demo)" in out
    assert "2 image(s) from the media cache" in out
    for name in ("borger.html", "borger.json", "borger.xml", "index.html"):
        assert PICTURES not in (output(built) / name).read_text(encoding="utf-8")
    gone = before - media_files(built)
    assert len(gone) == 2, "its two pictures, and nothing else"
    assert not any((built / ".widget" / "media" / name).exists() for name in gone)
    assert not any(PICTURES.encode() in body for body in cached_bodies(built))
    state = Store(built / ".widget").load("x", "borger_demo")
    assert PICTURES not in state.posts and state.tombstones[PICTURES].reason == "forgotten"


def test_a_forgotten_post_never_returns_from_a_later_fetch(built: Path) -> None:
    run(built, "forget", f"https://x.com/borger_demo/status/{PICTURES}")
    state = Store(built / ".widget").load("x", "borger_demo")
    state.cursor = {}  # the next fetch reads the whole recorded timeline again
    Store(built / ".widget").save(state)
    build_folder(built, BuildOptions(now=NOW + timedelta(hours=1)))
    assert PICTURES not in (output(built) / "borger.html").read_text(encoding="utf-8")
    assert PICTURES not in Store(built / ".widget").load("x", "borger_demo").posts


def test_explain_says_a_forgotten_post_was_taken_down(built: Path) -> None:
    run(built, "forget", PLAIN)
    code, out, _ = run(built, "explain", "borger", PLAIN)
    assert code == 1
    assert out.startswith(f"x:{PLAIN} is not shown: widget forget removed it")


def test_an_unknown_id_exits_1_and_changes_nothing(built: Path) -> None:
    before = tree(built)
    code, out, err = run(built, "forget", PLAIN, "x:1999999999999999999")
    assert out == ""
    assert code == 1
    assert err == (
        "Error: no stored post is x:1999999999999999999; nothing was removed "
        "(write network:id, the bare id, or the post's address)\n"
    )
    assert tree(built) == before


def lock_is_free(state: Path) -> bool:
    """Whether another process could take the state folder's lock now (a new open file
    description, as another process would have)."""
    with (state / "lock").open("a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_removal_and_rebuild_are_one_locked_step(built: Path) -> None:
    config = load_config(built / "widget.toml")
    seen: list[bool] = []

    def rebuild(store: Store) -> None:
        seen.append(lock_is_free(config.state))
        build(config, BuildOptions(offline=True, now=NOW), Progress(io.StringIO()), store)
        seen.append(lock_is_free(config.state))

    forget(config, [PLAIN], now=NOW, rebuild=rebuild, log=lambda line: None)

    assert seen == [False, False], "no other build may run between removal and rebuild"
    assert lock_is_free(config.state)
    assert PLAIN not in (output(built) / "borger.html").read_text(encoding="utf-8")


def test_explain_takes_the_address_of_a_forgotten_post(built: Path) -> None:
    address = f"https://x.com/borger_demo/status/{PICTURES}"
    run(built, "forget", address)
    code, out, _ = run(built, "explain", "borger", address)
    assert code == 1
    assert out.startswith(f"x:{PICTURES} is not shown: widget forget removed it")


def test_explain_finds_a_removed_bluesky_post_by_its_address(tmp_path: Path) -> None:
    spec = KINDS["bluesky"].spec("kommune.example", Path)
    account = KINDS["bluesky"].account(spec)
    rkey = "3kfiktivpost2a"
    uri = f"at://did:plc:fiktivkommune/app.bsky.feed.post/{rkey}"
    store = Store(tmp_path)
    state = store.load("bluesky", account)
    state.bury([uri], "deleted", NOW)
    store.save(state)
    feed = FeedConfig(name="nyt", title="Nyt", sources=(spec,))
    said = why_gone(store, feed, f"https://bsky.app/profile/kommune.example/post/{rkey}")
    assert said is not None and said.startswith(f"bluesky:{uri} is not shown: bluesky reported")
    assert why_gone(store, feed, "https://bsky.app/profile/kommune.example/post/3kandet") is None


def test_a_bare_id_of_posts_on_two_networks_is_refused(built: Path) -> None:
    config_file = built / "widget.toml"
    text = config_file.read_text(encoding="utf-8")
    mastodon = "mastodon:kommune@social.example"
    config_file.write_text(
        text.replace('sources = ["x:borger_demo"]', f'sources = ["x:borger_demo", "{mastodon}"]'),
        encoding="utf-8",
    )
    kind = KINDS["mastodon"]
    store = Store(built / ".widget")
    twin = replace(store.load("x", "borger_demo").posts[PLAIN], network="mastodon")
    state = store.load("mastodon", kind.account(kind.spec(mastodon.split(":", 1)[1], Path)))
    state.merge([twin])
    store.save(state)
    before = tree(built)

    code, out, err = run(built, "forget", PLAIN)

    assert (code, out) == (1, "")
    assert err == (
        f"Error: {PLAIN} is the id of posts on more than one network (x:{PLAIN}, "
        f"mastodon:{PLAIN}); write network:id, as in x:{PLAIN}; nothing was removed\n"
    )
    assert tree(built) == before
