"""X's recheck: ``GET /2/tweets?ids=`` for the posts shown, up to 100 ids a request.

A post X no longer has comes back in ``errors`` as ``resource-not-found`` (one
no longer public, as ``not-authorized-for-resource``: it goes too); a
post that was edited comes back as it was, its ``edit_history_tweet_ids``
naming every version, oldest first, so the last one is the version to show.
The same history arrives with every timeline page, so an edit seen there
replaces its older versions at once (``superseded``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tweepy

from widget.model import Post
from widget.sources.base import LOOKUP_FILE, Rechecked, RecheckRequest
from widget.sources.x.common import as_list, as_mapping, as_mappings
from widget.sources.x.live import FAILURES, REPLAY_TOKEN, TOKEN_VARIABLE, XClient, describe
from widget.sources.x.replay import Recordings
from widget.sources.x.v2 import normalize_page

BATCH = 100
"""The most ids one ``GET /2/tweets`` takes."""
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"
NOT_PUBLIC = "https://api.twitter.com/2/problems/not-authorized-for-resource"
"""A post of an account that turned protected or was suspended: no longer public either."""


def superseded(items: Iterable[Any]) -> dict[str, str]:
    """Every older version the answer's posts name, by id, and the id of the newest version."""
    replaced: dict[str, str] = {}
    for item in items:
        versions = [v for v in as_list(as_mapping(item).get("edit_history_tweet_ids")) if _id(v)]
        if len(versions) < 2:
            continue
        newest = max(versions, key=int)
        replaced.update({version: newest for version in versions if version != newest})
    return replaced


def _id(value: Any) -> bool:
    return isinstance(value, str) and value.isdigit() and len(value) <= 20


def recheck(request: RecheckRequest) -> Rechecked:
    ids = [post_id for post_id in dict.fromkeys(request.ids) if _id(post_id)]
    if not ids:
        return Rechecked()
    token = REPLAY_TOKEN if request.replaying else os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        return Rechecked(problems=(f"{TOKEN_VARIABLE} is not set, so nothing was rechecked",))
    client = XClient(request.session, token, wait_on_rate_limit=request.settings.wait_on_rate_limit)
    counter = [0]
    bodies: list[Mapping[str, Any]] = []
    try:
        for start in range(0, len(ids), BATCH):
            bodies.append(client.lookup(ids[start : start + BATCH], counter))
    except FAILURES as exc:
        reason = (
            "the API has no lookup of posts (404)"
            if isinstance(exc, tweepy.NotFound)
            else describe(exc, request.account)
        )
        return Rechecked(requests=counter[0], problems=(f"the recheck failed: {reason}",))
    if request.record is not None:
        _record(request.record, request.account, bodies)
    return _read(bodies, ids, request.account, counter[0])


def _read(
    bodies: list[Mapping[str, Any]], ids: list[str], account: str, requests: int
) -> Rechecked:
    asked = set(ids)
    found = {
        item["id"]: item
        for body in bodies
        for item in as_mappings(body.get("data"))
        if isinstance(item.get("id"), str)
    }
    gone = {
        str(error.get("resource_id"))
        for body in bodies
        for error in as_mappings(body.get("errors"))
        if error.get("type") in (NOT_FOUND, NOT_PUBLIC) and error.get("parameter", "ids") == "ids"
    } & asked
    replaced = {old: new for old, new in superseded(found.values()).items() if old in asked}
    posts: list[Post] = []
    for body in bodies:
        posts += [post for post in normalize_page(body, account).posts if post.id in asked]
    unanswered = asked - set(found) - gone
    notes = (f"X answered nothing about {len(unanswered)} post(s); they were kept",)
    return Rechecked(
        gone=frozenset(gone - set(found)),
        replaced=replaced,
        posts=tuple(post for post in posts if post.id not in replaced),
        requests=requests,
        notes=notes if unanswered else (),
    )


def _record(folder: Path, account: str, bodies: list[Mapping[str, Any]]) -> None:
    """Saves the answers as one body, the way ``replay.lookup`` reads it."""
    merged: dict[str, Any] = {}
    for body in bodies:
        for key in ("data", "errors"):
            merged.setdefault(key, []).extend(as_list(body.get(key)))
        includes = as_mapping(body.get("includes"))
        for key, values in includes.items():
            merged.setdefault("includes", {}).setdefault(key, []).extend(as_list(values))
    merged = {key: value for key, value in merged.items() if value}
    target = (Recordings(folder).user_folder(account) or folder / account) / LOOKUP_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
