"""``widget forget ID…``: a post taken down now, not at the next recheck.

Each post named (``network:id``, a bare id, or its public address, as ``hidden``
takes them) leaves every place the widget kept it: the store (a tombstone
stays, so no archive, page or recording brings it back), the HTTP cache (every
cached answer that names the post, and its images), the media cache (its own
pictures; avatars are the author's, not the post's) and the built output,
which is rebuilt from the store without a request. An id that names no stored
post changes nothing and fails the whole command, so a typo never half-runs.

The steps run in the order that keeps the promise if one is cut short: the
tombstone first (from then on the post can never be shown again), then the
caches, then the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from widget.accounts import stored_accounts
from widget.config import Config
from widget.errors import EXIT_ERROR, ProblemsError, WidgetError
from widget.http import CACHE_FILE, REPLAY_CACHE_FILE, make_session
from widget.media import forget_image
from widget.model import Post
from widget.store import AccountState, Store


class UnknownPost(WidgetError):
    exit_code = EXIT_ERROR


class AmbiguousPost(ProblemsError):
    """A bare id that names posts on two networks: removing either could be the wrong one."""

    exit_code = EXIT_ERROR


@dataclass(frozen=True)
class Found:
    reference: str
    post: Post
    where: tuple[str, str]


@dataclass(frozen=True)
class Forgotten:
    key: str
    images: int
    cached_answers: int


def forget(
    config: Config,
    references: Sequence[str],
    *,
    now: datetime,
    rebuild: Callable[[Store], object],
    log: Callable[[str], None] = print,
) -> list[Forgotten]:
    """Removes the posts everywhere; ``rebuild`` writes the output again from the store it
    is given, whose lock is still held, so no other build runs between the two."""
    store = Store(config.state)
    with store.lock(log=log):
        states = _states(config, store)
        found = [_find(reference, states) for reference in references]
        ambiguous = [
            f"{reference} is the id of posts on more than one network "
            f"({', '.join(hit.post.key for hit in hits)}); write network:id, as in "
            f"{hits[0].post.key}; nothing was removed"
            for reference, hits in zip(references, found, strict=True)
            if len(hits) > 1
        ]
        if ambiguous:
            raise AmbiguousPost(ambiguous)
        unknown = [reference for reference, hits in zip(references, found, strict=True) if not hits]
        if unknown:
            raise UnknownPost(
                f"no stored post is {', '.join(unknown)}; nothing was removed "
                "(write network:id, the bare id, or the post's address)"
            )
        hits = list({hit[0].post.key: hit[0] for hit in found}.values())
        for where in dict.fromkeys(hit.where for hit in hits):
            state = states[where]
            state.bury([hit.post.id for hit in hits if hit.where == where], "forgotten", now)
            store.save(state)
        done = []
        for hit in hits:
            images = list(dict.fromkeys(_own_images(hit.post)))
            removed = sum(len(forget_image(config.state / "media", url)) for url in images)
            answers = _forget_cached(config.state, [hit.post.id, *images])
            done.append(Forgotten(hit.post.key, removed, answers))
            log(
                f"forgot {hit.post.key} ({hit.where[0]}:{hit.where[1]}): removed from the store "
                f"(a tombstone keeps it out), {removed} image(s) from the media cache, "
                f"{answers} cached answer(s)"
            )
        rebuild(store)  # inside the lock: an output without the posts is the next one
    return done


def _states(config: Config, store: Store) -> dict[tuple[str, str], AccountState]:
    states: dict[tuple[str, str], AccountState] = {}
    for where, _ in stored_accounts(store, config.sources):
        if where not in states:
            states[where] = store.load(*where)
    return states


def _find(reference: str, states: dict[tuple[str, str], AccountState]) -> list[Found]:
    """The stored posts ``reference`` names, one per post key (a bare id may name posts on
    several networks; the same post kept for two accounts is found once)."""
    found: dict[str, Found] = {}
    for where, state in states.items():
        for post in state.posts.values():
            if reference in (post.key, post.id, post.permalink):
                found.setdefault(post.key, Found(reference, post, where))
    return list(found.values())


def _own_images(post: Post) -> Iterable[str]:
    """The pictures the post itself carries (a repost: the ones it shows; not avatars)."""
    for shown in (post, post.original):
        if shown is None:
            continue
        yield from (item.image_url for item in shown.media if item.image_url)
        if shown.card is not None and shown.card.image_url:
            yield shown.card.image_url


def _forget_cached(state: Path, needles: Sequence[str]) -> int:
    """Deletes every cached answer whose address or body names the post or one of its
    images; the cache only holds copies, so deleting more than needed costs one request."""
    wanted = [needle.encode("utf-8") for needle in needles if needle]
    removed = 0
    for name in (CACHE_FILE, REPLAY_CACHE_FILE):
        if not (state / name).is_file():
            continue
        session = make_session(state, expire_after=timedelta(0), timeout=1, cache_file=name)
        with session:
            keys = [
                key
                for key, response in session.cache.responses.items()
                if any(
                    needle in response.content or needle in (response.url or "").encode()
                    for needle in wanted
                )
            ]
            if keys:
                session.cache.delete(*keys)
            removed += len(keys)
    return removed
