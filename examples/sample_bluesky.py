"""The shape of Bluesky AppView bodies for the sample data: profiles, author feeds, facets.

The hard part is the facets: their ``byteStart``/``byteEnd`` count UTF-8 bytes, so
a link after an emoji or "æøå" lands elsewhere than a count of characters would
put it. They are computed here from the post's pieces, never written by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Any

from PIL import Image
from sample_format import FICTION_MARKER, code
from sample_pictures import Scene, draw_avatar, draw_picture

JSON = dict[str, Any]
CDN = "cdn.bsky.app"
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
PHOTO_SIZE = (1000, 750)
CARD_SIZE = (1200, 630)


@dataclass(frozen=True)
class Link:
    shown: str
    uri: str


@dataclass(frozen=True)
class Mention:
    account: BlueskyAccount


@dataclass(frozen=True)
class Tag:
    tag: str


Piece = str | Link | Mention | Tag


@dataclass(frozen=True)
class Photo:
    scene: Scene
    alt: str


@dataclass(frozen=True)
class External:
    uri: str
    title: str
    description: str
    scene: Scene


@dataclass
class BlueskyAccount:
    did: str
    handle: str
    display_name: str
    description: str
    avatar: str
    created: str
    feed: list[JSON] = field(default_factory=list)

    def basic(self) -> JSON:
        return {
            "did": self.did,
            "handle": self.handle,
            "displayName": self.display_name,
            "avatar": self.avatar,
            "labels": [],
            "createdAt": self.created,
        }

    def profile(self) -> JSON:
        posts = sum(1 for item in self.feed if "reason" not in item)
        return self.basic() | {
            "description": self.description,
            "followersCount": 120,
            "followsCount": 8,
            "postsCount": posts,
            "indexedAt": self.created,
        }


def stamp(when: str) -> str:
    return f"{when}:00.000Z"


def tid(when: str, clock: int) -> str:
    """A record key as the PDS makes it: microseconds and a clock id in sortable base 32."""
    moment = datetime.fromisoformat(when).replace(tzinfo=timezone.utc)
    value = (int(moment.timestamp()) * 1_000_000) << 10 | clock
    return "".join(TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


def cid(seed: str) -> str:
    return "bafyrei" + code("cid:" + seed, 52, BASE32)


def compose(pieces: Sequence[Piece]) -> tuple[str, list[JSON]]:
    """The text and its facets, each indexed in UTF-8 bytes of that text."""
    text, facets = "", []
    for piece in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        start = len(text.encode("utf-8"))
        if isinstance(piece, Link):
            text += piece.shown
            feature = {"$type": "app.bsky.richtext.facet#link", "uri": piece.uri}
        elif isinstance(piece, Mention):
            text += "@" + piece.account.handle
            feature = {"$type": "app.bsky.richtext.facet#mention", "did": piece.account.did}
        else:
            text += "#" + piece.tag
            feature = {"$type": "app.bsky.richtext.facet#tag", "tag": piece.tag}
        end = len(text.encode("utf-8"))
        facets.append({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
    return text, facets


class AppView:
    """The invented accounts of the public AppView and the CDN pictures they point at."""

    def __init__(self, images: dict[str, Callable[[], Image.Image]]) -> None:
        self.accounts: dict[str, BlueskyAccount] = {}
        self.images = images
        self._clock = 0

    def account(
        self,
        handle: str,
        display_name: str,
        description: str,
        joined: str,
        initials: str,
        colours: tuple[str, str],
    ) -> BlueskyAccount:
        did = "did:plc:" + code("did:" + handle, 24, BASE32)
        avatar = f"img/avatar/plain/{did}/{cid('avatar:' + handle)}@jpeg"
        self.images[f"{CDN}/{avatar}"] = partial(draw_avatar, initials, *colours)
        account = BlueskyAccount(
            did=did,
            handle=handle,
            display_name=display_name,
            description=f"{description} ({FICTION_MARKER})",
            avatar=f"https://{CDN}/{avatar}",
            created=stamp(joined),
        )
        self.accounts[handle] = account
        return account

    def _picture(self, author: BlueskyAccount, seed: str, scene: Scene, kind: str) -> str:
        ref = cid(seed)
        size = CARD_SIZE if kind == "feed_thumbnail" else PHOTO_SIZE
        self.images[f"{CDN}/img/{kind}/plain/{author.did}/{ref}@jpeg"] = partial(
            draw_picture, scene, size
        )
        return ref

    def _images(
        self, author: BlueskyAccount, key: str, photos: Sequence[Photo]
    ) -> tuple[JSON, JSON]:
        record: list[JSON] = []
        view: list[JSON] = []
        ratio = {"width": PHOTO_SIZE[0], "height": PHOTO_SIZE[1]}
        for number, photo in enumerate(photos):
            ref = self._picture(author, f"{key}:{number}", photo.scene, "feed_fullsize")
            blob = {"$type": "blob", "ref": {"$link": ref}, "mimeType": "image/jpeg", "size": 0}
            record.append({"alt": photo.alt, "image": blob, "aspectRatio": ratio})
            view.append(
                {
                    "thumb": f"https://{CDN}/img/feed_thumbnail/plain/{author.did}/{ref}@jpeg",
                    "fullsize": f"https://{CDN}/img/feed_fullsize/plain/{author.did}/{ref}@jpeg",
                    "alt": photo.alt,
                    "aspectRatio": ratio,
                }
            )
        return (
            {"$type": "app.bsky.embed.images", "images": record},
            {"$type": "app.bsky.embed.images#view", "images": view},
        )

    def _external(self, author: BlueskyAccount, key: str, card: External) -> tuple[JSON, JSON]:
        ref = self._picture(author, f"{key}:card", card.scene, "feed_thumbnail")
        about = {"uri": card.uri, "title": card.title, "description": card.description}
        return (
            {"$type": "app.bsky.embed.external", "external": about},
            {
                "$type": "app.bsky.embed.external#view",
                "external": about
                | {"thumb": f"https://{CDN}/img/feed_thumbnail/plain/{author.did}/{ref}@jpeg"},
            },
        )

    def post(
        self,
        author: BlueskyAccount,
        when: str,
        lang: str,
        pieces: Sequence[Piece],
        *,
        photos: Sequence[Photo] = (),
        external: External | None = None,
        quote: JSON | None = None,
    ) -> JSON:
        self._clock += 1
        uri = f"at://{author.did}/app.bsky.feed.post/{tid(when, self._clock)}"
        text, facets = compose(pieces)
        record: JSON = {"$type": "app.bsky.feed.post", "createdAt": stamp(when), "langs": [lang]}
        record["text"] = text
        if facets:
            record["facets"] = facets
        view: JSON = {
            "uri": uri,
            "cid": cid(uri),
            "author": author.basic(),
            "record": record,
            "replyCount": 0,
            "repostCount": 0,
            "likeCount": 0,
            "quoteCount": 0,
            "indexedAt": stamp(when),
            "labels": [],
        }
        embed: tuple[JSON, JSON] | None = None
        if photos:
            embed = self._images(author, uri, photos)
        elif external is not None:
            embed = self._external(author, uri, external)
        elif quote is not None:
            embed = (
                {
                    "$type": "app.bsky.embed.record",
                    "record": {"uri": quote["uri"], "cid": quote["cid"]},
                },
                {"$type": "app.bsky.embed.record#view", "record": _view_record(quote)},
            )
        if embed is not None:
            record["embed"], view["embed"] = embed
        author.feed.append({"post": view})
        return view

    def repost(self, by: BlueskyAccount, when: str, original: JSON) -> None:
        reason = {"$type": "app.bsky.feed.defs#reasonRepost", "by": by.basic()}
        by.feed.append({"post": original, "reason": reason | {"indexedAt": stamp(when)}})

    def bodies(self) -> dict[str, JSON]:
        """``<handle>/profile.json`` and ``feed-1.json`` (newest first) per account."""
        files: dict[str, JSON] = {}
        for account in self.accounts.values():
            files[f"{account.handle}/profile.json"] = account.profile()
            items = sorted(account.feed, key=_shown_at, reverse=True)
            files[f"{account.handle}/feed-1.json"] = {"feed": items}
        return files


def _shown_at(item: JSON) -> str:
    reason = item.get("reason")
    return str(reason["indexedAt"] if reason else item["post"]["indexedAt"])


def _view_record(post: JSON) -> JSON:
    """How a quoted post appears inside the quoting one's ``record#view``."""
    view: JSON = {
        "$type": "app.bsky.embed.record#viewRecord",
        "uri": post["uri"],
        "cid": post["cid"],
        "author": post["author"],
        "value": post["record"],
        "labels": [],
        "indexedAt": post["indexedAt"],
    }
    if "embed" in post:
        view["embeds"] = [post["embed"]]
    return view
