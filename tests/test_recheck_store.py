"""Tombstones in the store: format 2 with two optional fields, read strictly, kept for good."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.test_recheck import invented_post
from widget.errors import StoreError
from widget.store import AccountState, Store, state_to_dict

AT = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
FORMAT_1 = Path(__file__).parent / "data" / "store-format-1"


def test_tombstones_and_the_recheck_time_survive_a_save_and_a_load(tmp_path: Path) -> None:
    store = Store(tmp_path)
    state = AccountState(
        "x", "kommune_test", posts={"1": invented_post("1"), "2": invented_post("2")}
    )
    state.bury(["1"], "edited", AT, replaced_by="2")
    state.bury(["3"], "forgotten", AT)
    state.rechecked_at = AT
    store.save(state)
    loaded = store.load("x", "kommune_test")
    assert list(loaded.posts) == ["2"]
    assert loaded.tombstones == state.tombstones
    assert (loaded.tombstones["1"].reason, loaded.tombstones["1"].replaced_by) == ("edited", "2")
    assert loaded.rechecked_at == AT


def test_a_file_without_tombstones_reads_as_none_and_is_written_without_them() -> None:
    state = AccountState("x", "kommune_test", posts={"1": invented_post("1")})
    data = state_to_dict(state)
    assert "tombstones" not in data and "rechecked_at" not in data


@pytest.mark.parametrize(
    "tombstones",
    [
        [],
        {"1": {"reason": "vanished", "at": "2026-11-30T09:00:00Z"}},
        {"1": {"reason": "deleted"}},
        {"1": {"reason": "deleted", "at": "2026-11-30T09:00:00Z", "extra": 1}},
        {"1": {"reason": "edited", "at": "2026-11-30T09:00:00Z", "replaced_by": 2}},
    ],
)
def test_a_damaged_tombstone_is_named_and_the_file_left_untouched(
    tmp_path: Path, tombstones: object
) -> None:
    store = Store(tmp_path)
    store.save(AccountState("x", "kommune_test", posts={"1": invented_post("1")}))
    path = store.path("x", "kommune_test")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tombstones"] = tombstones
    text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match="is not a valid store file"):
        store.load("x", "kommune_test")
    assert path.read_text(encoding="utf-8") == text


def test_a_format_1_store_still_upgrades_and_then_takes_tombstones(tmp_path: Path) -> None:
    shutil.copytree(FORMAT_1, tmp_path / "state")
    store = Store(tmp_path / "state")
    (path,) = (tmp_path / "state" / "x").glob("*.json")
    state = store.load("x", path.stem)
    assert state.posts
    first = next(iter(state.posts))
    state.bury([first], "deleted", AT)
    store.save(state)
    again = store.load("x", path.stem)
    assert first not in again.posts and again.tombstones[first].reason == "deleted"
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 2


def test_the_newest_version_of_an_edit_is_never_buried_under_itself() -> None:
    state = AccountState("x", "kommune_test", posts={"2": invented_post("2")})
    assert state.bury(["2"], "edited", AT, replaced_by="2") == []
    assert list(state.posts) == ["2"] and state.tombstones == {}
