"""One parse per store file per build: a second load of an unchanged file reuses the first."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import widget.store
from tests.test_store import filled_state, make_post
from widget.store import AccountState, Store

NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = widget.store.state_from_dict

    def counting(data: dict[str, Any], network: str, account: str) -> AccountState:
        seen.append(account)
        return real(data, network, account)

    monkeypatch.setattr(widget.store, "state_from_dict", counting)
    return seen


def test_loading_an_unchanged_file_again_parses_nothing(tmp_path: Path, parses: list[str]) -> None:
    Store(tmp_path).save(filled_state())
    store = Store(tmp_path)
    first = store.load("x", "kommune_test")
    second = store.load("x", "kommune_test")
    assert parses == ["kommune_test"]
    assert second == first and second is not first


def test_a_loaded_state_can_be_changed_without_changing_the_next_load(
    tmp_path: Path, parses: list[str]
) -> None:
    store = Store(tmp_path)
    store.save(filled_state())
    changed = store.load("x", "kommune_test")
    changed.merge([make_post("99")])
    changed.cursor["since_id"] = "99"
    again = store.load("x", "kommune_test")
    assert "99" not in again.posts and again.cursor.get("since_id") != "99"
    assert parses == []  # what was saved is known without reading it back


def test_a_tombstone_on_a_loaded_state_is_not_remembered_until_saved(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(filled_state())
    changed = store.load("x", "kommune_test")
    shown = next(iter(changed.posts))
    changed.bury([shown], "deleted", NOW)
    again = store.load("x", "kommune_test")
    assert again.tombstones == {} and shown in again.posts


def test_a_file_another_process_rewrote_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    store = Store(tmp_path)
    store.save(filled_state())
    store.load("x", "kommune_test")
    other = filled_state()
    other.merge([make_post("42", "Nyt fra en anden proces")])
    Store(tmp_path).save(other)
    assert "42" in store.load("x", "kommune_test").posts
    assert parses == ["kommune_test"]
