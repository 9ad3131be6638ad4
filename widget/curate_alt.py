"""Alt text governance: the editor's alt text, and the shown images still without any.

An image a screen-reader user cannot know is a gap the authority publishes. The
editor fills it in the configuration, ``[feeds.<name>.alt_text]``, keyed by the
post (its first image) or ``"<post>/<n>"`` (its n-th, from 1), naming the post in
any form ``pinned`` takes. The author's own alt text always wins; the editor's
only fills a missing or empty one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace

from widget.model import Post

NUMBERED = re.compile(r"^(.+)/([1-9][0-9]{0,3})$")

AltIndex = Mapping[tuple[str, int], str]
"""The editor's alt text by (post reference, image number from 1)."""


def post_references(post: Post) -> tuple[str, ...]:
    """The forms ``pinned``, ``hidden`` and ``alt_text`` may name a post by."""
    return (post.key, post.id, post.permalink)


def _readings(key: str) -> Iterator[tuple[str, int]]:
    """A key names a post's first image, or ``<post>/<n>`` its n-th. Both are tried, as
    Bluesky ids and addresses contain ``/`` themselves."""
    yield key, 1
    numbered = NUMBERED.match(key)
    if numbered:
        yield numbered.group(1), int(numbered.group(2))


def alt_index(table: Mapping[str, str]) -> dict[tuple[str, int], str]:
    index: dict[tuple[str, int], str] = {}
    for key, text in table.items():
        for reading in _readings(key):
            index.setdefault(reading, text)
    return index


def _has_alt(alt: str | None) -> bool:
    return bool(alt and alt.strip())


def with_editor_alt(post: Post, index: AltIndex) -> Post:
    """The post, and the post it carries, with the editor's alt text where the author gave none."""
    original = with_editor_alt(post.original, index) if post.original else None
    media = list(post.media)
    for number, item in enumerate(post.media, start=1):
        if _has_alt(item.alt):
            continue
        texts = (index.get((reference, number)) for reference in post_references(post))
        text = next((text for text in texts if text), None)
        if text:
            media[number - 1] = replace(item, alt=text)
    if tuple(media) == post.media and original is post.original:
        return post
    return replace(post, media=tuple(media), original=original)


def images_without_alt(
    post: Post, shown: Callable[[str], bool] = lambda url: True
) -> list[tuple[str, int]]:
    """(post key, image number) of each image the displayed post and the post it quotes
    would show without alt text; ``shown`` says which image addresses are on the page."""
    missing: list[tuple[str, int]] = []
    for displayed in (post, post.quoted):
        if displayed is None:
            continue
        for number, item in enumerate(displayed.media, start=1):
            if item.image_url and shown(item.image_url) and not _has_alt(item.alt):
                missing.append((displayed.key, number))
    return missing


def missing_alt_lines(feed_name: str, missing: list[tuple[str, int]]) -> list[str]:
    """One warning line per post whose shown images lack alt text."""
    by_post: dict[str, list[int]] = {}
    for key, number in missing:
        by_post.setdefault(key, []).append(number)
    return [
        f"{feed_name}: {key} shows image{'s' * (len(numbers) != 1)} "
        f"{', '.join(map(str, numbers))} without alt text; the fallback text is used "
        f'(give it in feeds.{feed_name}.alt_text."{key}/{numbers[0]}")'
        for key, numbers in by_post.items()
    ]


def unmatched_keys(table: Mapping[str, str], posts: Iterable[Post]) -> list[str]:
    """Why each key of ``table`` names no image of the stored posts, one phrase a key."""
    images: dict[str, int] = {}
    for post in _with_carried(posts):
        for reference in post_references(post):
            images[reference] = max(images.get(reference, 0), len(post.media))
    problems: list[str] = []
    for key in table:
        readings = [(ref, number) for ref, number in _readings(key) if ref in images]
        if not readings:
            problems.append(f"{key!r} matches no stored post (check the id, or fetch first)")
        elif not any(number <= images[ref] for ref, number in readings):
            reference, number = readings[-1]
            count = images[reference]
            problems.append(
                f"{key!r} names image {number}, but {reference} has "
                f"{count} image{'s' * (count != 1)}"
            )
    return problems


def _with_carried(posts: Iterable[Post]) -> Iterator[Post]:
    for post in posts:
        yield post
        if post.original is not None:
            yield from _with_carried([post.original])
