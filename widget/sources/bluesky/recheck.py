"""Bluesky's recheck: ``app.bsky.feed.getPosts?uris=`` for the posts shown, 25 a request.

The answer lists the posts that still exist; a post missing from it is gone. A
repost is stored under its own id (``<uri>#repost-by-<did>``) and goes when the
post it shared goes. Bluesky posts cannot be edited, so nothing else changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from widget.sources import web
from widget.sources.base import (
    LOOKUP_FILE,
    FetchFailure,
    Rechecked,
    RecheckRequest,
)
from widget.sources.bluesky.accounts import is_did
from widget.sources.bluesky.replay import GET_POSTS, account_folder, api_url
from widget.sources.replay import child

BATCH = 25
"""The most URIs one ``getPosts`` takes."""


def shared_uri(post_id: str) -> str:
    """The post's own URI: a repost's id is the shared post's URI plus ``#repost-by-…``."""
    return post_id.split("#", 1)[0]


def recheck(request: RecheckRequest) -> Rechecked:
    uris = list(dict.fromkeys(shared_uri(post_id) for post_id in request.ids))
    uris = [uri for uri in uris if uri.startswith("at://")]
    if not uris:
        return Rechecked()
    asking = request.as_fetch()
    counter = [0]
    found: list[Any] = []
    for start in range(0, len(uris), BATCH):
        url = f"{api_url(GET_POSTS)}?{urlencode({'uris': uris[start : start + BATCH]}, doseq=True)}"
        try:
            body, _ = web.get_json(asking, url, what="the posts", counter=counter)
        except FetchFailure as failure:
            return Rechecked(
                requests=counter[0], problems=(f"the recheck failed: {failure.reason}",)
            )
        posts = body.get("posts") if isinstance(body, dict) else None
        if not isinstance(posts, list):
            problem = "the recheck failed: the server answered in an unexpected shape"
            return Rechecked(requests=counter[0], problems=(problem,))
        found += [post for post in posts if isinstance(post, dict)]
    if request.record is not None:
        _record(request.record, request.spec.value, found)
    still = {post.get("uri") for post in found}
    gone = frozenset(
        post_id
        for post_id in request.ids
        if shared_uri(post_id) in uris and shared_uri(post_id) not in still
    )
    return Rechecked(gone=gone, requests=counter[0])


def _record(folder: Path, actor: str, posts: list[Any]) -> None:
    """``<account>/lookup.json``: the ``getPosts`` answers as one body."""
    account = account_folder(folder, actor) or child(
        folder, actor.replace(":", "_") if is_did(actor) else actor.lower()
    )
    if account is None:
        return
    account.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"posts": posts}, ensure_ascii=False, indent=1)
    (account / LOOKUP_FILE).write_text(body, encoding="utf-8")
