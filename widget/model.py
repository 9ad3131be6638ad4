"""The neutral post model every source produces and every later stage reads.

It imports nothing else of ours and holds no HTML: text is a sequence of typed
segments, so markup from outside can never reach a page except through the
renderer's own code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Literal


@dataclass(frozen=True)
class Text:
    """Plain text, already unescaped (``&amp;`` is ``&``)."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link: ``text`` is what the author's readers see, ``url`` the real destination."""

    text: str
    url: str


@dataclass(frozen=True)
class Mention:
    """``text`` as typed (``@Name``); ``handle`` without the ``@``."""

    text: str
    handle: str


@dataclass(frozen=True)
class Hashtag:
    """``text`` as typed (``#Tag``); ``tag`` without the ``#``."""

    text: str
    tag: str


@dataclass(frozen=True)
class Cashtag:
    """``text`` as typed (``$TAG``); ``tag`` without the ``$``."""

    text: str
    tag: str


Segment = Text | Link | Mention | Hashtag | Cashtag


class PostKind(str, Enum):
    POST = "post"
    REPLY = "reply"
    REPOST = "repost"
    QUOTE = "quote"


MediaKind = Literal["photo", "video", "gif"]


@dataclass(frozen=True)
class Media:
    """A picture, or the poster image of a video or GIF.

    ``image_url`` is the still image to show (``http(s)://`` or, for archive
    exports, ``file://``); ``video_url`` is the best playable variant, if known.
    ``alt`` is the author's own alt text, ``None`` when they wrote none.
    """

    kind: MediaKind
    image_url: str | None
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    video_url: str | None = None


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    handle: str
    avatar_url: str | None = None


@dataclass(frozen=True)
class Post:
    """One post as published.

    ``account`` is the lower-case handle of the timeline the post was fetched
    from; for a repost, ``author`` is the account that reposted and
    ``original`` the post it shared (shown in its place). A quote keeps its own
    text and carries the quoted post in ``original``.
    """

    id: str
    network: str
    account: str
    author: Author
    created: datetime
    segments: tuple[Segment, ...]
    permalink: str
    kind: PostKind = PostKind.POST
    lang: str | None = None
    media: tuple[Media, ...] = ()
    original: Post | None = None
    in_reply_to: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.created.tzinfo is None:
            raise ValueError(f"post {self.id}: created time must be timezone-aware")

    @property
    def displayed(self) -> Post:
        """The post a reader sees in this one's place: a repost's original, else itself."""
        return self.original if self.kind is PostKind.REPOST and self.original else self

    @property
    def quoted(self) -> Post | None:
        """The post a quote carries, shown inside it."""
        return self.original if self.kind is PostKind.QUOTE else None

    @property
    def plain_text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def hashtags(self) -> tuple[str, ...]:
        return tuple(s.tag for s in self.segments if isinstance(s, Hashtag))


# --- JSON form, used by the store and by tests -------------------------------------------

_SEGMENT_TYPES: dict[str, type[Segment]] = {
    "text": Text,
    "link": Link,
    "mention": Mention,
    "hashtag": Hashtag,
    "cashtag": Cashtag,
}
_SEGMENT_NAMES = {cls: name for name, cls in _SEGMENT_TYPES.items()}


def segment_to_dict(segment: Segment) -> dict[str, str]:
    return {"type": _SEGMENT_NAMES[type(segment)], **segment.__dict__}


def segment_from_dict(data: dict[str, str]) -> Segment:
    fields = dict(data)
    cls = _SEGMENT_TYPES[fields.pop("type")]
    return cls(**fields)


def post_to_dict(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "network": post.network,
        "account": post.account,
        "author": dict(post.author.__dict__),
        "created": post.created.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "segments": [segment_to_dict(s) for s in post.segments],
        "permalink": post.permalink,
        "kind": post.kind.value,
        "lang": post.lang,
        "media": [dict(m.__dict__) for m in post.media],
        "original": post_to_dict(post.original) if post.original else None,
        "in_reply_to": post.in_reply_to,
        "extra": dict(post.extra),
    }


def post_from_dict(data: dict[str, Any]) -> Post:
    created = datetime.fromisoformat(str(data["created"]).replace("Z", "+00:00"))
    return Post(
        id=str(data["id"]),
        network=data["network"],
        account=data["account"],
        author=Author(**data["author"]),
        created=created.astimezone(timezone.utc),
        segments=tuple(segment_from_dict(s) for s in data["segments"]),
        permalink=data["permalink"],
        kind=PostKind(data.get("kind", "post")),
        lang=data.get("lang"),
        media=tuple(Media(**m) for m in data.get("media", ())),
        original=post_from_dict(data["original"]) if data.get("original") else None,
        in_reply_to=data.get("in_reply_to"),
        extra=dict(data.get("extra") or {}),
    )
