"""Mastodon's recheck: ``GET /api/v1/statuses/:id`` for each post shown; 404 means gone.

A status its author deleted, or made visible to followers only, answers 404 to
an anonymous reader: either way it is no longer public, so it goes.

A status keeps its id when edited (``edited_at`` is set), so the answer is the
current copy and replaces the stored one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from widget.model import Post
from widget.sources import web
from widget.sources.base import (
    LOOKUP_FILE,
    FetchFailure,
    Rechecked,
    RecheckRequest,
)
from widget.sources.mastodon.account import parse, token_variable
from widget.sources.mastodon.normalize import normalize_statuses
from widget.sources.mastodon.replay import account_folder

GONE = (404, 410)
OK = (200, *GONE)


def recheck(request: RecheckRequest) -> Rechecked:
    address = parse(request.spec.value)
    ids = [post_id for post_id in dict.fromkeys(request.ids) if post_id.isalnum()]
    asking = request.as_fetch()
    token = "" if request.replaying else _token(address.host)
    headers = {"Authorization": f"Bearer {token}"} if token else None
    counter = [0]
    answers: dict[str, Any] = {}
    gone: set[str] = set()
    statuses: list[Any] = []
    for post_id in ids:
        url = f"https://{address.host}/api/v1/statuses/{post_id}"
        try:
            response = web.get(
                asking, url, headers=headers, what=f"status {post_id}", counter=counter, ok=OK
            )
            body = json.loads(response.content)
        except FetchFailure as failure:
            return _failed(failure.reason, counter[0])
        except (ValueError, RecursionError):
            return _failed(f"the server answered status {post_id} with malformed JSON", counter[0])
        answers[post_id] = body
        if response.status_code in GONE:
            gone.add(post_id)
        else:
            statuses.append(body)
    if request.record is not None:
        _record(request.record, address.user, address.host, answers)
    posts, _ = normalize_statuses(statuses, account=request.account, host=address.host)
    current: list[Post] = [post for post in posts if post.id in answers]
    return Rechecked(gone=frozenset(gone), posts=tuple(current), requests=counter[0])


def _token(host: str) -> str:
    return os.environ.get(token_variable(host), "").strip()


def _failed(reason: str, requests: int) -> Rechecked:
    return Rechecked(requests=requests, problems=(f"the recheck failed: {reason}",))


def _record(folder: Path, user: str, host: str, answers: dict[str, Any]) -> None:
    """``<user>@<host>/lookup.json``: each status id and the body its lookup answered."""
    target = (account_folder(folder, user, host) or folder / f"{user}@{host}") / LOOKUP_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
