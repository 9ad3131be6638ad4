"""Reading a store file keeps equal values once (authors, hashtags, languages), yet every
post reads back equal to what was saved and a wrong value is still refused.

All accounts and posts here are fictional."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from widget.errors import StoreError
from widget.model import Author, Hashtag, Post, Shared, Text, post_from_dict, post_to_dict
from widget.store import AccountState, Store

START = datetime(2026, 3, 20, 9, 0, tzinfo=timezone.utc)
TESTBY = Author(id="900001", name="Testby Kommune", handle="kommune_test", avatar_url=None)
RENAMED = Author(id="900001", name="Testby Kommune (ny)", handle="kommune_test")


def post(number: int, author: Author = TESTBY) -> Post:
    return Post(
        id=str(1800000000000000000 + number),
        network="x",
        account="kommune_test",
        author=author,
        created=START + timedelta(minutes=number),
        segments=(Text(f"Fiktivt opslag {number} "), Hashtag("#nyt", "nyt")),
        permalink=f"https://x.com/kommune_test/status/{1800000000000000000 + number}",
        lang="da",
    )


def saved(tmp_path: Path, posts: list[Post]) -> Path:
    store = Store(tmp_path)
    state = AccountState(network="x", account="kommune_test", author=TESTBY)
    state.merge(posts)
    store.save(state)
    return store.path("x", "kommune_test")


def test_posts_of_one_file_share_equal_authors_and_segments(tmp_path: Path) -> None:
    posts = [post(n) for n in range(5)] + [post(5, RENAMED)]
    saved(tmp_path, posts)
    loaded = Store(tmp_path).load("x", "kommune_test")
    assert sorted(loaded.posts.values(), key=lambda p: p.id) == posts
    authors = {id(p.author) for p in loaded.posts.values() if p.author == TESTBY}
    hashtags = {id(p.segments[1]) for p in loaded.posts.values()}
    assert len(authors) == 1 and len(hashtags) == 1
    assert loaded.posts[posts[5].id].author == RENAMED
    assert loaded.author is not None and id(loaded.author) in authors


def test_a_shared_value_never_stands_in_for_a_different_one() -> None:
    shared = Shared()
    first = post_to_dict(post(1))
    second = post_to_dict(post(2))
    second["author"]["name"] = "Anden fiktiv konto"
    second["segments"][1] = {
        "type": "hashtag",
        "text": "#nyt",
        "tag": "nyt",
        "url": "https://example.invalid/tags/nyt",
    }
    a, b = post_from_dict(first, shared), post_from_dict(second, shared)
    assert a.author.name == "Testby Kommune" and b.author.name == "Anden fiktiv konto"
    assert isinstance(b.segments[1], Hashtag) and b.segments[1].url is not None
    assert a.segments[1] != b.segments[1]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda p: p["author"].update(name=5), "author name must be a string"),
        (lambda p: p["author"].update(handle=None), "author handle must be a string"),
        (lambda p: p["segments"][1].update(tag=["nyt"]), "segment tag must be a string"),
        (lambda p: p["segments"][0].update(text=7), "segment text must be a string"),
        (lambda p: p.update(lang=3), "post lang must be a string"),
        (lambda p: p.update(media=5), "TypeError"),
    ],
    ids=["author-name", "author-handle", "tag", "text", "lang", "media"],
)
def test_a_wrong_value_after_good_ones_is_still_refused(
    tmp_path: Path, change: Any, said: str
) -> None:
    path = saved(tmp_path, [post(n) for n in range(4)])
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["posts"][-1])  # the others were read, and shared, before it
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store(tmp_path).load("x", "kommune_test")
    assert said in caught.value.message and "left untouched" in caught.value.message
