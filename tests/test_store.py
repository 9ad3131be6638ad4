"""The per-account store: round trip, corrupt files, atomic writes and the lock."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from widget.errors import StoreError
from widget.model import Author, Link, Media, Post, Text
from widget.store import AccountState, Store

AUTHOR = Author(id="1000000000000000001", name="Testby Kommune", handle="kommune_test")
WHEN = datetime(2024, 3, 20, 9, 0, tzinfo=timezone.utc)


def make_post(post_id: str, text: str = "Genbrugspladsen har åbent") -> Post:
    return Post(
        id=post_id,
        network="x",
        account="kommune_test",
        author=AUTHOR,
        created=WHEN + timedelta(minutes=int(post_id) % 1000),
        segments=(Text(text), Link("testby.example", "https://testby.example/")),
        permalink=f"https://x.com/kommune_test/status/{post_id}",
        media=(Media(kind="photo", image_url="https://pbs.twimg.com/media/a.jpg", alt="Havn"),),
    )


def filled_state() -> AccountState:
    state = AccountState(network="x", account="kommune_test")
    state.merge([make_post("1800000000000000001"), make_post("1800000000000000002")])
    state.cursor = {"user_id": AUTHOR.id, "since_id": "1800000000000000002"}
    state.author = AUTHOR
    state.fetched_at = WHEN
    state.last_error = "the API failed (503 Service Unavailable); try again later"
    return state


def test_an_account_never_stored_loads_as_empty_state(tmp_path: Path) -> None:
    state = Store(tmp_path).load("x", "kommune_test")
    assert state.posts == {} and state.cursor == {} and state.fetched_at is None


def test_saved_state_loads_back_equal_from_one_json_file_per_account(tmp_path: Path) -> None:
    store = Store(tmp_path)
    original = filled_state()
    store.save(original)
    document = json.loads((tmp_path / "x" / "kommune_test.json").read_text(encoding="utf-8"))
    assert document["format"] == 2
    assert document["cursor"] == {"since_id": "1800000000000000002", "user_id": AUTHOR.id}
    assert [post["id"] for post in document["posts"]] == [
        "1800000000000000002",
        "1800000000000000001",
    ]
    loaded = store.load("x", "kommune_test")
    assert loaded == original


def test_merge_counts_new_ids_and_a_newer_copy_replaces_the_stored_one() -> None:
    state = AccountState(network="x", account="kommune_test")
    assert state.merge([make_post("999"), make_post("1000")]) == 2
    edited = make_post("999", text="Rettet tekst")
    assert state.merge([edited]) == 0
    assert state.posts["999"].plain_text.startswith("Rettet tekst")


def test_merge_without_replace_only_fills_gaps() -> None:
    state = AccountState(network="x", account="kommune_test")
    state.merge([make_post("5", text="fra API")])
    added = state.merge([make_post("5", text="fra arkiv"), make_post("4")], replace=False)
    assert added == 1
    assert state.posts["5"].plain_text.startswith("fra API")


def test_a_corrupt_store_file_raises_naming_the_file_and_is_left_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x" / "kommune_test.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"posts": [ {"id": ')
    with pytest.raises(StoreError) as caught:
        Store(tmp_path).load("x", "kommune_test")
    assert str(path) in caught.value.message and "left untouched" in caught.value.message
    assert "\n" not in caught.value.message
    assert path.read_bytes() == b'{"posts": [ {"id": '


def test_a_store_file_with_a_broken_post_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "x" / "kommune_test.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"posts": [{"id": "1"}]}), encoding="utf-8")
    with pytest.raises(StoreError, match=r"kommune_test\.json"):
        Store(tmp_path).load("x", "kommune_test")


def test_account_names_cannot_leave_the_state_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a valid account name"):
        Store(tmp_path).path("x", "../../etc/passwd")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "kommune_test.json")


def test_a_write_failing_midway_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.save(filled_state())
    path = tmp_path / "x" / "kommune_test.json"
    before = path.read_bytes()

    def disk_full(fd: int) -> None:  # the data is half on disk when this fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    changed = filled_state()
    changed.merge([make_post("1800000000000000003")])
    with pytest.raises(StoreError, match="previous file is kept"):
        store.save(changed)
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []


def test_a_failing_rename_leaves_the_previous_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.save(filled_state())
    path = tmp_path / "x" / "kommune_test.json"
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(StoreError):
        store.save(AccountState(network="x", account="kommune_test"))
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []


def test_the_lock_serializes_two_writers_in_threads(tmp_path: Path) -> None:
    """Each writer loads, adds a post and saves; without the lock, updates would be lost."""

    def writer(start: int) -> None:
        store = Store(tmp_path)  # its own lock file handle, as another process would have
        for number in range(start, start + 15):
            with store.lock(log=lambda line: None):
                state = store.load("x", "kommune_test")
                time.sleep(0.001)
                state.merge([make_post(str(number))])
                store.save(state)

    threads = [threading.Thread(target=writer, args=(base,)) for base in (100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Store(tmp_path).load("x", "kommune_test").posts) == 30


def test_a_second_holder_waits_and_says_so(tmp_path: Path) -> None:
    first, second = Store(tmp_path), Store(tmp_path)
    said: list[str] = []
    entered = threading.Event()

    def wait_for_lock() -> None:
        with second.lock(log=said.append):
            entered.set()

    with first.lock():
        thread = threading.Thread(target=wait_for_lock)
        thread.start()
        assert not entered.wait(0.3)
    assert entered.wait(5)
    thread.join()
    assert said and "waiting for another widget process" in said[0]


def test_the_lock_excludes_another_process(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from widget.store import Store\n"
        "with Store(Path(sys.argv[1])).lock():\n"
        "    print('held', flush=True); sys.stdin.readline()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        said: list[str] = []
        entered = threading.Event()

        def take() -> None:
            with Store(tmp_path).lock(log=said.append):
                entered.set()

        thread = threading.Thread(target=take)
        thread.start()
        assert not entered.wait(0.3)
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert entered.wait(10)
        thread.join()
        assert said
    finally:
        holder.kill() if holder.poll() is None else None
        holder.wait()
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()


def test_the_lock_is_reentrant_within_one_thread(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.lock(), store.lock():
        store.save(filled_state())
    assert store.load("x", "kommune_test").posts


def _stored_document(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    store = Store(tmp_path)
    store.save(filled_state())
    path = store.path("x", "kommune_test")
    return path, json.loads(path.read_text(encoding="utf-8"))


def _post(document: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = document["posts"][0]
    return first


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(cursor={"since_id": 5}), "cursor must be an object of strings"),
        (lambda d: d.update(format=99), "format 99 is not 2"),
        (lambda d: d.update(account="someone_else"), "not x:kommune_test"),
        (lambda d: d.update(shiny=True), "unknown field(s) shiny"),
        (lambda d: _post(d)["segments"][1].update(url=5), "segment url must be a string"),
        (lambda d: _post(d).update(created="2024-03-20T09:00:00"), "has no time zone"),
        (lambda d: _post(d)["media"][0].update(width="wide"), "media width must be a whole"),
    ],
    ids=["cursor", "format", "other-account", "unknown-field", "url", "naive-time", "width"],
)
def test_a_store_file_with_wrong_types_is_refused_and_left_untouched(
    tmp_path: Path, change: object, said: str
) -> None:
    path, document = _stored_document(tmp_path)
    change(document)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path).load("x", "kommune_test")
    assert said in caught.value.message
    assert str(path) in caught.value.message and "left untouched" in caught.value.message
    assert path.read_bytes() == before


FORMAT_1 = {
    "format": 1,
    "network": "x",
    "account": "kommune_test",
    "user_id": "900001",
    "author": {"id": "900001", "name": "Testby Kommune", "handle": "kommune_test",
               "avatar_url": None},
    "newest_id": "1800000000000000002",
    "fetched_at": "2026-03-20T09:00:00Z",
    "last_error": None,
    "posts": [
        {
            "id": "1800000000000000002",
            "network": "x",
            "account": "kommune_test",
            "author": {"id": "900001", "name": "Testby Kommune", "handle": "kommune_test",
                       "avatar_url": None},
            "created": "2026-03-20T09:00:00Z",
            "segments": [{"type": "text", "text": "Svar"}],
            "permalink": "https://x.com/kommune_test/status/1800000000000000002",
            "kind": "reply",
            "lang": "da",
            "media": [],
            "original": None,
            "in_reply_to": "1800000000000000001",
            "extra": {"in_reply_to_handle": "borger"},
        }
    ],
}  # fmt: skip
"""A store file as widget 0.1 wrote it (its exact keys: a CI cache made by 0.1 holds these)."""


def test_a_format_1_store_file_is_upgraded_in_place_and_keeps_its_posts(tmp_path: Path) -> None:
    path = tmp_path / "x" / "kommune_test.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(FORMAT_1, indent=1), encoding="utf-8")
    state = Store(tmp_path).load("x", "kommune_test")
    assert state.cursor == {"user_id": "900001", "since_id": "1800000000000000002"}
    reply = state.posts["1800000000000000002"]
    assert reply.in_reply_to_handle == "borger" and reply.in_reply_to == "1800000000000000001"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["format"] == 2 and "extra" not in written["posts"][0]
    assert not list(path.parent.glob("*.tmp"))
    assert Store(tmp_path).load("x", "kommune_test") == state


def test_a_damaged_format_1_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "x" / "kommune_test.json"
    path.parent.mkdir(parents=True)
    damaged = {**FORMAT_1, "newest_id": 5, "shiny": True}
    path.write_text(json.dumps(damaged), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path).load("x", "kommune_test")
    assert "shiny" in caught.value.message and path.read_bytes() == before


FORMAT_1_STORE = Path(__file__).parent / "data" / "store-format-1"
"""The state folder widget 0.1 wrote when it built examples/borger-dk (format 1, kept as is)."""


def test_a_real_format_1_store_upgrades_and_every_post_survives(tmp_path: Path) -> None:
    original = json.loads((FORMAT_1_STORE / "x" / "borger_demo.json").read_text("utf-8"))
    assert original["format"] == 1
    state_dir = tmp_path / "state"
    shutil.copytree(FORMAT_1_STORE, state_dir)
    state = Store(state_dir).load("x", "borger_demo")
    assert sorted(state.posts) == sorted(post["id"] for post in original["posts"])
    assert state.cursor == {"user_id": original["user_id"], "since_id": original["newest_id"]}
    handles = {p["id"]: p["extra"].get("in_reply_to_handle") for p in original["posts"]}
    assert {i: p.in_reply_to_handle for i, p in state.posts.items()} == handles
    again = Store(state_dir).load("x", "borger_demo")
    assert again == state
